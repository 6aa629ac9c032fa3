using System.Text.Json;
using RtcEngine.Testing.Browser;
using Xunit;

namespace RtcEngine.Interop.Tests.Session;

/// <summary>
/// Issue 7: the receive side sends the feedback a browser's bandwidth estimator needs
/// (transport-wide congestion control), so Chromium sending to the engine ramps up past its
/// 300 kbit/s start.
/// </summary>
public class BandwidthRampUpTests
{
    [Fact]
    public async Task Chromium_sending_to_the_engine_ramps_up_on_its_transport_wide_feedback()
    {
        await using BrowserPeerConnection browser = await BrowserPeerConnection.CreateAsync();
        await browser.AddMediaAsync(audio: true, video: true, hd: true);
        string offer = await browser.CreateOfferAsync();
        await using EngineEcho engine = EngineEcho.Start();
        await browser.SetRemoteAnswerAsync(await engine.AnswerAsync(offer));
        await engine.WaitConnectedAsync();

        double estimate = 0;
        var samples = new List<double>();
        for (int second = 0; second < 15 && estimate < 1_000_000; second++)
        {
            await Task.Delay(1000, TestContext.Current.CancellationToken);
            JsonElement pair = await browser.EvaluateAsync(
                "rtc.selectedPair().then(p => (p && p.availableOutgoingBitrate) || 0)");
            estimate = pair.GetDouble();
            samples.Add(estimate);
        }

        Assert.True(estimate >= 1_000_000, $"Chromium's outgoing estimate stayed at {string.Join(", ", samples.Select(s => $"{s / 1000:0}k"))}\n{await engine.DescribeAsync()}");
    }
}
