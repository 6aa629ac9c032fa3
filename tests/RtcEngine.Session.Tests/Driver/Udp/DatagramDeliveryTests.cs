using System.Net.Sockets;
using RtcEngine.Primitives;
using RtcEngine.Session.Driver.Udp;
using Xunit;
using static RtcEngine.Session.Tests.Driver.Udp.UdpTestSockets;

namespace RtcEngine.Session.Tests.Driver.Udp;

public class DatagramDeliveryTests
{
    private static readonly int[] Sizes = [0, 1, 2, 17, 100, 576, 1200, 1232, 1232, 1232, 1452, 1500, 2047, 2048, 1, 1232];

    [Theory]
    [InlineData(UdpPathKind.Portable, false)]
    [InlineData(UdpPathKind.Portable, true)]
    [InlineData(UdpPathKind.Linux, false)]
    [InlineData(UdpPathKind.Linux, true)]
    public void Datagrams_of_varied_sizes_arrive_intact_with_the_senders_address(UdpPathKind kind, bool ipv6)
    {
        using UdpBatchSocket sender = Bind(kind, ipv6);
        using UdpBatchSocket receiver = Bind(kind, ipv6);
        Assert.NotEqual(0, receiver.LocalAddress.Port);
        Assert.Equal(ipv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork, receiver.LocalAddress.Family);
        UdpReceiveBatch batch = receiver.CreateReceiveBatch();

        for (int i = 0; i < Sizes.Length; i++)
        {
            if (!sender.TryQueue(Pattern(i, Sizes[i]), receiver.LocalAddress))
            {
                sender.Flush();
                Assert.True(sender.TryQueue(Pattern(i, Sizes[i]), receiver.LocalAddress));
            }
        }

        Assert.Equal(Sizes.Length, sender.Flush());
        List<(byte[] Data, PeerAddress Remote)> received = ReceiveAtLeast(receiver, batch, Sizes.Length);

        Assert.Equal(Sizes.Length, received.Count);
        for (int i = 0; i < Sizes.Length; i++)
        {
            Assert.Equal(Pattern(i, Sizes[i]), received[i].Data);
            Assert.Equal(sender.LocalAddress, received[i].Remote);
        }

        Assert.Equal(receiver.LocalAddress, batch.Local);
        UdpSocketCounters counters = receiver.Counters;
        Assert.Equal(Sizes.Length, counters.DatagramsReceived);
        Assert.Equal(Sizes.Sum(), counters.BytesReceived);
        Assert.Equal(Sizes.Length, sender.Counters.DatagramsSent);
        Assert.Equal(0, counters.TruncatedDropped);
    }

    [Theory]
    [InlineData(UdpPathKind.Portable)]
    [InlineData(UdpPathKind.Linux)]
    public void A_batch_larger_than_the_receive_batch_arrives_over_several_receives(UdpPathKind kind)
    {
        var options = new UdpBatchSocketOptions { BatchSize = 8, EnableGso = false };
        using UdpBatchSocket sender = Bind(kind, options: options);
        using UdpBatchSocket receiver = Bind(kind, options: options);
        UdpReceiveBatch batch = receiver.CreateReceiveBatch();
        const int total = 50;
        for (int i = 0; i < total; i++)
        {
            if (!sender.TryQueue(Pattern(i, 100 + i), receiver.LocalAddress))
            {
                sender.Flush();
                Assert.True(sender.TryQueue(Pattern(i, 100 + i), receiver.LocalAddress));
            }
        }

        sender.Flush();
        List<(byte[] Data, PeerAddress Remote)> received = ReceiveAtLeast(receiver, batch, total);

        Assert.Equal(Enumerable.Range(0, total).Select(i => Pattern(i, 100 + i)), received.Select(r => r.Data));
        Assert.True(receiver.Counters.ReceiveCalls >= total / 8);
    }

    [Theory]
    [InlineData(UdpPathKind.Portable)]
    [InlineData(UdpPathKind.Linux)]
    public void A_dual_mode_socket_exchanges_with_an_IPv4_peer_through_mapped_addresses(UdpPathKind kind)
    {
        // Dual mode needs the IPv6 wildcard: [::1] alone never sees IPv4 traffic.
        var dual = new UdpBatchSocketOptions { DualMode = true };
        using UdpBatchSocket server = Bind(kind, PeerAddress.Parse("[::]:0"), dual);
        using UdpBatchSocket client = Bind(kind, ipv6: false);
        PeerAddress serverV4 = PeerAddress.FromIPv4([127, 0, 0, 1], server.LocalAddress.Port);

        Assert.True(client.TryQueue("hello"u8, serverV4));
        client.Flush();
        List<(byte[] Data, PeerAddress Remote)> atServer = ReceiveAtLeast(server, server.CreateReceiveBatch(), 1);
        Assert.Single(atServer);
        Assert.True(atServer[0].Remote.IsIPv4Mapped);
        Assert.Equal(client.LocalAddress, atServer[0].Remote.UnmapIPv4());

        // Replies go to the plain IPv4 form as well as to the mapped form.
        Assert.True(server.TryQueue("one"u8, atServer[0].Remote));
        Assert.True(server.TryQueue("two"u8, client.LocalAddress));
        Assert.Equal(2, server.Flush());
        List<(byte[] Data, PeerAddress Remote)> atClient = ReceiveAtLeast(client, client.CreateReceiveBatch(), 2);
        Assert.Equal(["one"u8.ToArray(), "two"u8.ToArray()], atClient.Select(r => r.Data));
        Assert.All(atClient, r => Assert.Equal(serverV4, r.Remote));
    }

    [Theory]
    [InlineData(UdpPathKind.Portable)]
    [InlineData(UdpPathKind.Linux)]
    public void Receive_with_a_zero_timeout_returns_at_once_and_a_timeout_is_honoured(UdpPathKind kind)
    {
        using UdpBatchSocket socket = Bind(kind);
        UdpReceiveBatch batch = socket.CreateReceiveBatch();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(0, socket.Receive(batch, TimeSpan.Zero));
        Assert.True(clock.ElapsedMilliseconds < 1000);

        clock.Restart();
        Assert.Equal(0, socket.Receive(batch, TimeSpan.FromMilliseconds(120)));
        Assert.InRange(clock.ElapsedMilliseconds, 100, 3000);
        Assert.Equal(0, batch.Count);
    }
}
