using System.Buffers.Binary;

namespace RtcEngine.Rtp.Rtcp;

/// <summary>RTCP packet types (RFC 3550 section 12.1, RFC 4585, RFC 3611).</summary>
public enum RtcpPacketType : byte
{
    /// <summary>Sender report (SR, 200).</summary>
    SenderReport = 200,

    /// <summary>Receiver report (RR, 201).</summary>
    ReceiverReport = 201,

    /// <summary>Source description (SDES, 202).</summary>
    SourceDescription = 202,

    /// <summary>Goodbye (BYE, 203).</summary>
    Goodbye = 203,

    /// <summary>Application-defined (APP, 204).</summary>
    ApplicationDefined = 204,

    /// <summary>Transport-layer feedback (RTPFB, 205, RFC 4585): generic NACK, transport-wide CC.</summary>
    TransportFeedback = 205,

    /// <summary>Payload-specific feedback (PSFB, 206, RFC 4585): PLI, FIR, REMB.</summary>
    PayloadFeedback = 206,

    /// <summary>Extended report (XR, 207, RFC 3611).</summary>
    ExtendedReport = 207,
}

/// <summary>What an RTCP packet is, from its type and feedback message type.</summary>
public enum RtcpPacketKind : byte
{
    /// <summary>A well-framed packet of a type this layer does not interpret (kept raw).</summary>
    Unknown = 0,

    /// <summary>SR.</summary>
    SenderReport,

    /// <summary>RR.</summary>
    ReceiverReport,

    /// <summary>SDES.</summary>
    SourceDescription,

    /// <summary>BYE.</summary>
    Goodbye,

    /// <summary>APP.</summary>
    ApplicationDefined,

    /// <summary>RTPFB FMT 1: generic NACK (RFC 4585 section 6.2.1).</summary>
    GenericNack,

    /// <summary>RTPFB FMT 15: transport-wide congestion control feedback.</summary>
    TransportWideFeedback,

    /// <summary>PSFB FMT 1: picture loss indication (RFC 4585 section 6.3.1).</summary>
    PictureLossIndication,

    /// <summary>PSFB FMT 4: full intra request (RFC 5104 section 4.3.1).</summary>
    FullIntraRequest,

    /// <summary>PSFB FMT 15 with the "REMB" identifier: receiver estimated maximum bitrate.</summary>
    ReceiverEstimatedMaximumBitrate,

    /// <summary>XR.</summary>
    ExtendedReport,
}

/// <summary>Why <see cref="RtcpCompoundReader"/> stopped before the end of the compound.</summary>
public enum RtcpParseError : byte
{
    /// <summary>No error (the reader reached the end).</summary>
    None = 0,

    /// <summary>Fewer than 4 bytes left for a packet header.</summary>
    TruncatedHeader,

    /// <summary>Version not 2.</summary>
    BadVersion,

    /// <summary>The length field runs past the end of the datagram.</summary>
    LengthOverrun,

    /// <summary>The padding count is zero or longer than the packet body.</summary>
    BadPadding,
}

/// <summary>
/// One RTCP packet inside a compound: its common header fields and its body.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|  RC/FMT |      PT       |   length (32-bit words - 1)   |   RFC 3550 section 6.4.1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         body ... padding                      |
/// </code>
/// A view of the caller's buffer.
/// </remarks>
public readonly ref struct RtcpPacket
{
    internal RtcpPacket(ReadOnlySpan<byte> raw, int paddingLength)
    {
        Raw = raw;
        Body = raw.Slice(RtcpHeader.Length, raw.Length - RtcpHeader.Length - paddingLength);
    }

    /// <summary>The whole packet: header, body and padding.</summary>
    public ReadOnlySpan<byte> Raw { get; }

    /// <summary>The body after the 4-byte header, without padding.</summary>
    public ReadOnlySpan<byte> Body { get; }

    /// <summary>The packet type (200..207 for the types this layer knows).</summary>
    public byte PacketType => Raw[1];

    /// <summary>The 5-bit count field: reception report count, source count, or feedback message type (FMT).</summary>
    public int Count => Raw[0] & 0x1F;

    /// <summary>The feedback message type (the count field of RTPFB/PSFB).</summary>
    public int FeedbackMessageType => Raw[0] & 0x1F;

    /// <summary>Whether the padding bit was set.</summary>
    public bool HasPadding => (Raw[0] & 0x20) != 0;

    /// <summary>What the packet is.</summary>
    public RtcpPacketKind Kind => (RtcpPacketType)PacketType switch
    {
        RtcpPacketType.SenderReport => RtcpPacketKind.SenderReport,
        RtcpPacketType.ReceiverReport => RtcpPacketKind.ReceiverReport,
        RtcpPacketType.SourceDescription => RtcpPacketKind.SourceDescription,
        RtcpPacketType.Goodbye => RtcpPacketKind.Goodbye,
        RtcpPacketType.ApplicationDefined => RtcpPacketKind.ApplicationDefined,
        RtcpPacketType.ExtendedReport => RtcpPacketKind.ExtendedReport,
        RtcpPacketType.TransportFeedback => FeedbackMessageType switch
        {
            RtcpFeedback.GenericNackFormat => RtcpPacketKind.GenericNack,
            RtcpFeedback.TransportWideFormat => RtcpPacketKind.TransportWideFeedback,
            _ => RtcpPacketKind.Unknown,
        },
        RtcpPacketType.PayloadFeedback => FeedbackMessageType switch
        {
            RtcpFeedback.PictureLossFormat => RtcpPacketKind.PictureLossIndication,
            RtcpFeedback.FullIntraRequestFormat => RtcpPacketKind.FullIntraRequest,
            RtcpFeedback.ApplicationLayerFormat when Body.Length >= 12 && BinaryPrimitives.ReadUInt32BigEndian(Body.Slice(8)) == RtcpRembReader.Identifier
                => RtcpPacketKind.ReceiverEstimatedMaximumBitrate,
            _ => RtcpPacketKind.Unknown,
        },
        _ => RtcpPacketKind.Unknown,
    };
}

