namespace RtcEngine.Dtls;

/// <summary>
/// A ClientHello body (RFC 6347 section 4.2.1, which adds the cookie to RFC 5246 section 7.4.1.2).
/// </summary>
/// <remarks>
/// <code>
/// ProtocolVersion client_version;  Random random (32);  SessionID session_id&lt;0..32&gt;;
/// opaque cookie&lt;0..2^8-1&gt;;  CipherSuite cipher_suites&lt;2..2^16-2&gt;;
/// CompressionMethod compression_methods&lt;1..2^8-1&gt;;  Extension extensions&lt;0..2^16-1&gt; (optional)
/// </code>
/// </remarks>
internal readonly ref struct ClientHelloMessage
{
    public const int RandomLength = 32;

    public ushort ClientVersion { get; init; }

    public ReadOnlySpan<byte> Random { get; init; }

    public ReadOnlySpan<byte> SessionId { get; init; }

    public ReadOnlySpan<byte> Cookie { get; init; }

    public ReadOnlySpan<byte> CipherSuites { get; init; }

    public ReadOnlySpan<byte> CompressionMethods { get; init; }

    public ReadOnlySpan<byte> Extensions { get; init; }

    public static bool TryParse(ReadOnlySpan<byte> body, out ClientHelloMessage message)
    {
        message = default;
        var reader = new TlsReader(body);
        if (!reader.TryReadUInt16(out ushort version)
            || !reader.TryReadBytes(RandomLength, out ReadOnlySpan<byte> random)
            || !reader.TryReadVector8(out ReadOnlySpan<byte> sessionId) || sessionId.Length > 32
            || !reader.TryReadVector8(out ReadOnlySpan<byte> cookie)
            || !reader.TryReadVector16(out ReadOnlySpan<byte> suites) || suites.Length < 2 || suites.Length % 2 != 0
            || !reader.TryReadVector8(out ReadOnlySpan<byte> compression) || compression.IsEmpty)
        {
            return false;
        }

        ReadOnlySpan<byte> extensions = default;
        if (!reader.IsEmpty && (!reader.TryReadVector16(out extensions) || !reader.IsEmpty))
        {
            return false;
        }

        message = new ClientHelloMessage
        {
            ClientVersion = version,
            Random = random,
            SessionId = sessionId,
            Cookie = cookie,
            CipherSuites = suites,
            CompressionMethods = compression,
            Extensions = extensions,
        };
        return true;
    }
}

/// <summary>A ServerHello body (RFC 5246 section 7.4.1.3).</summary>
/// <remarks>
/// <code>
/// ProtocolVersion server_version;  Random random (32);  SessionID session_id&lt;0..32&gt;;
/// CipherSuite cipher_suite;  CompressionMethod compression_method;  Extension extensions&lt;0..2^16-1&gt; (optional)
/// </code>
/// </remarks>
internal readonly ref struct ServerHelloMessage
{
    public ushort ServerVersion { get; init; }

    public ReadOnlySpan<byte> Random { get; init; }

    public ReadOnlySpan<byte> SessionId { get; init; }

    public ushort CipherSuite { get; init; }

    public byte CompressionMethod { get; init; }

    public ReadOnlySpan<byte> Extensions { get; init; }

    public static bool TryParse(ReadOnlySpan<byte> body, out ServerHelloMessage message)
    {
        message = default;
        var reader = new TlsReader(body);
        if (!reader.TryReadUInt16(out ushort version)
            || !reader.TryReadBytes(ClientHelloMessage.RandomLength, out ReadOnlySpan<byte> random)
            || !reader.TryReadVector8(out ReadOnlySpan<byte> sessionId) || sessionId.Length > 32
            || !reader.TryReadUInt16(out ushort suite)
            || !reader.TryReadUInt8(out byte compression))
        {
            return false;
        }

        ReadOnlySpan<byte> extensions = default;
        if (!reader.IsEmpty && (!reader.TryReadVector16(out extensions) || !reader.IsEmpty))
        {
            return false;
        }

        message = new ServerHelloMessage
        {
            ServerVersion = version,
            Random = random,
            SessionId = sessionId,
            CipherSuite = suite,
            CompressionMethod = compression,
            Extensions = extensions,
        };
        return true;
    }
}

/// <summary>Writers of the hello messages this engine sends, and the HelloVerifyRequest codec.</summary>
/// <remarks>
/// HelloVerifyRequest (RFC 6347 section 4.2.1): <c>ProtocolVersion server_version; opaque cookie&lt;0..2^8-1&gt;;</c>
/// </remarks>
internal static class HelloMessages
{
    public const int MaxCookieLength = 255;

    public static bool TryParseHelloVerifyRequest(ReadOnlySpan<byte> body, out ushort version, out ReadOnlySpan<byte> cookie)
    {
        var reader = new TlsReader(body);
        cookie = default;
        return reader.TryReadUInt16(out version) && reader.TryReadVector8(out cookie) && reader.IsEmpty;
    }

