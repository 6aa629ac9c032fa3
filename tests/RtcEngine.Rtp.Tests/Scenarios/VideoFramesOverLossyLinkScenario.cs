using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Rtp.Payload;
using RtcEngine.Testing;
using Xunit;
using static RtcEngine.Rtp.Tests.Payload.PayloadTestHelpers;

namespace RtcEngine.Rtp.Tests.Scenarios;

/// <summary>
/// VP8 frames through the whole path: packetizer, send stream with RTX, a link losing 5% and
/// reordering some packets, NACK repair, the frame assembler and the stats it feeds. Every frame
/// arrives whole; keyframes carry the resolution; frame rate and resolution show in both
/// inbound-rtp and outbound-rtp.
/// </summary>
public class VideoFramesOverLossyLinkScenario
{
    [Fact]
    public void Every_frame_is_assembled_and_feeds_frame_statistics()
    {
        var map = RtpHeaderExtensionMap.CreateChromiumDefaults();
        var a = new MediaPeer(new RtpSessionOptions { ExtensionMap = map }, seed: 101);
        var b = new MediaPeer(new RtpSessionOptions { ExtensionMap = map }, seed: 102);
        b.Session.RegisterPayloadType(new RtpPayloadTypeInfo(96, RtpMediaKind.Video, 90_000, Nack: true));
        b.Session.RegisterPayloadType(new RtpPayloadTypeInfo(97, RtpMediaKind.Video, 90_000, RepairedPayloadType: 96));
        RtpSendStream video = a.Session.AddSendStream(new RtpSendStreamConfig
        {
            Ssrc = 0xA1, PayloadType = 96, RtxSsrc = 0xB1, RtxPayloadTypes = [new RtxPayloadTypeMapping(96, 97)],
        });
        RtpReceiveStream receive = b.Session.AddReceiveStream(new RtpReceiveStreamConfig { Ssrc = 0xA1, RtxSsrc = 0xB1, Nack = new NackOptions(), MinSequential = 1 });
        b.Assembler = new RtpFrameAssembler(RtpCodec.Vp8, receive);
        VirtualNetwork net = MediaPeer.Connect(a, b, seed: 103, LinkConditions.Clean with
        {
            Delay = TimeSpan.FromMilliseconds(20), Reorder = 0.05, ReorderDelay = TimeSpan.FromMilliseconds(8),
        });

        // 5% loss of every datagram both ways, except the first media packets: a loss before the
        // first packet received cannot be seen by any receiver.
        var loss = new SeededRandomSource(104);
        int media = 0;
        net.Filter = d => (MediaPeer.IsMedia(d.Data, 0xA1) && ++media <= 3) || loss.NextDouble() >= 0.05;
        a.Vp8Frames = i => i % 60 == 0 ? Vp8Keyframe(1280, 720, 6000) : Vp8InterFrame(1500 + i % 7 * 100);
        a.FrameInterval = TimeSpan.FromTicks(333_333);
        a.TimestampStep = 3000;
        a.StartSending(video, net.Now, frames: 180);
        net.RunFor(TimeSpan.FromSeconds(8));

        Assert.Equal(180, b.Frames.Select(f => f.Timestamp).Distinct().Count());
        Assert.Equal(3, b.Frames.Count(f => f.Keyframe));
        Assert.All(b.Frames, f => Assert.Equal((1280, 720), (f.Width, f.Height)));
        InboundRtpStreamStats inbound = receive.GetStats(MediaPeer.Anchor);
        Assert.Equal(180, inbound.FramesReceived);
        Assert.Equal(1280, inbound.FrameWidth);
        Assert.InRange(inbound.FramesPerSecond, 25, 35);
        Assert.True(inbound.RetransmittedPacketsReceived > 0);
        OutboundRtpStreamStats outbound = video.GetStats();
        Assert.Equal(180, outbound.FramesSent);
        Assert.Equal(3, outbound.KeyFramesEncoded);
        Assert.Equal(720, outbound.FrameHeight);
        Assert.InRange(outbound.FramesPerSecond, 29, 31);
    }
}
