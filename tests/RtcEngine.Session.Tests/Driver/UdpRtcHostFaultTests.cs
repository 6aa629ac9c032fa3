using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Session.Driver;
using Xunit;

namespace RtcEngine.Session.Tests.Driver;

/// <summary>
/// An exception escaping one connection's work on the host loop (here: application code that
/// throws in a sink or an event handler) isolates that connection, failed with
/// <see cref="RtcFailureReason.Faulted"/>; the loop and the other connections on it carry on.
/// Real loopback sockets; bounded wall-clock waits.
/// </summary>
[Collection(SerialAllocationCollection.Name)]
public class UdpRtcHostFaultTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private sealed class ThrowingSink(int after) : IRtpPacketSink
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void OnRtpPacket(RtcRtpTransceiver transceiver, in RtpPacketReader packet, MonoTime now)
        {
            if (Interlocked.Increment(ref _count) == after)
            {
                throw new InvalidOperationException("application sink bug");
            }
        }
    }

    [Fact]
    public async Task A_sink_that_throws_fails_its_connection_and_the_other_connection_on_the_host_keeps_receiving()
    {
        // Two sender hosts: two connections between the same two sockets would share one 5-tuple.
        await using UdpRtcHost sender1 = UdpRtcHost.Start();
        await using UdpRtcHost sender2 = UdpRtcHost.Start();
        await using UdpRtcHost receivers = UdpRtcHost.Start();
        await using RtcPeerConnection a1 = sender1.CreateConnection();
        await using RtcPeerConnection a2 = sender2.CreateConnection();
        await using RtcPeerConnection b1 = receivers.CreateConnection();
        await using RtcPeerConnection b2 = receivers.CreateConnection();
        (RtcRtpTransceiver sent1, RtcRtpTransceiver received1) = await UdpRtcHostTests.ConnectAsync(a1, b1);
        (RtcRtpTransceiver sent2, RtcRtpTransceiver received2) = await UdpRtcHostTests.ConnectAsync(a2, b2);
        var faulty = new ThrowingSink(after: 20);
        var healthy = new CountingSink();
        await b1.InvokeAsync(_ => received1.Receiver.Sink = faulty);
        await b2.InvokeAsync(_ => received2.Receiver.Sink = healthy);
        Task failed = b1.WaitForConnectionStateAsync(RtcPeerConnectionState.Failed, TestContext.Current.CancellationToken);

        byte[] payload = new byte[500];
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (uint i = 0; (!failed.IsCompleted || healthy.Count < 200) && watch.Elapsed < Timeout; i++)
        {
            a1.SendRtp(sent1, payload, i * 3000, marker: true);
            a2.SendRtp(sent2, payload, i * 3000, marker: true);
            Thread.Sleep(1); // a paced sender, as media is
        }

        await failed.WaitAsync(Timeout, TestContext.Current.CancellationToken);
        Assert.IsType<InvalidOperationException>(b1.Fault);
        Assert.Equal(RtcPeerConnectionState.Failed, b1.ConnectionState);
        Assert.Equal(1, receivers.ConnectionFaults);
        Assert.Equal(20, faulty.Count); // nothing reached the isolated connection after its fault

        long before = healthy.Count;
        UdpRtcHostTests.Pump(a2, sent2, payload, healthy, 200, target: before + 200);
        Assert.Equal(before + 200, healthy.Count);
        Assert.Equal(RtcPeerConnectionState.Connected, b2.ConnectionState);
    }

    [Fact]
    public async Task An_event_handler_that_throws_fails_its_connection_and_the_host_still_connects_others()
    {
        await using UdpRtcHost hostA = UdpRtcHost.Start();
        await using UdpRtcHost hostB = UdpRtcHost.Start();
        await using RtcPeerConnection a = hostA.CreateConnection();
        await using RtcPeerConnection b = hostB.CreateConnection();
        b.IceConnectionStateChanged += (_, e) =>
        {
            if (e.State == RtcIceConnectionState.Checking)
            {
                throw new InvalidOperationException("application handler bug");
            }
        };

        await a.AddTransceiverAsync(RtcMediaKind.Audio);
        RtcSessionDescription offer = await a.CreateOfferAsync();
        await a.SetLocalDescriptionAsync(offer);
        await b.SetRemoteDescriptionAsync(offer);
        RtcSessionDescription answer = await b.CreateAnswerAsync();
        await b.SetLocalDescriptionAsync(answer);
        await a.SetRemoteDescriptionAsync(answer);
        await b.WaitForConnectionStateAsync(RtcPeerConnectionState.Failed, TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken);
        Assert.Equal("application handler bug", b.Fault?.Message);
        Assert.Equal(1, hostB.ConnectionFaults);

        // The host is alive: a new connection on it connects (from another sender host: two
        // connections between the same two sockets would share one 5-tuple).
        await using UdpRtcHost hostA2 = UdpRtcHost.Start();
        await using RtcPeerConnection a2 = hostA2.CreateConnection();
        await using RtcPeerConnection b2 = hostB.CreateConnection();
        await UdpRtcHostTests.ConnectAsync(a2, b2);
    }
}
