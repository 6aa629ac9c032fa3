using RtcEngine.Dtls;
using RtcEngine.Testing;

namespace RtcEngine.Dtls.Tests.Scenarios;

/// <summary>
/// Heavy duplication and reordering without loss: duplicates are suppressed, answers to the peer's
/// repeated flights are rate-limited, so the handshake completes without a retransmission storm.
/// </summary>
public class DuplicationAndReorderTests
{
    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void Duplicated_and_reordered_flights_complete_without_a_storm(ulong seed)
    {
        var pair = new DtlsPair(seed, link: new LinkConditions
        {
            Delay = TimeSpan.FromMilliseconds(10),
            Jitter = TimeSpan.FromMilliseconds(15),
            Duplication = 0.5,
            Reorder = 0.5,
            ReorderDelay = TimeSpan.FromMilliseconds(40),
        });

        TimeSpan elapsed = pair.RunHandshake();
        pair.Network.RunFor(TimeSpan.FromSeconds(2));

        Assert.True(pair.BothConnected, $"{pair.Client.Counters} / {pair.Server.Counters}");
        Assert.True(elapsed < TimeSpan.FromMilliseconds(400), $"took {elapsed.TotalMilliseconds} ms");
        long sent = pair.Client.Counters.DatagramsSent + pair.Server.Counters.DatagramsSent;
        Assert.True(sent < 30, $"{sent} datagrams sent: {pair.Client.Counters} / {pair.Server.Counters}");
        Assert.True(pair.Client.Counters[DtlsDropReason.DuplicateHandshake] + pair.Server.Counters[DtlsDropReason.DuplicateHandshake] > 0);
        Assert.Single(pair.ClientEvents.OfType<DtlsConnected>());
        Assert.Single(pair.ServerEvents.OfType<DtlsConnected>());
    }
}
