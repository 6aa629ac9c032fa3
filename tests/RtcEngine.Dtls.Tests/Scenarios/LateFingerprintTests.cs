using RtcEngine.Dtls;

namespace RtcEngine.Dtls.Tests.Scenarios;

/// <summary>
/// The peer's certificate arrives before its SDP (the answer is late): the endpoint holds the
/// handshake at the certificate and goes on when the session sets the fingerprints.
/// </summary>
public class LateFingerprintTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Handshake_holds_until_fingerprints_are_set_then_completes(bool clientIsLate)
    {
        var pair = new DtlsPair(
            seed: 9,
            client: o => clientIsLate ? o.With(fingerprints: []) : o,
            server: o => clientIsLate ? o : o.With(fingerprints: []));
        DtlsEndpoint late = clientIsLate ? pair.Client : pair.Server;

        pair.Start();
        pair.Network.RunFor(TimeSpan.FromSeconds(2));

        Assert.Equal(DtlsState.Handshaking, late.State);
        Assert.NotNull(late.RemoteCertificate);
        Assert.False(pair.BothConnected);

        late.SetRemoteFingerprints([(clientIsLate ? TestCertificates.Server : TestCertificates.Client).GetFingerprint()]);
        pair.Network.RunUntil(() => pair.BothConnected, TimeSpan.FromSeconds(5));

        Assert.True(pair.BothConnected, $"{pair.Client.Counters} / {pair.Server.Counters}");
    }

    [Fact]
    public void Late_fingerprints_that_do_not_match_fail_the_handshake()
    {
        var pair = new DtlsPair(seed: 10, client: o => o.With(fingerprints: []));
        pair.Start();
        pair.Network.RunFor(TimeSpan.FromMilliseconds(500));

        pair.Client.SetRemoteFingerprints([TestCertificates.Other.GetFingerprint()]);
        pair.Network.Poll();

        Assert.Equal(DtlsFailureReason.FingerprintMismatch, DtlsPair.Single<DtlsFailed>(pair.ClientEvents).Reason);
    }
}
