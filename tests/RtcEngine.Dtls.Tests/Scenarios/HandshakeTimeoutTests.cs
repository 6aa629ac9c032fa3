using RtcEngine.Dtls;
using RtcEngine.Primitives;
using RtcEngine.Testing;

namespace RtcEngine.Dtls.Tests.Scenarios;

/// <summary>A silent peer: retransmissions back off, bounded, and the handshake fails at the configured timeout.</summary>
public class HandshakeTimeoutTests
{
    [Fact]
    public void Client_retransmits_with_doubling_timeouts_then_fails_with_handshake_timeout()
    {
        var pair = new DtlsPair(seed: 30, client: o => o.With(handshakeTimeout: TimeSpan.FromSeconds(10)));
        pair.Network.SetLink(pair.ClientNode, pair.ServerNode, new LinkConditions { Down = true });

        pair.Start();
        pair.Network.RunFor(TimeSpan.FromSeconds(11));

        DtlsFailed failed = DtlsPair.Single<DtlsFailed>(pair.ClientEvents);
        Assert.Equal(DtlsFailureReason.HandshakeTimeout, failed.Reason);
        // 100, 200, 400, 800, 1600, 3200, then 4000 ms (the cap) until 10 s: 0.1+0.2+0.4+0.8+1.6+3.2 = 6.3 s, then one at 10.3 > 10 s.
        Assert.Equal(6, pair.Client.Counters.FlightRetransmissions);
        Assert.Equal(MonoTime.Never, pair.Client.PollTimeout());
    }

    [Theory]
    [InlineData(200, 600)] // three round trips
    [InlineData(1, 50)] // the floor: room for the peer's key exchange and signature
    [InlineData(3000, 4000)] // the cap
    public void A_measured_round_trip_sets_the_first_retransmission_timeout(int rttMilliseconds, int expectedMilliseconds)
    {
        var pair = new DtlsPair(seed: 32, client: o => o.With(handshakeTimeout: TimeSpan.FromSeconds(30)));
        pair.Network.SetLink(pair.ClientNode, pair.ServerNode, new LinkConditions { Down = true });
        pair.Client.SetRoundTripTime(TimeSpan.FromMilliseconds(rttMilliseconds));

        pair.Start();
        MonoTime started = pair.Network.Now;
        Assert.Equal(started + TimeSpan.FromMilliseconds(expectedMilliseconds), pair.Client.PollTimeout());

        pair.Network.RunFor(TimeSpan.FromMilliseconds(expectedMilliseconds - 1));
        Assert.Equal(0, pair.Client.Counters.FlightRetransmissions);
        pair.Network.RunFor(TimeSpan.FromMilliseconds(2));
        Assert.Equal(1, pair.Client.Counters.FlightRetransmissions);
    }

    [Fact]
    public void A_started_server_that_never_hears_a_client_times_out()
    {
        var pair = new DtlsPair(seed: 31, server: o => o.With(handshakeTimeout: TimeSpan.FromSeconds(5)));
        pair.Server.Start(pair.Network.Now);

        pair.Network.RunFor(TimeSpan.FromSeconds(6));

        Assert.Equal(DtlsFailureReason.HandshakeTimeout, DtlsPair.Single<DtlsFailed>(pair.ServerEvents).Reason);
        Assert.Equal(0, pair.Server.Counters.DatagramsSent);
    }
}
