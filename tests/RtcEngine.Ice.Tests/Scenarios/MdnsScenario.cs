using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Candidates;
using RtcEngine.Primitives;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Scenarios;

/// <summary>B hides its address behind an mDNS name, as browsers do; A resolves it through the caller's resolver.</summary>
public class MdnsScenario
{
    private const string Name = "3a9b8c7d-1e2f-4a5b-8c9d-0e1f2a3b4c5d.local";

    [Fact]
    public void An_mdns_candidate_resolved_at_once_connects()
    {
        var net = new VirtualNetwork(seed: 110);
        var asked = new List<string>();
        var options = new IceAgentOptions
        {
            Role = IceRole.Controlling,
            HostAddresses = [IceScenario.AddressA],
            HostnameResolver = (string hostname, out PeerAddress address) =>
            {
                asked.Add(hostname);
                address = IceScenario.AddressB.WithPort(0);
                return hostname == Name;
            },
        };
        (IceEndpoint a, IceEndpoint b) = IceScenario.Create(net, options, IceScenario.Options(IceRole.Controlled, IceScenario.AddressB), start: false);
        a.Trickle = false;
        b.Trickle = false;
        Assert.Equal(IceRemoteCandidateResult.Added, a.Agent.AddRemoteCandidate(Hidden()));
        Assert.Equal([Name], asked);
        a.Agent.StartGathering();
        b.Agent.StartGathering();

        Assert.True(net.RunUntil(() => IceScenario.BothConnected(a, b), TimeSpan.FromSeconds(5)));
        Assert.Equal(IceScenario.AddressB, a.Agent.SelectedPair!.RemoteAddress);
        Assert.Equal("10.0.0.2", a.Agent.SelectedPair!.Remote.Address);
    }

    [Fact]
    public void An_mdns_candidate_resolved_later_waits_then_connects()
    {
        var net = new VirtualNetwork(seed: 111);
        (IceEndpoint a, IceEndpoint b) = IceScenario.Create(net, IceScenario.Options(IceRole.Controlling, IceScenario.AddressA), IceScenario.Options(IceRole.Controlled, IceScenario.AddressB), start: false);
        a.Trickle = false;
        b.Trickle = false;
        a.Agent.StartGathering();
        b.Agent.StartGathering();
        Assert.Equal(IceRemoteCandidateResult.PendingResolution, a.Agent.AddRemoteCandidate(Hidden()));
        net.RunFor(TimeSpan.FromSeconds(1));
        Assert.Equal(IceConnectionState.New, a.State);

        Assert.Equal(1, a.Agent.ResolveHostname(Name, IceScenario.AddressB));
        Assert.True(net.RunUntil(() => IceScenario.BothConnected(a, b), TimeSpan.FromSeconds(5)));
    }

    private static IceCandidate Hidden() =>
        IceCandidate.Parse($"candidate:1 1 udp 2122260223 {Name} 6000 typ host generation 0 network-id 1");
}
