using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Candidates;
using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Turn;

/// <summary>
/// Gathering errors per TURN server (wrong credentials, quota, unreachable) are reported with the
/// STUN code while the other candidates carry on, and gathering completes once every server settled.
/// </summary>
public class TurnGatheringErrorScenario
{
    private static readonly PeerAddress QuotaServer = PeerAddress.Parse("198.51.100.20:3478");
    private static readonly PeerAddress SilentServer = PeerAddress.Parse("198.51.100.30:3478");
    private static readonly PeerAddress StrictServer = PeerAddress.Parse("198.51.100.40:3478");

    [Fact]
    public void Each_failing_server_is_reported_with_its_code_and_the_good_one_still_gives_a_relay_candidate()
    {
        var net = new VirtualNetwork(seed: 410);
        TurnAgents.AddServer(net);
        FakeTurnServer quota = TurnAgents.AddServer(net, QuotaServer);
        quota.MaxAllocations = 0;
        FakeTurnServer silent = TurnAgents.AddServer(net, SilentServer);
        silent.Silent = true;
        TurnAgents.AddServer(net, StrictServer);
        var endpoint = new IceEndpoint(
            "A",
            TurnAgents.Options(
                IceRole.Controlling,
                IceScenario.AddressA,
                IceTransportPolicy.All,
                TurnAgents.Turn(StrictServer, credential: "wrong"),
                TurnAgents.Turn(QuotaServer),
                TurnAgents.Turn(SilentServer),
                TurnAgents.Turn()),
            seed: 5);
        endpoint.Clock = () => net.Now;
        net.Add(endpoint, endpoint.OnEvent, IceScenario.AddressA);
        endpoint.Agent.StartGathering();
        net.Poll();

        // The host candidate is out at once, the relay soon after; gathering waits for the silent server.
        net.RunFor(TimeSpan.FromSeconds(1));
        Assert.Contains(endpoint.Gathered, c => c.Type == IceCandidateType.Host);
        Assert.Contains(endpoint.Gathered, c => c.Type == IceCandidateType.Relay);
        Assert.Equal(IceGatheringState.Gathering, endpoint.Agent.GatheringState);

        Assert.True(net.RunUntil(() => endpoint.Agent.GatheringState == IceGatheringState.Complete, TimeSpan.FromSeconds(15)));
        IceTurnServerErrorEvent[] errors = endpoint.Events.OfType<IceTurnServerErrorEvent>().ToArray();
        Assert.Equal(3, errors.Length);
        Assert.Contains(errors, e => e.ErrorCode == StunErrorCodes.Unauthenticated && e.Server.Address == StrictServer && e.Method == StunMethod.Allocate);
        Assert.Contains(errors, e => e.ErrorCode == StunErrorCodes.AllocationQuotaReached && e.Server.Address == QuotaServer);
        Assert.Contains(errors, e => e.ErrorCode == IceTurnServerErrorEvent.Unreachable && e.Server.Address == SilentServer);
        Assert.Single(endpoint.Events.OfType<IceGatheringCompleteEvent>());
        Assert.Single(endpoint.Gathered, c => c.Type == IceCandidateType.Relay);
    }

    [Fact]
    public void The_same_server_twice_is_refused_at_configuration()
    {
        Assert.Throws<ArgumentException>(() => new IceAgent(
            TurnAgents.Options(IceRole.Controlling, IceScenario.AddressA, IceTransportPolicy.All, TurnAgents.Turn(), TurnAgents.Turn(credential: "other")),
            new SeededRandomSource(1)));
        Assert.Throws<ArgumentException>(() => new IceAgent(
            new IceAgentOptions { Lite = true, HostAddresses = [IceScenario.AddressA], TurnServers = [TurnAgents.Turn()] },
            new SeededRandomSource(1)));
        Assert.Throws<ArgumentException>(() => new IceAgent(
            new IceAgentOptions { HostAddresses = [PeerAddress.Parse("[2001:db8::1]:5000")], TurnServers = [TurnAgents.Turn()] },
            new SeededRandomSource(1)));
    }
}
