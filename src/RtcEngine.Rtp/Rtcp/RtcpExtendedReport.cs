using System.Buffers.Binary;
using RtcEngine.Primitives;

namespace RtcEngine.Rtp.Rtcp;

/// <summary>One DLRR sub-block (RFC 3611 section 4.5): the reply to a receiver reference time report.</summary>
/// <param name="Ssrc">The receiver whose RRTR is answered.</param>
/// <param name="LastReceiverReport">Middle 32 bits of that RRTR's NTP time (LRR).</param>
/// <param name="DelaySinceLastReceiverReport">Delay since it arrived, in 1/65536 s (DLRR).</param>
public readonly record struct RtcpDlrrItem(uint Ssrc, uint LastReceiverReport, uint DelaySinceLastReceiverReport);

/// <summary>One report block of an XR packet.</summary>
public readonly ref struct RtcpXrBlock
{
    internal RtcpXrBlock(byte blockType, byte typeSpecific, ReadOnlySpan<byte> data)
    {
        BlockType = blockType;
        TypeSpecific = typeSpecific;
        Data = data;
    }

    /// <summary>The block type (BT): 4 is RRTR, 5 is DLRR.</summary>
    public byte BlockType { get; }

    /// <summary>The type-specific byte.</summary>
    public byte TypeSpecific { get; }

    /// <summary>The block's contents after its 4-byte header.</summary>
    public ReadOnlySpan<byte> Data { get; }
}

/// <summary>
/// Reads an extended report (RFC 3611): its blocks, with typed access to the receiver reference
/// time (RRTR, section 4.4) and DLRR (section 4.5) blocks that give a receive-only endpoint its RTT.
/// </summary>
/// <remarks>
/// <code>
/// |V=2|P|reserved |   PT=XR=207   |             length            |
/// |                              SSRC                             |
/// :                         report blocks                         :
///
/// block: |     BT      | type-specific |   block length (32-bit words after this header)  |
/// RRTR:  |     BT=4    |   reserved    |       block length = 2        |  NTP MSW | NTP LSW
/// DLRR:  |     BT=5    |   reserved    |         block length          |  (SSRC, LRR, DLRR)*
/// </code>
/// A block running past the packet ends the iteration. Not thread-safe.
/// </remarks>
public ref struct RtcpExtendedReportReader
{
    /// <summary>Block type of a receiver reference time report.</summary>
    public const byte ReceiverReferenceTimeBlock = 4;

    /// <summary>Block type of a DLRR report.</summary>
    public const byte DlrrBlock = 5;

    private readonly ReadOnlySpan<byte> _blocks;
    private int _offset;

    private RtcpExtendedReportReader(uint ssrc, ReadOnlySpan<byte> blocks)
    {
        Ssrc = ssrc;
        _blocks = blocks;
        _offset = 0;
    }

    /// <summary>Interprets <paramref name="packet"/> as XR.</summary>
    public static bool TryRead(in RtcpPacket packet, out RtcpExtendedReportReader reader)
    {
        reader = default;
        if (packet.PacketType != (byte)RtcpPacketType.ExtendedReport || packet.Body.Length < 4)
        {
            return false;
        }

        reader = new RtcpExtendedReportReader(BinaryPrimitives.ReadUInt32BigEndian(packet.Body), packet.Body.Slice(4));
        return true;
    }

    /// <summary>The SSRC of the report's originator.</summary>
    public uint Ssrc { get; }

    /// <summary>Reads the next block.</summary>
    public bool TryReadNextBlock(out RtcpXrBlock block)
    {
        block = default;
        if (_offset + 4 > _blocks.Length)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(_blocks.Slice(_offset + 2)) * 4;
        if (_offset + 4 + length > _blocks.Length)
        {
            _offset = _blocks.Length;
            return false;
        }

        block = new RtcpXrBlock(_blocks[_offset], _blocks[_offset + 1], _blocks.Slice(_offset + 4, length));
        _offset += 4 + length;
        return true;
    }

    /// <summary>The NTP time of an RRTR block.</summary>
    public static bool TryReadReceiverReferenceTime(in RtcpXrBlock block, out NtpTime ntp)
    {
        if (block.BlockType != ReceiverReferenceTimeBlock || block.Data.Length < 8)
        {
            ntp = default;
            return false;
        }

        ntp = new NtpTime(BinaryPrimitives.ReadUInt64BigEndian(block.Data));
        return true;
    }

    /// <summary>Number of sub-blocks of a DLRR block (0 for any other block).</summary>
    public static int GetDlrrItemCount(in RtcpXrBlock block) => block.BlockType == DlrrBlock ? block.Data.Length / 12 : 0;

    /// <summary>The DLRR sub-block at <paramref name="index"/>.</summary>
    public static RtcpDlrrItem GetDlrrItem(in RtcpXrBlock block, int index)
    {
        if ((uint)index >= (uint)GetDlrrItemCount(block))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(index));
        }

        ReadOnlySpan<byte> item = block.Data.Slice(index * 12, 12);
        return new RtcpDlrrItem(
            BinaryPrimitives.ReadUInt32BigEndian(item),
            BinaryPrimitives.ReadUInt32BigEndian(item.Slice(4)),
            BinaryPrimitives.ReadUInt32BigEndian(item.Slice(8)));
    }
}

