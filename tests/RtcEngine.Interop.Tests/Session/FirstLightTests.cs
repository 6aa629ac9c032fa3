using RtcEngine.Session;
using RtcEngine.Session.Driver;
using RtcEngine.Session.Echo;
using RtcEngine.Testing.Browser;
using Xunit;

namespace RtcEngine.Interop.Tests.Session;

/// <summary>An engine connection served by the production UDP driver, wired as an echo.</summary>
internal sealed class EngineEcho : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private EngineEcho(UdpRtcHost host, RtcPeerConnection peer)
    {
        Host = host;
        Peer = peer;
        Echo = new MediaEcho(peer.Connection);
        peer.EventRaised += (_, e) => Echo.OnEvent(e);
        peer.IceCandidate += (_, e) => Candidates.Enqueue(e);
    }

    /// <summary>The engine's local candidate events, for trickling to the browser.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<RtcIceCandidateEvent> Candidates { get; } = new();

    public UdpRtcHost Host { get; }

    public RtcPeerConnection Peer { get; }

    public MediaEcho Echo { get; }

    public static EngineEcho Start(RtcConfiguration? configuration = null, UdpRtcHostOptions? hostOptions = null)
    {
        UdpRtcHost host = UdpRtcHost.Start(hostOptions);
        return new EngineEcho(host, host.CreateConnection(configuration));
    }

    /// <summary>Applies a browser offer, attaches the echo and returns the answer.</summary>
    public Task<string> AnswerAsync(string offer) => Peer.InvokeAsync(c =>
    {
        c.SetRemoteDescription(new RtcSessionDescription(RtcSdpType.Offer, offer));
        Echo.Attach();
        RtcSessionDescription answer = c.CreateAnswer();
        c.SetLocalDescription(answer);
        return answer.Sdp;
    });

    public async Task WaitConnectedAsync()
    {
        try
        {
            await Peer.WaitForConnectionStateAsync(RtcPeerConnectionState.Connected).WaitAsync(Timeout);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            throw new TimeoutException("The engine did not connect: " + await DescribeAsync(), ex);
        }
    }

    /// <summary>Total frames Chromium decoded on its inbound video streams.</summary>
    public static async Task<long> FramesDecodedAsync(BrowserPeerConnection browser) =>
        (await browser.InboundStatsAsync()).Where(s => s.Kind == "video").Sum(s => s.FramesDecoded);

    /// <summary>Waits until Chromium has decoded <paramref name="more"/> frames beyond <paramref name="since"/>.</summary>
    public async Task AssertVideoKeepsFlowingAsync(BrowserPeerConnection browser, long since, int more = 30)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        long frames = since;
        while (watch.Elapsed < Timeout && frames < since + more)
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
            frames = await FramesDecodedAsync(browser);
        }

        Assert.True(frames >= since + more, $"Chromium decoded {frames - since} frames since; expected {more}\n{await DescribeAsync()}");
    }

    /// <summary>Waits until Chromium decodes the echoed video and plays the echoed audio.</summary>
    public async Task AssertChromiumDecodesEchoAsync(BrowserPeerConnection browser)
    {
        bool decoded = await browser.WaitForAsync(
            "rtc.rtpStats('inbound-rtp').then(s => s.some(x => x.kind === 'video' && x.framesDecoded > 10) && s.some(x => x.kind === 'audio' && x.packetsReceived > 20))",
            Timeout);
        Assert.True(decoded, $"Chromium did not decode the echo: {string.Join(", ", await browser.InboundStatsAsync())}\n{await DescribeAsync()}");
    }

    public Task<string> DescribeAsync() => Peer.InvokeAsync(c =>
        $"engine: {c.ConnectionState} ice={c.IceConnectionState} dtls={c.DtlsState} failure={c.FailureReason} " +
        $"stunIn={c.IceAgent?.Counters.StunReceived} stunOut={c.IceAgent?.Counters.StunSent} " +
        $"unpermitted={c.IceAgent?.Counters.DroppedUnpermitted} unauth={c.IceAgent?.Counters.RejectedUnauthenticated} " +
        $"beforeReady={c.Counters.DroppedBeforeReady} noSrtp={c.Counters.DroppedNoSrtp} unprotect={c.Counters.DroppedUnprotectFailed} " +
        $"unroutable={c.Counters.DroppedUnroutable} rx={string.Join("/", c.Transceivers.Select(t => t.Receiver.PacketsReceived))} " +
        $"tx={string.Join("/", c.Transceivers.Select(t => t.Sender.PacketsSent))} echoed={Echo.Echoed} refused={Echo.Refused} " +
        $"host unroutable={Host.DroppedUnroutable} turn=[{string.Join(", ", c.IceAgent?.TurnClients.Select(t => $"{t.Options.Protocol} {t.State} sent {t.Counters.RequestsSent} received {t.Counters.ResponsesReceived}") ?? [])}]");

    public async ValueTask DisposeAsync()
    {
        await Peer.DisposeAsync();
        await Host.DisposeAsync();
    }
}

