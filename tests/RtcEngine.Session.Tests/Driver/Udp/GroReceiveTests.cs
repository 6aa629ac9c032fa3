using RtcEngine.Primitives;
using RtcEngine.Session.Driver.Udp;
using Xunit;
using static RtcEngine.Session.Tests.Driver.Udp.UdpTestSockets;

namespace RtcEngine.Session.Tests.Driver.Udp;

/// <summary>
/// UDP GRO: the kernel hands a coalesced super-datagram with its segment size; the socket splits it.
/// On loopback a GSO send reaches a GRO socket unsegmented, which is how these tests get coalescing.
/// </summary>
public class GroReceiveTests
{
    private static (UdpBatchSocket Sender, UdpBatchSocket Receiver) BindPair(int batchSize = 64, bool ipv6 = false)
    {
        UdpBatchSocket sender = Bind(UdpPathKind.Linux, ipv6, new UdpBatchSocketOptions { BatchSize = batchSize, EnableGro = false });
        UdpBatchSocket receiver = Bind(UdpPathKind.Linux, ipv6, new UdpBatchSocketOptions { BatchSize = batchSize, EnableGro = true });
        if (!sender.GsoActive || !receiver.GroActive)
        {
            sender.Dispose();
            receiver.Dispose();
            Assert.Skip("This kernel does not offer UDP GSO and GRO.");
        }

        return (sender, receiver);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_coalesced_burst_is_split_back_into_its_datagrams(bool ipv6)
    {
        (UdpBatchSocket sender, UdpBatchSocket receiver) = BindPair(ipv6: ipv6);
        using (sender)
        using (receiver)
        {
            // 40 x 1232 and a shorter last one (one GSO send), then 20 x 64 (another).
            int[] sizes = [.. Enumerable.Repeat(1232, 40), 333, .. Enumerable.Repeat(64, 20)];
            for (int i = 0; i < sizes.Length; i++)
            {
                Assert.True(sender.TryQueue(Pattern(i, sizes[i]), receiver.LocalAddress));
            }

            Assert.Equal(sizes.Length, sender.Flush());
            List<(byte[] Data, PeerAddress Remote)> received = ReceiveAtLeast(receiver, receiver.CreateReceiveBatch(), sizes.Length);

            Assert.Equal(sizes.Length, received.Count);
            for (int i = 0; i < sizes.Length; i++)
            {
                Assert.Equal(Pattern(i, sizes[i]), received[i].Data);
                Assert.Equal(sender.LocalAddress, received[i].Remote);
            }

            UdpSocketCounters counters = receiver.Counters;
            Assert.Equal(2, counters.CoalescedReceived);
            Assert.Equal(sizes.Length, counters.DatagramsReceived);
        }
    }

    [Fact]
    public void Segments_beyond_the_batch_capacity_wait_for_the_next_receive()
    {
        (UdpBatchSocket sender, UdpBatchSocket receiver) = BindPair(batchSize: 256);
        using (sender)
        using (receiver)
        {
            // Runs of 50, 50 and 30 segments into a batch of 2 messages with room for 40 entries:
            // every receive stops inside a message and resumes there.
            int[] sizes = [.. Enumerable.Repeat(200, 50), .. Enumerable.Repeat(201, 50), .. Enumerable.Repeat(202, 30)];
            for (int i = 0; i < sizes.Length; i++)
            {
                Assert.True(sender.TryQueue(Pattern(i, sizes[i]), receiver.LocalAddress));
            }

            Assert.Equal(sizes.Length, sender.Flush());
            Assert.Equal(3, sender.Counters.GsoSends);
            var batch = new UdpReceiveBatch(2, receiver.MaxDatagramSize, native: true, gro: true, segmentsPerGroMessage: 20);
            Assert.Equal(40, batch.Capacity);
            List<(byte[] Data, PeerAddress Remote)> received = ReceiveAtLeast(receiver, batch, sizes.Length);

            Assert.Equal(Enumerable.Range(0, sizes.Length).Select(i => Pattern(i, sizes[i])), received.Select(r => r.Data));
            Assert.Equal(3, receiver.Counters.CoalescedReceived);
        }
    }

    [Fact]
    public void Plain_datagrams_still_arrive_one_by_one_on_a_GRO_socket()
    {
        (UdpBatchSocket gsoSender, UdpBatchSocket receiver) = BindPair();
        gsoSender.Dispose();
        using (receiver)
        {
            using UdpBatchSocket sender = Bind(UdpPathKind.Portable);
            for (int i = 0; i < 10; i++)
            {
                Assert.True(sender.TryQueue(Pattern(i, 1232), receiver.LocalAddress));
            }

            sender.Flush();
            List<(byte[] Data, PeerAddress Remote)> received = ReceiveAtLeast(receiver, receiver.CreateReceiveBatch(), 10);
            Assert.Equal(Enumerable.Range(0, 10).Select(i => Pattern(i, 1232)), received.Select(r => r.Data));
        }
    }
}
