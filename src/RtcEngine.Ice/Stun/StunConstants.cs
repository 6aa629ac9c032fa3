namespace RtcEngine.Ice.Stun;

/// <summary>Fixed sizes and values of the STUN wire format (RFC 8489).</summary>
public static class StunConstants
{
    /// <summary>Length of the STUN header: type, length, magic cookie, transaction id.</summary>
    public const int HeaderLength = 20;

    /// <summary>The magic cookie (RFC 8489 section 5), which also keys the XOR address encoding.</summary>
    public const uint MagicCookie = 0x2112A442;

    /// <summary>Length of a transaction id.</summary>
    public const int TransactionIdLength = 12;

    /// <summary>Length of an attribute header (type and length).</summary>
    public const int AttributeHeaderLength = 4;

    /// <summary>Length of the MESSAGE-INTEGRITY value (HMAC-SHA1).</summary>
    public const int MessageIntegrityLength = 20;

    /// <summary>Full length of the MESSAGE-INTEGRITY-SHA256 value (it may be truncated to 16..32 bytes).</summary>
    public const int MessageIntegritySha256Length = 32;

    /// <summary>Length of the FINGERPRINT value.</summary>
    public const int FingerprintLength = 4;

    /// <summary>What the CRC-32 is XORed with to make FINGERPRINT (RFC 8489 section 14.7: "STUN").</summary>
    public const uint FingerprintXor = 0x5354554E;

    /// <summary>The largest message this codec reads or writes (the length field is 16 bits).</summary>
    public const int MaxMessageLength = HeaderLength + 0xFFFC;

    /// <summary>Offset of the length field in the header.</summary>
    internal const int LengthOffset = 2;

    /// <summary>Offset of the magic cookie in the header.</summary>
    internal const int CookieOffset = 4;

    /// <summary>Offset of the transaction id in the header.</summary>
    internal const int TransactionIdOffset = 8;

    /// <summary>Rounds an attribute value length up to the 4-byte boundary.</summary>
    internal static int Pad4(int length) => (length + 3) & ~3;
}

/// <summary>STUN and TURN error codes used by this stack (RFC 8489 section 14.8, RFC 8445, RFC 8656).</summary>
public static class StunErrorCodes
{
    /// <summary>300 Try Alternate.</summary>
    public const int TryAlternate = 300;

    /// <summary>400 Bad Request: malformed, or missing USERNAME / MESSAGE-INTEGRITY.</summary>
    public const int BadRequest = 400;

    /// <summary>401 Unauthenticated: wrong credentials.</summary>
    public const int Unauthenticated = 401;

    /// <summary>403 Forbidden.</summary>
    public const int Forbidden = 403;

    /// <summary>420 Unknown Attribute: a comprehension-required attribute was not understood.</summary>
    public const int UnknownAttribute = 420;

    /// <summary>437 Allocation Mismatch (TURN).</summary>
    public const int AllocationMismatch = 437;

    /// <summary>438 Stale Nonce.</summary>
    public const int StaleNonce = 438;

    /// <summary>441 Wrong Credentials (TURN).</summary>
    public const int WrongCredentials = 441;

    /// <summary>442 Unsupported Transport Protocol (TURN).</summary>
    public const int UnsupportedTransportProtocol = 442;

    /// <summary>486 Allocation Quota Reached (TURN).</summary>
    public const int AllocationQuotaReached = 486;

    /// <summary>487 Role Conflict (ICE).</summary>
    public const int RoleConflict = 487;

    /// <summary>500 Server Error.</summary>
    public const int ServerError = 500;

    /// <summary>508 Insufficient Capacity (TURN).</summary>
    public const int InsufficientCapacity = 508;

    /// <summary>The reason phrase RFC 8489 suggests for a code (empty for codes it does not name).</summary>
    public static string ReasonPhrase(int code) => code switch
    {
        TryAlternate => "Try Alternate",
        BadRequest => "Bad Request",
        Unauthenticated => "Unauthenticated",
        Forbidden => "Forbidden",
        UnknownAttribute => "Unknown Attribute",
        AllocationMismatch => "Allocation Mismatch",
        StaleNonce => "Stale Nonce",
        WrongCredentials => "Wrong Credentials",
        UnsupportedTransportProtocol => "Unsupported Transport Protocol",
        AllocationQuotaReached => "Allocation Quota Reached",
        RoleConflict => "Role Conflict",
        ServerError => "Server Error",
        InsufficientCapacity => "Insufficient Capacity",
        _ => string.Empty,
    };
}
