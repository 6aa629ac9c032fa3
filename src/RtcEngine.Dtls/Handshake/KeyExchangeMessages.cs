namespace RtcEngine.Dtls;

/// <summary>
/// Codecs of the certificate and key-exchange handshake messages (RFC 5246 sections 7.4.2 to
/// 7.4.8, RFC 8422 section 5). Parsers are <c>Try</c> methods that never throw; writers return
/// the body bytes (built once per handshake).
/// </summary>
/// <remarks>
/// <code>
/// Certificate:        ASN.1Cert certificate_list&lt;0..2^24-1&gt;;  opaque ASN.1Cert&lt;1..2^24-1&gt;
/// ServerKeyExchange:  ECCurveType curve_type (3 = named_curve); NamedCurve namedcurve;
///                     opaque point&lt;1..2^8-1&gt;;  SignatureAndHashAlgorithm algorithm; opaque signature&lt;0..2^16-1&gt;
/// CertificateRequest: ClientCertificateType certificate_types&lt;1..2^8-1&gt;;
///                     SignatureAndHashAlgorithm supported_signature_algorithms&lt;2..2^16-2&gt;;
///                     DistinguishedName certificate_authorities&lt;0..2^16-1&gt;
/// ClientKeyExchange:  opaque point&lt;1..2^8-1&gt;
/// CertificateVerify:  SignatureAndHashAlgorithm algorithm; opaque signature&lt;0..2^16-1&gt;
/// Finished:           opaque verify_data[12]
/// </code>
/// </remarks>
internal static class KeyExchangeMessages
{
    public const byte NamedCurveType = 3;
    public const int VerifyDataLength = 12;

    private const byte EcdsaSignCertificateType = 64;
    private const byte RsaSignCertificateType = 1;

    /// <summary>The first (end-entity) certificate of a Certificate message; an empty list gives an empty span.</summary>
    public static bool TryParseCertificate(ReadOnlySpan<byte> body, out ReadOnlySpan<byte> endEntity)
    {
        endEntity = default;
        var reader = new TlsReader(body);
        if (!reader.TryReadVector24(out ReadOnlySpan<byte> list) || !reader.IsEmpty)
        {
            return false;
        }

        var entries = new TlsReader(list);
        bool first = true;
        while (!entries.IsEmpty)
        {
            if (!entries.TryReadVector24(out ReadOnlySpan<byte> certificate) || certificate.IsEmpty)
            {
                return false;
            }

            if (first)
            {
                endEntity = certificate;
                first = false;
            }
        }

        return true;
    }

    public static byte[] WriteCertificate(ReadOnlySpan<byte> der)
    {
        byte[] body = new byte[6 + der.Length];
        var writer = new TlsWriter(body);
        writer.WriteUInt24(3 + der.Length);
        writer.WriteVector24(der);
        return body;
    }

    /// <summary>The parameters that the signature covers (everything before the algorithm) are returned as <paramref name="signedParams"/>.</summary>
    public static bool TryParseServerKeyExchange(
        ReadOnlySpan<byte> body,
        out ushort group,
        out ReadOnlySpan<byte> point,
        out ReadOnlySpan<byte> signedParams,
        out ushort scheme,
        out ReadOnlySpan<byte> signature)
    {
        group = 0;
        point = default;
        signedParams = default;
        scheme = 0;
        signature = default;
        var reader = new TlsReader(body);
        if (!reader.TryReadUInt8(out byte curveType) || curveType != NamedCurveType
            || !reader.TryReadUInt16(out group)
            || !reader.TryReadVector8(out point) || point.IsEmpty)
        {
            return false;
        }

        signedParams = body[..reader.Position];
        return reader.TryReadUInt16(out scheme) && reader.TryReadVector16(out signature) && reader.IsEmpty;
    }

    /// <summary>The ServerECDHParams (what the signature covers after the two randoms).</summary>
    public static byte[] WriteServerEcdhParams(DtlsNamedGroup group, ReadOnlySpan<byte> point)
    {
        byte[] body = new byte[4 + point.Length];
        var writer = new TlsWriter(body);
        writer.WriteUInt8(NamedCurveType);
        writer.WriteUInt16((ushort)group);
        writer.WriteVector8(point);
        return body;
    }

    public static byte[] WriteServerKeyExchange(ReadOnlySpan<byte> ecdhParams, SignatureScheme scheme, ReadOnlySpan<byte> signature)
    {
        byte[] body = new byte[ecdhParams.Length + 4 + signature.Length];
        var writer = new TlsWriter(body);
        writer.WriteBytes(ecdhParams);
        writer.WriteUInt16((ushort)scheme);
        writer.WriteVector16(signature);
        return body;
    }

    public static bool TryParseCertificateRequest(ReadOnlySpan<byte> body, out ReadOnlySpan<byte> certificateTypes, out ReadOnlySpan<byte> signatureAlgorithms)
    {
        signatureAlgorithms = default;
        var reader = new TlsReader(body);
        return reader.TryReadVector8(out certificateTypes) && !certificateTypes.IsEmpty
            && reader.TryReadVector16(out signatureAlgorithms) && signatureAlgorithms.Length >= 2 && signatureAlgorithms.Length % 2 == 0
            && reader.TryReadVector16(out _) && reader.IsEmpty;
    }

    public static byte[] WriteCertificateRequest()
    {
        ReadOnlySpan<ushort> schemes = SignatureVerifier.Supported;
        byte[] body = new byte[1 + 2 + 2 + 2 * schemes.Length + 2];
        var writer = new TlsWriter(body);
        writer.WriteVector8([EcdsaSignCertificateType, RsaSignCertificateType]);
        writer.WriteUInt16((ushort)(2 * schemes.Length));
        foreach (ushort scheme in schemes)
        {
            writer.WriteUInt16(scheme);
        }

        writer.WriteUInt16(0); // no certificate authorities: self-signed, pinned by fingerprint
        return body[..writer.Position];
    }

    public static bool TryParseClientKeyExchange(ReadOnlySpan<byte> body, out ReadOnlySpan<byte> point)
    {
        var reader = new TlsReader(body);
        return reader.TryReadVector8(out point) && !point.IsEmpty && reader.IsEmpty;
    }

    public static byte[] WriteClientKeyExchange(ReadOnlySpan<byte> point)
    {
        byte[] body = new byte[1 + point.Length];
        var writer = new TlsWriter(body);
        writer.WriteVector8(point);
        return body;
    }

    public static bool TryParseCertificateVerify(ReadOnlySpan<byte> body, out ushort scheme, out ReadOnlySpan<byte> signature)
    {
        signature = default;
        var reader = new TlsReader(body);
        return reader.TryReadUInt16(out scheme) && reader.TryReadVector16(out signature) && reader.IsEmpty;
    }

    public static byte[] WriteCertificateVerify(SignatureScheme scheme, ReadOnlySpan<byte> signature)
    {
        byte[] body = new byte[4 + signature.Length];
        var writer = new TlsWriter(body);
        writer.WriteUInt16((ushort)scheme);
        writer.WriteVector16(signature);
        return body;
    }
}
