using RtcEngine.Testing.Browser;
using Xunit;

namespace RtcEngine.Interop.Tests.Browser;

public class ChromiumHarnessTests
{
    [Fact]
    public async Task Chromium_offers_loopback_host_candidates_inside_the_namespace()
    {
        await using var server = new LoopbackHttpServer();
        await using ChromiumBrowser browser = await ChromiumBrowser.LaunchAsync();
        await browser.NavigateAsync(server.BaseUrl);

        string? sdp = await browser.EvaluateAsync<string>("""
            (async () => {
              const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
              const pc = new RTCPeerConnection();
              stream.getTracks().forEach(t => pc.addTrack(t, stream));
              pc.createDataChannel('probe');
              await pc.setLocalDescription();
              await new Promise(r => { if (pc.iceGatheringState === 'complete') r(); pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r(); });
              return pc.localDescription.sdp;
            })()
            """);

        Assert.NotNull(sdp);
        Assert.Contains("m=audio", sdp);
        Assert.Contains("m=video", sdp);
        Assert.Contains("m=application", sdp);
        string[] candidates = sdp.Split("\r\n").Where(l => l.StartsWith("a=candidate:", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(candidates);
        Assert.All(candidates, c => Assert.Matches(@" (127\.0\.0\.\d+|::1) ", c));
    }
}

public class BrowserPeerConnectionTests
{
    [Fact]
    public async Task Two_chromium_peers_connect_through_the_harness_and_report_decoded_frames()
    {
        await using BrowserPeerConnection a = await BrowserPeerConnection.CreateAsync();
        await using BrowserPeerConnection b = await BrowserPeerConnection.CreateAsync();
        await a.AddMediaAsync();
        await b.AddMediaAsync();

        string offer = await a.CreateOfferAsync();
        string answer = await b.AnswerAsync(offer);
        await a.SetRemoteAnswerAsync(answer);
        await a.WaitConnectedAsync(TimeSpan.FromSeconds(15));

        Assert.True(await a.WaitForAsync("rtc.rtpStats('inbound-rtp').then(s => s.some(x => x.kind === 'video' && x.framesDecoded > 5))", TimeSpan.FromSeconds(15)));
        BrowserRtpStats[] inbound = await a.InboundStatsAsync();
        Assert.Contains(inbound, s => s.Kind == "audio" && s.Packets > 0);
        (string? cipher, string? tls, _) = await a.TransportAsync();
        Assert.False(string.IsNullOrEmpty(cipher));
        Assert.False(string.IsNullOrEmpty(tls));
    }
}
