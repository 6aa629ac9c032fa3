using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Sdp;
using RtcEngine.Session.Driver;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Session.Tests.Driver;

/// <summary>Counts packets delivered to a transceiver (no allocation).</summary>
internal sealed class CountingSink : IRtpPacketSink
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void OnRtpPacket(RtcRtpTransceiver transceiver, in RtpPacketReader packet, MonoTime now) => Interlocked.Increment(ref _count);
}

/// <summary>
/// Tests that measure allocation on all threads (<see cref="GC.GetTotalAllocatedBytes(bool)"/>) must
/// not run beside other tests, whose threads would count too: this collection runs alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialAllocationCollection
{
    public const string Name = "Serial: all-thread allocation";
}

/// <summary>Real loopback sockets through the production UDP driver; bounded wall-clock waits.</summary>
[Collection(SerialAllocationCollection.Name)]
public class UdpRtcHostTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    internal static async Task<(RtcRtpTransceiver Sent, RtcRtpTransceiver Received)> ConnectAsync(RtcPeerConnection offerer, RtcPeerConnection answerer, RtcMediaKind kind = RtcMediaKind.Video)
    {
        RtcRtpTransceiver sent = await offerer.AddTransceiverAsync(kind, new RtcTransceiverInit { Direction = SdpDirection.SendOnly });
        RtcSessionDescription offer = await offerer.CreateOfferAsync();
        await offerer.SetLocalDescriptionAsync(offer);
        await answerer.SetRemoteDescriptionAsync(offer);
        RtcSessionDescription answer = await answerer.CreateAnswerAsync();
        await answerer.SetLocalDescriptionAsync(answer);
        await offerer.SetRemoteDescriptionAsync(answer);
        await Task.WhenAll(
            offerer.WaitForConnectionStateAsync(RtcPeerConnectionState.Connected).WaitAsync(Timeout),
            answerer.WaitForConnectionStateAsync(RtcPeerConnectionState.Connected).WaitAsync(Timeout));
        RtcRtpTransceiver received = await answerer.InvokeAsync(c => c.Transceivers[^1]);
        return (sent, received);
    }

    [Fact]
    public async Task Two_hosts_connect_and_media_sent_from_a_test_thread_arrives()
    {
        await using UdpRtcHost hostA = UdpRtcHost.Start();
        await using UdpRtcHost hostB = UdpRtcHost.Start();
        await using RtcPeerConnection a = hostA.CreateConnection();
        await using RtcPeerConnection b = hostB.CreateConnection();
        (RtcRtpTransceiver sent, RtcRtpTransceiver received) = await ConnectAsync(a, b);
        var sink = new CountingSink();
        await b.InvokeAsync(_ => received.Receiver.Sink = sink);

        byte[] payload = new byte[1200];
        for (int i = 0; i < 200; i++)
        {
            while (!a.SendRtp(sent, payload, (uint)(i * 3000), marker: true))
            {
                await Task.Yield();
            }
        }

        var deadline = DateTime.UtcNow + Timeout;
        while (sink.Count < 200 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.Equal(200, sink.Count);
    }

    [Fact]
    public async Task One_socket_serves_many_connections_routed_by_ufrag_then_remote_address()
    {
        await using UdpRtcHost server = UdpRtcHost.Start();
        var clients = new List<UdpRtcHost>();
        var pairs = new List<(RtcPeerConnection Client, RtcPeerConnection Server, RtcRtpTransceiver Sent, CountingSink Sink)>();
        try
        {
            for (int i = 0; i < 4; i++)
            {
                UdpRtcHost clientHost = UdpRtcHost.Start();
                clients.Add(clientHost);
                RtcPeerConnection client = clientHost.CreateConnection();
                RtcPeerConnection served = server.CreateConnection();
                (RtcRtpTransceiver sent, RtcRtpTransceiver received) = await ConnectAsync(client, served, RtcMediaKind.Audio);
                var sink = new CountingSink();
                await served.InvokeAsync(_ => received.Receiver.Sink = sink);
                pairs.Add((client, served, sent, sink));
            }

            for (int round = 0; round < 50; round++)
            {
                for (int i = 0; i < pairs.Count; i++)
                {
                    // connection i sends i + 1 packets per round, so misrouting would show in the counts
                    for (int k = 0; k <= i; k++)
                    {
                        while (!pairs[i].Client.SendRtp(pairs[i].Sent, new byte[160], (uint)(round * 960), false))
                        {
                            await Task.Yield();
                        }
                    }
                }
            }

            var deadline = DateTime.UtcNow + Timeout;
            while (pairs.Select((p, i) => p.Sink.Count == 50 * (i + 1)).Any(ok => !ok) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10, TestContext.Current.CancellationToken);
            }

            Assert.Equal([50L, 100L, 150L, 200L], pairs.Select(p => p.Sink.Count));
            Assert.Equal(0, server.DroppedUnroutable);
        }
        finally
        {
            foreach (var pair in pairs)
            {
                await pair.Client.DisposeAsync();
                await pair.Server.DisposeAsync();
            }

            foreach (UdpRtcHost client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Ten_thousand_packets_through_the_driver_allocate_nothing_on_any_thread()
    {
        await using UdpRtcHost hostA = UdpRtcHost.Start();
        await using UdpRtcHost hostB = UdpRtcHost.Start();
        await using RtcPeerConnection a = hostA.CreateConnection();
        await using RtcPeerConnection b = hostB.CreateConnection();
        (RtcRtpTransceiver sent, RtcRtpTransceiver received) = await ConnectAsync(a, b);
        var sink = new CountingSink();
        await b.InvokeAsync(_ => received.Receiver.Sink = sink);
        byte[] payload = new byte[1200];

        // Warm up: JIT, SSRC tables, socket paths. Then measure windows of 10,000 packets sent and
        // received. The all-thread counter also sees the test runner's own threads (result
        // reporting), which allocate a few bytes now and then, so up to three windows are measured:
        // one must be exactly zero, which a per-packet allocation anywhere on our path would prevent.
        Pump(a, sent, payload, sink, 2_000, target: 2_000);
        var windows = new List<long>();
        long expected = 2_000;
        for (int attempt = 0; attempt < 3 && (windows.Count == 0 || windows[^1] != 0); attempt++)
        {
            expected += 10_000;
            long before = GC.GetTotalAllocatedBytes(precise: true);
            Pump(a, sent, payload, sink, 10_000, target: expected);
            windows.Add(GC.GetTotalAllocatedBytes(precise: true) - before);
            Assert.Equal(expected, sink.Count);
        }

        Assert.True(windows[^1] == 0, $"10,000-packet windows allocated {string.Join(", ", windows)} bytes across all threads");
    }

    // Sends from this thread with bounded in-flight packets (a full ring refuses and the loop
    // catches up), waiting on the sink's count without allocating.
    internal static void Pump(RtcPeerConnection sender, RtcRtpTransceiver transceiver, byte[] payload, CountingSink sink, int count, long target)
    {
        long start = sink.Count;
        long started = System.Diagnostics.Stopwatch.GetTimestamp(); // no Stopwatch object: it would count
        for (int i = 0; i < count; i++)
        {
            while (sink.Count < start + i - 256 || !sender.SendRtp(transceiver, payload, (uint)(i * 3000), marker: true))
            {
                if (System.Diagnostics.Stopwatch.GetElapsedTime(started) > Timeout)
                {
                    return;
                }

                Thread.SpinWait(50);
            }
        }

        while (sink.Count < target && System.Diagnostics.Stopwatch.GetElapsedTime(started) < Timeout)
        {
            Thread.SpinWait(50);
        }
    }
}
