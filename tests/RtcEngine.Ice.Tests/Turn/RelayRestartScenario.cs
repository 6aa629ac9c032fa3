using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Candidates;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Turn;

/// <summary>An ICE restart keeps the TURN allocations: the relay candidates are signalled again and the new checklist uses them.</summary>
public class RelayRestartScenario
{
    [Fact]
    public void Relay_only_agents_restart_and_reconnect_over_the_same_allocations()
    {
        var net = new VirtualNetwork(seed: 450);
        FakeTurnServer server = TurnAgents.AddServer(net);
        (IceEndpoint a, IceEndpoint b) = IceScenario.Create(
            net,
            TurnAgents.Options(IceRole.Controlling, IceScenario.AddressA, IceTransportPolicy.Relay, TurnAgents.Turn()),
            TurnAgents.Options(IceRole.Controlled, IceScenario.AddressB, IceTransportPolicy.Relay, TurnAgents.Turn()));
        Assert.True(net.RunUntil(() => IceScenario.BothCompleted(a, b), TimeSpan.FromSeconds(15)), $"A {a.State}, B {b.State}");
        IceCredentials before = a.Agent.LocalCredentials;

        a.Agent.Restart();
        net.Poll();
        Assert.True(net.RunUntil(
            () => a.Agent.LocalCredentials != before && IceScenario.BothCompleted(a, b) && a.Agent.SelectedPair!.Remote.Type == IceCandidateType.Relay,
            TimeSpan.FromSeconds(15)), $"A {a.State}, B {b.State}");

        a.Send([0x17, 1]);
        net.RunFor(TimeSpan.FromMilliseconds(200));
        Assert.Equal([0x17, 1], b.Application[^1].Data);
        Assert.Equal(2, server.AllocationCount);
        Assert.Equal(4, server.Requests(RtcEngine.Ice.Stun.StunMethod.Allocate).Count()); // the challenge and the allocation per agent, none after the restart
        Assert.Equal(2, a.Gathered.Count(c => c.Type == IceCandidateType.Relay)); // reported again after the restart
    }
}
