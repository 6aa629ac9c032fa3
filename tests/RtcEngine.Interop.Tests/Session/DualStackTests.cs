using System.Text.Json;
using RtcEngine.Primitives;
using RtcEngine.Session;
using RtcEngine.Session.Driver;
using RtcEngine.Testing.Browser;
using Xunit;

namespace RtcEngine.Interop.Tests.Session;

/// <summary>
/// The engine's host bound to IPv6 and IPv4 loopback at once (two sockets, one loop): Chromium gets
/// a host candidate on each, connects on the pair ICE selects, and the media travels through the
/// engine socket of that pair's family only.
/// </summary>
public class DualStackTests
{
    [Fact]
    public async Task Chromium_connects_to_a_dual_stack_engine_through_the_socket_of_the_selected_family()
    {
        await using BrowserPeerConnection browser = await BrowserPeerConnection.CreateAsync();
        await browser.AddMediaAsync();
        string offer = await browser.CreateOfferAsync();

        await using EngineEcho engine = EngineEcho.Start(hostOptions: new UdpRtcHostOptions
        {
            LocalAddresses = [PeerAddress.Parse("[::1]:0"), PeerAddress.Parse("127.0.0.1:0")],
        });
        string answer = await engine.AnswerAsync(offer);
        IReadOnlyList<PeerAddress> local = engine.Host.LocalAddresses;
        Assert.Contains($" ::1 {local[0].Port} typ host", answer);
        Assert.Contains($" 127.0.0.1 {local[1].Port} typ host", answer);

        await browser.SetRemoteAnswerAsync(answer);
        await browser.WaitConnectedAsync(EngineEcho.Timeout);
        await engine.WaitConnectedAsync();
        await engine.AssertChromiumDecodesEchoAsync(browser);

        // Chromium's selected pair names one of our two sockets; the media went through that one.
        JsonElement remote = await browser.EvaluateAsync(
            "(async () => { const r = await rtc.pc.getStats(); const p = await rtc.selectedPair(); " +
            "const c = r.get(p.remoteCandidateId); return { address: c.address, port: c.port }; })()");
        int port = remote.GetProperty("port").GetInt32();
        int selected = local[0].Port == port ? 0 : local[1].Port == port ? 1 : -1;
        Assert.True(selected >= 0, $"Chromium's selected remote candidate {remote} is neither of {local[0]}, {local[1]}");
        long received = engine.Host.GetSocketCounters(selected).DatagramsReceived;
        long sent = engine.Host.GetSocketCounters(selected).DatagramsSent;
        Assert.True(received > 20 && sent > 20, $"socket {local[selected]} received {received} and sent {sent} datagrams");
        Assert.Equal(0, engine.Host.DroppedNoSocket);
    }
}
