using RtcEngine.Ice.Stun;
using RtcEngine.Ice.Turn;
using Xunit;

namespace RtcEngine.Ice.Tests.Turn;

/// <summary>Allocate with long-term credentials: the unauthenticated request draws a 401 with REALM and NONCE, the retry succeeds.</summary>
public class AllocationScenario
{
    [Fact]
    public void The_401_challenge_is_answered_with_the_long_term_key_and_the_allocation_is_reported()
    {
        var scenario = new TurnScenario();
        scenario.Do((turn, now) => turn.Allocate(now));
        Assert.Equal(TurnAllocationState.Allocating, scenario.Turn.State);

        Assert.True(scenario.Net.RunUntil(() => scenario.Turn.State == TurnAllocationState.Allocated, TimeSpan.FromSeconds(5)));
        TurnAllocatedEvent allocated = Assert.IsType<TurnAllocatedEvent>(Assert.Single(scenario.Client.Events));
        Assert.Equal(PeerAddressOf("198.51.100.10:50000"), allocated.RelayedAddress);
        Assert.Equal(TurnScenario.ClientAddress, allocated.MappedAddress);
        Assert.Equal(TimeSpan.FromMinutes(10), allocated.Lifetime);
        Assert.Equal(allocated.RelayedAddress, scenario.Turn.RelayedAddress);

        FakeTurnServer.RequestRecord[] allocates = scenario.Server.Requests(StunMethod.Allocate).ToArray();
        Assert.Equal(2, allocates.Length);
        Assert.False(allocates[0].Authenticated);
        Assert.Equal(StunErrorCodes.Unauthenticated, allocates[0].ErrorCode);
        Assert.True(allocates[1].Authenticated);
        Assert.Equal(0, allocates[1].ErrorCode);
        Assert.Equal(1, scenario.Turn.Counters.AuthenticationChallenges);
        Assert.Equal(0, scenario.Turn.Counters.Retransmissions);
        Assert.All(scenario.Client.Sent, s => Assert.Equal(TurnScenario.ServerAddress, s.Info.Destination));
        Assert.All(scenario.Client.Sent, s => Assert.Equal(TurnScenario.ClientAddress, s.Info.Source));
    }

    [Fact]
    public void The_allocate_request_asks_for_udp_relaying_and_the_configured_lifetime()
    {
        var scenario = new TurnScenario(options: new TurnClientOptions { RequestedLifetime = TimeSpan.FromMinutes(20) });
        scenario.Do((turn, now) => turn.Allocate(now));
        byte[] first = scenario.Client.Sent[0].Data;
        Assert.True(StunMessageReader.TryRead(first, out StunMessageReader request));
        Assert.Equal(new StunMessageType(StunMethod.Allocate, StunClass.Request), request.Type);
        Assert.True(request.TryGetAttribute(StunAttributeType.RequestedTransport, out ReadOnlySpan<byte> transport));
        Assert.Equal([17, 0, 0, 0], transport.ToArray());
        Assert.True(request.TryGetUInt32(StunAttributeType.Lifetime, out uint lifetime));
        Assert.Equal(1200u, lifetime);
        Assert.True(request.HasFingerprint && request.VerifyFingerprint());
        Assert.False(request.HasMessageIntegrity);
    }

    private static RtcEngine.Primitives.PeerAddress PeerAddressOf(string text) => RtcEngine.Primitives.PeerAddress.Parse(text);
}
