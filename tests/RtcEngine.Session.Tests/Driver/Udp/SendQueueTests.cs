using RtcEngine.Primitives;
using RtcEngine.Session.Driver.Udp;
using Xunit;
using static RtcEngine.Session.Tests.Driver.Udp.UdpTestSockets;

namespace RtcEngine.Session.Tests.Driver.Udp;

public class SendQueueTests
{
    [Theory]
    [InlineData(UdpPathKind.Portable)]
    [InlineData(UdpPathKind.Linux)]
    public void A_full_queue_refuses_more_until_flushed(UdpPathKind kind)
    {
        using UdpBatchSocket sender = Bind(kind, options: new UdpBatchSocketOptions { BatchSize = 4 });
        using UdpBatchSocket receiver = Bind(kind);
        for (int i = 0; i < 4; i++)
        {
            Assert.True(sender.TryQueue(Pattern(i, 10), receiver.LocalAddress));
        }

        Assert.False(sender.TryQueue(Pattern(4, 10), receiver.LocalAddress));
        Assert.False(sender.TryGetSendBuffer(out Span<byte> none));
        Assert.True(none.IsEmpty);
        Assert.Throws<InvalidOperationException>(() => sender.CommitSend(1, receiver.LocalAddress));
        Assert.Equal(4, sender.QueuedCount);

        Assert.Equal(4, sender.Flush());
        Assert.Equal(0, sender.QueuedCount);
        Assert.True(sender.TryQueue(Pattern(4, 10), receiver.LocalAddress));
        Assert.Equal(1, sender.Flush());
        Assert.Equal(5, ReceiveAtLeast(receiver, receiver.CreateReceiveBatch(), 5).Count);
    }

    [Theory]
    [InlineData(UdpPathKind.Portable)]
    [InlineData(UdpPathKind.Linux)]
    public void A_send_buffer_written_in_place_goes_out_as_committed(UdpPathKind kind)
    {
        using UdpBatchSocket sender = Bind(kind);
        using UdpBatchSocket receiver = Bind(kind);

        Assert.True(sender.TryGetSendBuffer(out Span<byte> buffer));
        Assert.Equal(sender.MaxDatagramSize, buffer.Length);
        "abandoned"u8.CopyTo(buffer); // not committed: the space is handed out again
        Assert.True(sender.TryGetSendBuffer(out buffer));
        "first"u8.CopyTo(buffer);
        sender.CommitSend(5, receiver.LocalAddress);
        Assert.True(sender.TryGetSendBuffer(out buffer));
        "second!"u8.CopyTo(buffer);
        sender.CommitSend(7, receiver.LocalAddress);
        Assert.Equal(2, sender.Flush());

        Assert.Equal(["first"u8.ToArray(), "second!"u8.ToArray()], ReceiveAtLeast(receiver, receiver.CreateReceiveBatch(), 2).Select(r => r.Data));
    }

    [Theory]
    [InlineData(UdpPathKind.Portable)]
    [InlineData(UdpPathKind.Linux)]
    public void Misuse_throws(UdpPathKind kind)
    {
        using UdpBatchSocket v4 = Bind(kind);
        using UdpBatchSocket v6 = Bind(kind, ipv6: true);
        var tooLong = new byte[v4.MaxDatagramSize + 1];

        Assert.Throws<ArgumentException>(() => v4.TryQueue(tooLong, v6.LocalAddress.WithPort(1)));
        Assert.Throws<ArgumentException>(() => v4.TryQueue([1], v6.LocalAddress));
        Assert.Throws<ArgumentException>(() => v4.TryQueue([1], PeerAddress.None));
        Assert.Throws<ArgumentException>(() => v6.TryQueue([1], v4.LocalAddress)); // IPv4 needs DualMode
        Assert.Throws<ArgumentOutOfRangeException>(() => v4.CommitSend(v4.MaxDatagramSize + 1, v4.LocalAddress));
        UdpReceiveBatch otherPath = new(1, 2048, native: kind == UdpPathKind.Portable, gro: false);
        Assert.Throws<ArgumentException>(() => v4.Receive(otherPath, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => v4.Receive(v4.CreateReceiveBatch(), TimeSpan.FromSeconds(-2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => v4.CreateReceiveBatch().GetData(0));
        Assert.Throws<ArgumentException>(() => UdpBatchSocket.Bind(PeerAddress.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => UdpBatchSocket.Bind(Loopback(false), new UdpBatchSocketOptions { BatchSize = 0 }));
    }

    [Fact]
    public void Kernel_buffers_are_enlarged_as_far_as_allowed()
    {
        using UdpBatchSocket socket = UdpBatchSocket.Bind(Loopback(false));
        using UdpBatchSocket small = UdpBatchSocket.Bind(Loopback(false), new UdpBatchSocketOptions { ReceiveBufferSize = 64 * 1024, SendBufferSize = 64 * 1024 });

        // Linux doubles the request for bookkeeping and caps it at net.core.rmem_max: either way the
        // 4 MB default gets at least as much as a 64 KB request.
        Assert.True(socket.ReceiveBufferSize >= small.ReceiveBufferSize);
        Assert.True(socket.SendBufferSize >= small.SendBufferSize);
        Assert.True(socket.ReceiveBufferSize >= 64 * 1024);
    }
}
