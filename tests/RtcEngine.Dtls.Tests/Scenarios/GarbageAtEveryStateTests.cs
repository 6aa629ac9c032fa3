using RtcEngine.Dtls;
using RtcEngine.Testing;

namespace RtcEngine.Dtls.Tests.Scenarios;

/// <summary>
/// Before every real datagram of the handshake (so at every state of both endpoints), the receiver
/// gets every truncation of that datagram and random garbage: nothing throws, everything is
/// dropped or ignored, and the handshake still completes.
/// </summary>
public class GarbageAtEveryStateTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Truncations_and_garbage_at_every_state_are_dropped_and_the_handshake_completes(bool cookies)
    {
        var pair = new DtlsPair(seed: 21, server: o => o.With(cookies: cookies));
        var random = new Random(21);
        int injected = 0;
        pair.Network.Filter = d =>
        {
            if (pair.BothConnected)
            {
                return true;
            }

            for (int length = 1; length < d.Data.Length; length++)
            {
                pair.Network.Inject(d.From, d.To, d.Data.AsSpan(0, length));
                injected++;
            }

            for (int i = 0; i < 5; i++)
            {
                byte[] garbage = new byte[random.Next(1, 1200)];
                random.NextBytes(garbage);
                pair.Network.Inject(d.From, d.To, garbage);
                injected++;
            }

            return true;
        };

        pair.RunHandshake();

        Assert.True(pair.BothConnected, $"{pair.Client.Counters} / {pair.Server.Counters}");
        Assert.True(injected > 1000);
        Assert.True(pair.Client.Counters.TotalDropped + pair.Server.Counters.TotalDropped > injected / 2);
        Assert.Equal(
            DtlsPair.Single<DtlsConnected>(pair.ClientEvents).KeyingMaterial!.Exported.ToArray(),
            DtlsPair.Single<DtlsConnected>(pair.ServerEvents).KeyingMaterial!.Exported.ToArray());
    }

    [Fact]
    public void Garbage_after_connection_is_dropped_without_harm()
    {
        var pair = new DtlsPair(seed: 22);
        pair.RunHandshake();
        var random = new Random(22);
        for (int i = 0; i < 2000; i++)
        {
            byte[] garbage = new byte[random.Next(3, 1400)];
            random.NextBytes(garbage);
            if (i % 2 == 0)
            {
                garbage[0] = (byte)random.Next(20, 24); // a plausible content type
                garbage[1] = 0xFE;
                garbage[2] = 0xFD;
            }

            pair.Network.Inject(DtlsPair.ClientAddress, DtlsPair.ServerAddress, garbage);
        }

        pair.Network.RunFor(TimeSpan.FromMilliseconds(50));
        pair.Client.SendApplicationData("still here"u8);
        pair.Network.RunFor(TimeSpan.FromMilliseconds(50));

        Assert.Equal(DtlsState.Connected, pair.Server.State);
        Assert.Equal("still here"u8.ToArray(), DtlsPair.Single<DtlsApplicationData>(pair.ServerEvents).Data.ToArray());
        Assert.True(pair.Server.Counters.TotalDropped >= 1000);
    }
}
