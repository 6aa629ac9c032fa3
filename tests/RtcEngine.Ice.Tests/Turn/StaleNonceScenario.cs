using RtcEngine.Ice.Stun;
using RtcEngine.Ice.Turn;
using RtcEngine.Primitives;
using Xunit;

namespace RtcEngine.Ice.Tests.Turn;

/// <summary>438 Stale Nonce: the client takes the new nonce and repeats the request; the allocation and its permissions survive.</summary>
public class StaleNonceScenario
{
    [Fact]
    public void A_refresh_answered_438_is_repeated_with_the_new_nonce_and_the_allocation_lives_on()
    {
        var scenario = new TurnScenario().Allocated();
        PeerAddress relayed = scenario.Turn.RelayedAddress;
        scenario.Server.ExpireNonce();
        scenario.Do((turn, now) => turn.Refresh(now));
        scenario.Net.RunFor(TimeSpan.FromSeconds(1));

        FakeTurnServer.RequestRecord[] refreshes = scenario.Server.Requests(StunMethod.Refresh).ToArray();
        Assert.Equal(2, refreshes.Length);
        Assert.Equal(StunErrorCodes.StaleNonce, refreshes[0].ErrorCode);
        Assert.Equal(0, refreshes[1].ErrorCode);
        Assert.Equal(1, scenario.Turn.Counters.StaleNonceRetries);
        Assert.Equal(1, scenario.Turn.Counters.AllocationRefreshes);
        Assert.Equal(TurnAllocationState.Allocated, scenario.Turn.State);
        Assert.Equal(relayed, scenario.Turn.RelayedAddress);
        Assert.DoesNotContain(scenario.Client.Events, e => e is TurnAllocationFailedEvent);
    }

    [Fact]
    public void A_nonce_that_expires_on_a_timer_never_loses_the_allocation_or_the_data_path()
    {
        // coturn --stale-nonce=N: every nonce lives N seconds; the client meets 438s throughout.
        var scenario = new TurnScenario(configure: s => s.NonceLifetime = TimeSpan.FromSeconds(30)).Allocated();
        scenario.Peer1.Echo = true;
        for (int i = 0; i < 40; i++)
        {
            scenario.Client.Send(TurnScenario.PeerAddress1, [0x17, (byte)i]);
            scenario.Net.Poll();
            scenario.Net.RunFor(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(TurnAllocationState.Allocated, scenario.Turn.State);
        Assert.True(scenario.Turn.Counters.StaleNonceRetries >= 3, $"{scenario.Turn.Counters.StaleNonceRetries} stale-nonce retries");
        Assert.True(scenario.Client.Received.Count >= 39, $"{scenario.Client.Received.Count} echoes back");
        Assert.DoesNotContain(scenario.Client.Events, e => e is TurnAllocationFailedEvent or TurnPeerRequestFailedEvent);
    }

    [Fact]
    public void A_server_that_keeps_answering_438_gets_three_retries_then_the_failure_is_reported()
    {
        var scenario = new TurnScenario().Allocated();
        scenario.Net.Filter = d =>
        {
            // Every response to the client becomes stale: a hostile or broken server.
            if (d.From == TurnScenario.ServerAddress && StunMessageReader.TryRead(d.Data, out StunMessageReader m) && m.Method == StunMethod.Refresh)
            {
                scenario.Server.ExpireNonce();
            }

            return true;
        };
        scenario.Server.ExpireNonce();
        scenario.Do((turn, now) => turn.Refresh(now));
        scenario.Net.RunFor(TimeSpan.FromSeconds(5));

        Assert.Equal(4, scenario.Server.Requests(StunMethod.Refresh).Count());
        Assert.Equal(3, scenario.Turn.Counters.StaleNonceRetries);
        TurnAllocationFailedEvent failed = scenario.Client.Last<TurnAllocationFailedEvent>()!;
        Assert.Equal(StunErrorCodes.StaleNonce, failed.ErrorCode);
        Assert.True(failed.WasAllocated);
    }
}
