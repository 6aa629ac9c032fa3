using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Scenarios;

/// <summary>Consent freshness (RFC 7675): loss of consent, recovery, expiry, and liveness from the peer's own checks.</summary>
public class ConsentScenario
{
    private static (VirtualNetwork Net, IceEndpoint A, IceEndpoint B) Connected(uint seed, bool strict = false)
    {
        var net = new VirtualNetwork(seed);
        (IceEndpoint a, IceEndpoint b) = IceScenario.Create(
            net,
            new IceAgentOptions { Role = IceRole.Controlling, HostAddresses = [IceScenario.AddressA], StrictConsent = strict },
            new IceAgentOptions { Role = IceRole.Controlled, HostAddresses = [IceScenario.AddressB], StrictConsent = strict });
        Assert.True(net.RunUntil(() => IceScenario.BothCompleted(a, b), TimeSpan.FromSeconds(5)));
        return (net, a, b);
    }

    [Fact]
    public void A_cut_link_disconnects_both_and_recovery_reconnects_them()
    {
        (VirtualNetwork net, IceEndpoint a, IceEndpoint b) = Connected(70);
        net.RunFor(TimeSpan.FromSeconds(10));
        net.SetLinkBothWays(a.Node!, b.Node!, LinkConditions.Clean with { Down = true });
        MonoTime cut = net.Now;

        Assert.True(net.RunUntil(() => a.State == IceConnectionState.Disconnected && b.State == IceConnectionState.Disconnected, TimeSpan.FromSeconds(12)));
        Assert.InRange((net.Now - cut).TotalSeconds, 2, 12);
        Assert.True(a.Agent.CanSend); // disconnected is not failed: media may still be tried

        net.SetLinkBothWays(a.Node!, b.Node!, LinkConditions.Clean);
        Assert.True(net.RunUntil(() => IceScenario.BothCompleted(a, b), TimeSpan.FromSeconds(3)), $"A {a.State}, B {b.State}");
        Assert.Equal(
            [IceConnectionState.Checking, IceConnectionState.Connected, IceConnectionState.Completed, IceConnectionState.Disconnected, IceConnectionState.Completed],
            a.States.Select(s => s.State));
    }

    [Fact]
    public void Consent_expires_thirty_seconds_after_the_last_response_and_data_stops()
    {
        (VirtualNetwork net, IceEndpoint a, IceEndpoint b) = Connected(71);
        net.SetLinkBothWays(a.Node!, b.Node!, LinkConditions.Clean with { Down = true });
        MonoTime cut = net.Now;

        Assert.True(net.RunUntil(() => a.State == IceConnectionState.Failed, TimeSpan.FromSeconds(40)));
        Assert.InRange((net.Now - cut).TotalSeconds, 24, 31);
        Assert.Equal(IceConnectionState.Failed, b.State);
        Assert.False(a.Agent.CanSend);
        Assert.False(a.Agent.TryPrepareSend(new byte[100], IceAgent.SendHeadroom, 10, out _, out _));

        // Failed is latched: the link coming back does not revive it (only a restart does), and data is dropped.
        net.SetLinkBothWays(a.Node!, b.Node!, LinkConditions.Clean);
        net.Inject(IceScenario.AddressB, IceScenario.AddressA, [0x17, 0xFE, 0xFD, 0, 1]);
        net.RunFor(TimeSpan.FromSeconds(10));
        Assert.Equal(IceConnectionState.Failed, a.State);
        Assert.Empty(a.Application);
        Assert.Equal(MonoTime.Never, a.Agent.PollTimeout());
    }

    [Fact]
    public void Authenticated_checks_from_a_peer_that_stopped_answering_keep_the_connection()
    {
        (VirtualNetwork net, IceEndpoint a, IceEndpoint b) = Connected(72);

        // B stops answering A's checks (its success responses vanish) but keeps sending its own.
        net.Filter = d => !(d.From == IceScenario.AddressB && IsSuccessResponse(d.Data));
        net.RunFor(TimeSpan.FromMinutes(2));

        Assert.Equal(IceConnectionState.Completed, a.State);
        Assert.Equal(IceConnectionState.Completed, b.State);
        Assert.True(a.Agent.CanSend);
    }

    [Fact]
    public void Strict_consent_fails_a_peer_that_stopped_answering_even_while_it_checks()
    {
        (VirtualNetwork net, IceEndpoint a, IceEndpoint _) = Connected(73, strict: true);
        net.Filter = d => !(d.From == IceScenario.AddressB && IsSuccessResponse(d.Data));
        MonoTime start = net.Now;

        Assert.True(net.RunUntil(() => a.State == IceConnectionState.Failed, TimeSpan.FromSeconds(40)));
        Assert.InRange((net.Now - start).TotalSeconds, 24, 31);
    }

    private static bool IsSuccessResponse(byte[] data) =>
        StunMessageReader.TryRead(data, out StunMessageReader message) && message.Class == StunClass.SuccessResponse;
}
