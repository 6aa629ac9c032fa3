using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using RtcEngine.Primitives;
using RtcEngine.Primitives.Crypto;

namespace RtcEngine.Ice.Stun;

/// <summary>
/// Writes one STUN message into a caller's span, attribute by attribute, allocation-free (the
/// incremental shape of <c>Utf8JsonWriter</c>: a STUN message is built, not serialized from an
/// object). The header's length field is kept current after every attribute, so
/// MESSAGE-INTEGRITY and FINGERPRINT, which must cover it, are computed in place.
/// </summary>
/// <remarks>
/// <para>
/// Every <c>TryAdd*</c> returns false, writing nothing, when the span has no room; the message
/// written so far stays valid. The order is the caller's: MESSAGE-INTEGRITY, then optionally
/// MESSAGE-INTEGRITY-SHA256, then FINGERPRINT come last (RFC 8489 section 14).
/// </para>
/// <para>
/// Padding bytes are zero unless another byte is given (the RFC 5769 vectors pad with 0x20, and
/// MESSAGE-INTEGRITY covers the padding, so reproducing them needs it). Not thread-safe.
/// </para>
/// </remarks>
public ref struct StunMessageWriter
{
    private readonly Span<byte> _buffer;
    private readonly byte _padding;
    private int _length;

    /// <summary>Starts a message with its header.</summary>
    /// <param name="destination">Where the message goes; at least <see cref="StunConstants.HeaderLength"/> bytes.</param>
    /// <param name="type">The message type.</param>
    /// <param name="transactionId">The transaction id.</param>
    /// <param name="paddingByte">The byte attributes are padded with (zero by default).</param>
    public StunMessageWriter(Span<byte> destination, StunMessageType type, StunTransactionId transactionId, byte paddingByte = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, StunConstants.HeaderLength, nameof(destination));
        _buffer = destination;
        _padding = paddingByte;
        BinaryPrimitives.WriteUInt16BigEndian(destination, type.Value);
        BinaryPrimitives.WriteUInt16BigEndian(destination[StunConstants.LengthOffset..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[StunConstants.CookieOffset..], StunConstants.MagicCookie);
        transactionId.WriteTo(destination[StunConstants.TransactionIdOffset..]);
        _length = StunConstants.HeaderLength;
    }

    /// <summary>Starts a message with its header, the transaction id given as twelve bytes.</summary>
    public StunMessageWriter(Span<byte> destination, StunMessageType type, ReadOnlySpan<byte> transactionId, byte paddingByte = 0)
        : this(destination, type, StunTransactionId.FromBytes(transactionId), paddingByte)
    {
    }

    /// <summary>Bytes written so far (the whole message: header and attributes).</summary>
    public readonly int Length => _length;

    /// <summary>The message written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    private readonly ReadOnlySpan<byte> TransactionIdBytes => _buffer.Slice(StunConstants.TransactionIdOffset, StunConstants.TransactionIdLength);

    /// <summary>Adds an attribute with a raw value.</summary>
    public bool TryAddAttribute(StunAttributeType type, scoped ReadOnlySpan<byte> value) => TryAddAttribute((ushort)type, value);

    /// <summary>Adds an attribute of a raw type with a raw value.</summary>
    public bool TryAddAttribute(ushort type, scoped ReadOnlySpan<byte> value)
    {
        if (!TryReserve(type, value.Length, out Span<byte> destination))
        {
            return false;
        }

        value.CopyTo(destination);
        return true;
    }

    /// <summary>Adds a text attribute (USERNAME, REALM, NONCE, SOFTWARE) as UTF-8.</summary>
    public bool TryAddString(StunAttributeType type, scoped ReadOnlySpan<char> text)
    {
        int length = Encoding.UTF8.GetByteCount(text);
        if (!TryReserve((ushort)type, length, out Span<byte> destination))
        {
            return false;
        }

        Encoding.UTF8.GetBytes(text, destination);
        return true;
    }

    /// <summary>Adds a four-byte big-endian attribute (PRIORITY, LIFETIME, ...).</summary>
    public bool TryAddUInt32(StunAttributeType type, uint value)
    {
        if (!TryReserve((ushort)type, 4, out Span<byte> destination))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, value);
        return true;
    }

    /// <summary>Adds an eight-byte big-endian attribute (ICE-CONTROLLING, ICE-CONTROLLED, ...).</summary>
    public bool TryAddUInt64(StunAttributeType type, ulong value)
    {
        if (!TryReserve((ushort)type, 8, out Span<byte> destination))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, value);
        return true;
    }

    /// <summary>Adds an attribute with no value (USE-CANDIDATE, DONT-FRAGMENT).</summary>
    public bool TryAddFlag(StunAttributeType type) => TryReserve((ushort)type, 0, out _);

    /// <summary>Adds an XOR-obfuscated address attribute (XOR-MAPPED-ADDRESS, XOR-PEER-ADDRESS, XOR-RELAYED-ADDRESS).</summary>
    public bool TryAddXorAddress(StunAttributeType type, PeerAddress address) => TryAddAddress(type, address, xor: true);

    /// <summary>Adds XOR-MAPPED-ADDRESS.</summary>
    public bool TryAddXorMappedAddress(PeerAddress address) => TryAddAddress(StunAttributeType.XorMappedAddress, address, xor: true);

    /// <summary>Adds a plain address attribute (MAPPED-ADDRESS, ALTERNATE-SERVER, ...).</summary>
    public bool TryAddAddress(StunAttributeType type, PeerAddress address) => TryAddAddress(type, address, xor: false);

    /// <summary>Adds ERROR-CODE (300..699) with a UTF-8 reason phrase (at most 763 bytes).</summary>
    public bool TryAddErrorCode(int code, scoped ReadOnlySpan<char> reason)
    {
        if (code is < 300 or > 699)
        {
            ThrowErrorCodeOutOfRange(code);
        }

        int reasonLength = Encoding.UTF8.GetByteCount(reason);
        if (reasonLength > 763)
        {
            ThrowReasonTooLong();
        }

        if (!TryReserve((ushort)StunAttributeType.ErrorCode, 4 + reasonLength, out Span<byte> destination))
        {
            return false;
        }

        destination[0] = 0;
        destination[1] = 0;
        destination[2] = (byte)(code / 100);
        destination[3] = (byte)(code % 100);
        Encoding.UTF8.GetBytes(reason, destination[4..]);
        return true;
    }

    /// <summary>Adds UNKNOWN-ATTRIBUTES listing <paramref name="types"/>.</summary>
    public bool TryAddUnknownAttributes(scoped ReadOnlySpan<ushort> types)
    {
        if (!TryReserve((ushort)StunAttributeType.UnknownAttributes, types.Length * 2, out Span<byte> destination))
        {
            return false;
        }

        for (int i = 0; i < types.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[(i * 2)..], types[i]);
        }

        return true;
    }

    /// <summary>
    /// Adds MESSAGE-INTEGRITY: HMAC-SHA1 keyed by <paramref name="key"/> over the message so far,
    /// with the header's length counting the attribute (RFC 8489 section 14.5).
    /// </summary>
    public bool TryAddMessageIntegrity(HmacSha1 key)
    {
        ArgumentNullException.ThrowIfNull(key);
        int start = _length;
        if (!TryReserve((ushort)StunAttributeType.MessageIntegrity, StunConstants.MessageIntegrityLength, out Span<byte> destination))
        {
            return false;
        }

        key.ComputeHash(_buffer[..start], destination);
        return true;
    }

    /// <summary>
    /// Adds MESSAGE-INTEGRITY-SHA256 (RFC 8489 section 14.6), <paramref name="length"/> bytes long
    /// (16 to 32, a multiple of four).
    /// </summary>
    public bool TryAddMessageIntegritySha256(scoped ReadOnlySpan<byte> key, int length = StunConstants.MessageIntegritySha256Length)
    {
        if (length is < 16 or > 32 || (length & 3) != 0)
        {
            ThrowSha256LengthInvalid();
        }

        int start = _length;
        if (!TryReserve((ushort)StunAttributeType.MessageIntegritySha256, length, out Span<byte> destination))
        {
            return false;
        }

        StunIntegrity.ComputeSha256(key, _buffer[..start], (ushort)(_length - StunConstants.HeaderLength), destination);
        return true;
    }

    /// <summary>Adds FINGERPRINT: CRC-32 of the message so far XOR 0x5354554E (RFC 8489 section 14.7). It must be last.</summary>
    public bool TryAddFingerprint()
    {
        int start = _length;
        if (!TryReserve((ushort)StunAttributeType.Fingerprint, StunConstants.FingerprintLength, out Span<byte> destination))
        {
            return false;
        }

        uint crc = Crc32Checksum.Compute(_buffer[..start]) ^ StunConstants.FingerprintXor;
        BinaryPrimitives.WriteUInt32BigEndian(destination, crc);
        return true;
    }

    private bool TryAddAddress(StunAttributeType type, PeerAddress address, bool xor)
    {
        if (address.IsNone)
        {
            ThrowAddressNone();
        }

        if (!TryReserve((ushort)type, StunAddressCodec.GetLength(address), out Span<byte> destination))
        {
            return false;
        }

        StunAddressCodec.Write(destination, address, xor, TransactionIdBytes);
        return true;
    }

    /// <summary>
    /// Writes an attribute header and padding, updates the message length, and hands back the
    /// value's place. False (nothing written) when it does not fit.
    /// </summary>
    private bool TryReserve(ushort type, int valueLength, out Span<byte> value)
    {
        int padded = StunConstants.Pad4(valueLength);
        int end = _length + StunConstants.AttributeHeaderLength + padded;
        if (valueLength > ushort.MaxValue || end > _buffer.Length || end - StunConstants.HeaderLength > 0xFFFC)
        {
            value = default;
            return false;
        }

        Span<byte> attribute = _buffer[_length..end];
        BinaryPrimitives.WriteUInt16BigEndian(attribute, type);
        BinaryPrimitives.WriteUInt16BigEndian(attribute[2..], (ushort)valueLength);
        attribute[(StunConstants.AttributeHeaderLength + valueLength)..].Fill(_padding);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[StunConstants.LengthOffset..], (ushort)(end - StunConstants.HeaderLength));
        _length = end;
        value = attribute.Slice(StunConstants.AttributeHeaderLength, valueLength);
        return true;
    }

    [DoesNotReturn]
    private static void ThrowErrorCodeOutOfRange(int code) =>
        throw new ArgumentOutOfRangeException(nameof(code), code, "STUN error codes are 300 to 699.");

    [DoesNotReturn]
    private static void ThrowReasonTooLong() =>
        throw new ArgumentException("The reason phrase is longer than 763 bytes of UTF-8.", "reason");

    [DoesNotReturn]
    private static void ThrowSha256LengthInvalid() =>
        throw new ArgumentOutOfRangeException("length", "MESSAGE-INTEGRITY-SHA256 is 16 to 32 bytes, a multiple of four.");

    [DoesNotReturn]
    private static void ThrowAddressNone() =>
        throw new ArgumentException("An address attribute needs an IPv4 or IPv6 address.", "address");
}
