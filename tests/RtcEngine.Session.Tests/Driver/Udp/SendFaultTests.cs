using System.Diagnostics;
using System.Net.Sockets;
using RtcEngine.Primitives;
using RtcEngine.Session.Driver.Udp;
using RtcEngine.Session.Driver.Udp.Linux;
using Xunit;
using static RtcEngine.Session.Tests.Driver.Udp.UdpTestSockets;

namespace RtcEngine.Session.Tests.Driver.Udp;

/// <summary>
/// Kernel refusals loopback never produces (a full send buffer, a device without GSO), injected in
/// place of <c>sendmmsg</c> on the Linux path; the real call runs whenever the fault does not fire.
/// </summary>
public unsafe class SendFaultTests
{
    private static (UdpBatchSocket Sender, LinuxBatchPath Path) BindFaultySender(UdpBatchSocketOptions? options = null)
    {
        UdpBatchSocket sender = Bind(UdpPathKind.Linux, options: options);
        return (sender, (LinuxBatchPath)sender.Path);
    }

    private static int Real(int fd, MMsgHdr* messages, uint count, int flags, out int errno) =>
        LinuxNative.SendMmsg(fd, messages, count, flags, out errno);

    private static int Fail(int error, out int errno)
    {
        errno = error;
        return -1;
    }

    [Fact]
    public void A_full_send_buffer_is_waited_out_and_the_whole_queue_is_sent()
    {
        (UdpBatchSocket sender, LinuxBatchPath path) = BindFaultySender();
        using (sender)
        {
            using UdpBatchSocket receiver = Bind(UdpPathKind.Linux);
            int calls = 0;
            path.SendOverride = (int fd, MMsgHdr* m, uint n, int f, out int e) =>
                ++calls <= 3 ? Fail(LinuxNative.EAgain, out e) : Real(fd, m, n, f, out e);

            for (int i = 0; i < 10; i++)
            {
                Assert.True(sender.TryQueue(Pattern(i, 100 + i), receiver.LocalAddress));
            }

            Assert.Equal(10, sender.Flush());
            Assert.Equal(10, ReceiveAtLeast(receiver, receiver.CreateReceiveBatch(), 10).Count);
            Assert.Equal(0, sender.Counters.SendDroppedBufferFull);
        }
    }

    [Fact]
    public void A_send_buffer_that_stays_full_drops_the_queue_after_the_block_timeout_and_counts_it()
    {
        (UdpBatchSocket sender, LinuxBatchPath path) = BindFaultySender(new UdpBatchSocketOptions { SendBlockTimeout = TimeSpan.FromMilliseconds(60) });
        using (sender)
        {
            path.SendOverride = (int fd, MMsgHdr* m, uint n, int f, out int e) => Fail(LinuxNative.EAgain, out e);
            for (int i = 0; i < 7; i++)
            {
                Assert.True(sender.TryQueue(Pattern(i, 100 + i), sender.LocalAddress));
            }

            var clock = Stopwatch.StartNew();
            Assert.Equal(0, sender.Flush());
            Assert.InRange(clock.ElapsedMilliseconds, 50, 3000);
            Assert.Equal(7, sender.Counters.SendDroppedBufferFull);
            Assert.Equal(SocketError.WouldBlock, sender.Counters.LastSendError);
            Assert.Equal(0, sender.QueuedCount);
        }
    }

    [Fact]
    public void A_device_refusing_GSO_turns_it_off_and_the_run_goes_out_datagram_by_datagram()
    {
        (UdpBatchSocket sender, LinuxBatchPath path) = BindFaultySender();
        using (sender)
        {
            Assert.SkipUnless(sender.GsoActive, "This kernel does not offer UDP GSO.");
            using UdpBatchSocket receiver = Bind(UdpPathKind.Linux, options: new UdpBatchSocketOptions { EnableGro = false });
            // Like the kernel: messages before the first GSO one go out, the GSO one fails with EIO.
            path.SendOverride = (int fd, MMsgHdr* m, uint n, int f, out int e) =>
            {
                uint plain = 0;
                while (plain < n && m[plain].Header.Control == null)
                {
                    plain++;
                }

                return plain == 0 ? Fail(LinuxNative.EIo, out e) : Real(fd, m, plain, f, out e);
            };

            int[] sizes = [50, .. Enumerable.Repeat(1000, 6), 400, 70];
            for (int i = 0; i < sizes.Length; i++)
            {
                Assert.True(sender.TryQueue(Pattern(i, sizes[i]), receiver.LocalAddress));
            }

            Assert.Equal(sizes.Length, sender.Flush());
            Assert.False(sender.GsoActive);
            Assert.Equal(0, sender.Counters.GsoSends);
            Assert.Equal(
                Enumerable.Range(0, sizes.Length).Select(i => Pattern(i, sizes[i])),
                ReceiveAtLeast(receiver, receiver.CreateReceiveBatch(), sizes.Length).Select(r => r.Data));
        }
    }

    [Fact]
    public void Unreachable_and_out_of_memory_refusals_are_counted_per_datagram_and_the_rest_is_sent()
    {
        (UdpBatchSocket sender, LinuxBatchPath path) = BindFaultySender(new UdpBatchSocketOptions { EnableGso = false });
        using (sender)
        {
            using UdpBatchSocket receiver = Bind(UdpPathKind.Linux);
            int calls = 0;
            path.SendOverride = (int fd, MMsgHdr* m, uint n, int f, out int e) => ++calls switch
            {
                1 => Fail(LinuxNative.EConnRefused, out e),
                2 => Fail(LinuxNative.EHostUnreach, out e),
                3 => Fail(LinuxNative.ENoBufs, out e),
                4 => Fail(LinuxNative.EPerm, out e),
                _ => Real(fd, m, n, f, out e),
            };

            for (int i = 0; i < 6; i++)
            {
                Assert.True(sender.TryQueue(Pattern(i, 80), receiver.LocalAddress));
            }

            Assert.Equal(2, sender.Flush());
            UdpSocketCounters counters = sender.Counters;
            Assert.Equal(2, counters.SendUnreachable);
            Assert.Equal(1, counters.SendDroppedBufferFull);
            Assert.Equal(1, counters.SendRejected);
            Assert.Equal(SocketError.AccessDenied, counters.LastSendError);
            Assert.Equal([Pattern(4, 80), Pattern(5, 80)], ReceiveAtLeast(receiver, receiver.CreateReceiveBatch(), 2).Select(r => r.Data));
        }
    }

    [Fact]
    public void A_descriptor_error_is_a_bug_and_throws()
    {
        (UdpBatchSocket sender, LinuxBatchPath path) = BindFaultySender();
        using (sender)
        {
            path.SendOverride = (int fd, MMsgHdr* m, uint n, int f, out int e) => Fail(LinuxNative.EBadF, out e);
            Assert.True(sender.TryQueue([1, 2, 3], sender.LocalAddress));
            Assert.Throws<SocketException>(() => sender.Flush());
            Assert.Equal(0, sender.QueuedCount);
        }
    }
}
