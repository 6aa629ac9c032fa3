using RtcEngine.Ice.Agent;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Scenarios;

/// <summary>Both agents start in the same role; tie-breakers and 487 responses settle it (RFC 8445 section 7.3.1.1).</summary>
public class RoleConflictScenario
{
    [Theory]
    [InlineData(IceRole.Controlling, 20u)]
    [InlineData(IceRole.Controlled, 21u)]
    [InlineData(IceRole.Controlling, 22u)]
    [InlineData(IceRole.Controlled, 23u)]
    public void Agents_in_the_same_role_settle_on_one_controlling_agent_and_connect(IceRole role, uint seed)
    {
        var net = new VirtualNetwork(seed);
        (IceEndpoint a, IceEndpoint b) = IceScenario.Create(
            net,
            IceScenario.Options(role, IceScenario.AddressA),
            IceScenario.Options(role, IceScenario.AddressB));

        Assert.True(net.RunUntil(() => IceScenario.BothCompleted(a, b), TimeSpan.FromSeconds(10)), $"A {a.State}, B {b.State}");
        Assert.NotEqual(a.Agent.Role, b.Agent.Role);

        // The agent with the larger tie-breaker ends controlling.
        IceEndpoint winner = a.Agent.TieBreaker > b.Agent.TieBreaker ? a : b;
        IceEndpoint loser = winner == a ? b : a;
        Assert.Equal(IceRole.Controlling, winner.Agent.Role);
        Assert.Equal(IceRole.Controlled, loser.Agent.Role);

        // Exactly one agent switched, once.
        IceEndpoint switched = role == IceRole.Controlling ? loser : winner;
        IceEndpoint kept = switched == a ? b : a;
        Assert.Single(switched.Events.OfType<IceRoleChangedEvent>());
        Assert.Empty(kept.Events.OfType<IceRoleChangedEvent>());
        Assert.True(a.Agent.Counters.RoleConflicts + b.Agent.Counters.RoleConflicts > 0);

        Assert.True(a.Agent.SelectedPair!.Nominated);
        Assert.True(b.Agent.SelectedPair!.Nominated);
        Assert.Equal(a.Agent.SelectedPair!.Priority, b.Agent.SelectedPair!.Priority);
    }
}
