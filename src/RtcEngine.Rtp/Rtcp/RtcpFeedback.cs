using System.Buffers.Binary;

namespace RtcEngine.Rtp.Rtcp;

/// <summary>
/// The common feedback packet format (RFC 4585 section 6.1) and its message types.
/// </summary>
/// <remarks>
/// <code>
/// |V=2|P|   FMT   |       PT      |          length               |
/// |                  SSRC of packet sender                        |
/// |                  SSRC of media source                         |
/// :            Feedback Control Information (FCI)                 :
/// </code>
/// </remarks>
public static class RtcpFeedback
{
    /// <summary>RTPFB FMT of generic NACK.</summary>
    public const int GenericNackFormat = 1;

    /// <summary>RTPFB FMT of transport-wide congestion control feedback.</summary>
    public const int TransportWideFormat = 15;

    /// <summary>PSFB FMT of picture loss indication.</summary>
    public const int PictureLossFormat = 1;

    /// <summary>PSFB FMT of full intra request.</summary>
    public const int FullIntraRequestFormat = 4;

    /// <summary>PSFB FMT of application-layer feedback (REMB).</summary>
    public const int ApplicationLayerFormat = 15;

    /// <summary>Header plus the two SSRCs.</summary>
    public const int CommonLength = 12;

    /// <summary>The packet sender's SSRC of a feedback packet (0 when the body is too short).</summary>
    public static uint SenderSsrc(in RtcpPacket packet) =>
        packet.Body.Length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(packet.Body) : 0;

    /// <summary>The media source SSRC of a feedback packet (0 when the body is too short).</summary>
    public static uint MediaSsrc(in RtcpPacket packet) =>
        packet.Body.Length >= 8 ? BinaryPrimitives.ReadUInt32BigEndian(packet.Body.Slice(4)) : 0;

    internal static void WriteCommon(Span<byte> destination, int format, RtcpPacketType type, int totalLength, uint sender, uint media)
    {
        RtcpHeader.Write(destination, format, (byte)type, totalLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), sender);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), media);
    }
}

