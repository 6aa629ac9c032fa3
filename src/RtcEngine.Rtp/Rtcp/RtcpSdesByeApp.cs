using System.Buffers.Binary;

namespace RtcEngine.Rtp.Rtcp;

/// <summary>SDES item types (RFC 3550 section 6.5).</summary>
public enum RtcpSdesItemType : byte
{
    /// <summary>End of a chunk's item list.</summary>
    End = 0,

    /// <summary>Canonical end-point identifier (the one WebRTC uses).</summary>
    Cname = 1,

    /// <summary>User name.</summary>
    Name = 2,

    /// <summary>Electronic mail address.</summary>
    Email = 3,

    /// <summary>Phone number.</summary>
    Phone = 4,

    /// <summary>Geographic location.</summary>
    Location = 5,

    /// <summary>Application or tool name.</summary>
    Tool = 6,

    /// <summary>Notice/status.</summary>
    Note = 7,

    /// <summary>Private extensions.</summary>
    Private = 8,
}

/// <summary>One SDES chunk: a source and its items.</summary>
public readonly ref struct RtcpSdesChunk
{
    internal RtcpSdesChunk(uint ssrc, ReadOnlySpan<byte> items)
    {
        Ssrc = ssrc;
        Items = items;
    }

    /// <summary>The source (SSRC or CSRC) the items describe.</summary>
    public uint Ssrc { get; }

    /// <summary>The raw item list (type, length, text)*, up to the end item.</summary>
    public ReadOnlySpan<byte> Items { get; }

    /// <summary>Finds the first item of <paramref name="type"/>.</summary>
    public bool TryGetItem(RtcpSdesItemType type, out ReadOnlySpan<byte> value)
    {
        int offset = 0;
        while (offset + 2 <= Items.Length)
        {
            int length = Items[offset + 1];
            if (offset + 2 + length > Items.Length)
            {
                break;
            }

            if (Items[offset] == (byte)type)
            {
                value = Items.Slice(offset + 2, length);
                return true;
            }

            offset += 2 + length;
        }

        value = default;
        return false;
    }
}

/// <summary>
/// Reads a source description packet (RFC 3550 section 6.5) chunk by chunk.
/// </summary>
/// <remarks>
/// <code>
///        |V=2|P|    SC   |  PT=SDES=202  |             length            |
/// chunk  |                          SSRC/CSRC_1                          |
///   1    |  CNAME=1      |     length    | user and domain name        ...
///        |  END=0 | null padding to a 32-bit boundary (at least one null octet)
/// </code>
/// A malformed chunk (an item running past the packet, no end item) ends the iteration. Not thread-safe.
/// </remarks>
public ref struct RtcpSdesReader
{
    private readonly ReadOnlySpan<byte> _body;
    private int _offset;
    private int _chunksLeft;

    private RtcpSdesReader(ReadOnlySpan<byte> body, int count)
    {
        _body = body;
        _offset = 0;
        _chunksLeft = count;
    }

    /// <summary>Interprets <paramref name="packet"/> as SDES.</summary>
    public static bool TryRead(in RtcpPacket packet, out RtcpSdesReader reader)
    {
        reader = default;
        if (packet.PacketType != (byte)RtcpPacketType.SourceDescription)
        {
            return false;
        }

        reader = new RtcpSdesReader(packet.Body, packet.Count);
        return true;
    }

    /// <summary>Reads the next chunk; false at the end or at a malformed chunk.</summary>
    public bool TryReadNextChunk(out RtcpSdesChunk chunk)
    {
        chunk = default;
        if (_chunksLeft == 0 || _offset + 4 > _body.Length)
        {
            return false;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(_offset));
        int itemsStart = _offset + 4;
        int offset = itemsStart;
        while (true)
        {
            if (offset >= _body.Length)
            {
                _chunksLeft = 0;
                return false;
            }

            if (_body[offset] == (byte)RtcpSdesItemType.End)
            {
                break;
            }

            if (offset + 2 > _body.Length || offset + 2 + _body[offset + 1] > _body.Length)
            {
                _chunksLeft = 0;
                return false;
            }

            offset += 2 + _body[offset + 1];
        }

        chunk = new RtcpSdesChunk(ssrc, _body.Slice(itemsStart, offset - itemsStart));
        _offset = (offset + 4) & ~3; // past the end item and the null padding
        _chunksLeft--;
        return true;
    }

    /// <summary>The first CNAME in the packet.</summary>
    public static bool TryGetCname(in RtcpPacket packet, out uint ssrc, out ReadOnlySpan<byte> cname)
    {
        if (TryRead(packet, out RtcpSdesReader reader))
        {
            while (reader.TryReadNextChunk(out RtcpSdesChunk chunk))
            {
                if (chunk.TryGetItem(RtcpSdesItemType.Cname, out cname))
                {
                    ssrc = chunk.Ssrc;
                    return true;
                }
            }
        }

        ssrc = 0;
        cname = default;
        return false;
    }
}

