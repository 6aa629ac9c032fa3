using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Candidates;
using RtcEngine.Primitives;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Scenarios;

/// <summary>Two full agents, controlling and controlled, one host candidate each, on a clean link.</summary>
public class FullFullScenario
{
    [Fact]
    public void Two_full_agents_connect_complete_and_carry_data_both_ways()
    {
        var net = new VirtualNetwork(seed: 1);
        (IceEndpoint a, IceEndpoint b) = IceScenario.Create(
            net,
            IceScenario.Options(IceRole.Controlling, IceScenario.AddressA),
            IceScenario.Options(IceRole.Controlled, IceScenario.AddressB));

        Assert.True(net.RunUntil(() => IceScenario.BothCompleted(a, b), TimeSpan.FromSeconds(5)), $"A {a.State}, B {b.State}");
        Assert.True(net.Now < MonoTime.FromMilliseconds(1000), $"took {net.Now}");

        // Each transition reported once, in W3C order.
        Assert.Equal(
            [IceConnectionState.Checking, IceConnectionState.Connected, IceConnectionState.Completed],
            a.States.Select(s => s.State));
        Assert.Equal(
            [IceConnectionState.Checking, IceConnectionState.Connected, IceConnectionState.Completed],
            b.States.Select(s => s.State));

        IceCandidatePairInfo pairA = a.Agent.SelectedPair!;
        IceCandidatePairInfo pairB = b.Agent.SelectedPair!;
        Assert.Equal(IceScenario.AddressA, pairA.LocalAddress);
        Assert.Equal(IceScenario.AddressB, pairA.RemoteAddress);
        Assert.Equal(IceScenario.AddressB, pairB.LocalAddress);
        Assert.Equal(IceScenario.AddressA, pairB.RemoteAddress);
        Assert.True(pairA.Nominated);
        Assert.True(pairB.Nominated);
        Assert.Equal(IceCandidateType.Host, pairA.Remote.Type);
        Assert.Equal(pairA.Priority, pairB.Priority);
        Assert.Equal(IceRole.Controlling, a.Agent.Role);
        Assert.Equal(IceRole.Controlled, b.Agent.Role);

        a.Send([0x16, 0xFE, 0xFD, 1, 2, 3]);
        b.Send([0x80, 0x60, 9, 9]);
        net.RunFor(TimeSpan.FromMilliseconds(100));
        Assert.Equal([0x16, 0xFE, 0xFD, 1, 2, 3], Assert.Single(b.Application).Data);
        Assert.Equal(IceScenario.AddressA, b.Application[0].From);
        Assert.Equal([0x80, 0x60, 9, 9], Assert.Single(a.Application).Data);
    }

    [Fact]
    public void Both_sides_report_their_host_candidate_and_gathering_complete()
    {
        var net = new VirtualNetwork(seed: 2);
        (IceEndpoint a, IceEndpoint b) = IceScenario.Create(
            net,
            IceScenario.Options(IceRole.Controlling, IceScenario.AddressA),
            IceScenario.Options(IceRole.Controlled, IceScenario.AddressB));
        IceCandidate host = Assert.Single(a.Gathered);
        Assert.Equal(IceCandidateType.Host, host.Type);
        Assert.Equal("10.0.0.1", host.Address);
        Assert.Equal(5000, host.Port);
        Assert.StartsWith("candidate:", host.ToString(), StringComparison.Ordinal);
        Assert.Single(a.Events.OfType<IceGatheringCompleteEvent>());
        Assert.Equal(IceGatheringState.Complete, b.Agent.GatheringState);
    }

    [Fact]
    public void Consent_keeps_a_quiet_connection_alive_for_minutes()
    {
        var net = new VirtualNetwork(seed: 3);
        (IceEndpoint a, IceEndpoint b) = IceScenario.Create(
            net,
            IceScenario.Options(IceRole.Controlling, IceScenario.AddressA),
            IceScenario.Options(IceRole.Controlled, IceScenario.AddressB));
        Assert.True(net.RunUntil(() => IceScenario.BothCompleted(a, b), TimeSpan.FromSeconds(5)));
        int transitions = a.States.Count + b.States.Count;

        net.RunFor(TimeSpan.FromMinutes(3));

        Assert.Equal(IceConnectionState.Completed, a.State);
        Assert.Equal(IceConnectionState.Completed, b.State);
        Assert.Equal(transitions, a.States.Count + b.States.Count);
        long consent = a.Agent.Counters.ConsentChecksSent;
        Assert.InRange(consent, 180 / 6, 180 / 4 + 1); // every 4..6 s
        Assert.Equal(consent, a.Agent.Counters.ConsentResponses);
    }

    [Fact]
    public void The_same_seed_gives_the_same_run()
    {
        static List<TraceEntry> Run()
        {
            var net = new VirtualNetwork(seed: 4) { TraceEnabled = true, DefaultLink = LinkConditions.Clean with { Jitter = TimeSpan.FromMilliseconds(3), Loss = 0.1 } };
            (IceEndpoint a, IceEndpoint b) = IceScenario.Create(
                net,
                IceScenario.Options(IceRole.Controlling, IceScenario.AddressA),
                IceScenario.Options(IceRole.Controlled, IceScenario.AddressB));
            net.RunFor(TimeSpan.FromSeconds(20));
            return net.Trace;
        }

        Assert.Equal(Run(), Run());
    }
}