/// <summary>
/// Reads a generic NACK (RFC 4585 section 6.2.1): (PID, BLP) pairs naming lost packets.
/// </summary>
/// <remarks>
/// <code>
/// |            PID                |             BLP               |   (one FCI entry)
/// </code>
/// PID is a lost sequence number; bit i of BLP (least significant first) says PID + i + 1 was lost too.
/// </remarks>
public ref struct RtcpNackReader
{
    private readonly ReadOnlySpan<byte> _fci;
    private int _item;
    private int _bit;

    private RtcpNackReader(uint sender, uint media, ReadOnlySpan<byte> fci)
    {
        SenderSsrc = sender;
        MediaSsrc = media;
        _fci = fci;
        _item = 0;
        _bit = -1;
    }

    /// <summary>Interprets <paramref name="packet"/> as a generic NACK; false when it is not one or has no FCI.</summary>
    public static bool TryRead(in RtcpPacket packet, out RtcpNackReader reader)
    {
        reader = default;
        ReadOnlySpan<byte> body = packet.Body;
        if (packet.Kind != RtcpPacketKind.GenericNack || body.Length < 12)
        {
            return false;
        }

        reader = new RtcpNackReader(
            BinaryPrimitives.ReadUInt32BigEndian(body),
            BinaryPrimitives.ReadUInt32BigEndian(body.Slice(4)),
            body.Slice(8, (body.Length - 8) & ~3));
        return true;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>SSRC of the media source whose packets are missing.</summary>
    public uint MediaSsrc { get; }

    /// <summary>Number of (PID, BLP) entries.</summary>
    public readonly int ItemCount => _fci.Length >> 2;

    /// <summary>The next lost sequence number, in the order the packet lists them.</summary>
    public bool TryReadNext(out ushort sequenceNumber)
    {
        while (_item < ItemCount)
        {
            ReadOnlySpan<byte> entry = _fci.Slice(_item << 2, 4);
            ushort pid = BinaryPrimitives.ReadUInt16BigEndian(entry);
            if (_bit < 0)
            {
                _bit = 0;
                sequenceNumber = pid;
                return true;
            }

            ushort blp = BinaryPrimitives.ReadUInt16BigEndian(entry.Slice(2));
            while (_bit < 16)
            {
                int bit = _bit++;
                if ((blp & (1 << bit)) != 0)
                {
                    sequenceNumber = (ushort)(pid + bit + 1);
                    return true;
                }
            }

            _item++;
            _bit = -1;
        }

        sequenceNumber = 0;
        return false;
    }
}

/// <summary>Writes a generic NACK for a list of lost sequence numbers (layout in <see cref="RtcpNackReader"/>).</summary>
public readonly ref struct RtcpNackWriter
{
    private readonly ReadOnlySpan<ushort> _lost;

    /// <summary>Describes the packet.</summary>
    /// <param name="senderSsrc">Our SSRC.</param>
    /// <param name="mediaSsrc">The source whose packets are missing.</param>
    /// <param name="lostSequenceNumbers">Lost sequence numbers in increasing order (modulo 2^16); at least one.</param>
    public RtcpNackWriter(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<ushort> lostSequenceNumbers)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        _lost = lostSequenceNumbers;
    }

    /// <summary>Our SSRC.</summary>
    public uint SenderSsrc { get; }

    /// <summary>The source whose packets are missing.</summary>
    public uint MediaSsrc { get; }

    /// <summary>Number of (PID, BLP) entries the list needs.</summary>
    public int ItemCount
    {
        get
        {
            int items = 0;
            ushort pid = 0;
            for (int i = 0; i < _lost.Length; i++)
            {
                if (items == 0 || (ushort)(_lost[i] - pid) > 16)
                {
                    pid = _lost[i];
                    items++;
                }
            }

            return items;
        }
    }

    /// <summary>Bytes the packet takes.</summary>
    public int GetSerializedLength() => RtcpFeedback.CommonLength + ItemCount * 4;

    /// <summary>Writes the packet.</summary>
    /// <exception cref="ArgumentException">The list is empty.</exception>
    public bool TryWriteTo(Span<byte> destination, out int written)
    {
        if (_lost.IsEmpty)
        {
            ThrowHelper.ThrowArgument("A NACK names at least one sequence number.", "lostSequenceNumbers");
        }

        written = GetSerializedLength();
        if (destination.Length < written)
        {
            written = 0;
            return false;
        }

        RtcpFeedback.WriteCommon(destination, RtcpFeedback.GenericNackFormat, RtcpPacketType.TransportFeedback, written, SenderSsrc, MediaSsrc);
        int offset = RtcpFeedback.CommonLength - 4;
        ushort pid = 0;
        ushort blp = 0;
        bool open = false;
        for (int i = 0; i < _lost.Length; i++)
        {
            ushort seq = _lost[i];
            int distance = (ushort)(seq - pid);
            if (open && distance is >= 1 and <= 16)
            {
                blp |= (ushort)(1 << (distance - 1));
                continue;
            }

            if (open && distance == 0)
            {
                continue; // duplicate of the PID
            }

            if (open)
            {
                WriteItem(destination, ref offset, pid, blp);
            }

            pid = seq;
            blp = 0;
            open = true;
        }

        WriteItem(destination, ref offset, pid, blp);
        return true;
    }

    private static void WriteItem(Span<byte> destination, ref int offset, ushort pid, ushort blp)
    {
        offset += 4;
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(offset), pid);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(offset + 2), blp);
    }
}

/// <summary>A picture loss indication (RFC 4585 section 6.3.1): the common feedback header, no FCI.</summary>
/// <param name="SenderSsrc">Our SSRC.</param>
/// <param name="MediaSsrc">The video source that should send a keyframe.</param>
public readonly record struct RtcpPliWriter(uint SenderSsrc, uint MediaSsrc)
{
    /// <summary>Bytes the packet takes.</summary>
    public int GetSerializedLength() => RtcpFeedback.CommonLength;

    /// <summary>Writes the packet.</summary>
    public bool TryWriteTo(Span<byte> destination, out int written)
    {
        written = RtcpFeedback.CommonLength;
        if (destination.Length < written)
        {
            written = 0;
            return false;
        }

        RtcpFeedback.WriteCommon(destination, RtcpFeedback.PictureLossFormat, RtcpPacketType.PayloadFeedback, written, SenderSsrc, MediaSsrc);
        return true;
    }
}

