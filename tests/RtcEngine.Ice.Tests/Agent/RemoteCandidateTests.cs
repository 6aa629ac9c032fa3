using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Candidates;
using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Agent;

/// <summary>What the agent does with remote candidates, and the caps that keep remote input from growing state.</summary>
public class RemoteCandidateTests
{
    [Fact]
    public void Chromium_candidates_host_is_paired_and_tcp_is_ignored()
    {
        var driver = new AgentDriver(IceRole.Controlling);
        Assert.Equal(IceRemoteCandidateResult.Added, driver.Agent.AddRemoteCandidate(IceCandidate.Parse("candidate:1 1 udp 2122260223 10.0.0.2 43217 typ host generation 0 network-id 1 network-cost 50")));
        Assert.Equal(IceRemoteCandidateResult.Ignored, driver.Agent.AddRemoteCandidate(IceCandidate.Parse("candidate:2 1 tcp 1518280447 10.0.0.2 9 typ host tcptype active generation 0 network-id 1 network-cost 50")));
        Assert.Equal(1, driver.Agent.RemoteCandidateCount);
        Assert.Equal(1, driver.Agent.PairCount);
        Assert.Equal(1, driver.Agent.Counters.RemoteCandidatesIgnored);
    }

    [Fact]
    public void Other_components_stale_ufrags_unusable_addresses_and_duplicates_are_not_added()
    {
        var driver = new AgentDriver(IceRole.Controlling);
        IceAgent agent = driver.Agent;
        Assert.Equal(IceRemoteCandidateResult.Ignored, agent.AddRemoteCandidate(IceCandidate.Parse("candidate:1 2 udp 1 10.0.0.2 6001 typ host")));
        Assert.Equal(IceRemoteCandidateResult.Ignored, agent.AddRemoteCandidate(IceCandidate.Parse("candidate:1 1 udp 1 10.0.0.2 6001 typ host ufrag OldOne")));
        Assert.Equal(IceRemoteCandidateResult.Added, agent.AddRemoteCandidate(IceCandidate.Parse($"candidate:1 1 udp 1 10.0.0.2 6001 typ host ufrag {AgentDriver.PeerCredentials.Ufrag}")));
        Assert.Equal(IceRemoteCandidateResult.Invalid, agent.AddRemoteCandidate(IceCandidate.Parse("candidate:1 1 udp 1 10.0.0.2 0 typ host")));
        Assert.Equal(IceRemoteCandidateResult.Invalid, agent.AddRemoteCandidate(IceCandidate.Parse("candidate:1 1 udp 1 not-an-address 5 typ host")));
        Assert.Equal(IceRemoteCandidateResult.Duplicate, agent.AddRemoteCandidate(IceCandidate.Parse("candidate:9 1 udp 7 10.0.0.2 6001 typ host")));
        Assert.Equal(1, agent.RemoteCandidateCount);
    }

    [Fact]
    public void Candidates_of_another_address_family_are_kept_but_not_paired()
    {
        var driver = new AgentDriver(IceRole.Controlling);
        Assert.Equal(IceRemoteCandidateResult.Added, driver.Agent.AddRemoteCandidate(IceCandidate.Parse("candidate:1 1 udp 1 2001:db8::2 6000 typ host")));
        Assert.Equal(0, driver.Agent.PairCount);
    }

    [Fact]
    public void Signalled_candidates_stop_at_the_cap()
    {
        var driver = new AgentDriver(new IceAgentOptions { Role = IceRole.Controlling, HostAddresses = [AgentDriver.Local], MaxRemoteCandidates = 10, MaxPairs = 5 });
        driver.Agent.SetRemoteCredentials(AgentDriver.PeerCredentials);
        for (int i = 0; i < 50; i++)
        {
            IceRemoteCandidateResult result = driver.Agent.AddRemoteCandidate(IceCandidate.Parse($"candidate:{i + 1} 1 udp {1000 + i} 10.0.3.{i + 1} 7000 typ host"));
            Assert.Equal(i < 10 ? IceRemoteCandidateResult.Added : IceRemoteCandidateResult.LimitReached, result);
        }

        Assert.Equal(10, driver.Agent.RemoteCandidateCount);
        Assert.Equal(5, driver.Agent.PairCount);
        Assert.Equal(40, driver.Agent.Counters.RemoteCandidatesOverLimit);

        // At the pair cap, better pairs replace the lowest-priority unchecked ones.
        Assert.All(driver.Agent.GetPairs(), p => Assert.True(p.Remote.Priority >= 1005));
    }

    [Fact]
    public void Authenticated_checks_from_a_thousand_sources_grow_no_state_past_the_caps()
    {
        var driver = new AgentDriver(new IceAgentOptions { Role = IceRole.Controlled, HostAddresses = [AgentDriver.Local], MaxRemoteCandidates = 20, MaxPairs = 20 });
        driver.Agent.SetRemoteCredentials(AgentDriver.PeerCredentials);
        int answered = 0;
        for (int i = 0; i < 1000; i++)
        {
            PeerAddress source = PeerAddress.FromIPv4((uint)(0x0A010000 + i), 7000);
            driver.Deliver(StunTestMessages.Check(driver.Agent.LocalCredentials, AgentDriver.PeerCredentials, StunTransactionId.Create(new SeededRandomSource((ulong)i))), source);
            answered += driver.TakeSent().Count(s => StunMessageReader.TryRead(s.Data, out StunMessageReader m) && m.Class == StunClass.SuccessResponse);
            driver.Run(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(1000, answered); // every authenticated check is answered (stateless beyond the cap)
        Assert.Equal(20, driver.Agent.RemoteCandidateCount);
        Assert.True(driver.Agent.PairCount <= 20);
        Assert.Equal(980, driver.Agent.Counters.RemoteCandidatesOverLimit);
    }

    [Fact]
    public void Pending_mdns_names_stop_at_their_cap()
    {
        var driver = new AgentDriver(new IceAgentOptions { Role = IceRole.Controlling, HostAddresses = [AgentDriver.Local], MaxPendingResolutions = 3 });
        for (int i = 0; i < 5; i++)
        {
            IceRemoteCandidateResult result = driver.Agent.AddRemoteCandidate(IceCandidate.Parse($"candidate:1 1 udp 1 name{i}.local 6000 typ host"));
            Assert.Equal(i < 3 ? IceRemoteCandidateResult.PendingResolution : IceRemoteCandidateResult.LimitReached, result);
        }

        Assert.Equal(0, driver.Agent.ResolveHostname("unknown.local", AgentDriver.Remote));
        Assert.Equal(1, driver.Agent.ResolveHostname("NAME1.local", AgentDriver.Remote));
        Assert.Equal(1, driver.Agent.RemoteCandidateCount);
    }
}