/// <summary>Writes an SDES packet with one chunk per source, each carrying the same CNAME (what WebRTC sends).</summary>
public readonly ref struct RtcpSdesWriter
{
    private readonly ReadOnlySpan<uint> _ssrcs;
    private readonly ReadOnlySpan<byte> _cname;

    /// <summary>Describes the packet.</summary>
    /// <param name="ssrcs">The sources, at most 31.</param>
    /// <param name="cname">The CNAME, at most 255 bytes.</param>
    public RtcpSdesWriter(ReadOnlySpan<uint> ssrcs, ReadOnlySpan<byte> cname)
    {
        _ssrcs = ssrcs;
        _cname = cname;
    }

    private int ChunkLength => 4 + ((2 + _cname.Length + 4) & ~3);

    /// <summary>Bytes the packet takes.</summary>
    public int GetSerializedLength() => RtcpHeader.Length + _ssrcs.Length * ChunkLength;

    /// <summary>Writes the packet.</summary>
    /// <exception cref="ArgumentOutOfRangeException">More than 31 sources, or a CNAME longer than 255 bytes.</exception>
    public bool TryWriteTo(Span<byte> destination, out int written)
    {
        if (_ssrcs.Length > 31 || _cname.Length > 255)
        {
            ThrowHelper.ThrowArgumentOutOfRange("ssrcs", "SDES carries at most 31 chunks and items of at most 255 bytes.");
        }

        written = GetSerializedLength();
        if (destination.Length < written)
        {
            written = 0;
            return false;
        }

        RtcpHeader.Write(destination, _ssrcs.Length, (byte)RtcpPacketType.SourceDescription, written);
        int offset = RtcpHeader.Length;
        int chunkLength = ChunkLength;
        for (int i = 0; i < _ssrcs.Length; i++)
        {
            Span<byte> chunk = destination.Slice(offset, chunkLength);
            chunk.Clear();
            BinaryPrimitives.WriteUInt32BigEndian(chunk, _ssrcs[i]);
            chunk[4] = (byte)RtcpSdesItemType.Cname;
            chunk[5] = (byte)_cname.Length;
            _cname.CopyTo(chunk.Slice(6));
            offset += chunkLength;
        }

        return true;
    }
}

/// <summary>
/// Reads a goodbye packet (RFC 3550 section 6.6).
/// </summary>
/// <remarks>
/// <code>
/// |V=2|P|    SC   |   PT=BYE=203  |             length            |
/// |                           SSRC/CSRC  (SC times)               |
/// |     length    |               reason for leaving            ...   (optional)
/// </code>
/// </remarks>
public readonly ref struct RtcpByeReader
{
    private readonly ReadOnlySpan<byte> _body;

    private RtcpByeReader(ReadOnlySpan<byte> body, int count, ReadOnlySpan<byte> reason)
    {
        _body = body;
        SourceCount = count;
        Reason = reason;
    }

    /// <summary>Interprets <paramref name="packet"/> as BYE; false when too short for its SC.</summary>
    public static bool TryRead(in RtcpPacket packet, out RtcpByeReader reader)
    {
        reader = default;
        int count = packet.Count;
        ReadOnlySpan<byte> body = packet.Body;
        if (packet.PacketType != (byte)RtcpPacketType.Goodbye || body.Length < count * 4)
        {
            return false;
        }

        ReadOnlySpan<byte> reason = default;
        int end = count * 4;
        if (body.Length > end && body.Length >= end + 1 + body[end])
        {
            reason = body.Slice(end + 1, body[end]);
        }

        reader = new RtcpByeReader(body, count, reason);
        return true;
    }

    /// <summary>Number of sources leaving.</summary>
    public int SourceCount { get; }

    /// <summary>The reason text (UTF-8), empty when absent.</summary>
    public ReadOnlySpan<byte> Reason { get; }

    /// <summary>The source at <paramref name="index"/>.</summary>
    public uint GetSsrc(int index)
    {
        if ((uint)index >= (uint)SourceCount)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(index));
        }

        return BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(index * 4));
    }
}

