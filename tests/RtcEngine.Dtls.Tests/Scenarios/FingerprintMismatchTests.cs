using RtcEngine.Dtls;

namespace RtcEngine.Dtls.Tests.Scenarios;

/// <summary>A certificate that does not match the SDP fingerprint ends the handshake, on either side, and no data is ever accepted.</summary>
public class FingerprintMismatchTests
{
    [Fact]
    public void Client_refuses_a_server_whose_certificate_does_not_match()
    {
        var pair = new DtlsPair(seed: 3, client: o => o.With(fingerprints: [TestCertificates.Other.GetFingerprint()]));

        pair.RunHandshake();

        DtlsFailed failed = DtlsPair.Single<DtlsFailed>(pair.ClientEvents);
        Assert.Equal(DtlsFailureReason.FingerprintMismatch, failed.Reason);
        Assert.Equal(DtlsAlertDescription.BadCertificate, failed.Alert);
        Assert.Contains(TestCertificates.Server.GetFingerprint().ToString(), failed.Message, StringComparison.Ordinal);
        pair.Network.RunFor(TimeSpan.FromMilliseconds(100));
        DtlsFailed serverFailed = DtlsPair.Single<DtlsFailed>(pair.ServerEvents);
        Assert.Equal(DtlsFailureReason.FatalAlertReceived, serverFailed.Reason);
        Assert.Equal(DtlsAlertDescription.BadCertificate, serverFailed.Alert);
        Assert.Empty(pair.ClientEvents.OfType<DtlsConnected>());
        Assert.Empty(pair.ServerEvents.OfType<DtlsConnected>());
        Assert.Throws<InvalidOperationException>(() => pair.Client.SendApplicationData([1]));
    }

    [Fact]
    public void Server_refuses_a_client_whose_certificate_does_not_match_and_accepts_no_data()
    {
        var pair = new DtlsPair(seed: 4, server: o => o.With(fingerprints: [TestCertificates.Other.GetFingerprint(FingerprintAlgorithm.Sha512)]));

        pair.RunHandshake();
        pair.Network.RunFor(TimeSpan.FromMilliseconds(200));

        Assert.Equal(DtlsFailureReason.FingerprintMismatch, DtlsPair.Single<DtlsFailed>(pair.ServerEvents).Reason);
        Assert.Equal(DtlsState.Failed, pair.Server.State);
        Assert.Equal(DtlsState.Failed, pair.Client.State); // it got the bad_certificate alert
        Assert.Empty(pair.ServerEvents.OfType<DtlsApplicationData>());
        Assert.Empty(pair.ServerEvents.OfType<DtlsConnected>());
    }

    [Fact]
    public void Any_one_of_several_fingerprints_may_match()
    {
        var pair = new DtlsPair(seed: 5, client: o => o.With(fingerprints:
            [TestCertificates.Other.GetFingerprint(), TestCertificates.Server.GetFingerprint(FingerprintAlgorithm.Sha384)]));

        pair.RunHandshake();

        Assert.True(pair.BothConnected);
    }
}
