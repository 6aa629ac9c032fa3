using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Sdp;
using RtcEngine.Session;
using RtcEngine.Testing.Browser;
using Xunit;

namespace RtcEngine.Interop.Tests.Session;

/// <summary>Issue 10, test 1: renegotiation with Chromium, started by the engine and by Chromium.</summary>
public class RenegotiationTests
{
    /// <summary>Echoes as usual, and copies the browser's video onto one more (engine-added) transceiver.</summary>
    private sealed class FanOutSink(RtcConnection connection, IRtpPacketSink echo, RtcRtpTransceiver extra) : IRtpPacketSink
    {
        public void OnRtpPacket(RtcRtpTransceiver transceiver, in RtpPacketReader packet, MonoTime now)
        {
            echo.OnRtpPacket(transceiver, packet, now);
            if (transceiver.Kind == RtcMediaKind.Video && extra.CanSend && packet.PayloadType == transceiver.Sender.PayloadType)
            {
                connection.SendRtp(extra, packet.Payload, packet.Timestamp, packet.Marker);
            }
        }
    }

    [Fact]
    public async Task The_engine_adds_a_video_track_mid_call_then_removes_it_and_media_continues()
    {
        (BrowserPeerConnection browser, EngineEcho engine) = await TrickleAndRestartTests.CallAsync();
        await using (browser)
        await using (engine)
        {
            RtcRtpTransceiver original = await engine.Peer.InvokeAsync(c => c.Transceivers.First(t => t.Kind == RtcMediaKind.Video));
            RtcRtpTransceiver added = await engine.Peer.InvokeAsync(c =>
            {
                RtcRtpTransceiver extra = c.AddTransceiver(RtcMediaKind.Video, new RtcTransceiverInit { Direction = SdpDirection.SendOnly });
                original.Receiver.Sink = new FanOutSink(c, engine.Echo, extra);
                return extra;
            });
            engine.Peer.KeyFrameRequested += (_, e) =>
            {
                if (e.Transceiver == added)
                {
                    engine.Peer.Connection.RequestKeyFrame(original); // the added stream copies the camera: ask it
                }
            };

            RtcSessionDescription offer = await engine.Peer.CreateOfferAsync();
            await engine.Peer.SetLocalDescriptionAsync(offer);
            string answer = await browser.AnswerAsync(offer.Sdp);
            await engine.Peer.SetRemoteDescriptionAsync(new RtcSessionDescription(RtcSdpType.Answer, answer));
            string? addedMid = await engine.Peer.InvokeAsync(c => added.Mid);
            Assert.NotNull(addedMid);

            Assert.True(
                await browser.WaitForAsync($"rtc.rtpStats('inbound-rtp').then(s => s.some(x => x.mid === '{addedMid}' && x.framesDecoded > 10))", EngineEcho.Timeout),
                $"Chromium did not decode the added track: {string.Join(", ", await browser.InboundStatsAsync())}\n{await engine.DescribeAsync()}");

            // Remove it: stop, renegotiate; its m-line goes to port 0 and the rest keeps flowing.
            long frames = await EngineEcho.FramesDecodedAsync(browser);
            long audio = (await browser.InboundStatsAsync()).Where(s => s.Kind == "audio").Sum(s => s.Packets);
            await engine.Peer.InvokeAsync(_ => added.Stop());
            RtcSessionDescription removal = await engine.Peer.CreateOfferAsync();
            await engine.Peer.SetLocalDescriptionAsync(removal);
            Assert.Contains("m=video 0 ", removal.Sdp);
            await engine.Peer.SetRemoteDescriptionAsync(new RtcSessionDescription(RtcSdpType.Answer, await browser.AnswerAsync(removal.Sdp)));

            await engine.AssertVideoKeepsFlowingAsync(browser, frames, more: 45);
            Assert.True((await browser.InboundStatsAsync()).Where(s => s.Kind == "audio").Sum(s => s.Packets) > audio + 20);
            Assert.False(await engine.Peer.InvokeAsync(_ => added.CanSend));
        }
    }

    [Fact]
    public async Task Chromium_adds_a_video_track_and_renegotiates_the_engine_echoes_it_too()
    {
        (BrowserPeerConnection browser, EngineEcho engine) = await TrickleAndRestartTests.CallAsync();
        await using (browser)
        await using (engine)
        {
            await browser.AddVideoTrackCloneAsync();
            string offer = await browser.CreateOfferAsync();
            string answer = await engine.AnswerAsync(offer);
            await browser.SetRemoteAnswerAsync(answer);

            Assert.Equal(3, await engine.Peer.InvokeAsync(c => c.Transceivers.Count));
            Assert.True(
                await browser.WaitForAsync("rtc.rtpStats('inbound-rtp').then(s => s.filter(x => x.kind === 'video' && x.framesDecoded > 10).length >= 2)", EngineEcho.Timeout),
                $"Chromium did not decode both echoed videos: {string.Join(", ", await browser.InboundStatsAsync())}\n{await engine.DescribeAsync()}");
        }
    }
}
