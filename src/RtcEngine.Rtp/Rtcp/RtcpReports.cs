using System.Buffers.Binary;
using RtcEngine.Primitives;

namespace RtcEngine.Rtp.Rtcp;

/// <summary>
/// A reception report block (RFC 3550 section 6.4.1): what a receiver saw of one source.
/// </summary>
/// <remarks>
/// <code>
/// |                 SSRC_1 (SSRC of first source)                 |
/// | fraction lost |       cumulative number of packets lost       |
/// |           extended highest sequence number received           |
/// |                      interarrival jitter                      |
/// |                         last SR (LSR)                         |
/// |                   delay since last SR (DLSR)                  |
/// </code>
/// </remarks>
/// <param name="Ssrc">The source reported on.</param>
/// <param name="FractionLost">Loss since the previous report, as a fraction of 256.</param>
/// <param name="CumulativeLost">Packets lost since the start (24-bit signed: duplicates can make it negative).</param>
/// <param name="ExtendedHighestSequence">Cycles (high 16 bits) and highest sequence number received.</param>
/// <param name="Jitter">Interarrival jitter in RTP timestamp units.</param>
/// <param name="LastSenderReport">The middle 32 bits of the NTP time of the last SR received (LSR); 0 if none.</param>
/// <param name="DelaySinceLastSenderReport">Delay since that SR in 1/65536 s (DLSR).</param>
public readonly record struct RtcpReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequence,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    /// <summary>Size of a block on the wire.</summary>
    public const int Length = 24;

    /// <summary>Largest cumulative loss the 24-bit field holds.</summary>
    public const int MaxCumulativeLost = 0x7FFFFF;

    /// <summary>Smallest (most negative) cumulative loss the field holds.</summary>
    public const int MinCumulativeLost = -0x800000;

    /// <summary>Reads a block from 24 bytes.</summary>
    public static RtcpReportBlock Read(ReadOnlySpan<byte> source)
    {
        int lost = (source[5] << 16) | (source[6] << 8) | source[7];
        lost = (lost << 8) >> 8; // sign-extend 24 bits
        return new RtcpReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(source),
            source[4],
            lost,
            BinaryPrimitives.ReadUInt32BigEndian(source.Slice(8)),
            BinaryPrimitives.ReadUInt32BigEndian(source.Slice(12)),
            BinaryPrimitives.ReadUInt32BigEndian(source.Slice(16)),
            BinaryPrimitives.ReadUInt32BigEndian(source.Slice(20)));
    }

    /// <summary>Writes the block into 24 bytes (cumulative loss clamped to the 24-bit range).</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        int lost = Math.Clamp(CumulativeLost, MinCumulativeLost, MaxCumulativeLost);
        destination[4] = FractionLost;
        destination[5] = (byte)(lost >> 16);
        destination[6] = (byte)(lost >> 8);
        destination[7] = (byte)lost;
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), ExtendedHighestSequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(12), Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(20), DelaySinceLastSenderReport);
    }
}

