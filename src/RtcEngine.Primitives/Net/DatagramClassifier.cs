namespace RtcEngine.Primitives;

/// <summary>What a datagram arriving on a WebRTC 5-tuple carries, from its first byte (RFC 7983).</summary>
public enum DatagramKind : byte
{
    /// <summary>Empty, or a first byte in no RFC 7983 range: dropped.</summary>
    Unknown = 0,

    /// <summary>STUN (first byte 0..3).</summary>
    Stun,

    /// <summary>ZRTP (16..19): never used by WebRTC, dropped.</summary>
    Zrtp,

    /// <summary>DTLS record (20..63).</summary>
    Dtls,

    /// <summary>TURN ChannelData (64..79).</summary>
    TurnChannel,

    /// <summary>RTP (128..191, payload type outside 64..95).</summary>
    Rtp,

    /// <summary>RTCP (128..191, packet type 192..223).</summary>
    Rtcp,
}

/// <summary>
/// Demultiplexes the protocols that share one WebRTC transport by the first byte (RFC 7983
/// section 7), then RTP from RTCP by the second byte (RFC 5761 section 4).
/// </summary>
/// <remarks>
/// <code>
///                 +----------------+
///                 |        [0..3] -+--> STUN
///                 |      [16..19] -+--> ZRTP
///     packet -->  |      [20..63] -+--> DTLS
///                 |      [64..79] -+--> TURN Channel
///                 |    [128..191] -+--> RTP/RTCP
///                 +----------------+
/// </code>
/// RTCP packet types 192..223 overlap RTP payload types 64..95 with the marker bit set; RFC 5761
/// keeps those payload types out of use so that the second byte tells them apart.
/// </remarks>
public static class DatagramClassifier
{
    /// <summary>Classifies a datagram. Never throws; an empty datagram is <see cref="DatagramKind.Unknown"/>.</summary>
    public static DatagramKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return DatagramKind.Unknown;
        }

        byte first = datagram[0];
        return first switch
        {
            <= 3 => DatagramKind.Stun,
            >= 16 and <= 19 => DatagramKind.Zrtp,
            >= 20 and <= 63 => DatagramKind.Dtls,
            >= 64 and <= 79 => DatagramKind.TurnChannel,
            >= 128 and <= 191 => datagram.Length >= 2 && IsRtcpPacketType(datagram[1]) ? DatagramKind.Rtcp : DatagramKind.Rtp,
            _ => DatagramKind.Unknown,
        };
    }

    /// <summary>Whether the second byte of an RTP/RTCP datagram is an RTCP packet type (192..223).</summary>
    public static bool IsRtcpPacketType(byte secondByte) => secondByte is >= 192 and <= 223;
}
