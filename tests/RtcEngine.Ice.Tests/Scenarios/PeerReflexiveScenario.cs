using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Candidates;
using RtcEngine.Primitives;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Scenarios;

/// <summary>
/// B sits behind a NAT and its candidates never reach A: A learns B's NAT address from B's checks
/// as a peer-reflexive candidate (RFC 8445 section 7.3.1.3) and connects through it.
/// </summary>
public class PeerReflexiveScenario
{
    private static readonly PeerAddress Inside = PeerAddress.Parse("192.168.1.2:6000");
    private static readonly PeerAddress Outside = PeerAddress.Parse("203.0.113.2:31000");

    [Fact]
    public void A_learns_the_peer_reflexive_address_from_checks_and_connects_through_it()
    {
        var net = new VirtualNetwork(seed: 50);
        net.AddNatMapping(Inside, Outside);
        net.Filter = d => d.To != Inside; // the inside address is not reachable from outside
        (IceEndpoint a, IceEndpoint b) = IceScenario.Create(
            net,
            IceScenario.Options(IceRole.Controlling, IceScenario.AddressA),
            IceScenario.Options(IceRole.Controlled, Inside),
            start: false);
        b.Trickle = false;
        a.Agent.StartGathering();
        b.Agent.StartGathering();
        a.Agent.SetRemoteEndOfCandidates(); // B signals no candidate at all
        net.Poll();

        Assert.True(net.RunUntil(() => IceScenario.BothCompleted(a, b), TimeSpan.FromSeconds(5)), $"A {a.State}, B {b.State}");

        IceCandidatePairInfo pairA = a.Agent.SelectedPair!;
        Assert.Equal(IceCandidateType.PeerReflexive, pairA.Remote.Type);
        Assert.Equal(Outside, pairA.RemoteAddress);
        Assert.Equal(1, a.Agent.RemoteCandidateCount);
        Assert.Equal(Inside, b.Agent.SelectedPair!.LocalAddress);
        Assert.Equal(IceScenario.AddressA, b.Agent.SelectedPair!.RemoteAddress);

        // B, in turn, learns from A's responses that it is seen as Outside: a local peer-reflexive
        // candidate (RFC 8445 section 7.2.5.3.1) based on its host address, with the PRIORITY its
        // checks carried. A, without a NAT, learns none.
        IceCandidate localB = b.Agent.SelectedPair!.Local;
        Assert.Equal(IceCandidateType.PeerReflexive, localB.Type);
        Assert.Equal((Outside.AddressToString(), Outside.Port), (localB.Address, localB.Port));
        Assert.Equal((Inside.AddressToString(), Inside.Port), (localB.RelatedAddress, localB.RelatedPort));
        Assert.Equal(IceCandidate.ComputePriority(IceCandidateType.PeerReflexive, 65535, 1), localB.Priority);
        Assert.Equal(1, b.Agent.Counters.LocalPeerReflexiveLearned);
        Assert.Equal(IceCandidateType.Host, pairA.Local.Type);
        Assert.Equal(0, a.Agent.Counters.LocalPeerReflexiveLearned);

        a.Send([0x16, 1]);
        b.Send([0x16, 2]);
        net.RunFor(TimeSpan.FromMilliseconds(100));
        Assert.Equal(Outside, Assert.Single(a.Application).From);
        Assert.Equal([0x16, 1], Assert.Single(b.Application).Data);
    }

    [Fact]
    public void A_signalled_candidate_for_a_peer_reflexive_address_replaces_it()
    {
        var net = new VirtualNetwork(seed: 51);
        net.AddNatMapping(Inside, Outside);
        (IceEndpoint a, IceEndpoint b) = IceScenario.Create(
            net,
            IceScenario.Options(IceRole.Controlling, IceScenario.AddressA),
            IceScenario.Options(IceRole.Controlled, Inside),
            start: false);
        b.Trickle = false;
        a.Agent.StartGathering();
        b.Agent.StartGathering();
        Assert.True(net.RunUntil(() => IceScenario.BothConnected(a, b), TimeSpan.FromSeconds(5)));
        Assert.Equal(IceCandidateType.PeerReflexive, a.Agent.SelectedPair!.Remote.Type);

        // B's server-reflexive candidate arrives late, for the same address.
        var srflx = new IceCandidate("7", 1, "udp", IceCandidate.ComputePriority(IceCandidateType.ServerReflexive, 65535, 1), "203.0.113.2", 31000, IceCandidateType.ServerReflexive, "192.168.1.2", 6000);
        Assert.Equal(IceRemoteCandidateResult.Duplicate, a.Agent.AddRemoteCandidate(srflx));
        Assert.Equal(IceCandidateType.ServerReflexive, a.Agent.GetPairs().Single().Remote.Type);
        Assert.Equal(1, a.Agent.RemoteCandidateCount);
    }
}