/// <summary>
/// Reads a sender report (RFC 3550 section 6.4.1).
/// </summary>
/// <remarks>
/// <code>
///        |V=2|P|    RC   |   PT=SR=200   |             length            |
///        |                         SSRC of sender                        |
/// sender |              NTP timestamp, most significant word             |
/// info   |             NTP timestamp, least significant word             |
///        |                         RTP timestamp                         |
///        |                     sender's packet count                     |
///        |                      sender's octet count                     |
///        |                  report blocks (RC x 24 bytes)                |
///        |                  profile-specific extensions                  |
/// </code>
/// </remarks>
public readonly ref struct RtcpSenderReportReader
{
    /// <summary>Body length before the report blocks.</summary>
    public const int FixedBodyLength = 24;

    private readonly ReadOnlySpan<byte> _body;

    private RtcpSenderReportReader(ReadOnlySpan<byte> body, int count)
    {
        _body = body;
        ReportCount = count;
    }

    /// <summary>Interprets <paramref name="packet"/> as an SR; false when it is not one or is too short for its RC.</summary>
    public static bool TryRead(in RtcpPacket packet, out RtcpSenderReportReader reader)
    {
        reader = default;
        if (packet.PacketType != (byte)RtcpPacketType.SenderReport || packet.Body.Length < FixedBodyLength + packet.Count * RtcpReportBlock.Length)
        {
            return false;
        }

        reader = new RtcpSenderReportReader(packet.Body, packet.Count);
        return true;
    }

    /// <summary>The sender's SSRC.</summary>
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>The NTP timestamp of the report.</summary>
    public NtpTime NtpTimestamp => new(BinaryPrimitives.ReadUInt64BigEndian(_body.Slice(4)));

    /// <summary>The RTP timestamp corresponding to <see cref="NtpTimestamp"/>.</summary>
    public uint RtpTimestamp => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(12));

    /// <summary>Packets sent since the start (modulo 2^32).</summary>
    public uint PacketCount => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(16));

    /// <summary>Payload octets sent since the start (modulo 2^32).</summary>
    public uint OctetCount => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(20));

    /// <summary>Number of report blocks.</summary>
    public int ReportCount { get; }

    /// <summary>The report block at <paramref name="index"/>.</summary>
    public RtcpReportBlock GetReportBlock(int index)
    {
        if ((uint)index >= (uint)ReportCount)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(index));
        }

        return RtcpReportBlock.Read(_body.Slice(FixedBodyLength + index * RtcpReportBlock.Length));
    }
}

/// <summary>Reads a receiver report (RFC 3550 section 6.4.2): the sender's SSRC, then RC report blocks.</summary>
/// <remarks>
/// <code>
/// |V=2|P|    RC   |   PT=RR=201   |             length            |
/// |                     SSRC of packet sender                     |
/// |                  report blocks (RC x 24 bytes)                |
/// </code>
/// </remarks>
public readonly ref struct RtcpReceiverReportReader
{
    private readonly ReadOnlySpan<byte> _body;

    private RtcpReceiverReportReader(ReadOnlySpan<byte> body, int count)
    {
        _body = body;
        ReportCount = count;
    }

    /// <summary>Interprets <paramref name="packet"/> as an RR; false when it is not one or is too short for its RC.</summary>
    public static bool TryRead(in RtcpPacket packet, out RtcpReceiverReportReader reader)
    {
        reader = default;
        if (packet.PacketType != (byte)RtcpPacketType.ReceiverReport || packet.Body.Length < 4 + packet.Count * RtcpReportBlock.Length)
        {
            return false;
        }

        reader = new RtcpReceiverReportReader(packet.Body, packet.Count);
        return true;
    }

    /// <summary>The SSRC of the report's sender.</summary>
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>Number of report blocks.</summary>
    public int ReportCount { get; }

    /// <summary>The report block at <paramref name="index"/>.</summary>
    public RtcpReportBlock GetReportBlock(int index)
    {
        if ((uint)index >= (uint)ReportCount)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(index));
        }

        return RtcpReportBlock.Read(_body.Slice(4 + index * RtcpReportBlock.Length));
    }
}

