using RtcEngine.Ice.Stun;
using RtcEngine.Ice.Turn;
using Xunit;

namespace RtcEngine.Ice.Tests.Turn;

/// <summary>A wrong password: the authenticated Allocate is refused with 401, and the client says so clearly, once.</summary>
public class WrongCredentialsScenario
{
    [Fact]
    public void A_wrong_password_fails_the_allocation_with_401_and_a_clear_reason()
    {
        var scenario = new TurnScenario(options: new TurnClientOptions { Username = "alice", Password = "not-the-secret" });
        scenario.Do((turn, now) => turn.Allocate(now));
        scenario.Net.RunFor(TimeSpan.FromSeconds(30));

        Assert.Equal(TurnAllocationState.Failed, scenario.Turn.State);
        TurnAllocationFailedEvent failed = Assert.IsType<TurnAllocationFailedEvent>(Assert.Single(scenario.Client.Events));
        Assert.Equal(StunErrorCodes.Unauthenticated, failed.ErrorCode);
        Assert.Equal(StunMethod.Allocate, failed.Method);
        Assert.False(failed.WasAllocated);
        Assert.Contains("wrong username or password", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("test.local", failed.Reason, StringComparison.Ordinal);

        // The challenge, then one authenticated try: no loop.
        Assert.Equal(2, scenario.Server.Requests(StunMethod.Allocate).Count());
        Assert.True(scenario.Turn.PollTimeout().IsNever);
    }

    [Fact]
    public void An_unknown_user_fails_the_same_way()
    {
        var scenario = new TurnScenario(options: new TurnClientOptions { Username = "mallory", Password = "secret" });
        scenario.Do((turn, now) => turn.Allocate(now));
        scenario.Net.RunFor(TimeSpan.FromSeconds(30));
        TurnAllocationFailedEvent failed = Assert.IsType<TurnAllocationFailedEvent>(Assert.Single(scenario.Client.Events));
        Assert.Equal(401, failed.ErrorCode);
    }
}
