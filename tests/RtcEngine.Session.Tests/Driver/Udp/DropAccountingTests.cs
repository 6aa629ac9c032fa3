using System.Net.Sockets;
using RtcEngine.Primitives;
using RtcEngine.Session.Driver.Udp;
using Xunit;
using static RtcEngine.Session.Tests.Driver.Udp.UdpTestSockets;

namespace RtcEngine.Session.Tests.Driver.Udp;

public class DropAccountingTests
{
    [Theory]
    [InlineData(UdpPathKind.Portable, true)]
    [InlineData(UdpPathKind.Linux, false)]
    [InlineData(UdpPathKind.Linux, true)]
    public void A_datagram_longer_than_the_limit_is_dropped_and_counted(UdpPathKind kind, bool gro)
    {
        using UdpBatchSocket sender = Bind(kind);
        using UdpBatchSocket receiver = Bind(kind, options: new UdpBatchSocketOptions { MaxDatagramSize = 100, EnableGro = gro });
        UdpReceiveBatch batch = receiver.CreateReceiveBatch();

        Assert.True(sender.TryQueue(Pattern(0, 50), receiver.LocalAddress));
        Assert.True(sender.TryQueue(Pattern(1, 101), receiver.LocalAddress));
        Assert.True(sender.TryQueue(Pattern(2, 1500), receiver.LocalAddress));
        Assert.True(sender.TryQueue(Pattern(3, 100), receiver.LocalAddress));
        Assert.Equal(4, sender.Flush());

        List<(byte[] Data, PeerAddress Remote)> received = ReceiveAtLeast(receiver, batch, 2);
        Assert.Equal(0, DrainFor(receiver, batch, TimeSpan.FromMilliseconds(100)));

        Assert.Equal([Pattern(0, 50), Pattern(3, 100)], received.Select(r => r.Data));
        Assert.Equal(2, receiver.Counters.TruncatedDropped);
        Assert.Equal(2, receiver.Counters.DatagramsReceived);
    }

    [Theory]
    [InlineData(UdpPathKind.Portable)]
    [InlineData(UdpPathKind.Linux)]
    public void Sending_to_a_closed_port_is_not_thrown_and_the_socket_keeps_working(UdpPathKind kind)
    {
        PeerAddress closed;
        using (UdpBatchSocket gone = Bind(kind))
        {
            closed = gone.LocalAddress;
        }

        using UdpBatchSocket sender = Bind(kind);
        using UdpBatchSocket receiver = Bind(kind);
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 4; i++)
            {
                Assert.True(sender.TryQueue(Pattern(i, 300), closed));
            }

            sender.Flush();
        }

        // Linux reports ICMP errors only to connected sockets, so these count as sent there; a
        // platform that reports them counts them as unreachable. Either way nothing is lost silently.
        UdpSocketCounters counters = sender.Counters;
        Assert.Equal(12, counters.DatagramsSent + counters.SendUnreachable);

        Assert.True(sender.TryQueue(Pattern(9, 300), receiver.LocalAddress));
        Assert.Equal(1, sender.Flush());
        Assert.Single(ReceiveAtLeast(receiver, receiver.CreateReceiveBatch(), 1));
        Assert.Equal(0, DrainFor(sender, sender.CreateReceiveBatch(), TimeSpan.FromMilliseconds(50)));
    }

    [Theory]
    [InlineData(UdpPathKind.Portable)]
    [InlineData(UdpPathKind.Linux)]
    public void A_destination_the_kernel_refuses_is_counted_by_reason_and_the_rest_is_sent(UdpPathKind kind)
    {
        using UdpBatchSocket sender = Bind(kind);
        using UdpBatchSocket receiver = Bind(kind);
        PeerAddress portZero = receiver.LocalAddress.WithPort(0); // EINVAL from sendto/sendmmsg

        Assert.True(sender.TryQueue(Pattern(0, 200), receiver.LocalAddress));
        Assert.True(sender.TryQueue(Pattern(1, 200), portZero));
        Assert.True(sender.TryQueue(Pattern(2, 200), portZero));
        Assert.True(sender.TryQueue(Pattern(3, 200), receiver.LocalAddress));
        Assert.Equal(2, sender.Flush());

        UdpSocketCounters counters = sender.Counters;
        Assert.Equal(2, counters.DatagramsSent);
        Assert.Equal(2, counters.SendRejected);
        Assert.Equal(SocketError.InvalidArgument, counters.LastSendError);
        Assert.Equal(0, sender.QueuedCount);
        Assert.Equal([Pattern(0, 200), Pattern(3, 200)], ReceiveAtLeast(receiver, receiver.CreateReceiveBatch(), 2).Select(r => r.Data));
    }
}
