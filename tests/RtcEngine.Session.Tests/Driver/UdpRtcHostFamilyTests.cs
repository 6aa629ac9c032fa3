using System.Collections.Concurrent;
using RtcEngine.Ice.Configuration;
using RtcEngine.Session.Driver;
using Xunit;

namespace RtcEngine.Session.Tests.Driver;

/// <summary>A TURN server of an address family the host has no socket for is reported and skipped, never a fault.</summary>
[Collection(SerialAllocationCollection.Name)]
public class UdpRtcHostFamilyTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_turn_server_of_a_family_no_socket_has_is_reported_as_unreachable_and_skipped()
    {
        // An IPv4-only host, a TURN server on IPv6 (as a resolver may answer for a dual-stack name)
        // and one on IPv4: the first is reported with 701 and skipped, the offer is made as usual.
        await using UdpRtcHost host = UdpRtcHost.Start();
        await using RtcPeerConnection peer = host.CreateConnection(new RtcConfiguration
        {
            IceServers = IceServer.FromJson("[{\"urls\":[\"turn:[::1]:3478?transport=udp\",\"turn:127.0.0.1:9?transport=udp\"],\"username\":\"u\",\"credential\":\"p\"}]"),
        });
        var errors = new ConcurrentQueue<RtcIceCandidateErrorEvent>();
        peer.IceCandidateError += (_, e) => errors.Enqueue(e);
        await peer.AddTransceiverAsync(RtcMediaKind.Audio);
        RtcSessionDescription offer = await peer.CreateOfferAsync();
        await peer.SetLocalDescriptionAsync(offer);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (errors.IsEmpty && watch.Elapsed < Timeout)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        RtcIceCandidateErrorEvent error = Assert.Single(errors);
        Assert.Equal(701, error.ErrorCode);
        Assert.Contains("[::1]:3478", error.Url);
        Assert.Equal(["127.0.0.1:9"], await peer.InvokeAsync(c => c.TurnServers.Select(s => s.Address.ToString()).ToArray()));
        Assert.Equal(0, host.ConnectionFaults);
        Assert.Equal(0, host.DroppedNoSocket);
        Assert.Contains("a=candidate:", offer.Sdp);
    }
}
