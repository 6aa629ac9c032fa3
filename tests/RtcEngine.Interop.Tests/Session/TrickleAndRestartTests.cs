using RtcEngine.Session;
using RtcEngine.Testing.Browser;
using Xunit;

namespace RtcEngine.Interop.Tests.Session;

/// <summary>Issue 10, tests 3 and 5: ICE restart started by either side, and trickle ICE both ways, with Chromium.</summary>
public class TrickleAndRestartTests
{
    [Fact]
    public async Task Trickle_ice_both_ways_candidates_only_in_trickled_messages()
    {
        await using BrowserPeerConnection browser = await BrowserPeerConnection.CreateAsync();
        await browser.AddMediaAsync();
        string offer = await browser.CreateOfferAsync(waitForCandidates: false);

        await using EngineEcho engine = EngineEcho.Start(new RtcConfiguration { CandidatesInDescriptions = false });
        string answer = await engine.AnswerAsync(offer);
        Assert.DoesNotContain("a=candidate:", answer);
        await browser.SetRemoteAnswerAsync(answer);

        int toEngine = 0, toBrowser = 0;
        bool engineEnded = false;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < EngineEcho.Timeout && (await browser.StateAsync()).Split('/')[0] != "connected")
        {
            foreach (string candidate in await browser.TakeLocalCandidatesAsync())
            {
                await engine.Peer.AddIceCandidateAsync(candidate);
                toEngine++;
            }

            while (engine.Candidates.TryDequeue(out RtcIceCandidateEvent? e))
            {
                await browser.AddIceCandidateAsync(e.Candidate, e.SdpMid ?? "0");
                toBrowser += e.Candidate is null ? 0 : 1;
                engineEnded |= e.Candidate is null;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.True(toBrowser > 0 && toEngine > 0, $"trickled {toEngine} to the engine, {toBrowser} to Chromium");
        Assert.True(engineEnded, "the engine never signalled the end of its candidates");
        await engine.WaitConnectedAsync();
        await engine.AssertChromiumDecodesEchoAsync(browser);
    }

    [Fact]
    public async Task Ice_restart_started_by_the_engine_media_resumes_on_new_credentials()
    {
        (BrowserPeerConnection browser, EngineEcho engine) = await CallAsync();
        await using (browser)
        await using (engine)
        {
            string ufragBefore = await engine.Peer.InvokeAsync(c => c.LocalIceUfrag);
            long frames = await EngineEcho.FramesDecodedAsync(browser);

            RtcSessionDescription restart = await engine.Peer.CreateOfferAsync(new RtcOfferOptions { IceRestart = true });
            await engine.Peer.SetLocalDescriptionAsync(restart);
            string answer = await browser.AnswerAsync(restart.Sdp);
            await engine.Peer.SetRemoteDescriptionAsync(new RtcSessionDescription(RtcSdpType.Answer, answer));

            Assert.NotEqual(ufragBefore, await engine.Peer.InvokeAsync(c => c.LocalIceUfrag));
            Assert.Contains("a=ice-ufrag:" + await engine.Peer.InvokeAsync(c => c.LocalIceUfrag), restart.Sdp);
            await engine.AssertVideoKeepsFlowingAsync(browser, frames, more: 60);
            Assert.Equal(RtcPeerConnectionState.Connected, await engine.Peer.InvokeAsync(c => c.ConnectionState));
        }
    }

    [Fact]
    public async Task Ice_restart_started_by_chromium_the_engine_answers_with_new_credentials()
    {
        (BrowserPeerConnection browser, EngineEcho engine) = await CallAsync();
        await using (browser)
        await using (engine)
        {
            string ufragBefore = await engine.Peer.InvokeAsync(c => c.LocalIceUfrag);
            long frames = await EngineEcho.FramesDecodedAsync(browser);

            string restart = await browser.CreateOfferAsync(iceRestart: true);
            string answer = await engine.AnswerAsync(restart);
            await browser.SetRemoteAnswerAsync(answer);

            string ufragAfter = await engine.Peer.InvokeAsync(c => c.LocalIceUfrag);
            Assert.NotEqual(ufragBefore, ufragAfter);
            Assert.Contains("a=ice-ufrag:" + ufragAfter, answer);
            await engine.AssertVideoKeepsFlowingAsync(browser, frames, more: 60);
        }
    }

    internal static async Task<(BrowserPeerConnection Browser, EngineEcho Engine)> CallAsync(RtcConfiguration? configuration = null)
    {
        BrowserPeerConnection browser = await BrowserPeerConnection.CreateAsync();
        await browser.AddMediaAsync();
        string offer = await browser.CreateOfferAsync();
        EngineEcho engine = EngineEcho.Start(configuration);
        await browser.SetRemoteAnswerAsync(await engine.AnswerAsync(offer));
        await engine.WaitConnectedAsync();
        await engine.AssertChromiumDecodesEchoAsync(browser);
        return (browser, engine);
    }
}
