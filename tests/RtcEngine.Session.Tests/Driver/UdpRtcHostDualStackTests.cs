using RtcEngine.Primitives;
using RtcEngine.Session.Driver;
using Xunit;

namespace RtcEngine.Session.Tests.Driver;

/// <summary>
/// A host bound to several addresses (IPv4 and IPv6 loopback here): one loop serves both sockets,
/// every connection gets a host candidate on each, and each datagram leaves from the socket its
/// candidate pair's base is bound to. Real loopback sockets; bounded wall-clock waits.
/// </summary>
[Collection(SerialAllocationCollection.Name)]
public class UdpRtcHostDualStackTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private static UdpRtcHost StartDualStack(bool portable = false) => UdpRtcHost.Start(new UdpRtcHostOptions
    {
        LocalAddresses = [PeerAddress.Parse("127.0.0.1:0"), PeerAddress.Parse("[::1]:0")],
        SocketOptions = new RtcEngine.Session.Driver.Udp.UdpBatchSocketOptions { ForcePortable = portable },
    });

    [Theory]
    [InlineData("[::1]:0", 1, false)]
    [InlineData("127.0.0.1:0", 0, false)]
    [InlineData("[::1]:0", 1, true)] // the portable sockets, waited on together with Socket.Select
    public async Task A_dual_stack_host_reaches_a_single_family_peer_from_the_socket_of_that_family(string peerAddress, int expectedSocket, bool portable)
    {
        await using UdpRtcHost dual = StartDualStack(portable);
        await using UdpRtcHost single = UdpRtcHost.Start(new UdpRtcHostOptions { LocalAddress = PeerAddress.Parse(peerAddress) });
        Assert.Equal(2, dual.LocalAddresses.Count);
        Assert.True(dual.LocalAddresses[0].IsIPv4 && dual.LocalAddresses[1].IsIPv6);

        await using RtcPeerConnection a = dual.CreateConnection();
        await using RtcPeerConnection b = single.CreateConnection();
        RtcRtpTransceiver sent = await a.AddTransceiverAsync(RtcMediaKind.Video, new RtcTransceiverInit { Direction = Sdp.SdpDirection.SendRecv });
        RtcSessionDescription offer = await a.CreateOfferAsync();
        Assert.Contains($" {dual.LocalAddresses[0].AddressToString()} {dual.LocalAddresses[0].Port} typ host", offer.Sdp);
        Assert.Contains($" {dual.LocalAddresses[1].AddressToString()} {dual.LocalAddresses[1].Port} typ host", offer.Sdp);
        await a.SetLocalDescriptionAsync(offer);
        await b.SetRemoteDescriptionAsync(offer);
        RtcRtpTransceiver answering = await b.InvokeAsync(c =>
        {
            c.Transceivers[0].Direction = Sdp.SdpDirection.SendRecv;
            return c.Transceivers[0];
        });
        RtcSessionDescription answer = await b.CreateAnswerAsync();
        await b.SetLocalDescriptionAsync(answer);
        await a.SetRemoteDescriptionAsync(answer);
        await Task.WhenAll(
            a.WaitForConnectionStateAsync(RtcPeerConnectionState.Connected, TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken),
            b.WaitForConnectionStateAsync(RtcPeerConnectionState.Connected, TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken));

        // Both ways: the dual host receives on, and sends from, the socket of the peer's family only.
        var atB = new CountingSink();
        var atA = new CountingSink();
        await b.InvokeAsync(_ => answering.Receiver.Sink = atB);
        await a.InvokeAsync(_ => sent.Receiver.Sink = atA);
        byte[] payload = new byte[1000];
        UdpRtcHostTests.Pump(a, sent, payload, atB, 500, target: 500);
        UdpRtcHostTests.Pump(b, answering, payload, atA, 500, target: 500);
        Assert.Equal(500, atB.Count);
        Assert.Equal(500, atA.Count);

        int other = 1 - expectedSocket;
        Assert.True(dual.GetSocketCounters(expectedSocket).DatagramsSent >= 500, $"socket {expectedSocket} sent {dual.GetSocketCounters(expectedSocket).DatagramsSent}");
        Assert.True(dual.GetSocketCounters(expectedSocket).DatagramsReceived >= 500, $"socket {expectedSocket} received {dual.GetSocketCounters(expectedSocket).DatagramsReceived}");
        Assert.Equal(0, dual.GetSocketCounters(other).DatagramsSent);
        Assert.Equal(0, dual.GetSocketCounters(other).DatagramsReceived);
        Assert.Equal(0, dual.DroppedNoSocket);
    }

    [Fact]
    public async Task Media_between_two_dual_stack_hosts_allocates_nothing_on_any_thread()
    {
        await using UdpRtcHost hostA = StartDualStack();
        await using UdpRtcHost hostB = StartDualStack();
        await using RtcPeerConnection a = hostA.CreateConnection();
        await using RtcPeerConnection b = hostB.CreateConnection();
        (RtcRtpTransceiver sent, RtcRtpTransceiver received) = await UdpRtcHostTests.ConnectAsync(a, b);
        var sink = new CountingSink();
        await b.InvokeAsync(_ => received.Receiver.Sink = sink);
        byte[] payload = new byte[1200];

        // As the single-socket test: warm up, then up to three 10,000-packet windows, one of which
        // must allocate exactly nothing across all threads.
        UdpRtcHostTests.Pump(a, sent, payload, sink, 2_000, target: 2_000);
        var windows = new List<long>();
        long expected = 2_000;
        for (int attempt = 0; attempt < 3 && (windows.Count == 0 || windows[^1] != 0); attempt++)
        {
            expected += 10_000;
            long before = GC.GetTotalAllocatedBytes(precise: true);
            UdpRtcHostTests.Pump(a, sent, payload, sink, 10_000, target: expected);
            windows.Add(GC.GetTotalAllocatedBytes(precise: true) - before);
            Assert.Equal(expected, sink.Count);
        }

        Assert.True(windows[^1] == 0, $"10,000-packet windows allocated {string.Join(", ", windows)} bytes across all threads");

        // The media went over one family: whichever ICE selected, both hosts used the same one.
        long sentA0 = hostA.GetSocketCounters(0).DatagramsSent, sentA1 = hostA.GetSocketCounters(1).DatagramsSent;
        Assert.True(Math.Max(sentA0, sentA1) >= expected, $"host A sent {sentA0} (IPv4) and {sentA1} (IPv6)");
    }
}
