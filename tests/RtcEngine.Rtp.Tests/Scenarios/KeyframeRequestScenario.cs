using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Rtp.Tests.Scenarios;

/// <summary>
/// Keyframe requests end to end: the application asks (PLI, or FIR where negotiated), and loss NACK
/// cannot repair asks by itself; requests are rate-limited, FIR request numbers deduplicate.
/// </summary>
public class KeyframeRequestScenario
{
    private static (MediaPeer A, MediaPeer B, RtpSendStream Video, VirtualNetwork Net) Setup(bool fir, ulong seed)
    {
        var map = RtpHeaderExtensionMap.CreateChromiumDefaults();
        var a = new MediaPeer(new RtpSessionOptions { ExtensionMap = map }, seed);
        var b = new MediaPeer(new RtpSessionOptions { ExtensionMap = map }, seed + 1);
        b.Session.RegisterPayloadType(new RtpPayloadTypeInfo(96, RtpMediaKind.Video, 90_000, Nack: true, UseFir: fir));
        RtpSendStream video = a.Session.AddSendStream(new RtpSendStreamConfig { Ssrc = 0xA1, PayloadType = 96 });
        VirtualNetwork net = MediaPeer.Connect(a, b, seed + 2);
        return (a, b, video, net);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Application_request_reaches_the_sender_once(bool fir)
    {
        (MediaPeer a, MediaPeer b, RtpSendStream video, VirtualNetwork net) = Setup(fir, 31);
        a.StartSending(video, net.Now, frames: 100);
        net.RunFor(TimeSpan.FromMilliseconds(500));
        Assert.True(b.Session.RequestKeyframe(0xA1));
        Assert.True(b.Session.RequestKeyframe(0xA1)); // a second ask before the first went: one request
        net.RunFor(TimeSpan.FromMilliseconds(100));

        RtpSessionEvent request = Assert.Single(a.Events, e => e.Kind == RtpSessionEventKind.KeyframeRequested);
        Assert.Equal(0xA1u, request.Ssrc);
        Assert.Equal(fir, request.FullIntraRequest);
        Assert.True(b.Session.TryGetReceiveStream(0xA1, out RtpReceiveStream stream));
        Assert.Equal(fir ? 1 : 0, stream.GetStats(MediaPeer.Anchor).FirCount);
        Assert.Equal(fir ? 0 : 1, stream.GetStats(MediaPeer.Anchor).PliCount);
        Assert.Equal(fir ? 1 : 0, video.GetStats().FirCount);
        Assert.Equal(fir ? 0 : 1, video.GetStats().PliCount);
    }

    [Fact]
    public void Loss_nack_cannot_repair_triggers_a_pli()
    {
        (MediaPeer a, MediaPeer b, RtpSendStream video, VirtualNetwork net) = Setup(fir: false, 41);
        // Packet 50 is lost, and so is every retransmission of it: NACK cannot repair it.
        ushort lost = (ushort)(video.NextSequenceNumber + 49);
        net.Filter = d => !(MediaPeer.IsMedia(d.Data, 0xA1) && RtpPacketReader.TryRead(d.Data, out RtpPacketReader p) && p.SequenceNumber == lost);
        a.StartSending(video, net.Now, frames: 100);
        net.RunFor(TimeSpan.FromSeconds(4));

        Assert.Contains(a.Events, e => e.Kind == RtpSessionEventKind.KeyframeRequested && !e.FullIntraRequest);
        Assert.True(b.Session.TryGetReceiveStream(0xA1, out RtpReceiveStream stream));
        Assert.True(stream.Nack!.GivenUp >= 1);
        Assert.True(stream.GetStats(MediaPeer.Anchor).NackCount >= 5);
    }
}