/// <summary>
/// Iterates the packets of an RTCP compound (RFC 3550 section 6.1) or of a reduced-size datagram
/// (RFC 5506: one or more packets, not necessarily starting with SR/RR). Checks each packet's
/// framing (version, length, padding); a malformed packet ends the iteration and is reported in
/// <see cref="Error"/>, while the packets before it stay valid. Unknown types are returned raw.
/// </summary>
/// <remarks>A <c>ref struct</c> over the caller's buffer; allocation-free; not thread-safe.</remarks>
public ref struct RtcpCompoundReader
{
    private readonly ReadOnlySpan<byte> _datagram;
    private int _offset;

    /// <summary>Iterates the packets of <paramref name="datagram"/>.</summary>
    public RtcpCompoundReader(ReadOnlySpan<byte> datagram)
    {
        _datagram = datagram;
        _offset = 0;
        Error = RtcpParseError.None;
    }

    /// <summary>Why iteration stopped early; <see cref="RtcpParseError.None"/> when it reached the end.</summary>
    public RtcpParseError Error { get; private set; }

    /// <summary>Byte offset of the next packet.</summary>
    public readonly int Offset => _offset;

    /// <summary>Reads the next packet.</summary>
    /// <returns>False at the end of the datagram or at the first malformed packet (see <see cref="Error"/>).</returns>
    public bool TryReadNext(out RtcpPacket packet)
    {
        packet = default;
        int remaining = _datagram.Length - _offset;
        if (remaining == 0 || Error != RtcpParseError.None)
        {
            return false;
        }

        if (remaining < RtcpHeader.Length)
        {
            return Fail(RtcpParseError.TruncatedHeader);
        }

        ReadOnlySpan<byte> rest = _datagram.Slice(_offset);
        if (rest[0] >> 6 != 2)
        {
            return Fail(RtcpParseError.BadVersion);
        }

        int length = (BinaryPrimitives.ReadUInt16BigEndian(rest.Slice(2)) + 1) << 2;
        if (length > remaining)
        {
            return Fail(RtcpParseError.LengthOverrun);
        }

        ReadOnlySpan<byte> raw = rest.Slice(0, length);
        int padding = 0;
        if ((raw[0] & 0x20) != 0)
        {
            padding = raw[^1];
            if (padding == 0 || padding > length - RtcpHeader.Length)
            {
                return Fail(RtcpParseError.BadPadding);
            }
        }

        packet = new RtcpPacket(raw, padding);
        _offset += length;
        return true;
    }

    private bool Fail(RtcpParseError error)
    {
        Error = error;
        _offset = _datagram.Length;
        return false;
    }
}

/// <summary>The RTCP common header and helpers shared by the writers.</summary>
public static class RtcpHeader
{
    /// <summary>Size of the common header.</summary>
    public const int Length = 4;

    /// <summary>Whether a datagram's second byte says RTCP rather than RTP (RFC 5761 section 4: 192..223).</summary>
    public static bool IsRtcp(ReadOnlySpan<byte> datagram) => datagram.Length >= 2 && datagram[1] is >= 192 and <= 223;

    /// <summary>Writes a common header for a packet of <paramref name="totalLength"/> bytes (a multiple of 4).</summary>
    internal static void Write(Span<byte> destination, int count, byte packetType, int totalLength, bool padding = false)
    {
        destination[0] = (byte)(0x80 | (padding ? 0x20 : 0) | (count & 0x1F));
        destination[1] = packetType;
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), (ushort)((totalLength >> 2) - 1));
    }
}
