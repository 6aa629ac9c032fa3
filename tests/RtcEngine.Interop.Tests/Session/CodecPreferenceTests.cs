using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Sdp.Jsep;
using RtcEngine.Session;
using RtcEngine.Testing.Browser;
using Xunit;

namespace RtcEngine.Interop.Tests.Session;

/// <summary>Issue 10: codec preferences on a transceiver, honoured by Chromium (H.264 or VP9 instead of its default VP8).</summary>
public class CodecPreferenceTests
{
    [Fact]
    public async Task An_h264_only_video_transceiver_makes_chromium_send_h264_which_it_decodes_from_the_echo()
    {
        await using BrowserPeerConnection browser = await BrowserPeerConnection.CreateAsync();
        await using EngineEcho engine = EngineEcho.Start();
        await CallWithOnlyAsync(browser, engine, JsepCodec.H264(payloadType: 102, rtxPayloadType: 103, profileLevelId: "42e01f"), "H264");

        Assert.Equal("H264", await engine.Peer.InvokeAsync(c => c.Transceivers[1].Negotiated!.Codecs[0].Name));
    }

    [Fact]
    public async Task A_vp9_only_video_transceiver_gets_vp9_from_chromium_whose_keyframes_the_engine_reads()
    {
        await using BrowserPeerConnection browser = await BrowserPeerConnection.CreateAsync();
        await using EngineEcho engine = EngineEcho.Start();
        await CallWithOnlyAsync(browser, engine, JsepCodec.Vp9(payloadType: 98, rtxPayloadType: 99), "VP9");

        // The engine assembled Chromium's VP9 frames and read the keyframe's resolution (the fake
        // capture device is 640x480).
        var anchor = new WallClockAnchor(MonoTime.Zero, DateTimeOffset.UnixEpoch);
        InboundRtpStreamStats received = await engine.Peer.InvokeAsync(c => c.Transceivers[1].Receiver.GetStats(anchor));
        Assert.True(received.KeyFramesReceived >= 1, $"keyframes {received.KeyFramesReceived}, frames {received.FramesReceived}");
        Assert.True(received.FramesReceived > 10, $"frames {received.FramesReceived}");
        Assert.Equal((640, 480), (received.FrameWidth, received.FrameHeight));
    }

    // The engine offers audio and a video transceiver limited to one codec; Chromium answers with
    // its fake camera and microphone; the call must connect, Chromium must decode the echo, and its
    // inbound video must use that codec.
    private static async Task CallWithOnlyAsync(BrowserPeerConnection browser, EngineEcho engine, JsepCodec video, string name)
    {
        string offer = await engine.Peer.InvokeAsync(c =>
        {
            c.AddTransceiver(RtcMediaKind.Audio).Receiver.Sink = engine.Echo;
            c.AddTransceiver(RtcMediaKind.Video, new RtcTransceiverInit { Codecs = [video] }).Receiver.Sink = engine.Echo;
            RtcSessionDescription description = c.CreateOffer();
            c.SetLocalDescription(description);
            return description.Sdp;
        });
        Assert.Contains($"{name}/90000", offer);
        Assert.DoesNotContain("VP8/90000", offer);

        string answer = await browser.AnswerAsync(offer, withMedia: true);
        await engine.Peer.SetRemoteDescriptionAsync(new RtcSessionDescription(RtcSdpType.Answer, answer));
        await engine.WaitConnectedAsync();
        await engine.AssertChromiumDecodesEchoAsync(browser);

        BrowserRtpStats inbound = (await browser.InboundStatsAsync()).Single(s => s.Kind == "video");
        Assert.Equal($"video/{name}", inbound.CodecMimeType);
    }
}
