using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using RtcEngine.Dtls;
using BcCertificate = Org.BouncyCastle.Tls.Certificate;

namespace RtcEngine.Interop.Tests.Dtls;

/// <summary>Credentials for BouncyCastle from one of our certificates.</summary>
internal sealed class BcCredentials
{
    public BcCredentials(BcTlsCrypto crypto, DtlsCertificate certificate)
    {
        Certificate = new BcCertificate([crypto.CreateCertificate(certificate.RawData.ToArray())]);
        string pem = certificate.ExportPrivateKeyPem();
        string base64 = string.Concat(pem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal)));
        PrivateKey = PrivateKeyFactory.CreateKey(Convert.FromBase64String(base64));
        IsEcdsa = certificate.IsEcdsa;
    }

    public BcCertificate Certificate { get; }

    public AsymmetricKeyParameter PrivateKey { get; }

    public bool IsEcdsa { get; }

    public TlsCredentialedSigner Signer(TlsContext context, BcTlsCrypto crypto) =>
        new BcDefaultTlsCredentialedSigner(
            new TlsCryptoParameters(context),
            crypto,
            PrivateKey,
            Certificate,
            IsEcdsa
                ? new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa)
                : new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.rsa));
}

/// <summary>BouncyCastle's DTLS 1.2 client with a certificate, use_srtp and the SRTP exporter.</summary>
internal sealed class BcDtlsClient(BcTlsCrypto crypto, BcCredentials credentials, int[] cipherSuites, int[] srtpProfiles, int[]? groups = null)
    : DefaultTlsClient(crypto)
{
    public byte[]? ServerCertificate { get; private set; }

    public int SelectedSrtpProfile { get; private set; }

    public byte[]? Exported { get; private set; }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => cipherSuites;

    protected override IList<int> GetSupportedGroups(IList<int> namedGroupRoles) =>
        groups is null ? base.GetSupportedGroups(namedGroupRoles) : [.. groups];

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        IDictionary<int, byte[]> extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(srtpProfiles, TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        SelectedSrtpProfile = TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions).ProtectionProfiles[0];
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        int length = SelectedSrtpProfile == 8 ? 88 : SelectedSrtpProfile == 7 ? 56 : 60;
        Exported = m_context.ExportKeyingMaterial("EXTRACTOR-dtls_srtp", null, length);
    }

    private TlsCredentials ClientCredentials() => credentials.Signer(m_context, crypto);

    private sealed class Authentication(BcDtlsClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
            client.ServerCertificate = serverCertificate.Certificate.GetCertificateAt(0).GetEncoded();

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) => client.ClientCredentials();
    }
}

/// <summary>BouncyCastle's DTLS 1.2 server that asks for a client certificate, with use_srtp and the SRTP exporter.</summary>
internal sealed class BcDtlsServer(BcTlsCrypto crypto, BcCredentials credentials, int[] cipherSuites, int[] srtpProfiles) : DefaultTlsServer(crypto)
{
    public byte[]? ClientCertificate { get; private set; }

    public int SelectedSrtpProfile { get; private set; }

    public byte[]? Exported { get; private set; }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => cipherSuites;

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() => credentials.Signer(m_context, crypto);

    protected override TlsCredentialedSigner GetRsaSignerCredentials() => credentials.Signer(m_context, crypto);

    public override CertificateRequest GetCertificateRequest() =>
        new([ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign], TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context), null);

    public override void NotifyClientCertificate(BcCertificate clientCertificate) =>
        ClientCertificate = clientCertificate.GetCertificateAt(0).GetEncoded();

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        int[] offered = TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions).ProtectionProfiles;
        SelectedSrtpProfile = srtpProfiles.First(offered.Contains);
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        IDictionary<int, byte[]> extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetServerExtensions());
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([SelectedSrtpProfile], TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        int length = SelectedSrtpProfile == 8 ? 88 : SelectedSrtpProfile == 7 ? 56 : 60;
        Exported = m_context.ExportKeyingMaterial("EXTRACTOR-dtls_srtp", null, length);
    }
}
