using RtcEngine.Ice.Agent;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Scenarios;

/// <summary>A full agent facing an ICE-lite agent (a typical SFU): the full agent controls and nominates.</summary>
public class FullLiteScenario
{
    [Fact]
    public void A_full_agent_takes_control_of_a_lite_peer_and_connects()
    {
        var net = new VirtualNetwork(seed: 10);
        (IceEndpoint full, IceEndpoint lite) = IceScenario.Create(
            net,
            IceScenario.Options(IceRole.Controlled, IceScenario.AddressA),
            new IceAgentOptions { Lite = true, HostAddresses = [IceScenario.AddressB] });

        Assert.Equal(IceRole.Controlling, full.Agent.Role);
        Assert.Equal(IceRole.Controlling, Assert.Single(full.Events.OfType<IceRoleChangedEvent>()).Role);
        Assert.Equal(IceRole.Controlled, lite.Agent.Role);
        Assert.True(lite.Agent.IsLite);

        Assert.True(net.RunUntil(() => IceScenario.BothCompleted(full, lite), TimeSpan.FromSeconds(5)), $"full {full.State}, lite {lite.State}");
        Assert.True(full.Agent.SelectedPair!.Nominated);
        Assert.True(lite.Agent.SelectedPair!.Nominated);
        Assert.Equal(IceScenario.AddressA, lite.Agent.SelectedPair!.RemoteAddress);

        full.Send([20, 1, 2]);
        lite.Send([21, 3, 4]);
        net.RunFor(TimeSpan.FromMilliseconds(100));
        Assert.Equal([20, 1, 2], Assert.Single(lite.Application).Data);
        Assert.Equal([21, 3, 4], Assert.Single(full.Application).Data);
    }

    [Fact]
    public void The_lite_agent_sends_no_checks_and_lives_on_the_peers_consent_checks()
    {
        var net = new VirtualNetwork(seed: 11);
        (IceEndpoint full, IceEndpoint lite) = IceScenario.Create(
            net,
            IceScenario.Options(IceRole.Controlling, IceScenario.AddressA),
            new IceAgentOptions { Lite = true, HostAddresses = [IceScenario.AddressB] });
        Assert.True(net.RunUntil(() => IceScenario.BothCompleted(full, lite), TimeSpan.FromSeconds(5)));

        net.RunFor(TimeSpan.FromMinutes(2));
        Assert.Equal(IceConnectionState.Completed, lite.State);
        Assert.Equal(IceConnectionState.Completed, full.State);
        Assert.Equal(0, lite.Agent.Counters.ConsentChecksSent);
        Assert.Equal(lite.Agent.Counters.StunSent, lite.Agent.Counters.StunReceived); // responses only

        // The full agent goes away: the lite agent, with no checks arriving, disconnects then fails.
        net.SetLinkBothWays(full.Node!, lite.Node!, LinkConditions.Clean with { Down = true });
        net.RunFor(TimeSpan.FromSeconds(45));
        Assert.Equal(
            [IceConnectionState.Disconnected, IceConnectionState.Failed],
            lite.States.Select(s => s.State).SkipWhile(s => s != IceConnectionState.Disconnected));
    }
}
