using RtcEngine.Ice.Stun;
using RtcEngine.Ice.Turn;
using RtcEngine.Primitives;
using Xunit;

namespace RtcEngine.Ice.Tests.Turn;

/// <summary>The allocation is refreshed a minute before it expires (half-way for short lifetimes), and never lapses.</summary>
public class RefreshTimingScenario
{
    [Fact]
    public void A_ten_minute_allocation_is_refreshed_every_nine_minutes_for_an_hour()
    {
        var scenario = new TurnScenario().Allocated();
        MonoTime allocatedAt = scenario.Net.Now;
        scenario.Net.RunFor(TimeSpan.FromHours(1));

        MonoTime[] refreshes = scenario.Server.Requests(StunMethod.Refresh).Select(r => r.At).ToArray();
        Assert.Equal(6, refreshes.Length);
        for (int i = 0; i < refreshes.Length; i++)
        {
            // Each refresh leaves at 540 s after the previous grant (plus the 5 ms link delay each way).
            TimeSpan expected = TimeSpan.FromSeconds(540 * (i + 1)) + TimeSpan.FromMilliseconds(5 + (10 * i));
            Assert.Equal(expected, refreshes[i] - allocatedAt);
        }

        Assert.Equal(6, scenario.Turn.Counters.AllocationRefreshes);
        Assert.Equal(TurnAllocationState.Allocated, scenario.Turn.State);
        Assert.Equal(1, scenario.Server.AllocationCount);
    }

    [Fact]
    public void A_short_granted_lifetime_is_refreshed_half_way()
    {
        var scenario = new TurnScenario(configure: s => s.MaxLifetime = TimeSpan.FromSeconds(100)).Allocated();
        Assert.Equal(TimeSpan.FromSeconds(100), scenario.Turn.Lifetime);
        MonoTime allocatedAt = scenario.Net.Now;
        scenario.Net.RunFor(TimeSpan.FromSeconds(51));
        MonoTime first = Assert.Single(scenario.Server.Requests(StunMethod.Refresh)).At;
        Assert.Equal(TimeSpan.FromSeconds(50) + TimeSpan.FromMilliseconds(5), first - allocatedAt);
    }

    [Fact]
    public void A_lost_refresh_is_retried_until_the_server_answers()
    {
        var scenario = new TurnScenario().Allocated();
        bool down = false;
        scenario.Net.Filter = d => !down;
        scenario.Net.RunFor(TimeSpan.FromSeconds(539));
        down = true;
        scenario.Net.RunFor(TimeSpan.FromSeconds(20)); // one refresh transaction times out (9.5 s), the next starts
        down = false;
        scenario.Net.RunFor(TimeSpan.FromSeconds(20));

        Assert.Equal(TurnAllocationState.Allocated, scenario.Turn.State);
        Assert.Equal(1, scenario.Turn.Counters.AllocationRefreshes);
        Assert.True(scenario.Turn.Counters.Retransmissions >= 6);
    }

    [Fact]
    public void A_refresh_refused_with_437_reports_the_allocation_lost()
    {
        var scenario = new TurnScenario().Allocated();
        scenario.Server.DropAllocations();
        scenario.Net.RunFor(TimeSpan.FromMinutes(10));

        TurnAllocationFailedEvent lost = Assert.Single(scenario.Client.Events.OfType<TurnAllocationFailedEvent>());
        Assert.Equal(StunMethod.Refresh, lost.Method);
        Assert.Equal(StunErrorCodes.AllocationMismatch, lost.ErrorCode);
        Assert.True(lost.WasAllocated);
        Assert.Equal(TurnAllocationState.Failed, scenario.Turn.State);
        Assert.True(scenario.Turn.RelayedAddress.IsNone);
    }
}
