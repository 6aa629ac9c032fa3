using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Candidates;
using RtcEngine.Primitives;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Agent;

/// <summary>Configuration, misuse, and the engine contract.</summary>
public class AgentContractTests
{
    [Fact]
    public void Generated_credentials_follow_the_grammar_and_given_ones_are_used()
    {
        var generated = new IceAgent(new IceAgentOptions { HostAddresses = [AgentDriver.Local] }, new SeededRandomSource(1));
        Assert.True(generated.LocalCredentials.Ufrag.Length >= 4);
        Assert.True(generated.LocalCredentials.Password.Length >= 22);
        var given = new IceCredentials("abcd", "0123456789012345678901");
        Assert.Equal(given, new IceAgent(new IceAgentOptions { HostAddresses = [AgentDriver.Local], LocalCredentials = given }, new SeededRandomSource(1)).LocalCredentials);
    }

    [Fact]
    public void Invalid_options_throw()
    {
        var random = new SeededRandomSource(1);
        Assert.Throws<ArgumentException>(() => new IceAgent(new IceAgentOptions(), random));
        Assert.Throws<ArgumentException>(() => new IceAgent(new IceAgentOptions { HostAddresses = [PeerAddress.Parse("10.0.0.1:0")] }, random));
        Assert.Throws<ArgumentException>(() => new IceAgent(new IceAgentOptions { HostAddresses = [AgentDriver.Local, AgentDriver.Local] }, random));
        Assert.Throws<ArgumentException>(() => new IceAgent(new IceAgentOptions { Lite = true, HostAddresses = [AgentDriver.Local], StunServers = [AgentDriver.Remote] }, random));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IceAgent(new IceAgentOptions { HostAddresses = [AgentDriver.Local], Ta = TimeSpan.Zero }, random));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IceAgent(new IceAgentOptions { HostAddresses = [AgentDriver.Local], MaxPairs = 0 }, random));
    }

    [Fact]
    public void A_lite_agent_is_controlled_whatever_the_configured_role()
    {
        var agent = new IceAgent(new IceAgentOptions { Lite = true, Role = IceRole.Controlling, HostAddresses = [AgentDriver.Local] }, new SeededRandomSource(1));
        Assert.Equal(IceRole.Controlled, agent.Role);
    }

    [Fact]
    public void A_closed_agent_reports_closed_once_drops_everything_and_refuses_calls()
    {
        var driver = new AgentDriver();
        driver.Agent.Close();
        driver.Agent.Close();
        driver.Drain();
        Assert.Equal(IceConnectionState.Closed, Assert.Single(driver.Events.OfType<IceConnectionStateChangedEvent>()).State);
        Assert.Equal(IceReceiveResult.Dropped, driver.Deliver([0x17, 1, 2]));
        Assert.Equal(MonoTime.Never, driver.Agent.PollTimeout());
        Assert.Throws<InvalidOperationException>(() => driver.Agent.AddRemoteCandidate(IceCandidate.Parse("candidate:1 1 udp 1 10.0.0.2 6000 typ host")));
        Assert.Throws<InvalidOperationException>(() => driver.Agent.Restart());
        driver.Agent.Dispose();
        Assert.Throws<ObjectDisposedException>(() => driver.Agent.StartGathering());
    }

    [Fact]
    public void Misuse_of_the_send_paths_throws()
    {
        var driver = new AgentDriver();
        Assert.Throws<ArgumentException>(() => driver.Agent.TryPollTransmit(new byte[100], out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => driver.Agent.TryPrepareSend(new byte[10], 8, 5, out _, out _));
        Assert.False(driver.Agent.TryPrepareSend(new byte[100], IceAgent.SendHeadroom, 10, out _, out _)); // no pair yet: not misuse
    }

    [Fact]
    public void Time_going_backwards_is_ignored()
    {
        var driver = new AgentDriver(IceRole.Controlling);
        driver.Agent.AddRemoteCandidate(IceCandidate.Parse("candidate:1 1 udp 1 10.0.0.2 6000 typ host"));
        driver.Clock.Advance(TimeSpan.FromSeconds(10));
        driver.Agent.HandleTimeout(driver.Clock.Now);
        MonoTime due = driver.Agent.PollTimeout();
        driver.Agent.HandleTimeout(MonoTime.FromMilliseconds(1));
        Assert.True(driver.Agent.PollTimeout() >= due);
    }

    [Fact]
    public void An_unreachable_peer_fails_the_checklist_after_end_of_candidates()
    {
        var driver = new AgentDriver(IceRole.Controlling);
        driver.Agent.AddRemoteCandidate(IceCandidate.Parse("candidate:1 1 udp 1 10.0.0.2 6000 typ host"));
        driver.Agent.SetRemoteEndOfCandidates();
        driver.Run(TimeSpan.FromSeconds(30));
        Assert.Equal(IceConnectionState.Failed, driver.Agent.ConnectionState);
        Assert.Equal(7, driver.TakeSent().Count); // MaxCheckTransmissions
        Assert.Equal(
            [IceConnectionState.Checking, IceConnectionState.Failed],
            driver.Events.OfType<IceConnectionStateChangedEvent>().Select(e => e.State));
    }

    [Fact]
    public void Pacing_sends_one_new_check_per_Ta()
    {
        var driver = new AgentDriver(IceRole.Controlling);
        for (int i = 0; i < 5; i++)
        {
            driver.Agent.AddRemoteCandidate(IceCandidate.Parse($"candidate:{i + 1} 1 udp {100 + i} 10.0.0.{i + 2} 6000 typ host"));
        }

        var times = new List<MonoTime>();
        MonoTime end = driver.Clock.Now + TimeSpan.FromMilliseconds(240);
        while (driver.Agent.PollTimeout() is var due && due <= end)
        {
            driver.Clock.AdvanceTo(due);
            driver.Agent.HandleTimeout(driver.Clock.Now);
            while (driver.Agent.TryPollTransmit(new byte[2048], out _))
            {
                times.Add(driver.Clock.Now);
            }
        }

        Assert.Equal([0L, 50, 100, 150, 200], times.Select(t => t.TotalMilliseconds));
    }
}
