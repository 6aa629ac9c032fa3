using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Candidates;
using RtcEngine.Primitives;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Turn;

/// <summary>
/// Two agents with a relay-only policy, each with an allocation on the same TURN server: they
/// signal only relay candidates, reach each other only through the relay, and exchange data.
/// </summary>
public class RelayOnlyAgentsScenario
{
    [Fact]
    public void Relay_only_agents_connect_through_the_turn_server_and_exchange_data()
    {
        var net = new VirtualNetwork(seed: 400);
        FakeTurnServer server = TurnAgents.AddServer(net);
        int direct = 0;
        net.Filter = d =>
        {
            bool isDirect = (d.From == IceScenario.AddressA && d.To == IceScenario.AddressB) || (d.From == IceScenario.AddressB && d.To == IceScenario.AddressA);
            direct += isDirect ? 1 : 0;
            return !isDirect;
        };
        (IceEndpoint a, IceEndpoint b) = IceScenario.Create(
            net,
            TurnAgents.Options(IceRole.Controlling, IceScenario.AddressA, IceTransportPolicy.Relay, TurnAgents.Turn()),
            TurnAgents.Options(IceRole.Controlled, IceScenario.AddressB, IceTransportPolicy.Relay, TurnAgents.Turn()));

        Assert.True(net.RunUntil(() => IceScenario.BothConnected(a, b) && a.Agent.SelectedPair!.Nominated, TimeSpan.FromSeconds(15)), $"A {a.State}, B {b.State}");

        // Only relay candidates were gathered and signalled.
        Assert.All(a.Gathered, c => Assert.Equal(IceCandidateType.Relay, c.Type));
        Assert.All(b.Gathered, c => Assert.Equal(IceCandidateType.Relay, c.Type));
        Assert.Single(a.Gathered);
        Assert.Equal(IceGatheringState.Complete, a.Agent.GatheringState);
        Assert.NotNull(a.Last<IceTurnAllocatedEvent>());
        Assert.Equal(IceCandidateType.Relay, a.Agent.SelectedPair!.Local.Type);
        Assert.Equal(IceCandidateType.Relay, b.Agent.SelectedPair!.Local.Type);
        Assert.Equal(0, direct);

        a.Send([0x17, 0xAA]);
        b.Send([0x17, 0xBB]);
        net.RunFor(TimeSpan.FromMilliseconds(200));
        Assert.Equal([0x17, 0xAA], Assert.Single(b.Application).Data);
        Assert.Equal([0x17, 0xBB], Assert.Single(a.Application).Data);
        Assert.Equal(b.Agent.TurnClients[0].RelayedAddress, a.Application[0].From);

        // Channels were bound on the relay pairs: media goes in four-byte ChannelData headers.
        for (int i = 0; i < 20; i++)
        {
            a.Send([0x17, (byte)i]);
        }

        net.RunFor(TimeSpan.FromMilliseconds(200));
        Assert.Equal(21, b.Application.Count);
        Assert.True(a.Agent.TurnClients[0].Counters.ChannelDataSent >= 20);
        Assert.True(b.Agent.TurnClients[0].Counters.ChannelDataReceived >= 20);

        // Minutes later the allocations, permissions and channels are still alive.
        net.RunFor(TimeSpan.FromMinutes(25));
        Assert.True(IceScenario.BothConnected(a, b), $"A {a.State}, B {b.State}");
        a.Send([0x17, 0xCC]);
        net.RunFor(TimeSpan.FromMilliseconds(200));
        Assert.Equal([0x17, 0xCC], b.Application[^1].Data);
        Assert.Equal(0, server.DroppedNoPermission);
    }

    [Fact]
    public void A_relay_only_agent_drops_checks_that_reach_its_host_socket_directly()
    {
        var net = new VirtualNetwork(seed: 401);
        TurnAgents.AddServer(net);
        (IceEndpoint a, IceEndpoint b) = IceScenario.Create(
            net,
            TurnAgents.Options(IceRole.Controlling, IceScenario.AddressA, IceTransportPolicy.All, TurnAgents.Turn()),
            TurnAgents.Options(IceRole.Controlled, IceScenario.AddressB, IceTransportPolicy.Relay, TurnAgents.Turn()));
        Assert.True(net.RunUntil(() => IceScenario.BothConnected(a, b), TimeSpan.FromSeconds(15)));

        // A paired its host candidate with B's relay candidate only: B never signalled its host address.
        Assert.DoesNotContain(a.Agent.GetPairs(), p => p.RemoteAddress == IceScenario.AddressB);
        Assert.Equal(IceCandidateType.Relay, b.Agent.SelectedPair!.Local.Type);
        Assert.All(b.Agent.LocalCandidates, c => Assert.Equal(IceCandidateType.Relay, c.Type));
    }
}
