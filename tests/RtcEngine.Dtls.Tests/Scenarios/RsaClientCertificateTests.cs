using RtcEngine.Dtls;

namespace RtcEngine.Dtls.Tests.Scenarios;

/// <summary>An RSA 2048 certificate from the peer is accepted (its CertificateVerify is RSA while the suite is ECDHE-ECDSA).</summary>
public class RsaClientCertificateTests
{
    [Fact]
    public void Server_accepts_a_client_with_an_rsa_certificate()
    {
        var pair = new DtlsPair(
            seed: 60,
            client: o => o.With(certificate: TestCertificates.Rsa),
            server: o => o.With(fingerprints: [TestCertificates.Rsa.GetFingerprint()]));

        pair.RunHandshake();

        Assert.True(pair.BothConnected, string.Join("; ", pair.ClientEvents.Concat(pair.ServerEvents)));
        Assert.Equal(DtlsCipherSuite.EcdheEcdsaWithAes128GcmSha256, DtlsPair.Single<DtlsConnected>(pair.ServerEvents).CipherSuite);
        Assert.Equal(TestCertificates.Rsa.RawData.ToArray(), pair.Server.RemoteCertificateDer.ToArray());
    }
}
