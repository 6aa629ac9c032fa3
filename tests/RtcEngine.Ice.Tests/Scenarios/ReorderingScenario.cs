using RtcEngine.Ice.Agent;
using RtcEngine.Primitives;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Scenarios;

/// <summary>Reordering, jitter and duplication: late and repeated responses must not confuse the checklist.</summary>
public class ReorderingScenario
{
    [Theory]
    [InlineData(40u)]
    [InlineData(41u)]
    [InlineData(42u)]
    public void Agents_connect_and_agree_with_reordered_and_duplicated_datagrams(uint seed)
    {
        var net = new VirtualNetwork(seed)
        {
            DefaultLink = LinkConditions.Clean with
            {
                Delay = TimeSpan.FromMilliseconds(20),
                Jitter = TimeSpan.FromMilliseconds(30),
                Reorder = 0.3,
                ReorderDelay = TimeSpan.FromMilliseconds(200),
                Duplication = 0.2,
            },
        };
        (IceEndpoint a, IceEndpoint b) = IceScenario.Create(
            net,
            IceScenario.Options(IceRole.Controlling, IceScenario.AddressA, PeerAddress.Parse("10.0.1.1:5001")),
            IceScenario.Options(IceRole.Controlled, IceScenario.AddressB, PeerAddress.Parse("10.0.1.2:6001")));

        Assert.True(net.RunUntil(() => IceScenario.BothCompleted(a, b), TimeSpan.FromSeconds(15)), $"A {a.State}, B {b.State}");
        Assert.True(net.Stats.Reordered > 0 && net.Stats.Duplicated > 0);
        Assert.Equal(a.Agent.SelectedPair!.Priority, b.Agent.SelectedPair!.Priority);
        Assert.Equal(a.Agent.SelectedPair!.LocalAddress, b.Agent.SelectedPair!.RemoteAddress);

        for (byte i = 0; i < 20; i++)
        {
            a.Send([0x17, i]);
        }

        net.RunFor(TimeSpan.FromSeconds(30));
        Assert.True(b.Application.Count >= 20); // duplicates arrive too
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (byte)i), b.Application.Select(p => p.Data[1]).Distinct().Order());
        Assert.Equal(IceConnectionState.Completed, a.State);
        Assert.Equal(IceConnectionState.Completed, b.State);
        Assert.Equal(0, a.Agent.Counters.DroppedBadResponseIntegrity + b.Agent.Counters.DroppedBadResponseIntegrity);
    }
}
