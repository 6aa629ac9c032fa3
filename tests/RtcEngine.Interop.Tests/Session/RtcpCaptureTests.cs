using System.Globalization;
using System.Text;
using RtcEngine.Rtp.Rtcp;
using RtcEngine.Testing;
using RtcEngine.Testing.Browser;
using Xunit;

namespace RtcEngine.Interop.Tests.Session;

/// <summary>
/// Issue 10, test 8: real RTCP compounds from Chromium, decrypted by the engine. The test checks
/// them as they arrive; with <c>RTCENGINE_WRITE_FIXTURES=1</c> it also stores them as the RTP
/// layer's fixture (<c>tests/fixtures/rtp/chromium-156/rtcp-compounds.txt</c>).
/// </summary>
public class RtcpCaptureTests
{
    [Fact]
    public async Task Chromium_rtcp_decrypted_by_the_engine_parses_whole_and_has_every_kind_chromium_sends()
    {
        await using BrowserPeerConnection browser = await BrowserPeerConnection.CreateAsync();
        await browser.AddMediaAsync();
        string offer = await browser.CreateOfferAsync();
        await using EngineEcho engine = EngineEcho.Start();
        var compounds = new List<(double Seconds, byte[] Bytes)>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await engine.Peer.InvokeAsync(c => c.RtcpObserver = compound =>
        {
            lock (compounds)
            {
                compounds.Add((clock.Elapsed.TotalSeconds, compound.ToArray()));
            }
        });
        await browser.SetRemoteAnswerAsync(await engine.AnswerAsync(offer));
        await engine.WaitConnectedAsync();
        await engine.AssertChromiumDecodesEchoAsync(browser);
        await Task.Delay(TimeSpan.FromSeconds(6), TestContext.Current.CancellationToken);

        (double Seconds, byte[] Bytes)[] captured;
        lock (compounds)
        {
            captured = [.. compounds];
        }

        var kinds = new HashSet<RtcpPacketKind>();
        foreach ((_, byte[] bytes) in captured)
        {
            var reader = new RtcpCompoundReader(bytes);
            while (reader.TryReadNext(out RtcpPacket packet))
            {
                kinds.Add(packet.Kind);
            }

            Assert.Equal(RtcpParseError.None, reader.Error);
            Assert.Equal(bytes.Length, reader.Offset);
        }

        Assert.True(captured.Length > 20, $"{captured.Length} compounds");
        Assert.Contains(RtcpPacketKind.SenderReport, kinds);
        Assert.Contains(RtcpPacketKind.ReceiverReport, kinds);
        Assert.Contains(RtcpPacketKind.SourceDescription, kinds);
        Assert.Contains(RtcpPacketKind.TransportWideFeedback, kinds);

        if (Environment.GetEnvironmentVariable("RTCENGINE_WRITE_FIXTURES") == "1")
        {
            var text = new StringBuilder();
            text.Append("# RTCP compounds Chromium ").Append(await browser.EvaluateAsync("navigator.userAgent").ContinueWith(t => t.Result.GetString()))
                .Append(" sent to the engine (echo call), decrypted by the engine's SRTCP.\n")
                .Append("# Written by RtcEngine.Interop.Tests RtcpCaptureTests with RTCENGINE_WRITE_FIXTURES=1.\n")
                .Append("# <seconds since the observer was set> <compound hex>\n");
            foreach ((double seconds, byte[] bytes) in captured)
            {
                text.Append(seconds.ToString("0.000", CultureInfo.InvariantCulture)).Append(' ').Append(Convert.ToHexStringLower(bytes)).Append('\n');
            }

            File.WriteAllText(TestFiles.Fixture("rtp/chromium-156/rtcp-compounds.txt"), text.ToString());
        }
    }
}
