using System.Buffers.Binary;

namespace RtcEngine.Dtls;

/// <summary>One record inside a datagram, as a view of the datagram's bytes.</summary>
internal readonly ref struct DtlsRecord
{
    public DtlsRecord(Span<byte> raw, DtlsContentType type, ushort version, ushort epoch, ulong sequenceNumber, Span<byte> fragment)
    {
        Raw = raw;
        Type = type;
        Version = version;
        Epoch = epoch;
        SequenceNumber = sequenceNumber;
        Fragment = fragment;
    }

    /// <summary>The whole record (header and fragment).</summary>
    public Span<byte> Raw { get; }

    public DtlsContentType Type { get; }

    public ushort Version { get; }

    public ushort Epoch { get; }

    /// <summary>The 48-bit sequence number within the epoch.</summary>
    public ulong SequenceNumber { get; }

    /// <summary>The fragment (protected when the epoch is above zero); writable so that it can be opened in place.</summary>
    public Span<byte> Fragment { get; }
}

/// <summary>
/// Reads the DTLS records packed in one datagram (RFC 6347 section 4.1; several records may share a
/// datagram, none spans two).
/// </summary>
/// <remarks>
/// <code>
///  0               1               2               3
/// +---------------+---------------+---------------+---------------+
/// |  ContentType  |  ProtocolVersion (major, minor)|     epoch     ~
/// +---------------+---------------+---------------+---------------+
/// ~    epoch      |           sequence_number (48 bits)           ~
/// +---------------+---------------+---------------+---------------+
/// ~                               |            length             |
/// +---------------+---------------+---------------+---------------+
/// |                 fragment (length bytes) ...                    |
/// </code>
/// A record whose length runs past the datagram ends the read: the rest is malformed and dropped.
/// </remarks>
internal ref struct DtlsRecordReader
{
    /// <summary>Record header length.</summary>
    public const int HeaderLength = 13;

    /// <summary>The largest fragment RFC 6347 allows (2^14 plaintext plus 2048 of expansion).</summary>
    public const int MaxFragmentLength = 16384 + 2048;

    private Span<byte> _remaining;

    public DtlsRecordReader(Span<byte> datagram) => _remaining = datagram;

    /// <summary>Whether the reader stopped on bytes that are not a whole record.</summary>
    public bool Malformed { get; private set; }

    /// <summary>Reads the next record; false at the end of the datagram or on a malformed record.</summary>
    public bool TryReadNext(out DtlsRecord record)
    {
        record = default;
        if (_remaining.IsEmpty)
        {
            return false;
        }

        if (_remaining.Length < HeaderLength)
        {
            Malformed = true;
            _remaining = default;
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(_remaining[11..]);
        if (length > MaxFragmentLength || HeaderLength + length > _remaining.Length)
        {
            Malformed = true;
            _remaining = default;
            return false;
        }

        Span<byte> raw = _remaining[..(HeaderLength + length)];
        ulong epochAndSequence = BinaryPrimitives.ReadUInt64BigEndian(raw[3..]);
        record = new DtlsRecord(
            raw,
            (DtlsContentType)raw[0],
            BinaryPrimitives.ReadUInt16BigEndian(raw[1..]),
            (ushort)(epochAndSequence >> 48),
            epochAndSequence & 0xFFFF_FFFF_FFFF,
            raw[HeaderLength..]);
        _remaining = _remaining[raw.Length..];
        return true;
    }

    /// <summary>Writes a record header (RFC 6347 section 4.1) at the start of <paramref name="destination"/>.</summary>
    public static void WriteHeader(Span<byte> destination, DtlsContentType type, ushort version, ushort epoch, ulong sequenceNumber, int fragmentLength)
    {
        destination[0] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[1..], version);
        BinaryPrimitives.WriteUInt64BigEndian(destination[3..], ((ulong)epoch << 48) | (sequenceNumber & 0xFFFF_FFFF_FFFF));
        BinaryPrimitives.WriteUInt16BigEndian(destination[11..], (ushort)fragmentLength);
    }
}
