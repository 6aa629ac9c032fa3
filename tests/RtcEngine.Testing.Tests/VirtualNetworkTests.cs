using RtcEngine.Primitives;
using Xunit;

namespace RtcEngine.Testing.Tests;

public class VirtualNetworkTests
{
    private static readonly PeerAddress A = PeerAddress.Parse("10.0.0.1:1000");
    private static readonly PeerAddress B = PeerAddress.Parse("10.0.0.2:2000");

    [Fact]
    public void Delivers_after_the_link_delay_in_virtual_time()
    {
        var net = new VirtualNetwork(seed: 1);
        var sender = new PingEngine(B, count: 3, interval: TimeSpan.FromMilliseconds(10));
        var receiver = new PingEngine(A, count: 0, interval: TimeSpan.Zero);
        net.Add(sender, A);
        net.Add(receiver, B);
        net.DefaultLink = LinkConditions.Clean with { Delay = TimeSpan.FromMilliseconds(30) };

        net.RunFor(TimeSpan.FromSeconds(1));

        Assert.Equal([30L, 40L, 50L], receiver.Received.Select(r => r.At.TotalMilliseconds));
        Assert.Equal([0, 1, 2], receiver.Received.Select(r => r.Number));
        Assert.All(receiver.Received, r => Assert.Equal(A, r.From));
        Assert.Equal(MonoTime.FromMilliseconds(1000), net.Now);
    }

