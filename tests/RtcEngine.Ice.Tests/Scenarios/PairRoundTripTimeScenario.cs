using RtcEngine.Ice.Agent;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Scenarios;

/// <summary>The selected pair's statistics: STUN round-trip times from checks and consent checks.</summary>
public class PairRoundTripTimeScenario
{
    [Fact]
    public void Every_response_adds_one_sample_so_the_w3c_average_is_the_path_rtt()
    {
        var net = new VirtualNetwork(seed: 5);
        (IceEndpoint a, IceEndpoint b) = IceScenario.Create(
            net,
            IceScenario.Options(IceRole.Controlling, IceScenario.AddressA),
            IceScenario.Options(IceRole.Controlled, IceScenario.AddressB));
        net.DefaultLink = LinkConditions.Clean with { Delay = TimeSpan.FromMilliseconds(12) };
        Assert.True(net.RunUntil(() => IceScenario.BothCompleted(a, b), TimeSpan.FromSeconds(5)));
        net.RunFor(TimeSpan.FromSeconds(30)); // several consent checks

        IceCandidatePairInfo pair = a.Agent.SelectedPair!;
        Assert.Equal(TimeSpan.FromMilliseconds(24), pair.CurrentRoundTripTime);
        Assert.True(pair.ResponsesReceived >= 6, $"{pair.ResponsesReceived} responses");
        Assert.Equal(24, pair.TotalRoundTripTime.TotalMilliseconds / pair.ResponsesReceived, precision: 6);
        Assert.True(pair.RequestsSent >= pair.ResponsesReceived);
        Assert.True(b.Agent.SelectedPair!.RequestsReceived >= pair.RequestsSent - 1);
    }

    [Fact]
    public void A_retransmitted_check_is_timed_from_its_latest_transmission()
    {
        var net = new VirtualNetwork(seed: 6);
        (IceEndpoint a, IceEndpoint b) = IceScenario.Create(
            net,
            IceScenario.Options(IceRole.Controlling, IceScenario.AddressA),
            IceScenario.Options(IceRole.Controlled, IceScenario.AddressB));
        net.DefaultLink = LinkConditions.Clean with { Delay = TimeSpan.FromMilliseconds(10) };

        // The first transmissions of A's checks are lost: only what a retransmission brings back counts.
        int dropped = 0;
        net.Filter = d => d.From != IceScenario.AddressA || dropped++ >= 2;
        Assert.True(net.RunUntil(() => IceScenario.BothCompleted(a, b), TimeSpan.FromSeconds(10)));
        IceCandidatePairInfo pair = a.Agent.SelectedPair!;
        Assert.All([pair.TotalRoundTripTime.TotalMilliseconds / pair.ResponsesReceived], avg => Assert.InRange(avg, 19.9, 20.1));
    }
}