    public static byte[] WriteHelloVerifyRequest(ReadOnlySpan<byte> cookie)
    {
        Span<byte> buffer = stackalloc byte[3 + MaxCookieLength];
        var writer = new TlsWriter(buffer);
        writer.WriteUInt16(DtlsVersion.Dtls10); // RFC 6347 section 4.2.1: DTLS 1.0 whatever version follows
        writer.WriteVector8(cookie);
        return writer.Written.ToArray();
    }

    public static byte[] WriteClientHello(
        ReadOnlySpan<byte> random,
        ReadOnlySpan<byte> cookie,
        IReadOnlyList<DtlsCipherSuite> suites,
        IReadOnlyList<DtlsNamedGroup> groups,
        IReadOnlyList<SrtpProtectionProfile> srtpProfiles)
    {
        Span<byte> buffer = stackalloc byte[1024];
        var writer = new TlsWriter(buffer);
        writer.WriteUInt16(DtlsVersion.Dtls12);
        writer.WriteBytes(random);
        writer.WriteVector8([]); // no session resumption
        writer.WriteVector8(cookie);
        int at = writer.BeginVector(2);
        foreach (DtlsCipherSuite suite in suites)
        {
            writer.WriteUInt16((ushort)suite);
        }

        writer.EndVector(at, 2);
        writer.WriteVector8([0]); // null compression only
        int extensions = writer.BeginVector(2);
        WriteSupportedGroups(ref writer, groups);
        WriteEcPointFormats(ref writer);
        writer.WriteUInt16((ushort)ExtensionType.SignatureAlgorithms);
        int ext = writer.BeginVector(2);
        int list = writer.BeginVector(2);
        foreach (ushort scheme in SignatureVerifier.Supported)
        {
            writer.WriteUInt16(scheme);
        }

        writer.EndVector(list, 2);
        writer.EndVector(ext, 2);
        if (srtpProfiles.Count > 0)
        {
            WriteUseSrtp(ref writer, srtpProfiles);
        }

        writer.WriteUInt16((ushort)ExtensionType.ExtendedMasterSecret);
        writer.WriteUInt16(0);
        WriteEmptyRenegotiationInfo(ref writer);
        writer.EndVector(extensions, 2);
        return writer.Written.ToArray();
    }

    public static byte[] WriteServerHello(
        ReadOnlySpan<byte> random,
        DtlsCipherSuite suite,
        bool renegotiationInfo,
        bool extendedMasterSecret,
        SrtpProtectionProfile srtpProfile,
        bool ecPointFormats)
    {
        Span<byte> buffer = stackalloc byte[256];
        var writer = new TlsWriter(buffer);
        writer.WriteUInt16(DtlsVersion.Dtls12);
        writer.WriteBytes(random);
        writer.WriteVector8([]); // no session id: no resumption offered
        writer.WriteUInt16((ushort)suite);
        writer.WriteUInt8(0);
        int extensions = writer.BeginVector(2);
        if (renegotiationInfo)
        {
            WriteEmptyRenegotiationInfo(ref writer);
        }

        if (extendedMasterSecret)
        {
            writer.WriteUInt16((ushort)ExtensionType.ExtendedMasterSecret);
            writer.WriteUInt16(0);
        }

        if (srtpProfile != SrtpProtectionProfile.None)
        {
            WriteUseSrtp(ref writer, [srtpProfile]);
        }

        if (ecPointFormats)
        {
            WriteEcPointFormats(ref writer);
        }

        writer.EndVector(extensions, 2);
        return writer.Written.ToArray();
    }

    private static void WriteSupportedGroups(ref TlsWriter writer, IReadOnlyList<DtlsNamedGroup> groups)
    {
        writer.WriteUInt16((ushort)ExtensionType.SupportedGroups);
        int ext = writer.BeginVector(2);
        int list = writer.BeginVector(2);
        foreach (DtlsNamedGroup group in groups)
        {
            writer.WriteUInt16((ushort)group);
        }

        writer.EndVector(list, 2);
        writer.EndVector(ext, 2);
    }

    private static void WriteEcPointFormats(ref TlsWriter writer)
    {
        writer.WriteUInt16((ushort)ExtensionType.EcPointFormats);
        writer.WriteUInt16(2);
        writer.WriteVector8([0]); // uncompressed
    }

    private static void WriteUseSrtp(ref TlsWriter writer, IReadOnlyList<SrtpProtectionProfile> profiles)
    {
        writer.WriteUInt16((ushort)ExtensionType.UseSrtp);
        int ext = writer.BeginVector(2);
        int list = writer.BeginVector(2);
        foreach (SrtpProtectionProfile profile in profiles)
        {
            writer.WriteUInt16((ushort)profile);
        }

        writer.EndVector(list, 2);
        writer.WriteVector8([]); // no MKI
        writer.EndVector(ext, 2);
    }

    private static void WriteEmptyRenegotiationInfo(ref TlsWriter writer)
    {
        writer.WriteUInt16((ushort)ExtensionType.RenegotiationInfo);
        writer.WriteUInt16(1);
        writer.WriteUInt8(0);
    }
}
