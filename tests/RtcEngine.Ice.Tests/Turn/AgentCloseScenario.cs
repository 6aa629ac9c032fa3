using RtcEngine.Ice.Agent;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Turn;

/// <summary>Closing an agent releases its TURN allocations (Refresh with lifetime 0), which the host still sends.</summary>
public class AgentCloseScenario
{
    [Fact]
    public void Closing_the_agent_releases_its_allocation_on_the_server()
    {
        var net = new VirtualNetwork(seed: 430);
        FakeTurnServer server = TurnAgents.AddServer(net);
        (IceEndpoint a, _) = IceScenario.Create(
            net,
            TurnAgents.Options(IceRole.Controlling, IceScenario.AddressA, IceTransportPolicy.Relay, TurnAgents.Turn()),
            TurnAgents.Options(IceRole.Controlled, IceScenario.AddressB, IceTransportPolicy.All));
        Assert.True(net.RunUntil(() => a.Agent.GatheringState == IceGatheringState.Complete, TimeSpan.FromSeconds(5)));
        Assert.Equal(1, server.AllocationCount);

        a.Agent.Close();
        net.Poll();
        net.RunFor(TimeSpan.FromSeconds(1));
        Assert.Equal(0, server.AllocationCount);
        Assert.Equal(Ice.Turn.TurnAllocationState.Closed, a.Agent.TurnClients[0].State);
        Assert.True(a.Agent.PollTimeout().IsNever);
    }
}
