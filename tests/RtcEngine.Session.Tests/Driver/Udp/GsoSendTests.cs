using RtcEngine.Primitives;
using RtcEngine.Session.Driver.Udp;
using Xunit;
using static RtcEngine.Session.Tests.Driver.Udp.UdpTestSockets;

namespace RtcEngine.Session.Tests.Driver.Udp;

/// <summary>UDP GSO: runs of equal-size datagrams to one destination leave as one kernel message each.</summary>
public class GsoSendTests
{
    private static UdpBatchSocket BindGsoSender(int batchSize = 128, bool ipv6 = false)
    {
        UdpBatchSocket sender = Bind(UdpPathKind.Linux, ipv6, new UdpBatchSocketOptions { BatchSize = batchSize, EnableGro = false });
        if (!sender.GsoActive)
        {
            sender.Dispose();
            Assert.Skip("This kernel does not offer UDP GSO (UDP_SEGMENT).");
        }

        return sender;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Equal_size_runs_with_a_shorter_last_segment_arrive_as_separate_datagrams(bool ipv6)
    {
        using UdpBatchSocket gsoSender = BindGsoSender(ipv6: ipv6);
        using UdpBatchSocket receiver = Bind(UdpPathKind.Linux, ipv6, new UdpBatchSocketOptions { BatchSize = 128, EnableGro = false });
        UdpReceiveBatch batch = receiver.CreateReceiveBatch();

        // Run 1: 10 x 1232 then 700 (shorter last). Run 2: 5 x 300. A lone 900 (the next is longer). Run 3: 3 x 1000.
        int[] sizes = [.. Enumerable.Repeat(1232, 10), 700, .. Enumerable.Repeat(300, 5), 900, .. Enumerable.Repeat(1000, 3)];
        for (int i = 0; i < sizes.Length; i++)
        {
            Assert.True(gsoSender.TryQueue(Pattern(i, sizes[i]), receiver.LocalAddress));
        }

        Assert.Equal(sizes.Length, gsoSender.Flush());
        List<(byte[] Data, PeerAddress Remote)> received = ReceiveAtLeast(receiver, batch, sizes.Length);

        Assert.Equal(sizes.Length, received.Count);
        for (int i = 0; i < sizes.Length; i++)
        {
            Assert.Equal(Pattern(i, sizes[i]), received[i].Data);
            Assert.Equal(gsoSender.LocalAddress, received[i].Remote);
        }

        UdpSocketCounters counters = gsoSender.Counters;
        Assert.Equal(3, counters.GsoSends);
        Assert.Equal(1, counters.SendCalls);
        Assert.Equal(0, receiver.Counters.CoalescedReceived);
    }

    [Fact]
    public void A_long_run_is_cut_at_the_kernel_limits_of_64_segments_and_64_KB()
    {
        using UdpBatchSocket sender = BindGsoSender(batchSize: 256);
        using UdpBatchSocket receiver = Bind(UdpPathKind.Linux, options: new UdpBatchSocketOptions { BatchSize = 256, EnableGro = false });
        UdpReceiveBatch batch = receiver.CreateReceiveBatch();

        // 1232-byte datagrams: 53 fit in 64 KB. 100-byte datagrams: 64 segments is the limit.
        for (int i = 0; i < 100; i++)
        {
            Assert.True(sender.TryQueue(Pattern(i, 1232), receiver.LocalAddress));
        }

        for (int i = 100; i < 230; i++)
        {
            Assert.True(sender.TryQueue(Pattern(i, 100), receiver.LocalAddress));
        }

        Assert.Equal(230, sender.Flush());
        List<(byte[] Data, PeerAddress Remote)> received = ReceiveAtLeast(receiver, batch, 230);

        Assert.Equal(230, received.Count);
        Assert.Equal(Enumerable.Range(0, 230).Select(i => Pattern(i, i < 100 ? 1232 : 100)), received.Select(r => r.Data));

        // 100 x 1232 = 53 + (47 and the first 100-byte one as the shorter last); then 129 x 100 = 64 + 64 + 1.
        Assert.Equal(4, sender.Counters.GsoSends);
    }

    [Fact]
    public void Datagrams_to_different_destinations_are_not_merged()
    {
        using UdpBatchSocket sender = BindGsoSender();
        using UdpBatchSocket first = Bind(UdpPathKind.Linux, options: new UdpBatchSocketOptions { EnableGro = false });
        using UdpBatchSocket second = Bind(UdpPathKind.Linux, options: new UdpBatchSocketOptions { EnableGro = false });

        for (int i = 0; i < 6; i++)
        {
            Assert.True(sender.TryQueue(Pattern(i, 500), (i % 2 == 0 ? first : second).LocalAddress));
        }

        Assert.Equal(6, sender.Flush());
        Assert.Equal(0, sender.Counters.GsoSends);
        Assert.Equal([Pattern(0, 500), Pattern(2, 500), Pattern(4, 500)], ReceiveAtLeast(first, first.CreateReceiveBatch(), 3).Select(r => r.Data));
        Assert.Equal([Pattern(1, 500), Pattern(3, 500), Pattern(5, 500)], ReceiveAtLeast(second, second.CreateReceiveBatch(), 3).Select(r => r.Data));
    }
}
