namespace RtcEngine.Dtls;

/// <summary>TLS extension types this engine reads or writes (IANA "TLS ExtensionType Values").</summary>
internal enum ExtensionType : ushort
{
    SupportedGroups = 10,
    EcPointFormats = 11,
    SignatureAlgorithms = 13,
    UseSrtp = 14,
    ExtendedMasterSecret = 23,
    SupportedVersions = 43,
    KeyShare = 51,
    RenegotiationInfo = 0xFF01,
}

/// <summary>
/// The hello extensions a DTLS 1.2 endpoint acts on, read from a ClientHello or ServerHello
/// (RFC 5246 section 7.4.1.4). Unknown extensions, and those only DTLS 1.3 uses (key_share,
/// supported_versions, psk_key_exchange_modes...), are skipped. A duplicated extension, or one whose
/// body does not parse, makes the whole list malformed.
/// </summary>
/// <remarks>
/// <code>
/// Extension extensions&lt;0..2^16-1&gt;;  struct { uint16 extension_type; opaque extension_data&lt;0..2^16-1&gt;; }
/// supported_groups:      NamedGroup named_group_list&lt;2..2^16-1&gt;            (RFC 8422 section 5.1.1)
/// ec_point_formats:      ECPointFormat ec_point_format_list&lt;1..2^8-1&gt;    (RFC 8422 section 5.1.2)
/// signature_algorithms:  SignatureAndHashAlgorithm list&lt;2..2^16-2&gt;       (RFC 5246 section 7.4.1.4.1)
/// use_srtp:              SRTPProtectionProfile profiles&lt;2..2^16-1&gt;; opaque srtp_mki&lt;0..255&gt; (RFC 5764 section 4.1.1)
/// extended_master_secret: empty                                            (RFC 7627 section 5.1)
/// renegotiation_info:    opaque renegotiated_connection&lt;0..255&gt;            (RFC 5746 section 3.2)
/// </code>
/// </remarks>
internal ref struct HelloExtensions
{
    public ReadOnlySpan<byte> SupportedGroups;
    public bool HasSupportedGroups;
    public ReadOnlySpan<byte> EcPointFormats;
    public bool HasEcPointFormats;
    public ReadOnlySpan<byte> SignatureAlgorithms;
    public bool HasSignatureAlgorithms;
    public ReadOnlySpan<byte> SrtpProfiles;
    public bool HasUseSrtp;
    public bool ExtendedMasterSecret;
    public ReadOnlySpan<byte> RenegotiationInfo;
    public bool HasRenegotiationInfo;

    /// <summary>Extension types seen that the caller did not ask for (ServerHello checks them against what it offered).</summary>
    public int UnknownCount;

    public static bool TryParse(ReadOnlySpan<byte> extensions, out HelloExtensions result)
    {
        result = default;
        var reader = new TlsReader(extensions);
        Span<ushort> seen = stackalloc ushort[64];
        int seenCount = 0;
        while (!reader.IsEmpty)
        {
            if (!reader.TryReadUInt16(out ushort type) || !reader.TryReadVector16(out ReadOnlySpan<byte> data))
            {
                return false;
            }

            if (seen[..seenCount].Contains(type) || seenCount == seen.Length)
            {
                return false; // RFC 5246 section 7.4.1.4: at most one of each type
            }

            seen[seenCount++] = type;
            var body = new TlsReader(data);
            switch ((ExtensionType)type)
            {
                case ExtensionType.SupportedGroups:
                    if (!body.TryReadVector16(out result.SupportedGroups) || !body.IsEmpty || result.SupportedGroups.Length % 2 != 0)
                    {
                        return false;
                    }

                    result.HasSupportedGroups = true;
                    break;
                case ExtensionType.EcPointFormats:
                    if (!body.TryReadVector8(out result.EcPointFormats) || !body.IsEmpty || result.EcPointFormats.IsEmpty)
                    {
                        return false;
                    }

                    result.HasEcPointFormats = true;
                    break;
                case ExtensionType.SignatureAlgorithms:
                    if (!body.TryReadVector16(out result.SignatureAlgorithms) || !body.IsEmpty || result.SignatureAlgorithms.Length % 2 != 0)
                    {
                        return false;
                    }

                    result.HasSignatureAlgorithms = true;
                    break;
                case ExtensionType.UseSrtp:
                    if (!body.TryReadVector16(out result.SrtpProfiles) || !body.TryReadVector8(out _) || !body.IsEmpty || result.SrtpProfiles.Length % 2 != 0)
                    {
                        return false;
                    }

                    result.HasUseSrtp = true;
                    break;
                case ExtensionType.ExtendedMasterSecret:
                    if (!data.IsEmpty)
                    {
                        return false;
                    }

                    result.ExtendedMasterSecret = true;
                    break;
                case ExtensionType.RenegotiationInfo:
                    if (!body.TryReadVector8(out result.RenegotiationInfo) || !body.IsEmpty)
                    {
                        return false;
                    }

                    result.HasRenegotiationInfo = true;
                    break;
                default:
                    result.UnknownCount++;
                    break;
            }
        }

        return true;
    }

    /// <summary>Whether a list of big-endian 16-bit values contains <paramref name="value"/>.</summary>
    public static bool ListContains(ReadOnlySpan<byte> list, ushort value)
    {
        for (int i = 0; i + 1 < list.Length; i += 2)
        {
            if ((list[i] << 8 | list[i + 1]) == value)
            {
                return true;
            }
        }

        return false;
    }
}