/// <summary>Writes an XR packet with an optional RRTR block and an optional DLRR block (layout in <see cref="RtcpExtendedReportReader"/>).</summary>
public readonly ref struct RtcpExtendedReportWriter
{
    private readonly ReadOnlySpan<RtcpDlrrItem> _dlrr;

    /// <summary>Describes the packet.</summary>
    /// <param name="ssrc">Our SSRC.</param>
    /// <param name="receiverReferenceTime">The RRTR time to send, or null for none.</param>
    /// <param name="dlrrItems">DLRR sub-blocks to send (none: no DLRR block).</param>
    public RtcpExtendedReportWriter(uint ssrc, NtpTime? receiverReferenceTime, ReadOnlySpan<RtcpDlrrItem> dlrrItems)
    {
        Ssrc = ssrc;
        ReceiverReferenceTime = receiverReferenceTime;
        _dlrr = dlrrItems;
    }

    /// <summary>Our SSRC.</summary>
    public uint Ssrc { get; }

    /// <summary>The RRTR time, if any.</summary>
    public NtpTime? ReceiverReferenceTime { get; }

    /// <summary>Bytes the packet takes.</summary>
    public int GetSerializedLength() =>
        RtcpHeader.Length + 4 + (ReceiverReferenceTime.HasValue ? 12 : 0) + (_dlrr.IsEmpty ? 0 : 4 + _dlrr.Length * 12);

    /// <summary>Writes the packet.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Too many DLRR items for one block.</exception>
    public bool TryWriteTo(Span<byte> destination, out int written)
    {
        if (_dlrr.Length * 3 > 0xFFFF)
        {
            ThrowHelper.ThrowArgumentOutOfRange("dlrrItems");
        }

        written = GetSerializedLength();
        if (destination.Length < written)
        {
            written = 0;
            return false;
        }

        RtcpHeader.Write(destination, 0, (byte)RtcpPacketType.ExtendedReport, written);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), Ssrc);
        int offset = 8;
        if (ReceiverReferenceTime is { } ntp)
        {
            destination[offset] = RtcpExtendedReportReader.ReceiverReferenceTimeBlock;
            destination[offset + 1] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(offset + 2), 2);
            BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(offset + 4), ntp.Value);
            offset += 12;
        }

        if (!_dlrr.IsEmpty)
        {
            destination[offset] = RtcpExtendedReportReader.DlrrBlock;
            destination[offset + 1] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(offset + 2), (ushort)(_dlrr.Length * 3));
            offset += 4;
            foreach (RtcpDlrrItem item in _dlrr)
            {
                BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(offset), item.Ssrc);
                BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(offset + 4), item.LastReceiverReport);
                BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(offset + 8), item.DelaySinceLastReceiverReport);
                offset += 12;
            }
        }

        return true;
    }
}
