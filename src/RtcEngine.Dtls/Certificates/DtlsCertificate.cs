using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RtcEngine.Dtls;

/// <summary>
/// A certificate and its private key, as a DTLS endpoint presents it: self-signed ECDSA P-256 (what
/// WebRTC uses; generated in about a millisecond) or RSA. One instance serves any number of
/// connections at once; peers identify it by its <see cref="GetFingerprint"/> in SDP.
/// </summary>
/// <remarks>Thread-safe: signing is serialized by a lock; everything else is immutable.</remarks>
public sealed class DtlsCertificate : IDisposable
{
    // A fixed validity window: engines never read the clock, and WebRTC peers pin the fingerprint
    // rather than check dates.
    private static readonly DateTimeOffset s_defaultNotBefore = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset s_defaultNotAfter = new(2045, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly ECDsa? _ecdsa;
    private readonly RSA? _rsa;
    private readonly byte[] _der;
    private readonly Lock _signLock = new();
    private readonly CertificateFingerprint _sha256;

    private DtlsCertificate(X509Certificate2 certificate, ECDsa? ecdsa, RSA? rsa)
    {
        Certificate = certificate;
        _ecdsa = ecdsa;
        _rsa = rsa;
        _der = certificate.RawData;
        _sha256 = CertificateFingerprint.Compute(_der);
    }

    /// <summary>The X.509 certificate (with its private key).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate's DER encoding, as sent in the Certificate message.</summary>
    public ReadOnlySpan<byte> RawData => _der;

    /// <summary>Whether the key is ECDSA (P-256 or P-384); otherwise RSA.</summary>
    public bool IsEcdsa => _ecdsa is not null;

    /// <summary>
    /// Generates a self-signed ECDSA P-256 certificate, as WebRTC endpoints do; the key comes from
    /// the platform's cryptographic random generator.
    /// </summary>
    /// <param name="commonName">The subject's common name (peers do not check it).</param>
    /// <param name="notBefore">Start of validity; by default a fixed date in the past.</param>
    /// <param name="notAfter">End of validity; by default a fixed date far ahead.</param>
    public static DtlsCertificate GenerateEcdsa(string commonName = "RtcEngine", DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("CN=" + commonName), key, HashAlgorithmName.SHA256);
        X509Certificate2 certificate = request.CreateSelfSigned(notBefore ?? s_defaultNotBefore, notAfter ?? s_defaultNotAfter);
        return new DtlsCertificate(certificate, key, null);
    }

    /// <summary>Generates a self-signed RSA certificate (for the ECDHE_RSA suites and for tests).</summary>
    public static DtlsCertificate GenerateRsa(int keySizeInBits = 2048, string commonName = "RtcEngine")
    {
        RSA key = RSA.Create(keySizeInBits);
        var request = new CertificateRequest(new X500DistinguishedName("CN=" + commonName), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        X509Certificate2 certificate = request.CreateSelfSigned(s_defaultNotBefore, s_defaultNotAfter);
        return new DtlsCertificate(certificate, null, key);
    }

    /// <summary>Uses an application's certificate, which must carry an ECDSA or RSA private key.</summary>
    public static DtlsCertificate FromCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ECDsa? ecdsa = certificate.GetECDsaPrivateKey();
        RSA? rsa = ecdsa is null ? certificate.GetRSAPrivateKey() : null;
        if (ecdsa is null && rsa is null)
        {
            throw new ArgumentException("The certificate has no ECDSA or RSA private key.", nameof(certificate));
        }

        return new DtlsCertificate(certificate, ecdsa, rsa);
    }

    /// <summary>Loads a certificate and its private key from PEM text.</summary>
    public static DtlsCertificate FromPem(string certificatePem, string privateKeyPem) =>
        FromCertificate(X509Certificate2.CreateFromPem(certificatePem, privateKeyPem));

    /// <summary>The certificate's fingerprint, for the local SDP's <c>a=fingerprint</c>.</summary>
    public CertificateFingerprint GetFingerprint(FingerprintAlgorithm algorithm = FingerprintAlgorithm.Sha256) =>
        algorithm == FingerprintAlgorithm.Sha256 ? _sha256 : CertificateFingerprint.Compute(_der, algorithm);

    /// <summary>The certificate as PEM text (for handing to another program in tests).</summary>
    public string ExportCertificatePem() => Certificate.ExportCertificatePem();

    /// <summary>The private key as PKCS#8 PEM text.</summary>
    public string ExportPrivateKeyPem() => _ecdsa is not null ? _ecdsa.ExportPkcs8PrivateKeyPem() : _rsa!.ExportPkcs8PrivateKeyPem();

    /// <inheritdoc />
    public void Dispose()
    {
        _ecdsa?.Dispose();
        _rsa?.Dispose();
        Certificate.Dispose();
    }

    /// <summary>Whether this key can sign with <paramref name="scheme"/>.</summary>
    internal bool CanSign(SignatureScheme scheme)
    {
        if (_ecdsa is not null)
        {
            int bits = _ecdsa.KeySize;
            return (scheme == SignatureScheme.EcdsaSecp256r1Sha256 && bits == 256) || (scheme == SignatureScheme.EcdsaSecp384r1Sha384 && bits == 384);
        }

        return scheme is SignatureScheme.RsaPkcs1Sha256 or SignatureScheme.RsaPssRsaeSha256 or SignatureScheme.RsaPkcs1Sha384 or SignatureScheme.RsaPssRsaeSha384 or SignatureScheme.RsaPkcs1Sha512;
    }

    /// <summary>Signs (DER-encoded for ECDSA, as TLS wants).</summary>
    internal byte[] Sign(SignatureScheme scheme, ReadOnlySpan<byte> data)
    {
        HashAlgorithmName hash = SignatureVerifier.Hash(scheme);
        lock (_signLock)
        {
            if (_ecdsa is not null)
            {
                return _ecdsa.SignData(data, hash, DSASignatureFormat.Rfc3279DerSequence);
            }

            RSASignaturePadding padding = scheme is SignatureScheme.RsaPssRsaeSha256 or SignatureScheme.RsaPssRsaeSha384
                ? RSASignaturePadding.Pss
                : RSASignaturePadding.Pkcs1;
            return _rsa!.SignData(data.ToArray(), hash, padding);
        }
    }
}