/// <summary>Writes a BYE packet (layout in <see cref="RtcpByeReader"/>).</summary>
public readonly ref struct RtcpByeWriter
{
    private readonly ReadOnlySpan<uint> _ssrcs;
    private readonly ReadOnlySpan<byte> _reason;

    /// <summary>Describes the packet.</summary>
    /// <param name="ssrcs">The sources leaving, at most 31.</param>
    /// <param name="reason">Optional UTF-8 reason, at most 255 bytes.</param>
    public RtcpByeWriter(ReadOnlySpan<uint> ssrcs, ReadOnlySpan<byte> reason = default)
    {
        _ssrcs = ssrcs;
        _reason = reason;
    }

    /// <summary>Bytes the packet takes.</summary>
    public int GetSerializedLength() =>
        RtcpHeader.Length + _ssrcs.Length * 4 + (_reason.IsEmpty ? 0 : (1 + _reason.Length + 3) & ~3);

    /// <summary>Writes the packet.</summary>
    /// <exception cref="ArgumentOutOfRangeException">More than 31 sources, or a reason longer than 255 bytes.</exception>
    public bool TryWriteTo(Span<byte> destination, out int written)
    {
        if (_ssrcs.Length > 31 || _reason.Length > 255)
        {
            ThrowHelper.ThrowArgumentOutOfRange("ssrcs", "BYE carries at most 31 sources and a reason of at most 255 bytes.");
        }

        written = GetSerializedLength();
        if (destination.Length < written)
        {
            written = 0;
            return false;
        }

        destination.Slice(0, written).Clear();
        RtcpHeader.Write(destination, _ssrcs.Length, (byte)RtcpPacketType.Goodbye, written);
        for (int i = 0; i < _ssrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4 + i * 4), _ssrcs[i]);
        }

        if (!_reason.IsEmpty)
        {
            int offset = 4 + _ssrcs.Length * 4;
            destination[offset] = (byte)_reason.Length;
            _reason.CopyTo(destination.Slice(offset + 1));
        }

        return true;
    }
}

/// <summary>
/// Reads an application-defined packet (RFC 3550 section 6.7).
/// </summary>
/// <remarks>
/// <code>
/// |V=2|P| subtype |   PT=APP=204  |             length            |
/// |                           SSRC/CSRC                           |
/// |                          name (ASCII)                         |
/// |                   application-dependent data                ...
/// </code>
/// </remarks>
public readonly ref struct RtcpAppReader
{
    private RtcpAppReader(int subtype, uint ssrc, uint name, ReadOnlySpan<byte> data)
    {
        Subtype = subtype;
        Ssrc = ssrc;
        Name = name;
        Data = data;
    }

    /// <summary>Interprets <paramref name="packet"/> as APP.</summary>
    public static bool TryRead(in RtcpPacket packet, out RtcpAppReader reader)
    {
        reader = default;
        if (packet.PacketType != (byte)RtcpPacketType.ApplicationDefined || packet.Body.Length < 8)
        {
            return false;
        }

        reader = new RtcpAppReader(
            packet.Count,
            BinaryPrimitives.ReadUInt32BigEndian(packet.Body),
            BinaryPrimitives.ReadUInt32BigEndian(packet.Body.Slice(4)),
            packet.Body.Slice(8));
        return true;
    }

    /// <summary>The 5-bit subtype.</summary>
    public int Subtype { get; }

    /// <summary>The source.</summary>
    public uint Ssrc { get; }

    /// <summary>The four ASCII characters of the name, big-endian.</summary>
    public uint Name { get; }

    /// <summary>The application data.</summary>
    public ReadOnlySpan<byte> Data { get; }
}

/// <summary>Writes an APP packet (layout in <see cref="RtcpAppReader"/>).</summary>
public readonly ref struct RtcpAppWriter
{
    private readonly ReadOnlySpan<byte> _data;

    /// <summary>Describes the packet.</summary>
    /// <param name="subtype">0..31.</param>
    /// <param name="ssrc">The source.</param>
    /// <param name="name">Four ASCII characters, big-endian.</param>
    /// <param name="data">Application data; a multiple of 4 bytes.</param>
    public RtcpAppWriter(int subtype, uint ssrc, uint name, ReadOnlySpan<byte> data)
    {
        Subtype = subtype;
        Ssrc = ssrc;
        Name = name;
        _data = data;
    }

    /// <summary>The 5-bit subtype.</summary>
    public int Subtype { get; }

    /// <summary>The source.</summary>
    public uint Ssrc { get; }

    /// <summary>The name.</summary>
    public uint Name { get; }

    /// <summary>Bytes the packet takes.</summary>
    public int GetSerializedLength() => RtcpHeader.Length + 8 + _data.Length;

    /// <summary>Writes the packet.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A subtype outside 0..31 or data not a multiple of 4 bytes.</exception>
    public bool TryWriteTo(Span<byte> destination, out int written)
    {
        if ((uint)Subtype > 31 || (_data.Length & 3) != 0)
        {
            ThrowHelper.ThrowArgumentOutOfRange("data", "APP subtypes are 0..31 and data is a multiple of 4 bytes.");
        }

        written = GetSerializedLength();
        if (destination.Length < written)
        {
            written = 0;
            return false;
        }

        RtcpHeader.Write(destination, Subtype, (byte)RtcpPacketType.ApplicationDefined, written);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), Ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), Name);
        _data.CopyTo(destination.Slice(12));
        return true;
    }
}
