using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Candidates;
using RtcEngine.Primitives;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Scenarios;

/// <summary>
/// Trickle ICE (RFC 8838): candidates arrive late and one at a time, checks start before local
/// gathering has finished, and a candidate added after connection is still checked.
/// </summary>
public class TrickleScenario
{
    private static readonly PeerAddress B2 = PeerAddress.Parse("10.0.1.2:6001");
    private static readonly PeerAddress SilentServer = PeerAddress.Parse("198.51.100.9:3478");

    [Fact]
    public void Late_candidates_connect_before_gathering_ends_and_later_ones_are_checked()
    {
        var net = new VirtualNetwork(seed: 60);
        (IceEndpoint a, IceEndpoint b) = IceScenario.Create(
            net,
            new IceAgentOptions { Role = IceRole.Controlling, HostAddresses = [IceScenario.AddressA], StunServers = [SilentServer] },
            IceScenario.Options(IceRole.Controlled, IceScenario.AddressB, B2),
            start: false);
        a.Trickle = false;
        b.Trickle = false;
        a.Agent.StartGathering();
        b.Agent.StartGathering();
        net.RunFor(TimeSpan.FromSeconds(1));
        Assert.Equal(IceConnectionState.New, a.State);
        Assert.Equal(IceConnectionState.New, b.State);

        // B's first candidate reaches A after a second; A's never reach B (B learns A from A's checks).
        Assert.Equal(IceRemoteCandidateResult.Added, a.Agent.AddRemoteCandidate(IceCandidate.Parse(b.Gathered[0].ToString())));
        Assert.True(net.RunUntil(() => IceScenario.BothConnected(a, b), TimeSpan.FromSeconds(2)), $"A {a.State}, B {b.State}");
        Assert.Equal(IceGatheringState.Gathering, a.Agent.GatheringState); // still waiting for the silent server
        Assert.Equal(IceCandidateType.PeerReflexive, b.Agent.SelectedPair!.Remote.Type);

        // The silent server fails; gathering completes.
        Assert.True(net.RunUntil(() => a.Agent.GatheringState == IceGatheringState.Complete, TimeSpan.FromSeconds(15)));
        IceStunServerErrorEvent error = Assert.Single(a.Events.OfType<IceStunServerErrorEvent>());
        Assert.Equal(IceStunServerErrorEvent.Unreachable, error.ErrorCode);
        Assert.Equal(SilentServer, error.Server);

        // B's second candidate arrives after the connection: it is paired and checked too.
        net.RunFor(TimeSpan.FromSeconds(5));
        Assert.Equal(IceRemoteCandidateResult.Added, a.Agent.AddRemoteCandidate(IceCandidate.Parse(b.Gathered[1].ToString())));
        Assert.True(net.RunUntil(() => a.Agent.GetPairs().Count(p => p.State == IceCandidatePairState.Succeeded) == 2, TimeSpan.FromSeconds(2)));

        // A's host candidate reaches B at last and replaces the peer-reflexive one.
        Assert.Equal(IceRemoteCandidateResult.Duplicate, b.Agent.AddRemoteCandidate(IceCandidate.Parse(a.Gathered[0].ToString())));
        Assert.Equal(IceCandidateType.Host, b.Agent.SelectedPair!.Remote.Type);

        // End-of-candidates both ways completes both; a candidate after it is refused.
        a.Agent.SetRemoteEndOfCandidates();
        b.Agent.SetRemoteEndOfCandidates();
        Assert.True(net.RunUntil(() => IceScenario.BothCompleted(a, b), TimeSpan.FromSeconds(2)), $"A {a.State}, B {b.State}");
        Assert.Equal(IceRemoteCandidateResult.AfterEndOfCandidates, a.Agent.AddRemoteCandidate(IceCandidate.Parse("candidate:9 1 udp 1 10.0.9.9 9 typ host")));
        Assert.DoesNotContain(IceConnectionState.Failed, a.States.Select(s => s.State));
    }
}
