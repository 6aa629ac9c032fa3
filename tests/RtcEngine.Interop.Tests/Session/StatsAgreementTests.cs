using RtcEngine.Session;
using RtcEngine.Testing;
using RtcEngine.Testing.Browser;
using Xunit;

namespace RtcEngine.Interop.Tests.Session;

/// <summary>
/// Issue 10, test 7: the engine's statistics and Chromium's agree: packets sent versus received
/// exactly after a drain, round-trip times within 20% or 2 ms. A relay in the namespace delays each
/// way by 20 ms so that round-trip times are large enough to compare.
/// </summary>
public class StatsAgreementTests
{
    private static readonly TimeSpan OneWay = TimeSpan.FromMilliseconds(20);

    [Fact]
    public async Task Packet_counts_match_exactly_and_round_trip_times_within_tolerance()
    {
        await using BrowserPeerConnection browser = await BrowserPeerConnection.CreateAsync();
        await browser.AddMediaAsync();
        string offer = await browser.CreateOfferAsync();
        await using EngineEcho engine = EngineEcho.Start();
        using var relay = new DelayingUdpRelay(engine.Host.LocalAddress, OneWay);
        string answer = await engine.AnswerAsync(DelayingUdpRelay.RewriteCandidates(offer, relay.FarAddress));
        await browser.SetRemoteAnswerAsync(DelayingUdpRelay.RewriteCandidates(answer, relay.NearAddress));
        await engine.WaitConnectedAsync();
        await engine.AssertChromiumDecodesEchoAsync(browser);

        // ICE round-trip times in steady state: each side's current RTT sampled once a second, and
        // the medians compared. (Averages since the start would include the engine's first checks,
        // answered while Chromium was still setting its call up: not a property of the path.)
        var chromiumSamples = new List<double>();
        var engineSamples = new List<double>();
        for (int i = 0; i < 12; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
            if (await browser.CandidatePairRttAsync() is double chromiumRtt)
            {
                chromiumSamples.Add(chromiumRtt);
            }

            RtcStatsReport now = await engine.Peer.InvokeAsync(c => c.GetStats());
            var selected = (RtcIceCandidatePairStats)now[now.OfType<RtcTransportStats>().Single().SelectedCandidatePairId!];
            if (selected.CurrentRoundTripTime is double engineRtt)
            {
                engineSamples.Add(engineRtt);
            }
        }

        AssertClose(
            $"ICE candidate-pair RTT (medians; Chromium {string.Join(" ", chromiumSamples.Select(v => (v * 1000).ToString("0")))}, engine {string.Join(" ", engineSamples.Select(v => (v * 1000).ToString("0")))} ms)",
            Median(chromiumSamples),
            Median(engineSamples));

        RtcStatsReport report = await engine.Peer.InvokeAsync(c => c.GetStats());
        double chromiumRtcp = (await browser.EvaluateAsync(
            "rtc.pc.getStats().then(r => { let v = NaN; r.forEach(s => { if (s.type === 'remote-inbound-rtp' && s.kind === 'video' && s.roundTripTimeMeasurements) v = s.totalRoundTripTime / s.roundTripTimeMeasurements; }); return v; })")).GetDouble();
        RtcRemoteInboundRtpStreamStats engineVideoRemote = report.OfType<RtcRemoteInboundRtpStreamStats>().Single(s => s.Kind == "video");
        AssertClose("RTCP RTT of the video streams (average)", chromiumRtcp, engineVideoRemote.TotalRoundTripTime / engineVideoRemote.RoundTripTimeMeasurements);

        // Drain: Chromium stops sending (so the echo stops too), then every packet has landed.
        await browser.EvaluateAsync("Promise.all(rtc.pc.getSenders().map(s => s.replaceTrack(null))).then(() => null)");
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        report = await engine.Peer.InvokeAsync(c => c.GetStats());
        BrowserRtpStats[] chromiumOut = await browser.OutboundStatsAsync();
        BrowserRtpStats[] chromiumIn = await browser.InboundStatsAsync();
        foreach (string kind in new[] { "audio", "video" })
        {
            long sentByChromium = chromiumOut.Single(s => s.Kind == kind).Packets;
            long receivedByEngine = report.OfType<RtcInboundRtpStreamStats>().Where(s => s.Kind == kind).Sum(s => s.PacketsReceived);
            string chromiumDetail = (await browser.EvaluateAsync($"rtc.pc.getStats().then(r => {{ let v = ''; r.forEach(s => {{ if (s.type === 'outbound-rtp' && s.kind === '{kind}') v = JSON.stringify({{p: s.packetsSent, rp: s.retransmittedPacketsSent, hb: s.headerBytesSent, b: s.bytesSent, rb: s.retransmittedBytesSent}}); }}); return v; }})")).GetString()!;
            string rtx = await engine.Peer.InvokeAsync(c => $"rtx repaired {c.RtpSession!.Counters.RtxRepaired}, padding-only {c.RtpSession.Counters.RtxPaddingOnly}, duplicates {c.RtpSession.Counters.RtpDuplicates}, rtxUnknown {c.RtpSession.Counters.RtxUnknown} unknownSsrc {c.RtpSession.Counters.RtpUnknownSsrc} malformed {c.RtpSession.Counters.RtpMalformed} badSeq {c.RtpSession.Counters.RtpBadSequence}, conn beforeReady {c.Counters.DroppedBeforeReady} noSrtp {c.Counters.DroppedNoSrtp} unprotect {c.Counters.DroppedUnprotectFailed} unroutable {c.Counters.DroppedUnroutable}, inbound {string.Join("/", report.OfType<RtcInboundRtpStreamStats>().Where(s => s.Kind == kind).Select(s => $"recv {s.PacketsReceived} rtx {s.RetransmittedPacketsReceived} lost {s.PacketsLost}"))}; chromium {chromiumDetail}");
            Assert.True(sentByChromium == receivedByEngine, $"{kind}: Chromium sent {sentByChromium}, the engine received {receivedByEngine}; {rtx}");

            long sentByEngine = report.OfType<RtcOutboundRtpStreamStats>().Where(s => s.Kind == kind).Sum(s => s.PacketsSent);
            long receivedByChromium = chromiumIn.Where(s => s.Kind == kind).Sum(s => s.Packets);
            Assert.True(sentByEngine == receivedByChromium, $"{kind}: the engine sent {sentByEngine}, Chromium received {receivedByChromium}");
        }
    }

    private static double Median(List<double> values) =>
        values.Count == 0 ? double.NaN : values.Order().ElementAt(values.Count / 2);

    private static void AssertClose(string what, double chromium, double engine)
    {
        double tolerance = Math.Max(0.2 * chromium, 0.002);
        Assert.True(
            !double.IsNaN(chromium) && !double.IsNaN(engine) && Math.Abs(chromium - engine) <= tolerance,
            $"{what}: Chromium {chromium * 1000:0.0} ms, engine {engine * 1000:0.0} ms (tolerance {tolerance * 1000:0.0} ms)");
        Assert.InRange(engine, 2 * OneWay.TotalSeconds * 0.9, 2 * OneWay.TotalSeconds * 2);
    }
}
