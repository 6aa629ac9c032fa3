using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Session;
using RtcEngine.Testing.Browser;
using Xunit;

namespace RtcEngine.Interop.Tests.Session;

/// <summary>Issue 10, test 6: Chromium sends three simulcast layers (f/h/q) and the engine receives each, routed by rid.</summary>
public class SimulcastTests
{
    [Fact]
    public async Task Chromium_sends_three_rids_and_the_engine_receives_every_layer()
    {
        await using BrowserPeerConnection browser = await BrowserPeerConnection.CreateAsync();
        await browser.AddSimulcastVideoAsync();
        string offer = await browser.CreateOfferAsync();
        Assert.Contains("a=simulcast:send f;h;q", offer);

        await using EngineEcho engine = EngineEcho.Start();
        string answer = await engine.AnswerAsync(offer);
        Assert.Contains("a=simulcast:recv f;h;q", answer);
        Assert.Contains("a=rid:f recv", answer);
        await browser.SetRemoteAnswerAsync(answer);
        await engine.WaitConnectedAsync();

        var anchor = new WallClockAnchor(MonoTime.Zero, DateTimeOffset.UnixEpoch);
        (string? Rid, long Packets, int Width, int Height)[] layers = [];
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            layers = await engine.Peer.InvokeAsync(c => c.Transceivers
                .SelectMany(t => t.Receiver.Streams)
                .Select(s =>
                {
                    InboundRtpStreamStats stats = s.GetStats(anchor);
                    return (s.Rid, stats.PacketsReceived, stats.FrameWidth, stats.FrameHeight);
                })
                .ToArray());
            if (layers.Count(l => l.Packets > 50 && l.Width > 0) == 3)
            {
                break;
            }

            await Task.Delay(500, TestContext.Current.CancellationToken);
        }

        string seen = string.Join(", ", layers.Select(l => $"{l.Rid}: {l.Packets} packets {l.Width}x{l.Height}"));
        Assert.True(layers.Count(l => l.Packets > 50 && l.Width > 0) == 3, $"layers seen: {seen}\n{await engine.DescribeAsync()}");
        Assert.Equal(["f", "h", "q"], layers.Select(l => l.Rid).Order());
        var byRid = layers.ToDictionary(l => l.Rid!);
        Assert.True(byRid["f"].Width > byRid["h"].Width && byRid["h"].Width > byRid["q"].Width, seen);
        Assert.Equal(1280, byRid["f"].Width);
    }
}