/// <summary>
/// Reads a full intra request (RFC 5104 section 4.3.1): FCI entries naming a source and a request
/// sequence number (a repeated number is a retransmitted request, not a new one).
/// </summary>
/// <remarks>
/// <code>
/// |                              SSRC                             |
/// | Seq nr.       |    Reserved                                   |
/// </code>
/// </remarks>
public readonly ref struct RtcpFirReader
{
    private readonly ReadOnlySpan<byte> _fci;

    private RtcpFirReader(uint sender, ReadOnlySpan<byte> fci)
    {
        SenderSsrc = sender;
        _fci = fci;
    }

    /// <summary>Interprets <paramref name="packet"/> as FIR; false when it is not one.</summary>
    public static bool TryRead(in RtcpPacket packet, out RtcpFirReader reader)
    {
        reader = default;
        ReadOnlySpan<byte> body = packet.Body;
        if (packet.Kind != RtcpPacketKind.FullIntraRequest || body.Length < 16)
        {
            return false;
        }

        reader = new RtcpFirReader(BinaryPrimitives.ReadUInt32BigEndian(body), body.Slice(8, (body.Length - 8) & ~7));
        return true;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>Number of FCI entries.</summary>
    public int EntryCount => _fci.Length >> 3;

    /// <summary>The entry at <paramref name="index"/>: the source asked for a keyframe and the request number.</summary>
    public (uint Ssrc, byte SequenceNumber) GetEntry(int index)
    {
        if ((uint)index >= (uint)EntryCount)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(index));
        }

        ReadOnlySpan<byte> entry = _fci.Slice(index << 3);
        return (BinaryPrimitives.ReadUInt32BigEndian(entry), entry[4]);
    }
}

/// <summary>Writes a FIR with one entry (layout in <see cref="RtcpFirReader"/>; the media source field is 0 per RFC 5104).</summary>
/// <param name="SenderSsrc">Our SSRC.</param>
/// <param name="MediaSsrc">The source asked for a keyframe.</param>
/// <param name="SequenceNumber">The request number: incremented for each new request, repeated on retransmission.</param>
public readonly record struct RtcpFirWriter(uint SenderSsrc, uint MediaSsrc, byte SequenceNumber)
{
    /// <summary>Bytes the packet takes.</summary>
    public int GetSerializedLength() => RtcpFeedback.CommonLength + 8;

    /// <summary>Writes the packet.</summary>
    public bool TryWriteTo(Span<byte> destination, out int written)
    {
        written = GetSerializedLength();
        if (destination.Length < written)
        {
            written = 0;
            return false;
        }

        RtcpFeedback.WriteCommon(destination, RtcpFeedback.FullIntraRequestFormat, RtcpPacketType.PayloadFeedback, written, SenderSsrc, 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(12), MediaSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), (uint)SequenceNumber << 24);
        return true;
    }
}

/// <summary>
/// Reads a receiver estimated maximum bitrate message (draft-alvestrand-rmcat-remb-03): PSFB FMT 15
/// with the identifier "REMB".
/// </summary>
/// <remarks>
/// <code>
/// |V=2|P| FMT=15  |   PT=206      |             length            |
/// |                  SSRC of packet sender                        |
/// |                  SSRC of media source (0)                     |
/// |  Unique identifier 'R' 'E' 'M' 'B'                            |
/// |  Num SSRC     | BR Exp    |  BR Mantissa                      |
/// |   SSRC feedback (Num SSRC times)                              |
/// </code>
/// The bitrate is mantissa * 2^exp bits per second.
/// </remarks>
public readonly ref struct RtcpRembReader
{
    /// <summary>"REMB" as a big-endian 32-bit value.</summary>
    public const uint Identifier = 0x52454D42;

    private readonly ReadOnlySpan<byte> _ssrcs;

    private RtcpRembReader(uint sender, ulong bitrate, ReadOnlySpan<byte> ssrcs)
    {
        SenderSsrc = sender;
        Bitrate = bitrate;
        _ssrcs = ssrcs;
    }

    /// <summary>Interprets <paramref name="packet"/> as REMB; false when it is not one or its SSRC list is short.</summary>
    public static bool TryRead(in RtcpPacket packet, out RtcpRembReader reader)
    {
        reader = default;
        ReadOnlySpan<byte> body = packet.Body;
        if (packet.Kind != RtcpPacketKind.ReceiverEstimatedMaximumBitrate || body.Length < 16)
        {
            return false;
        }

        int count = body[12];
        if (body.Length < 16 + count * 4)
        {
            return false;
        }

        int exponent = body[13] >> 2;
        ulong mantissa = (ulong)(((body[13] & 0x03) << 16) | (body[14] << 8) | body[15]);
        ulong bitrate = exponent >= 46 ? ulong.MaxValue : mantissa << exponent;
        if (exponent < 46 && mantissa != 0 && bitrate >> exponent != mantissa)
        {
            bitrate = ulong.MaxValue;
        }

        reader = new RtcpRembReader(BinaryPrimitives.ReadUInt32BigEndian(body), bitrate, body.Slice(16, count * 4));
        return true;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>The estimated maximum bitrate, bits per second (saturating).</summary>
    public ulong Bitrate { get; }

    /// <summary>Number of SSRCs the estimate applies to.</summary>
    public int SsrcCount => _ssrcs.Length >> 2;

    /// <summary>The SSRC at <paramref name="index"/>.</summary>
    public uint GetSsrc(int index)
    {
        if ((uint)index >= (uint)SsrcCount)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(index));
        }

        return BinaryPrimitives.ReadUInt32BigEndian(_ssrcs.Slice(index << 2));
    }
}