/// <summary>Writes a sender report (layout in <see cref="RtcpSenderReportReader"/>).</summary>
public readonly ref struct RtcpSenderReportWriter
{
    private readonly ReadOnlySpan<RtcpReportBlock> _blocks;

    /// <summary>Describes the report to write.</summary>
    /// <param name="ssrc">The sender's SSRC.</param>
    /// <param name="ntpTimestamp">Wall-clock time of the report.</param>
    /// <param name="rtpTimestamp">The same instant in the stream's RTP clock.</param>
    /// <param name="packetCount">Packets sent.</param>
    /// <param name="octetCount">Payload octets sent.</param>
    /// <param name="reportBlocks">At most 31 reception reports.</param>
    public RtcpSenderReportWriter(uint ssrc, NtpTime ntpTimestamp, uint rtpTimestamp, uint packetCount, uint octetCount, ReadOnlySpan<RtcpReportBlock> reportBlocks)
    {
        Ssrc = ssrc;
        NtpTimestamp = ntpTimestamp;
        RtpTimestamp = rtpTimestamp;
        PacketCount = packetCount;
        OctetCount = octetCount;
        _blocks = reportBlocks;
    }

    /// <summary>The sender's SSRC.</summary>
    public uint Ssrc { get; }

    /// <summary>Wall-clock time of the report.</summary>
    public NtpTime NtpTimestamp { get; }

    /// <summary>The same instant in the stream's RTP clock.</summary>
    public uint RtpTimestamp { get; }

    /// <summary>Packets sent.</summary>
    public uint PacketCount { get; }

    /// <summary>Payload octets sent.</summary>
    public uint OctetCount { get; }

    /// <summary>Bytes the packet takes.</summary>
    public int GetSerializedLength() => RtcpHeader.Length + RtcpSenderReportReader.FixedBodyLength + _blocks.Length * RtcpReportBlock.Length;

    /// <summary>Writes the packet.</summary>
    /// <returns>False (nothing written) when <paramref name="destination"/> is too small.</returns>
    /// <exception cref="ArgumentOutOfRangeException">More than 31 report blocks.</exception>
    public bool TryWriteTo(Span<byte> destination, out int written)
    {
        if (_blocks.Length > 31)
        {
            ThrowHelper.ThrowArgumentOutOfRange("reportBlocks", "An SR carries at most 31 report blocks.");
        }

        written = GetSerializedLength();
        if (destination.Length < written)
        {
            written = 0;
            return false;
        }

        RtcpHeader.Write(destination, _blocks.Length, (byte)RtcpPacketType.SenderReport, written);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), Ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(8), NtpTimestamp.Value);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(20), PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(24), OctetCount);
        for (int i = 0; i < _blocks.Length; i++)
        {
            _blocks[i].Write(destination.Slice(28 + i * RtcpReportBlock.Length));
        }

        return true;
    }
}

/// <summary>Writes a receiver report (layout in <see cref="RtcpReceiverReportReader"/>).</summary>
public readonly ref struct RtcpReceiverReportWriter
{
    private readonly ReadOnlySpan<RtcpReportBlock> _blocks;

    /// <summary>Describes the report to write.</summary>
    /// <param name="ssrc">The reporter's SSRC.</param>
    /// <param name="reportBlocks">At most 31 reception reports (none is valid: an empty RR heads a compound).</param>
    public RtcpReceiverReportWriter(uint ssrc, ReadOnlySpan<RtcpReportBlock> reportBlocks)
    {
        Ssrc = ssrc;
        _blocks = reportBlocks;
    }

    /// <summary>The reporter's SSRC.</summary>
    public uint Ssrc { get; }

    /// <summary>Bytes the packet takes.</summary>
    public int GetSerializedLength() => RtcpHeader.Length + 4 + _blocks.Length * RtcpReportBlock.Length;

    /// <summary>Writes the packet.</summary>
    /// <returns>False (nothing written) when <paramref name="destination"/> is too small.</returns>
    /// <exception cref="ArgumentOutOfRangeException">More than 31 report blocks.</exception>
    public bool TryWriteTo(Span<byte> destination, out int written)
    {
        if (_blocks.Length > 31)
        {
            ThrowHelper.ThrowArgumentOutOfRange("reportBlocks", "An RR carries at most 31 report blocks.");
        }

        written = GetSerializedLength();
        if (destination.Length < written)
        {
            written = 0;
            return false;
        }

        RtcpHeader.Write(destination, _blocks.Length, (byte)RtcpPacketType.ReceiverReport, written);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), Ssrc);
        for (int i = 0; i < _blocks.Length; i++)
        {
            _blocks[i].Write(destination.Slice(8 + i * RtcpReportBlock.Length));
        }

        return true;
    }
}
