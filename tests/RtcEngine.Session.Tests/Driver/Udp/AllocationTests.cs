using RtcEngine.Primitives;
using RtcEngine.Session.Driver.Udp;
using RtcEngine.Testing;
using Xunit;
using static RtcEngine.Session.Tests.Driver.Udp.UdpTestSockets;

namespace RtcEngine.Session.Tests.Driver.Udp;

/// <summary>Steady-state receive, queue and flush allocate nothing, on every path.</summary>
public class AllocationTests
{
    [Theory]
    [InlineData(UdpPathKind.Portable, false, false)]
    [InlineData(UdpPathKind.Portable, true, false)]
    [InlineData(UdpPathKind.Linux, false, false)]
    [InlineData(UdpPathKind.Linux, true, false)]
    [InlineData(UdpPathKind.Linux, false, true)]
    public void Receive_queue_and_flush_allocate_nothing_in_steady_state(UdpPathKind kind, bool ipv6, bool gsoAndGro)
    {
        var options = new UdpBatchSocketOptions { BatchSize = 16, EnableGso = gsoAndGro, EnableGro = gsoAndGro };
        using UdpBatchSocket sender = Bind(kind, ipv6, options);
        using UdpBatchSocket receiver = Bind(kind, ipv6, options);
        UdpReceiveBatch batch = receiver.CreateReceiveBatch();
        PeerAddress destination = receiver.LocalAddress;
        byte[] payload = Pattern(1, 1232);
        long checksum = 0;
        int shortBursts = 0;

        void ExchangeBursts()
        {
            for (int burst = 0; burst < 50; burst++)
            {
                // Half copied in, half written in place.
                for (int i = 0; i < 8; i++)
                {
                    sender.TryQueue(payload, destination);
                }

                for (int i = 0; i < 8; i++)
                {
                    sender.TryGetSendBuffer(out Span<byte> buffer);
                    payload.CopyTo(buffer);
                    sender.CommitSend(payload.Length, destination);
                }

                sender.Flush();
                int received = 0;
                for (int attempt = 0; received < 16 && attempt < 200; attempt++)
                {
                    int n = receiver.Receive(batch, TimeSpan.FromMilliseconds(50));
                    for (int i = 0; i < n; i++)
                    {
                        checksum += batch[i].Data[0] + batch.GetRemote(i).Port;
                    }

                    received += n;
                }

                if (received != 16)
                {
                    shortBursts++; // xunit's Assert allocates: checked after the measurement
                }
            }
        }

        AllocationAssert.NoAllocations(ExchangeBursts, warmup: 2, what: $"{kind} receive/queue/flush");
        receiver.Wake();
        AllocationAssert.NoAllocations(() => receiver.Wake(), what: "Wake");
        Assert.Equal(0, shortBursts);
        Assert.NotEqual(0, checksum);
        Assert.Equal(0, receiver.Counters.TruncatedDropped);
    }
}
