using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;
using RtcEngine.Primitives.Crypto;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Scenarios;

/// <summary>
/// Forgeries change nothing: checks with the right ufrag but a wrong MESSAGE-INTEGRITY get a
/// rate-limited 401 and no state; tampered responses are ignored; stray data is dropped.
/// </summary>
public class ForgedIntegrityScenario
{
    private static readonly PeerAddress Attacker = PeerAddress.Parse("10.6.6.6:666");

    [Fact]
    public void Forged_checks_get_no_state_and_a_rate_limited_401()
    {
        var net = new VirtualNetwork(seed: 90);
        (IceEndpoint a, IceEndpoint b) = IceScenario.Create(
            net,
            IceScenario.Options(IceRole.Controlling, IceScenario.AddressA),
            IceScenario.Options(IceRole.Controlled, IceScenario.AddressB));
        Assert.True(net.RunUntil(() => IceScenario.BothCompleted(a, b), TimeSpan.FromSeconds(5)));
        int remoteCandidates = a.Agent.RemoteCandidateCount;
        int pairs = a.Agent.PairCount;
        long responsesToAttacker = 0;
        net.Filter = d =>
        {
            if (d.To == Attacker)
            {
                responsesToAttacker++;
                Assert.True(StunMessageReader.TryRead(d.Data, out StunMessageReader m));
                Assert.Equal(StunClass.ErrorResponse, m.Class);
                Assert.False(m.HasMessageIntegrity); // unauthenticated: nothing signed for the forger
            }

            return true;
        };

        // The attacker knows A's ufrag (it saw the SDP) but not the password: 1000 forged checks over 10 s.
        IceCredentials realA = a.Agent.LocalCredentials;
        var wrong = new IceCredentials(realA.Ufrag, "0000000000000000000000");
        for (int i = 0; i < 1000; i++)
        {
            net.Inject(Attacker, IceScenario.AddressA, StunTestMessages.Check(wrong, b.Agent.LocalCredentials, StunTransactionId.Create(new SeededRandomSource((ulong)i)), controlling: false, useCandidate: true), TimeSpan.FromMilliseconds(i * 10));
        }

        net.RunFor(TimeSpan.FromSeconds(11));
        Assert.Equal(remoteCandidates, a.Agent.RemoteCandidateCount);
        Assert.Equal(pairs, a.Agent.PairCount);
        Assert.Equal(IceScenario.AddressB, a.Agent.SelectedPair!.RemoteAddress);
        Assert.Equal(IceConnectionState.Completed, a.State);
        Assert.Equal(1000, a.Agent.Counters.RejectedUnauthenticated);
        Assert.InRange(responsesToAttacker, 5, 5 + 2 * 11 + 1); // burst, then two per second
        Assert.Equal(1000 - responsesToAttacker, a.Agent.Counters.DroppedRateLimited);

        // Data from the attacker's address is not passed up.
        net.Inject(Attacker, IceScenario.AddressA, [0x17, 0xFE, 0xFD, 0, 0]);
        net.RunFor(TimeSpan.FromMilliseconds(20));
        Assert.Empty(a.Application);
        Assert.Equal(1, a.Agent.Counters.DroppedUnpermitted);
    }

    [Fact]
    public void Tampered_responses_are_ignored_until_genuine_ones_arrive()
    {
        var net = new VirtualNetwork(seed: 91);
        bool tamper = true;
        net.Filter = d =>
        {
            if (tamper && d.From == IceScenario.AddressB && StunMessageReader.TryRead(d.Data, out StunMessageReader m) && m.Class == StunClass.SuccessResponse)
            {
                d.Data[^9] ^= 0x40; // inside MESSAGE-INTEGRITY; FINGERPRINT recomputed below so only integrity is wrong
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(d.Data.AsSpan(d.Data.Length - 4), Crc32Checksum.Compute(d.Data.AsSpan(0, d.Data.Length - 8)) ^ StunConstants.FingerprintXor);
            }

            return true;
        };
        (IceEndpoint a, IceEndpoint b) = IceScenario.Create(
            net,
            IceScenario.Options(IceRole.Controlling, IceScenario.AddressA),
            IceScenario.Options(IceRole.Controlled, IceScenario.AddressB));

        net.RunFor(TimeSpan.FromSeconds(3));
        Assert.Equal(IceConnectionState.Checking, a.State);
        Assert.Null(a.Agent.SelectedPair);
        Assert.True(a.Agent.Counters.DroppedBadResponseIntegrity > 0);
        Assert.Equal(0, a.Agent.Counters.DroppedBadFingerprint);

        tamper = false;
        Assert.True(net.RunUntil(() => IceScenario.BothCompleted(a, b), TimeSpan.FromSeconds(10)), $"A {a.State}, B {b.State}");
    }

    [Fact]
    public void Stray_responses_and_garbage_are_counted_and_ignored()
    {
        var net = new VirtualNetwork(seed: 92);
        (IceEndpoint a, IceEndpoint b) = IceScenario.Create(
            net,
            IceScenario.Options(IceRole.Controlling, IceScenario.AddressA),
            IceScenario.Options(IceRole.Controlled, IceScenario.AddressB));
        Assert.True(net.RunUntil(() => IceScenario.BothCompleted(a, b), TimeSpan.FromSeconds(5)));

        var buffer = new byte[100];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccess, StunTransactionId.Create(new SeededRandomSource(1)));
        writer.TryAddXorMappedAddress(IceScenario.AddressA);
        writer.TryAddFingerprint();
        net.Inject(Attacker, IceScenario.AddressA, writer.Written);
        net.Inject(Attacker, IceScenario.AddressA, [0, 1, 0, 0, 1, 2, 3]);
        net.Inject(Attacker, IceScenario.AddressA, []);
        net.RunFor(TimeSpan.FromMilliseconds(50));
        Assert.Equal(1, a.Agent.Counters.DroppedUnknownTransaction);
        Assert.Equal(2, a.Agent.Counters.DroppedMalformed);
        Assert.Equal(IceConnectionState.Completed, a.State);
    }
}
