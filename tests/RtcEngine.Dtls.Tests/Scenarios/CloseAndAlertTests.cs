using RtcEngine.Dtls;

namespace RtcEngine.Dtls.Tests.Scenarios;

/// <summary>close_notify closes both sides; negotiation failures end with a fatal alert both sides see.</summary>
public class CloseAndAlertTests
{
    [Fact]
    public void Close_sends_close_notify_and_the_peer_closes_too()
    {
        var pair = new DtlsPair(seed: 40);
        pair.RunHandshake();

        pair.Client.Close();
        pair.Network.RunFor(TimeSpan.FromMilliseconds(50));

        Assert.False(DtlsPair.Single<DtlsClosed>(pair.ClientEvents).ByPeer);
        Assert.True(DtlsPair.Single<DtlsClosed>(pair.ServerEvents).ByPeer);
        DtlsAlertReceived alert = DtlsPair.Single<DtlsAlertReceived>(pair.ServerEvents);
        Assert.Equal((DtlsAlertLevel.Warning, DtlsAlertDescription.CloseNotify), (alert.Level, alert.Description));
        Assert.Equal(DtlsState.Closed, pair.Server.State);
        Assert.Equal(1, pair.Client.Counters[DtlsDropReason.AfterClose]); // the server's answering close_notify
        Assert.Throws<InvalidOperationException>(() => pair.Server.SendApplicationData([1]));
    }

    [Fact]
    public void No_common_srtp_profile_fails_both_sides_with_handshake_failure()
    {
        var pair = new DtlsPair(
            seed: 41,
            client: o => o.With(srtp: [SrtpProtectionProfile.Aes128CmHmacSha1_32]),
            server: o => o.With(srtp: [SrtpProtectionProfile.AeadAes128Gcm]));

        pair.RunHandshake();
        pair.Network.RunFor(TimeSpan.FromMilliseconds(50));

        DtlsFailed server = DtlsPair.Single<DtlsFailed>(pair.ServerEvents);
        Assert.Equal(DtlsFailureReason.NegotiationFailed, server.Reason);
        DtlsFailed client = DtlsPair.Single<DtlsFailed>(pair.ClientEvents);
        Assert.Equal(DtlsFailureReason.FatalAlertReceived, client.Reason);
        Assert.Equal(DtlsAlertDescription.HandshakeFailure, client.Alert);
    }

    [Fact]
    public void No_common_cipher_suite_fails_the_server()
    {
        var pair = new DtlsPair(seed: 42, client: o => o.With(suites: [DtlsCipherSuite.EcdheRsaWithAes128GcmSha256]));

        pair.RunHandshake();

        Assert.Equal(DtlsFailureReason.NegotiationFailed, DtlsPair.Single<DtlsFailed>(pair.ServerEvents).Reason);
    }

    [Fact]
    public void Without_srtp_profiles_the_handshake_still_connects_for_data_only()
    {
        var pair = new DtlsPair(seed: 43, client: o => o.With(srtp: []), server: o => o.With(srtp: []));

        pair.RunHandshake();

        DtlsConnected connected = DtlsPair.Single<DtlsConnected>(pair.ClientEvents);
        Assert.Equal(SrtpProtectionProfile.None, connected.SrtpProfile);
        Assert.Null(connected.KeyingMaterial);
    }
}
