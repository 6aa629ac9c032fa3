using RtcEngine.Ice.Stun;
using RtcEngine.Ice.Turn;
using RtcEngine.Primitives;
using Xunit;

namespace RtcEngine.Ice.Tests.Turn;

/// <summary>486 Allocation Quota Reached fails the allocation with that code.</summary>
public class QuotaScenario
{
    [Fact]
    public void A_server_at_its_quota_answers_486_and_the_client_reports_it()
    {
        var scenario = new TurnScenario(configure: s => s.MaxAllocations = 0);
        scenario.Do((turn, now) => turn.Allocate(now));
        scenario.Net.RunFor(TimeSpan.FromSeconds(5));

        TurnAllocationFailedEvent failed = Assert.IsType<TurnAllocationFailedEvent>(Assert.Single(scenario.Client.Events));
        Assert.Equal(StunErrorCodes.AllocationQuotaReached, failed.ErrorCode);
        Assert.Contains("486", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(TurnAllocationState.Failed, scenario.Turn.State);
    }
}
