using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Candidates;
using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Scenarios;

/// <summary>
/// A behind a NAT learns its server-reflexive candidate from our STUN binding server; B, which
/// cannot reach A's host address, connects to it through that candidate.
/// </summary>
public class ServerReflexiveScenario
{
    private static readonly PeerAddress Inside = PeerAddress.Parse("192.168.0.10:5000");
    private static readonly PeerAddress Outside = PeerAddress.Parse("203.0.113.10:40000");
    private static readonly PeerAddress StunServer = PeerAddress.Parse("198.51.100.1:3478");

    [Fact]
    public void A_NATed_agent_gathers_its_server_reflexive_candidate_and_connects_through_it()
    {
        var net = new VirtualNetwork(seed: 100);
        var server = new StunBindingServer { Software = "RtcEngine test" };
        net.Add(server, StunServer);
        net.AddNatMapping(Inside, Outside);
        net.Filter = d => d.To != Inside; // the host address is private
        (IceEndpoint a, IceEndpoint b) = IceScenario.Create(
            net,
            new IceAgentOptions { Role = IceRole.Controlling, HostAddresses = [Inside], StunServers = [StunServer] },
            IceScenario.Options(IceRole.Controlled, IceScenario.AddressB));

        Assert.True(net.RunUntil(() => a.Agent.GatheringState == IceGatheringState.Complete, TimeSpan.FromSeconds(2)));
        IceStunServerRespondedEvent responded = Assert.Single(a.Events.OfType<IceStunServerRespondedEvent>());
        Assert.Equal(Outside, responded.MappedAddress);
        Assert.Equal(Inside, responded.Base);
        IceCandidate srflx = Assert.Single(a.Gathered, c => c.Type == IceCandidateType.ServerReflexive);
        Assert.Equal("203.0.113.10", srflx.Address);
        Assert.Equal(40000, srflx.Port);
        Assert.Equal("192.168.0.10", srflx.RelatedAddress);
        Assert.Equal((ushort)5000, srflx.RelatedPort);
        Assert.Equal(IceCandidate.ComputePriority(IceCandidateType.ServerReflexive, 65535, 1), srflx.Priority);
        Assert.NotEqual(a.Gathered[0].Foundation, srflx.Foundation);
        Assert.Equal(1, server.Answered);

        Assert.True(net.RunUntil(() => IceScenario.BothCompleted(a, b), TimeSpan.FromSeconds(10)), $"A {a.State}, B {b.State}");
        Assert.Equal(Outside, b.Agent.SelectedPair!.RemoteAddress);
        Assert.Equal(IceCandidateType.ServerReflexive, b.Agent.SelectedPair!.Remote.Type);
        Assert.Equal(Inside, a.Agent.SelectedPair!.LocalAddress);
    }

    [Fact]
    public void Without_a_NAT_the_mapped_address_is_redundant_and_makes_no_candidate()
    {
        var net = new VirtualNetwork(seed: 101);
        net.Add(new StunBindingServer(), StunServer);
        (IceEndpoint a, _) = IceScenario.Create(
            net,
            new IceAgentOptions { Role = IceRole.Controlling, HostAddresses = [IceScenario.AddressA], StunServers = [StunServer] },
            IceScenario.Options(IceRole.Controlled, IceScenario.AddressB));
        Assert.True(net.RunUntil(() => a.Agent.GatheringState == IceGatheringState.Complete, TimeSpan.FromSeconds(2)));
        Assert.Equal(IceScenario.AddressA, Assert.Single(a.Events.OfType<IceStunServerRespondedEvent>()).MappedAddress);
        Assert.DoesNotContain(a.Gathered, c => c.Type == IceCandidateType.ServerReflexive);
    }
}
