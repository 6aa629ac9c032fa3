using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Scenarios;

/// <summary>
/// ICE restart (RFC 8445 section 9): new credentials on both sides, a fresh checklist, media kept
/// on the old pair until the new generation selects one, and the old credentials retired after.
/// </summary>
public class IceRestartScenario
{
    private static readonly PeerAddress A2 = PeerAddress.Parse("10.0.1.1:5001");

    [Fact]
    public void A_restart_keeps_media_flowing_and_moves_to_a_new_generation()
    {
        var net = new VirtualNetwork(seed: 80);
        (IceEndpoint a, IceEndpoint b) = IceScenario.Create(
            net,
            IceScenario.Options(IceRole.Controlling, IceScenario.AddressA, A2),
            IceScenario.Options(IceRole.Controlled, IceScenario.AddressB));
        Assert.True(net.RunUntil(() => IceScenario.BothCompleted(a, b), TimeSpan.FromSeconds(5)));
        net.RunFor(TimeSpan.FromSeconds(3));
        IceCredentials oldA = a.Agent.LocalCredentials;
        IceCredentials oldB = b.Agent.LocalCredentials;
        int selectedBefore = a.Events.OfType<IceSelectedPairChangedEvent>().Count();
        int statesBefore = a.States.Count;

        // The old pair stops working for the new generation's checks on it... but media stays on it meanwhile.
        a.Agent.Restart();
        net.Poll();
        Assert.NotEqual(oldA, a.Agent.LocalCredentials);
        Assert.NotEqual(oldB, b.Agent.LocalCredentials); // B restarted on seeing A's new credentials
        Assert.Equal(a.Agent.LocalCredentials, b.Agent.RemoteCredentials);
        Assert.Equal(b.Agent.LocalCredentials, a.Agent.RemoteCredentials);
        Assert.Single(a.Events.OfType<IceLocalCredentialsChangedEvent>());
        Assert.Single(b.Events.OfType<IceLocalCredentialsChangedEvent>());
        Assert.True(a.Agent.CanSend);
        a.Send([0x17, 1]);
        b.Send([0x17, 2]);

        Assert.True(net.RunUntil(() => a.Events.OfType<IceSelectedPairChangedEvent>().Count() > selectedBefore && IceScenario.BothCompleted(a, b), TimeSpan.FromSeconds(5)));
        Assert.Equal([0x17, 1], Assert.Single(b.Application).Data);
        Assert.Equal([0x17, 2], Assert.Single(a.Application).Data);

        // No state other than connected/completed was seen during the restart.
        Assert.All(a.States.Skip(statesBefore), s => Assert.True(s.State is IceConnectionState.Connected or IceConnectionState.Completed, s.State.ToString()));
        Assert.All(b.States.Skip(statesBefore), s => Assert.True(s.State is IceConnectionState.Connected or IceConnectionState.Completed, s.State.ToString()));
        Assert.Equal(2, a.Events.OfType<IceGatheringCompleteEvent>().Count()); // gathered again

        // Data flows on the new generation's pair.
        a.Send([0x17, 3]);
        net.RunFor(TimeSpan.FromMilliseconds(100));
        Assert.Equal([0x17, 3], b.Application[^1].Data);

        // A check with the retired credentials is now refused (401) and changes nothing.
        long rejected = a.Agent.Counters.RejectedUnauthenticated;
        int pairs = a.Agent.PairCount;
        net.Inject(IceScenario.AddressB, IceScenario.AddressA, StunTestMessages.Check(oldA, oldB, StunTransactionId.Create(new SeededRandomSource(9)), controlling: false));
        net.RunFor(TimeSpan.FromMilliseconds(50));
        Assert.Equal(rejected + 1, a.Agent.Counters.RejectedUnauthenticated);
        Assert.Equal(pairs, a.Agent.PairCount);
        Assert.Equal(IceConnectionState.Completed, a.State);
    }

    [Fact]
    public void A_restart_after_failure_recovers_the_connection()
    {
        var net = new VirtualNetwork(seed: 81);
        (IceEndpoint a, IceEndpoint b) = IceScenario.Create(
            net,
            IceScenario.Options(IceRole.Controlling, IceScenario.AddressA),
            IceScenario.Options(IceRole.Controlled, IceScenario.AddressB));
        Assert.True(net.RunUntil(() => IceScenario.BothCompleted(a, b), TimeSpan.FromSeconds(5)));
        net.SetLinkBothWays(a.Node!, b.Node!, LinkConditions.Clean with { Down = true });
        Assert.True(net.RunUntil(() => a.State == IceConnectionState.Failed && b.State == IceConnectionState.Failed, TimeSpan.FromSeconds(40)));

        net.SetLinkBothWays(a.Node!, b.Node!, LinkConditions.Clean);
        a.Agent.Restart();
        Assert.True(net.RunUntil(() => IceScenario.BothCompleted(a, b), TimeSpan.FromSeconds(5)), $"A {a.State}, B {b.State}");
        Assert.Equal(
            [IceConnectionState.Failed, IceConnectionState.New, IceConnectionState.Checking, IceConnectionState.Connected, IceConnectionState.Completed],
            a.States.Select(s => s.State).SkipWhile(s => s != IceConnectionState.Failed));
    }
}
