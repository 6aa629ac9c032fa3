using RtcEngine.Ice.Stun;
using RtcEngine.Ice.Turn;
using RtcEngine.Primitives;
using Xunit;

namespace RtcEngine.Ice.Tests.Turn;

/// <summary>Close releases the allocation with a Refresh of lifetime 0 (RFC 8656 section 7); data is refused after it.</summary>
public class CloseScenario
{
    [Fact]
    public void Close_sends_lifetime_zero_and_the_server_deletes_the_allocation()
    {
        var scenario = new TurnScenario().Allocated();
        scenario.Do((turn, now) => turn.CreatePermission(now, TurnScenario.PeerAddress1));
        scenario.Net.RunFor(TimeSpan.FromSeconds(1));
        scenario.Do((turn, now) => turn.Close(now));
        Assert.Equal(TurnAllocationState.Closing, scenario.Turn.State);
        scenario.Net.RunFor(TimeSpan.FromSeconds(1));

        byte[] last = scenario.Client.Sent[^1].Data;
        Assert.True(StunMessageReader.TryRead(last, out StunMessageReader refresh));
        Assert.Equal(StunMethod.Refresh, refresh.Method);
        Assert.True(refresh.TryGetUInt32(StunAttributeType.Lifetime, out uint lifetime));
        Assert.Equal(0u, lifetime);
        Assert.Equal(TurnAllocationState.Closed, scenario.Turn.State);
        Assert.IsType<TurnClosedEvent>(scenario.Client.Events[^1]);
        Assert.Equal(0, scenario.Server.AllocationCount);
        Assert.True(scenario.Turn.PollTimeout().IsNever);

        byte[] buffer = new byte[100];
        Assert.False(scenario.Turn.TryWrap(buffer, TurnClient.SendHeadroom, 10, TurnScenario.PeerAddress1, out _, out _));
        Assert.Equal(1, scenario.Turn.Counters.SendRefusedNotAllocated);
    }

    [Fact]
    public void Close_while_allocating_releases_the_allocation_once_it_exists()
    {
        var scenario = new TurnScenario();
        scenario.Do((turn, now) => turn.Allocate(now));
        scenario.Do((turn, now) => turn.Close(now));
        scenario.Net.RunFor(TimeSpan.FromSeconds(2));

        Assert.Equal(TurnAllocationState.Closed, scenario.Turn.State);
        Assert.Equal(0, scenario.Server.AllocationCount);
        Assert.Equal(0u, LastLifetime(scenario));
    }

    [Fact]
    public void Close_is_given_up_after_the_retransmissions_when_the_server_is_gone()
    {
        var scenario = new TurnScenario().Allocated();
        scenario.Server.Silent = true;
        scenario.Do((turn, now) => turn.Close(now));
        scenario.Net.RunFor(TimeSpan.FromSeconds(30));
        Assert.Equal(TurnAllocationState.Closed, scenario.Turn.State);
        Assert.IsType<TurnClosedEvent>(scenario.Client.Events[^1]);
    }

    private static uint LastLifetime(TurnScenario scenario)
    {
        StunMessageReader.TryRead(scenario.Client.Sent[^1].Data, out StunMessageReader refresh);
        refresh.TryGetUInt32(StunAttributeType.Lifetime, out uint lifetime);
        return lifetime;
    }
}