    [Fact]
    public void Ten_seconds_of_traffic_run_without_sleeping()
    {
        var net = new VirtualNetwork(seed: 2);
        var sender = new PingEngine(B, count: 500, interval: TimeSpan.FromMilliseconds(20));
        var receiver = new PingEngine(A, count: 0, interval: TimeSpan.Zero);
        net.Add(sender, A);
        net.Add(receiver, B);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        net.RunFor(TimeSpan.FromSeconds(10));
        Assert.Equal(500, receiver.Received.Count);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    [Theory]
    [InlineData(0.10)]
    [InlineData(0.30)]
    public void Loss_ratio_is_within_tolerance_for_a_seed(double loss)
    {
        var net = new VirtualNetwork(seed: 42);
        var sender = new PingEngine(B, count: 10_000, interval: TimeSpan.FromMilliseconds(1));
        var receiver = new PingEngine(A, count: 0, interval: TimeSpan.Zero);
        net.Add(sender, A);
        net.Add(receiver, B);
        net.DefaultLink = LinkConditions.Clean with { Loss = loss };

        net.RunFor(TimeSpan.FromSeconds(11));

        double observed = 1.0 - receiver.Received.Count / 10_000.0;
        Assert.InRange(observed, loss - 0.02, loss + 0.02);
        Assert.Equal(10_000 - receiver.Received.Count, net.Stats.Lost);
    }

    [Fact]
    public void Reordering_delivers_some_datagrams_after_later_ones()
    {
        var net = new VirtualNetwork(seed: 5);
        var sender = new PingEngine(B, count: 1000, interval: TimeSpan.FromMilliseconds(2));
        var receiver = new PingEngine(A, count: 0, interval: TimeSpan.Zero);
        net.Add(sender, A);
        net.Add(receiver, B);
        net.DefaultLink = LinkConditions.Clean with { Reorder = 0.1, ReorderDelay = TimeSpan.FromMilliseconds(15) };

        net.RunFor(TimeSpan.FromSeconds(3));

        Assert.Equal(1000, receiver.Received.Count);
        int outOfOrder = receiver.Received.Zip(receiver.Received.Skip(1)).Count(p => p.Second.Number < p.First.Number);
        Assert.InRange(net.Stats.Reordered, 70, 130);
        Assert.True(outOfOrder > 50, $"only {outOfOrder} inversions");
        Assert.Equal(Enumerable.Range(0, 1000), receiver.Received.Select(r => r.Number).Order());
    }

    [Fact]
    public void Duplication_and_mtu_drops_are_applied_and_counted()
    {
        var net = new VirtualNetwork(seed: 6);
        var small = new PingEngine(B, count: 1000, interval: TimeSpan.FromMilliseconds(1), size: 100);
        var receiver = new PingEngine(A, count: 0, interval: TimeSpan.Zero);
        net.Add(small, A);
        net.Add(receiver, B);
        net.DefaultLink = LinkConditions.Clean with { Duplication = 0.2 };
        net.RunFor(TimeSpan.FromSeconds(2));
        Assert.Equal(1000 + net.Stats.Duplicated, receiver.Received.Count);
        Assert.InRange(net.Stats.Duplicated, 150, 250);

        var net2 = new VirtualNetwork(seed: 6);
        var big = new PingEngine(B, count: 10, interval: TimeSpan.FromMilliseconds(1), size: 1400);
        var receiver2 = new PingEngine(A, count: 0, interval: TimeSpan.Zero);
        net2.Add(big, A);
        net2.Add(receiver2, B);
        net2.DefaultLink = LinkConditions.Clean with { Mtu = 1280 };
        net2.RunFor(TimeSpan.FromSeconds(1));
        Assert.Empty(receiver2.Received);
        Assert.Equal(10, net2.Stats.DroppedOverMtu);
    }

    [Fact]
    public void Same_seed_gives_the_same_trace_and_another_seed_does_not()
    {
        List<TraceEntry> Run(ulong seed)
        {
            var net = new VirtualNetwork(seed) { TraceEnabled = true };
            net.Add(new PingEngine(B, count: 300, interval: TimeSpan.FromMilliseconds(3)), A);
            net.Add(new PingEngine(A, count: 300, interval: TimeSpan.FromMilliseconds(5), echo: true), B);
            net.DefaultLink = new LinkConditions
            {
                Delay = TimeSpan.FromMilliseconds(10),
                Jitter = TimeSpan.FromMilliseconds(8),
                Loss = 0.1,
                Duplication = 0.05,
                Reorder = 0.05,
            };
            net.RunFor(TimeSpan.FromSeconds(5));
            return net.Trace;
        }

        List<TraceEntry> first = Run(77), second = Run(77), other = Run(78);
        Assert.True(first.Count > 400);
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Echo_replies_return_to_the_sender_with_link_delay_both_ways()
    {
        var net = new VirtualNetwork(seed: 8);
        var pinger = new PingEngine(B, count: 1, interval: TimeSpan.Zero);
        var echo = new PingEngine(A, count: 0, interval: TimeSpan.Zero, echo: true);
        VirtualNode nodeA = net.Add(pinger, A);
        VirtualNode nodeB = net.Add(echo, B);
        net.SetLink(nodeA, nodeB, LinkConditions.Clean with { Delay = TimeSpan.FromMilliseconds(7) });
        net.SetLink(nodeB, nodeA, LinkConditions.Clean with { Delay = TimeSpan.FromMilliseconds(13) });

        Assert.True(net.RunUntil(() => pinger.Received.Count == 1, TimeSpan.FromSeconds(1)));
        Assert.Equal(20, pinger.Received[0].At.TotalMilliseconds);
    }

    [Fact]
    public void Down_link_partitions_until_restored()
    {
        var net = new VirtualNetwork(seed: 9);
        var sender = new PingEngine(B, count: 100, interval: TimeSpan.FromMilliseconds(10));
        var receiver = new PingEngine(A, count: 0, interval: TimeSpan.Zero);
        VirtualNode a = net.Add(sender, A);
        VirtualNode b = net.Add(receiver, B);
        net.SetLink(a, b, LinkConditions.Clean with { Down = true });
        net.RunFor(TimeSpan.FromMilliseconds(495));
        Assert.Empty(receiver.Received);
        net.SetLink(a, b, LinkConditions.Clean);
        net.RunFor(TimeSpan.FromSeconds(1));
        Assert.Equal(50, receiver.Received.Count);
    }

    [Fact]
    public void Nat_mapping_rewrites_source_and_routes_replies_back()
    {
        PeerAddress inside = PeerAddress.Parse("192.168.1.10:5000");
        PeerAddress outside = PeerAddress.Parse("203.0.113.7:62000");
        var net = new VirtualNetwork(seed: 10);
        var client = new PingEngine(B, count: 1, interval: TimeSpan.Zero);
        var server = new PingEngine(A, count: 0, interval: TimeSpan.Zero, echo: true);
        net.Add(client, inside);
        net.Add(server, B);
        net.AddNatMapping(inside, outside);

        Assert.True(net.RunUntil(() => client.Received.Count == 1, TimeSpan.FromSeconds(1)));
        Assert.Equal(outside, server.Received[0].From);
        Assert.Equal(B, client.Received[0].From);
    }

    [Fact]
    public void Filter_can_drop_or_tamper_and_inject_forges()
    {
        var net = new VirtualNetwork(seed: 11);
        var sender = new PingEngine(B, count: 10, interval: TimeSpan.FromMilliseconds(1));
        var receiver = new PingEngine(A, count: 0, interval: TimeSpan.Zero);
        net.Add(sender, A);
        net.Add(receiver, B);
        net.Filter = d =>
        {
            d.Data[3] ^= 0x40; // tamper with the number
            return d.Data[3] % 2 == 0;
        };
        net.Inject(PeerAddress.Parse("6.6.6.6:666"), B, [0, 0, 0, 99]);
        net.RunFor(TimeSpan.FromSeconds(1));
        Assert.Equal(5, net.Stats.DroppedByFilter);
        Assert.Contains(receiver.Received, r => r.Number == 99 && r.From == PeerAddress.Parse("6.6.6.6:666"));
        Assert.All(receiver.Received.Where(r => r.Number != 99), r => Assert.True(r.Number >= 64));
    }

    [Fact]
    public void Events_are_drained_to_the_callback()
    {
        var net = new VirtualNetwork(seed: 12);
        var events = new List<int>();
        net.Add(new PingEngine(B, count: 5, interval: TimeSpan.FromMilliseconds(1)), A);
        net.Add(new PingEngine(A, count: 0, interval: TimeSpan.Zero), events.Add, B);
        net.RunFor(TimeSpan.FromSeconds(1));
        Assert.Equal([0, 1, 2, 3, 4], events);
    }

    [Fact]
    public void A_timer_that_never_moves_is_reported_not_spun_on_forever()
    {
        var net = new VirtualNetwork(seed: 13);
        net.Add(new StuckEngine(), A);
        Assert.Throws<InvalidOperationException>(() => net.RunFor(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Undeliverable_datagrams_are_counted()
    {
        var net = new VirtualNetwork(seed: 14);
        net.Add(new PingEngine(PeerAddress.Parse("10.9.9.9:9"), count: 3, interval: TimeSpan.FromMilliseconds(1)), A);
        net.RunFor(TimeSpan.FromSeconds(1));
        Assert.Equal(3, net.Stats.Undeliverable);
    }
}
