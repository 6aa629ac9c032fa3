using System.Buffers.Binary;

namespace RtcEngine.Dtls;

/// <summary>Handshake message types (RFC 5246 section 7.4, RFC 6347 section 4.2.2).</summary>
internal enum HandshakeType : byte
{
    HelloRequest = 0,
    ClientHello = 1,
    ServerHello = 2,
    HelloVerifyRequest = 3,
    Certificate = 11,
    ServerKeyExchange = 12,
    CertificateRequest = 13,
    ServerHelloDone = 14,
    CertificateVerify = 15,
    ClientKeyExchange = 16,
    Finished = 20,
}

/// <summary>One handshake message fragment inside a handshake record.</summary>
internal readonly ref struct HandshakeFragment
{
    public HandshakeFragment(HandshakeType type, int length, ushort messageSeq, int fragmentOffset, ReadOnlySpan<byte> body)
    {
        Type = type;
        Length = length;
        MessageSeq = messageSeq;
        FragmentOffset = fragmentOffset;
        Body = body;
    }

    public HandshakeType Type { get; }

    /// <summary>The whole message's body length.</summary>
    public int Length { get; }

    public ushort MessageSeq { get; }

    public int FragmentOffset { get; }

    /// <summary>This fragment's bytes (fragment_length of them).</summary>
    public ReadOnlySpan<byte> Body { get; }
}

/// <summary>
/// The DTLS handshake header (RFC 6347 section 4.2.2), 12 bytes in front of every fragment; a
/// handshake record holds one or more fragments.
/// </summary>
/// <remarks>
/// <code>
/// +--------+------------------------+----------------+------------------------+------------------------+
/// |msg_type|   length (24 bits)     | message_seq(16)| fragment_offset (24)   | fragment_length (24)   |
/// +--------+------------------------+----------------+------------------------+------------------------+
/// </code>
/// </remarks>
internal ref struct HandshakeFragmentReader
{
    public const int HeaderLength = 12;

    private ReadOnlySpan<byte> _remaining;

    public HandshakeFragmentReader(ReadOnlySpan<byte> recordPlaintext) => _remaining = recordPlaintext;

    /// <summary>Whether the reader stopped on bytes that are not a valid fragment.</summary>
    public bool Malformed { get; private set; }

    public bool TryReadNext(out HandshakeFragment fragment)
    {
        fragment = default;
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

        int length = Read24(_remaining[1..]);
        ushort messageSeq = BinaryPrimitives.ReadUInt16BigEndian(_remaining[4..]);
        int offset = Read24(_remaining[6..]);
        int fragmentLength = Read24(_remaining[9..]);
        if (HeaderLength + fragmentLength > _remaining.Length || offset + fragmentLength > length)
        {
            Malformed = true;
            _remaining = default;
            return false;
        }

        fragment = new HandshakeFragment((HandshakeType)_remaining[0], length, messageSeq, offset, _remaining.Slice(HeaderLength, fragmentLength));
        _remaining = _remaining[(HeaderLength + fragmentLength)..];
        return true;
    }

    /// <summary>Writes a handshake header.</summary>
    public static void WriteHeader(Span<byte> destination, HandshakeType type, int length, ushort messageSeq, int fragmentOffset, int fragmentLength)
    {
        destination[0] = (byte)type;
        Write24(destination[1..], length);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], messageSeq);
        Write24(destination[6..], fragmentOffset);
        Write24(destination[9..], fragmentLength);
    }

    private static int Read24(ReadOnlySpan<byte> b) => b[0] << 16 | b[1] << 8 | b[2];

    private static void Write24(Span<byte> b, int value)
    {
        b[0] = (byte)(value >> 16);
        b[1] = (byte)(value >> 8);
        b[2] = (byte)value;
    }
}
