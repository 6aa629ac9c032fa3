using System.Buffers.Binary;
using RtcEngine.Primitives;
using RtcEngine.Primitives.Crypto;

namespace RtcEngine.Ice.Stun;

/// <summary>
/// A validated view of one STUN message (RFC 8489, RFC 5389 compatible), allocation-free. The
/// attributes are walked once by <see cref="TryRead"/>, which records where the ones ICE needs
/// lie, so that lookups after it are constant-time.
/// </summary>
/// <remarks>
/// <para>
/// Header and attributes (RFC 8489 sections 5 and 14):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 0|     STUN Message Type     |         Message Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Magic Cookie                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                     Transaction ID (96 bits)                  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Type                  |            Length             |  attribute,
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  repeated
/// |                  Value (variable, padded to 4)             ....
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </para>
/// <para>
/// Rules enforced: the top two bits are zero, the magic cookie is present (RFC 3489 messages are
/// rejected), the length is a multiple of four and matches the datagram exactly, every attribute
/// fits, MESSAGE-INTEGRITY is 20 bytes, MESSAGE-INTEGRITY-SHA256 16 to 32 bytes in steps of four,
/// FINGERPRINT is 4 bytes and last. Attributes after MESSAGE-INTEGRITY other than
/// MESSAGE-INTEGRITY-SHA256 and FINGERPRINT are ignored, as RFC 8489 section 14.5 requires. For
/// a repeated attribute the first occurrence counts. Unknown comprehension-optional attributes
/// (such as Chromium's GOOG-NETWORK-INFO) are skipped; unknown comprehension-required ones are
/// reported through <see cref="HasUnknownComprehensionRequired"/>.
/// </para>
/// <para>A view over the caller's bytes, valid while they are; not thread-safe.</para>
/// </remarks>
public readonly ref struct StunMessageReader
{
    private readonly ReadOnlySpan<byte> _message;
    private readonly ushort _type;
    private readonly int _username;
    private readonly int _priority;
    private readonly int _controlling;
    private readonly int _controlled;
    private readonly int _useCandidate;
    private readonly int _integrity;
    private readonly int _integritySha256;
    private readonly int _fingerprint;
    private readonly int _xorMapped;
    private readonly int _mapped;
    private readonly int _errorCode;
    private readonly int _unknownCount;
    private readonly int _ignoredFrom;

    private StunMessageReader(ReadOnlySpan<byte> message, ushort type, scoped in Index index)
    {
        _message = message;
        _type = type;
        _username = index.Username;
        _priority = index.Priority;
        _controlling = index.Controlling;
        _controlled = index.Controlled;
        _useCandidate = index.UseCandidate;
        _integrity = index.Integrity;
        _integritySha256 = index.IntegritySha256;
        _fingerprint = index.Fingerprint;
        _xorMapped = index.XorMapped;
        _mapped = index.Mapped;
        _errorCode = index.ErrorCode;
        _unknownCount = index.UnknownCount;
        _ignoredFrom = index.IgnoredFrom;
    }

    /// <summary>The whole message.</summary>
    public ReadOnlySpan<byte> Message => _message;

    /// <summary>The message type.</summary>
    public StunMessageType Type => StunMessageType.FromValue(_type);

    /// <summary>The method.</summary>
    public StunMethod Method => Type.Method;

    /// <summary>The class.</summary>
    public StunClass Class => Type.Class;

    /// <summary>The twelve transaction-id bytes.</summary>
    public ReadOnlySpan<byte> TransactionIdBytes => _message.Slice(StunConstants.TransactionIdOffset, StunConstants.TransactionIdLength);

    /// <summary>The transaction id as a value.</summary>
    public StunTransactionId TransactionId => StunTransactionId.FromBytes(TransactionIdBytes);

    /// <summary>Whether MESSAGE-INTEGRITY is present.</summary>
    public bool HasMessageIntegrity => _integrity != 0;

    /// <summary>Whether MESSAGE-INTEGRITY-SHA256 is present.</summary>
    public bool HasMessageIntegritySha256 => _integritySha256 != 0;

    /// <summary>Whether FINGERPRINT is present.</summary>
    public bool HasFingerprint => _fingerprint != 0;

    /// <summary>Whether USE-CANDIDATE is present.</summary>
    public bool HasUseCandidate => _useCandidate != 0;

    /// <summary>Whether a comprehension-required attribute this codec does not understand is present.</summary>
    public bool HasUnknownComprehensionRequired => _unknownCount != 0;

    /// <summary>
    /// Checks only the fixed header of <paramref name="data"/>: top bits, magic cookie, and a length
    /// that is a multiple of four and matches. A cheap test before <see cref="TryRead"/>.
    /// </summary>
    public static bool IsStunMessage(ReadOnlySpan<byte> data) =>
        data.Length >= StunConstants.HeaderLength
        && (data[0] & 0xC0) == 0
        && BinaryPrimitives.ReadUInt32BigEndian(data[StunConstants.CookieOffset..]) == StunConstants.MagicCookie
        && BinaryPrimitives.ReadUInt16BigEndian(data[StunConstants.LengthOffset..]) is var length
        && (length & 3) == 0
        && data.Length == StunConstants.HeaderLength + length;

    /// <summary>
    /// The total length of the message whose header starts <paramref name="data"/> (for framing a
    /// byte stream, such as TURN over TCP); false when the header is incomplete or not STUN.
    /// </summary>
    public static bool TryGetMessageLength(ReadOnlySpan<byte> data, out int length)
    {
        length = 0;
        if (data.Length < StunConstants.HeaderLength
            || (data[0] & 0xC0) != 0
            || BinaryPrimitives.ReadUInt32BigEndian(data[StunConstants.CookieOffset..]) != StunConstants.MagicCookie)
        {
            return false;
        }

        int bodyLength = BinaryPrimitives.ReadUInt16BigEndian(data[StunConstants.LengthOffset..]);
        if ((bodyLength & 3) != 0)
        {
            return false;
        }

        length = StunConstants.HeaderLength + bodyLength;
        return true;
    }

    /// <summary>
    /// Validates <paramref name="data"/> as exactly one STUN message and indexes its attributes.
    /// Never throws: false for anything malformed.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out StunMessageReader reader)
    {
        reader = default;
        if (!IsStunMessage(data))
        {
            return false;
        }

        var index = default(Index);
        int offset = StunConstants.HeaderLength;
        while (offset < data.Length)
        {
            if (index.Fingerprint != 0 || data.Length - offset < StunConstants.AttributeHeaderLength)
            {
                return false; // FINGERPRINT must be last; a partial attribute header
            }

            ushort type = BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
            int valueLength = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]);
            int next = offset + StunConstants.AttributeHeaderLength + StunConstants.Pad4(valueLength);
            if (next > data.Length)
            {
                return false;
            }

            if (!index.Add(type, valueLength, offset))
            {
                return false;
            }

            offset = next;
        }

        reader = new StunMessageReader(data, BinaryPrimitives.ReadUInt16BigEndian(data), index);
        return true;
    }

    /// <summary>The value of the first attribute of <paramref name="type"/> (before any ignored tail).</summary>
    public bool TryGetAttribute(StunAttributeType type, out ReadOnlySpan<byte> value) => TryGetAttribute((ushort)type, out value);

    /// <summary>The value of the first attribute of a raw <paramref name="type"/> (before any ignored tail).</summary>
    public bool TryGetAttribute(ushort type, out ReadOnlySpan<byte> value)
    {
        foreach (StunAttribute attribute in GetAttributes())
        {
            if (attribute.RawType == type)
            {
                value = attribute.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The attributes in order (those after MESSAGE-INTEGRITY that RFC 8489 ignores are left out).</summary>
    public StunAttributeEnumerator GetAttributes() => new(_message, _ignoredFrom == 0 ? _message.Length : _ignoredFrom);

    /// <summary>
    /// Copies the unknown comprehension-required attribute types into <paramref name="destination"/>
    /// (for a 420 response's UNKNOWN-ATTRIBUTES); returns how many were copied.
    /// </summary>
    public int GetUnknownComprehensionRequired(Span<ushort> destination)
    {
        int count = 0;
        foreach (StunAttribute attribute in GetAttributes())
        {
            if (count < destination.Length && StunAttributeTypes.IsComprehensionRequired(attribute.RawType) && !StunAttributeTypes.IsUnderstood(attribute.RawType))
            {
                destination[count++] = attribute.RawType;
            }
        }

        return count;
    }

    /// <summary>USERNAME's raw bytes (UTF-8).</summary>
    public bool TryGetUsername(out ReadOnlySpan<byte> username) => TryValueAt(_username, out username);

    /// <summary>PRIORITY (RFC 8445); false when absent or not four bytes.</summary>
    public bool TryGetPriority(out uint priority) => TryUInt32At(_priority, out priority);

    /// <summary>ICE-CONTROLLING's tie-breaker; false when absent or not eight bytes.</summary>
    public bool TryGetIceControlling(out ulong tieBreaker) => TryUInt64At(_controlling, out tieBreaker);

    /// <summary>ICE-CONTROLLED's tie-breaker; false when absent or not eight bytes.</summary>
    public bool TryGetIceControlled(out ulong tieBreaker) => TryUInt64At(_controlled, out tieBreaker);

    /// <summary>XOR-MAPPED-ADDRESS, decoded.</summary>
    public bool TryGetXorMappedAddress(out PeerAddress address)
    {
        address = default;
        return TryValueAt(_xorMapped, out ReadOnlySpan<byte> value) && StunAddressCodec.TryRead(value, xor: true, TransactionIdBytes, out address);
    }

    /// <summary>MAPPED-ADDRESS, decoded.</summary>
    public bool TryGetMappedAddress(out PeerAddress address)
    {
        address = default;
        return TryValueAt(_mapped, out ReadOnlySpan<byte> value) && StunAddressCodec.TryRead(value, xor: false, TransactionIdBytes, out address);
    }

    /// <summary>Any address attribute, decoded; <paramref name="xor"/> says whether it is an XOR form.</summary>
    public bool TryGetAddress(StunAttributeType type, bool xor, out PeerAddress address)
    {
        address = default;
        return TryGetAttribute(type, out ReadOnlySpan<byte> value) && StunAddressCodec.TryRead(value, xor, TransactionIdBytes, out address);
    }

    /// <summary>ERROR-CODE: the code (300..699) and the UTF-8 reason phrase.</summary>
    /// <remarks>
    /// <code>
    /// |           Reserved, should be 0         |Class|     Number    |
    /// |      Reason Phrase (variable)                                ..
    /// </code>
    /// </remarks>
    public bool TryGetErrorCode(out int code, out ReadOnlySpan<byte> reason)
    {
        code = 0;
        reason = default;
        if (!TryValueAt(_errorCode, out ReadOnlySpan<byte> value) || value.Length < 4)
        {
            return false;
        }

        int errorClass = value[2] & 0x07;
        int number = value[3];
        if (errorClass is < 3 or > 6 || number > 99)
        {
            return false;
        }

        code = errorClass * 100 + number;
        reason = value[4..];
        return true;
    }

    /// <summary>A four-byte attribute as a big-endian integer.</summary>
    public bool TryGetUInt32(StunAttributeType type, out uint value)
    {
        value = 0;
        if (!TryGetAttribute(type, out ReadOnlySpan<byte> bytes) || bytes.Length != 4)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        return true;
    }

    /// <summary>
    /// Whether FINGERPRINT is present and matches (CRC-32 of the message before it, XOR 0x5354554E).
    /// </summary>
    public bool VerifyFingerprint()
    {
        if (_fingerprint == 0)
        {
            return false;
        }

        uint expected = Crc32Checksum.Compute(_message[.._fingerprint]) ^ StunConstants.FingerprintXor;
        return BinaryPrimitives.ReadUInt32BigEndian(_message[(_fingerprint + StunConstants.AttributeHeaderLength)..]) == expected;
    }

    /// <summary>
    /// Whether MESSAGE-INTEGRITY is present and matches <paramref name="key"/> (the short-term
    /// password, or the long-term MD5 key), compared in constant time. The HMAC covers the message
    /// up to the attribute, with the header's length counting up to its end (RFC 8489 section 14.5).
    /// </summary>
    public bool VerifyMessageIntegrity(HmacSha1 key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_integrity == 0)
        {
            return false;
        }

        int end = _integrity + StunConstants.AttributeHeaderLength + StunConstants.MessageIntegrityLength;
        Span<byte> header = stackalloc byte[StunConstants.HeaderLength];
        _message[..StunConstants.HeaderLength].CopyTo(header);
        BinaryPrimitives.WriteUInt16BigEndian(header[StunConstants.LengthOffset..], (ushort)(end - StunConstants.HeaderLength));
        return key.Verify(
            header,
            _message[StunConstants.HeaderLength.._integrity],
            _message.Slice(_integrity + StunConstants.AttributeHeaderLength, StunConstants.MessageIntegrityLength));
    }

    /// <summary>
    /// Whether MESSAGE-INTEGRITY-SHA256 is present and matches <paramref name="key"/>
    /// (HMAC-SHA256, possibly truncated), compared in constant time (RFC 8489 section 14.6).
    /// </summary>
    public bool VerifyMessageIntegritySha256(ReadOnlySpan<byte> key)
    {
        if (_integritySha256 == 0)
        {
            return false;
        }

        int valueLength = BinaryPrimitives.ReadUInt16BigEndian(_message[(_integritySha256 + 2)..]);
        int end = _integritySha256 + StunConstants.AttributeHeaderLength + valueLength;
        return StunIntegrity.VerifySha256(
            key,
            _message[.._integritySha256],
            (ushort)(end - StunConstants.HeaderLength),
            _message.Slice(_integritySha256 + StunConstants.AttributeHeaderLength, valueLength));
    }

    private bool TryValueAt(int offset, out ReadOnlySpan<byte> value)
    {
        if (offset == 0)
        {
            value = default;
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(_message[(offset + 2)..]);
        value = _message.Slice(offset + StunConstants.AttributeHeaderLength, length);
        return true;
    }

    private bool TryUInt32At(int offset, out uint value)
    {
        value = 0;
        if (!TryValueAt(offset, out ReadOnlySpan<byte> bytes) || bytes.Length != 4)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        return true;
    }

    private bool TryUInt64At(int offset, out ulong value)
    {
        value = 0;
        if (!TryValueAt(offset, out ReadOnlySpan<byte> bytes) || bytes.Length != 8)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        return true;
    }

    /// <summary>Where the attributes ICE needs lie: offsets of their headers, zero when absent.</summary>
    private struct Index
    {
        public int Username;
        public int Priority;
        public int Controlling;
        public int Controlled;
        public int UseCandidate;
        public int Integrity;
        public int IntegritySha256;
        public int Fingerprint;
        public int XorMapped;
        public int Mapped;
        public int ErrorCode;
        public int UnknownCount;
        public int IgnoredFrom;

        /// <summary>Records one attribute; false when the message is malformed.</summary>
        public bool Add(ushort type, int length, int offset)
        {
            int at = offset;
            switch (type)
            {
                case (ushort)StunAttributeType.Fingerprint:
                    if (length != StunConstants.FingerprintLength)
                    {
                        return false;
                    }

                    Fingerprint = at;
                    return true;
                case (ushort)StunAttributeType.MessageIntegritySha256:
                    if (length is < 16 or > 32 || (length & 3) != 0)
                    {
                        return false;
                    }

                    if (IntegritySha256 == 0)
                    {
                        IntegritySha256 = at;
                        IgnoredFrom = IgnoredFrom == 0 ? offset + 4 + length : IgnoredFrom;
                    }

                    return true;
            }

            if (Integrity != 0 || IntegritySha256 != 0)
            {
                return true; // after MESSAGE-INTEGRITY: ignored (RFC 8489 section 14.5)
            }

            switch (type)
            {
                case (ushort)StunAttributeType.MessageIntegrity:
                    if (length != StunConstants.MessageIntegrityLength)
                    {
                        return false;
                    }

                    Integrity = at;
                    IgnoredFrom = offset + 4 + length;
                    break;
                case (ushort)StunAttributeType.Username:
                    Username = Username == 0 ? at : Username;
                    break;
                case (ushort)StunAttributeType.Priority:
                    Priority = Priority == 0 ? at : Priority;
                    break;
                case (ushort)StunAttributeType.IceControlling:
                    Controlling = Controlling == 0 ? at : Controlling;
                    break;
                case (ushort)StunAttributeType.IceControlled:
                    Controlled = Controlled == 0 ? at : Controlled;
                    break;
                case (ushort)StunAttributeType.UseCandidate:
                    UseCandidate = UseCandidate == 0 ? at : UseCandidate;
                    break;
                case (ushort)StunAttributeType.XorMappedAddress:
                    XorMapped = XorMapped == 0 ? at : XorMapped;
                    break;
                case (ushort)StunAttributeType.MappedAddress:
                    Mapped = Mapped == 0 ? at : Mapped;
                    break;
                case (ushort)StunAttributeType.ErrorCode:
                    ErrorCode = ErrorCode == 0 ? at : ErrorCode;
                    break;
                default:
                    if (!StunAttributeTypes.IsUnderstood(type))
                    {
                        UnknownCount++;
                    }

                    break;
            }

            return true;
        }
    }
}
