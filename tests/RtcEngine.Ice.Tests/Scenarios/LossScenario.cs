using RtcEngine.Ice.Agent;
using RtcEngine.Primitives;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Scenarios;

/// <summary>30% loss each way: retransmissions and triggered checks still connect, and consent survives.</summary>
public class LossScenario
{
    [Theory]
    [InlineData(30u)]
    [InlineData(31u)]
    [InlineData(32u)]
    [InlineData(33u)]
    [InlineData(34u)]
    public void Agents_connect_through_thirty_percent_loss(uint seed)
    {
        var net = new VirtualNetwork(seed) { DefaultLink = LinkConditions.Clean with { Loss = 0.30, Delay = TimeSpan.FromMilliseconds(40) } };
        (IceEndpoint a, IceEndpoint b) = IceScenario.Create(
            net,
            IceScenario.Options(IceRole.Controlling, IceScenario.AddressA, PeerAddress.Parse("10.0.1.1:5001")),
            IceScenario.Options(IceRole.Controlled, IceScenario.AddressB, PeerAddress.Parse("10.0.1.2:6001")));

        Assert.True(net.RunUntil(() => IceScenario.BothConnected(a, b) && a.Agent.SelectedPair!.Nominated && b.Agent.SelectedPair!.Nominated, TimeSpan.FromSeconds(20)), $"A {a.State}, B {b.State}");
        Assert.True(net.Stats.Lost > 0);

        // Over two minutes of 30% loss consent never lapses long enough to fail.
        net.RunFor(TimeSpan.FromMinutes(2));
        Assert.DoesNotContain(IceConnectionState.Failed, a.States.Select(s => s.State));
        Assert.DoesNotContain(IceConnectionState.Failed, b.States.Select(s => s.State));
        Assert.True(IceScenario.BothConnected(a, b), $"A {a.State}, B {b.State}");
        Assert.Equal(a.Agent.SelectedPair!.Priority, b.Agent.SelectedPair!.Priority);
    }
}
