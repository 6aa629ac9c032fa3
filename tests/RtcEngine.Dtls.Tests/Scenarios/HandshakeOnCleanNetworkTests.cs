using RtcEngine.Dtls;

namespace RtcEngine.Dtls.Tests.Scenarios;

public class HandshakeOnCleanNetworkTests
{
    [Fact]
    public void Client_and_server_connect_with_aes128gcm_and_agree_on_srtp_keys()
    {
        var pair = new DtlsPair(seed: 7, client: o => new DtlsEndpointOptions
        {
            Role = o.Role,
            Certificate = o.Certificate,
            RemoteFingerprints = o.RemoteFingerprints,
            Random = o.Random,
            CipherSuites = [DtlsCipherSuite.EcdheEcdsaWithAes128GcmSha256],
        });

        TimeSpan elapsed = pair.RunHandshake();

        Assert.True(pair.BothConnected, $"client {pair.Client.State} {pair.Client.Counters}; server {pair.Server.State} {pair.Server.Counters}; events {string.Join(", ", pair.ClientEvents.Concat(pair.ServerEvents))}");
        DtlsConnected client = DtlsPair.Single<DtlsConnected>(pair.ClientEvents);
        DtlsConnected server = DtlsPair.Single<DtlsConnected>(pair.ServerEvents);
        Assert.Equal(DtlsCipherSuite.EcdheEcdsaWithAes128GcmSha256, client.CipherSuite);
        Assert.Equal(DtlsCipherSuite.EcdheEcdsaWithAes128GcmSha256, server.CipherSuite);
        Assert.Equal(SrtpProtectionProfile.AeadAes128Gcm, client.SrtpProfile);
        Assert.Equal(DtlsNamedGroup.X25519, client.NamedGroup);
        Assert.True(client.ExtendedMasterSecret);
        Assert.Equal(client.KeyingMaterial!.Exported.ToArray(), server.KeyingMaterial!.Exported.ToArray());
        Assert.Equal(client.KeyingMaterial.LocalMasterKey.ToArray(), server.KeyingMaterial.RemoteMasterKey.ToArray());
        Assert.Equal(client.KeyingMaterial.LocalMasterSalt.ToArray(), server.KeyingMaterial.RemoteMasterSalt.ToArray());
        Assert.Equal(56, client.KeyingMaterial.Exported.Length);
        Assert.Equal(TestCertificates.Server.Certificate.RawData, client.RemoteCertificate.RawData);
        Assert.Equal(TestCertificates.Client.Certificate.RawData, server.RemoteCertificate.RawData);
        // Cookie exchange on: HelloVerifyRequest round trip plus two flights, 5 ms each way.
        Assert.InRange(elapsed, TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(31));
        Assert.Equal(1, pair.Server.Counters.HelloVerifyRequestsSent);
        Assert.Equal(0, pair.Client.Counters.TotalDropped + pair.Server.Counters.TotalDropped);
    }
}