/// <summary>Issue 9's proof: the engine exchanges media with headless Chromium.</summary>
public class FirstLightTests
{
    [Theory]
    [InlineData(RtcAnswerDtlsRole.Client)]
    [InlineData(RtcAnswerDtlsRole.Server)]
    public async Task Chromium_offers_audio_and_video_the_engine_answers_and_echoes(RtcAnswerDtlsRole role)
    {
        await using BrowserPeerConnection browser = await BrowserPeerConnection.CreateAsync();
        await browser.AddMediaAsync();
        string offer = await browser.CreateOfferAsync();

        await using EngineEcho engine = EngineEcho.Start(new RtcConfiguration { AnswerDtlsRole = role });
        string answer = await engine.AnswerAsync(offer);
        Assert.Contains(role == RtcAnswerDtlsRole.Client ? "a=setup:active" : "a=setup:passive", answer);
        await browser.SetRemoteAnswerAsync(answer);

        await browser.WaitConnectedAsync(EngineEcho.Timeout);
        await engine.WaitConnectedAsync();
        await engine.AssertChromiumDecodesEchoAsync(browser);
        (_, string? tls, _) = await browser.TransportAsync();
        Assert.Equal("FEFD", tls); // DTLS 1.2, although Chromium offered 1.3
    }

    [Fact]
    public async Task The_engine_offers_chromium_answers_active_and_the_echo_is_decoded()
    {
        await using BrowserPeerConnection browser = await BrowserPeerConnection.CreateAsync();
        await using EngineEcho engine = EngineEcho.Start();
        string offer = await engine.Peer.InvokeAsync(c =>
        {
            c.AddTransceiver(RtcMediaKind.Audio).Receiver.Sink = engine.Echo;
            c.AddTransceiver(RtcMediaKind.Video).Receiver.Sink = engine.Echo;
            RtcSessionDescription description = c.CreateOffer();
            c.SetLocalDescription(description);
            return description.Sdp;
        });
        Assert.Contains("a=setup:actpass", offer);

        string answer = await browser.AnswerAsync(offer, withMedia: true);
        Assert.Contains("a=setup:active", answer);
        await engine.Peer.SetRemoteDescriptionAsync(new RtcSessionDescription(RtcSdpType.Answer, answer));

        await browser.WaitConnectedAsync(EngineEcho.Timeout);
        await engine.WaitConnectedAsync();
        Assert.Equal(RtcEngine.Dtls.DtlsRole.Server, await engine.Peer.InvokeAsync(c => c.Dtls!.Role));
        await engine.AssertChromiumDecodesEchoAsync(browser);
    }

    [Fact]
    public async Task A_chromium_offer_with_a_data_channel_still_gets_audio_and_video_through()
    {
        await using BrowserPeerConnection browser = await BrowserPeerConnection.CreateAsync();
        await browser.AddMediaAsync();
        await browser.CreateDataChannelAsync("chat");
        string offer = await browser.CreateOfferAsync();
        Assert.Contains("m=application", offer);

        await using EngineEcho engine = EngineEcho.Start();
        string answer = await engine.AnswerAsync(offer);
        Assert.Contains("m=application 0 ", answer);

        await browser.SetRemoteAnswerAsync(answer);
        await browser.WaitConnectedAsync(EngineEcho.Timeout);
        await engine.AssertChromiumDecodesEchoAsync(browser);
    }
}
