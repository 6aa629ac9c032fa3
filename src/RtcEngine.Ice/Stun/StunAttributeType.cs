namespace RtcEngine.Ice.Stun;

/// <summary>
/// STUN attribute types WebRTC uses (RFC 8489 section 18.3, RFC 8445 section 16.1, RFC 8656
/// section 18). Values below 0x8000 are comprehension-required: a request carrying one the
/// receiver does not know is answered with 420 (Unknown Attribute).
/// </summary>
public enum StunAttributeType : ushort
{
    /// <summary>MAPPED-ADDRESS (RFC 8489 14.1): the reflexive address, unobfuscated (legacy servers).</summary>
    MappedAddress = 0x0001,

    /// <summary>USERNAME (RFC 8489 14.3): "LFRAG:RFRAG" in ICE checks.</summary>
    Username = 0x0006,

    /// <summary>MESSAGE-INTEGRITY (RFC 8489 14.5): HMAC-SHA1 over the message.</summary>
    MessageIntegrity = 0x0008,

    /// <summary>ERROR-CODE (RFC 8489 14.8).</summary>
    ErrorCode = 0x0009,

    /// <summary>UNKNOWN-ATTRIBUTES (RFC 8489 14.9): the types a 420 response did not understand.</summary>
    UnknownAttributes = 0x000A,

    /// <summary>CHANNEL-NUMBER (RFC 8656 18.1).</summary>
    ChannelNumber = 0x000C,

    /// <summary>LIFETIME (RFC 8656 18.2).</summary>
    Lifetime = 0x000D,

    /// <summary>XOR-PEER-ADDRESS (RFC 8656 18.3).</summary>
    XorPeerAddress = 0x0012,

    /// <summary>DATA (RFC 8656 18.4).</summary>
    Data = 0x0013,

    /// <summary>REALM (RFC 8489 14.9).</summary>
    Realm = 0x0014,

    /// <summary>NONCE (RFC 8489 14.10).</summary>
    Nonce = 0x0015,

    /// <summary>XOR-RELAYED-ADDRESS (RFC 8656 18.5).</summary>
    XorRelayedAddress = 0x0016,

    /// <summary>REQUESTED-ADDRESS-FAMILY (RFC 8656 18.6).</summary>
    RequestedAddressFamily = 0x0017,

    /// <summary>EVEN-PORT (RFC 8656 18.7).</summary>
    EvenPort = 0x0018,

    /// <summary>REQUESTED-TRANSPORT (RFC 8656 18.8).</summary>
    RequestedTransport = 0x0019,

    /// <summary>DONT-FRAGMENT (RFC 8656 18.9).</summary>
    DontFragment = 0x001A,

    /// <summary>MESSAGE-INTEGRITY-SHA256 (RFC 8489 14.6).</summary>
    MessageIntegritySha256 = 0x001C,

    /// <summary>PASSWORD-ALGORITHM (RFC 8489 14.12).</summary>
    PasswordAlgorithm = 0x001D,

    /// <summary>USERHASH (RFC 8489 14.4).</summary>
    UserHash = 0x001E,

    /// <summary>XOR-MAPPED-ADDRESS (RFC 8489 14.2): the reflexive address, XOR-obfuscated.</summary>
    XorMappedAddress = 0x0020,

    /// <summary>RESERVATION-TOKEN (RFC 8656 18.10).</summary>
    ReservationToken = 0x0022,

    /// <summary>PRIORITY (RFC 8445 16.1): priority a peer-reflexive candidate learned from this check would get.</summary>
    Priority = 0x0024,

    /// <summary>USE-CANDIDATE (RFC 8445 16.1): the controlling agent nominates this pair.</summary>
    UseCandidate = 0x0025,

    /// <summary>ADDITIONAL-ADDRESS-FAMILY (RFC 8656 18.11), comprehension-optional.</summary>
    AdditionalAddressFamily = 0x8000,

    /// <summary>ADDRESS-ERROR-CODE (RFC 8656 18.12), comprehension-optional.</summary>
    AddressErrorCode = 0x8001,

    /// <summary>PASSWORD-ALGORITHMS (RFC 8489 14.11), comprehension-optional.</summary>
    PasswordAlgorithms = 0x8002,

    /// <summary>ALTERNATE-DOMAIN (RFC 8489 14.16), comprehension-optional.</summary>
    AlternateDomain = 0x8003,

    /// <summary>ICMP (RFC 8656 18.13), comprehension-optional.</summary>
    Icmp = 0x8004,

    /// <summary>SOFTWARE (RFC 8489 14.14), comprehension-optional.</summary>
    Software = 0x8022,

    /// <summary>ALTERNATE-SERVER (RFC 8489 14.15), comprehension-optional.</summary>
    AlternateServer = 0x8023,

    /// <summary>FINGERPRINT (RFC 8489 14.7): CRC-32 of the message XOR 0x5354554E; always last.</summary>
    Fingerprint = 0x8028,

    /// <summary>ICE-CONTROLLED (RFC 8445 16.1): the sender's tie-breaker, as controlled agent.</summary>
    IceControlled = 0x8029,

    /// <summary>ICE-CONTROLLING (RFC 8445 16.1): the sender's tie-breaker, as controlling agent.</summary>
    IceControlling = 0x802A,

    /// <summary>RESPONSE-ORIGIN (RFC 5780), comprehension-optional.</summary>
    ResponseOrigin = 0x802B,

    /// <summary>OTHER-ADDRESS (RFC 5780), comprehension-optional.</summary>
    OtherAddress = 0x802C,

    /// <summary>GOOG-NETWORK-INFO (Chromium), comprehension-optional: ignored.</summary>
    GoogNetworkInfo = 0xC057,
}

/// <summary>Helpers over <see cref="StunAttributeType"/>.</summary>
public static class StunAttributeTypes
{
    /// <summary>Whether a type is comprehension-required (0x0000-0x7FFF).</summary>
    public static bool IsComprehensionRequired(ushort type) => type < 0x8000;

    /// <summary>
    /// Whether this implementation understands a comprehension-required type. Comprehension-optional
    /// types are always acceptable (skipped when unknown).
    /// </summary>
    public static bool IsUnderstood(ushort type) => type switch
    {
        0x0001 or 0x0006 or 0x0008 or 0x0009 or 0x000A or 0x000C or 0x000D or 0x0012 or 0x0013 or 0x0014
            or 0x0015 or 0x0016 or 0x0017 or 0x0018 or 0x0019 or 0x001A or 0x001C or 0x001D or 0x001E
            or 0x0020 or 0x0022 or 0x0024 or 0x0025 => true,
        _ => type >= 0x8000,
    };
}