/// <summary>Writes a REMB message (layout in <see cref="RtcpRembReader"/>).</summary>
public readonly ref struct RtcpRembWriter
{
    private readonly ReadOnlySpan<uint> _ssrcs;

    /// <summary>Describes the packet.</summary>
    /// <param name="senderSsrc">Our SSRC.</param>
    /// <param name="bitrate">Bits per second (encoded with an 18-bit mantissa, rounded down).</param>
    /// <param name="ssrcs">The media sources the estimate applies to, at most 255.</param>
    public RtcpRembWriter(uint senderSsrc, ulong bitrate, ReadOnlySpan<uint> ssrcs)
    {
        SenderSsrc = senderSsrc;
        Bitrate = bitrate;
        _ssrcs = ssrcs;
    }

    /// <summary>Our SSRC.</summary>
    public uint SenderSsrc { get; }

    /// <summary>Bits per second.</summary>
    public ulong Bitrate { get; }

    /// <summary>Bytes the packet takes.</summary>
    public int GetSerializedLength() => RtcpFeedback.CommonLength + 8 + _ssrcs.Length * 4;

    /// <summary>Writes the packet.</summary>
    /// <exception cref="ArgumentOutOfRangeException">More than 255 SSRCs.</exception>
    public bool TryWriteTo(Span<byte> destination, out int written)
    {
        if (_ssrcs.Length > 255)
        {
            ThrowHelper.ThrowArgumentOutOfRange("ssrcs", "REMB lists at most 255 SSRCs.");
        }

        written = GetSerializedLength();
        if (destination.Length < written)
        {
            written = 0;
            return false;
        }

        int exponent = 0;
        ulong mantissa = Bitrate;
        while (mantissa > 0x3FFFF && exponent < 63)
        {
            mantissa >>= 1;
            exponent++;
        }

        RtcpFeedback.WriteCommon(destination, RtcpFeedback.ApplicationLayerFormat, RtcpPacketType.PayloadFeedback, written, SenderSsrc, 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(12), RtcpRembReader.Identifier);
        destination[16] = (byte)_ssrcs.Length;
        destination[17] = (byte)((exponent << 2) | (int)(mantissa >> 16));
        destination[18] = (byte)(mantissa >> 8);
        destination[19] = (byte)mantissa;
        for (int i = 0; i < _ssrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(20 + i * 4), _ssrcs[i]);
        }

        return true;
    }
}

/// <summary>Reads a PLI: the sender and the media source asked for a keyframe.</summary>
public static class RtcpPliReader
{
    /// <summary>Interprets <paramref name="packet"/> as PLI.</summary>
    public static bool TryRead(in RtcpPacket packet, out uint senderSsrc, out uint mediaSsrc)
    {
        if (packet.Kind != RtcpPacketKind.PictureLossIndication || packet.Body.Length < 8)
        {
            senderSsrc = 0;
            mediaSsrc = 0;
            return false;
        }

        senderSsrc = RtcpFeedback.SenderSsrc(packet);
        mediaSsrc = RtcpFeedback.MediaSsrc(packet);
        return true;
    }
}
