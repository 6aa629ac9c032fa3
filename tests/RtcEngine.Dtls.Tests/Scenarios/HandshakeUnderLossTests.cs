using RtcEngine.Dtls;
using RtcEngine.Testing;

namespace RtcEngine.Dtls.Tests.Scenarios;

/// <summary>Handshakes over lossy links with reordering and duplication, in virtual time, for many seeds.</summary>
public class HandshakeUnderLossTests
{
    [Theory]
    [InlineData(0.0, 0.0, 0.0, 1)]
    [InlineData(0.10, 0.10, 0.05, 25)]
    [InlineData(0.30, 0.10, 0.05, 25)]
    public void Handshake_completes_within_bounded_virtual_time(double loss, double reorder, double duplication, int seeds)
    {
        var link = new LinkConditions
        {
            Delay = TimeSpan.FromMilliseconds(20),
            Jitter = TimeSpan.FromMilliseconds(5),
            Loss = loss,
            Reorder = reorder,
            ReorderDelay = TimeSpan.FromMilliseconds(30),
            Duplication = duplication,
        };
        var times = new List<TimeSpan>();
        for (ulong seed = 1; seed <= (ulong)seeds; seed++)
        {
            foreach (bool cookies in new[] { true, false })
            {
                var pair = new DtlsPair(seed, server: o => o.With(cookies: cookies), link: link);
                TimeSpan elapsed = pair.RunHandshake(TimeSpan.FromSeconds(30));
                Assert.True(pair.BothConnected, $"seed {seed} cookies {cookies}: client {pair.Client.State} {pair.Client.Counters}; server {pair.Server.State} {pair.Server.Counters}");
                Assert.Equal(
                    DtlsPair.Single<DtlsConnected>(pair.ClientEvents).KeyingMaterial!.Exported.ToArray(),
                    DtlsPair.Single<DtlsConnected>(pair.ServerEvents).KeyingMaterial!.Exported.ToArray());
                times.Add(elapsed);
            }
        }

        // Clean: 3 round trips with cookies (~120 ms). With loss, 100 ms doubling retransmissions bound the worst case.
        TimeSpan worst = times.Max();
        TimeSpan limit = loss switch
        {
            0 => TimeSpan.FromMilliseconds(160),
            < 0.2 => TimeSpan.FromSeconds(2),
            _ => TimeSpan.FromSeconds(8),
        };
        Assert.True(worst <= limit, $"worst {worst.TotalMilliseconds} ms over {times.Count} runs; median {times.Order().ElementAt(times.Count / 2).TotalMilliseconds} ms");
    }
}
