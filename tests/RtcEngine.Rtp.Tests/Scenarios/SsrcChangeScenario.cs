using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Rtp.Tests.Scenarios;

/// <summary>
/// The sender replaces its stream (a new SSRC, as after a track restart): the receiver creates a
/// stream for the new SSRC with its own counters and removes the silent old one after the timeout.
/// </summary>
public class SsrcChangeScenario
{
    [Fact]
    public void New_ssrc_gets_a_new_stream_and_the_old_one_times_out()
    {
        var map = RtpHeaderExtensionMap.CreateChromiumDefaults();
        var a = new MediaPeer(new RtpSessionOptions { ExtensionMap = map }, seed: 51);
        var b = new MediaPeer(new RtpSessionOptions { ExtensionMap = map, ReceiveStreamTimeout = TimeSpan.FromSeconds(3) }, seed: 52);
        b.Session.RegisterPayloadType(new RtpPayloadTypeInfo(96, RtpMediaKind.Video, 90_000));
        RtpSendStream first = a.Session.AddSendStream(new RtpSendStreamConfig { Ssrc = 0x1001, PayloadType = 96, Mid = "v" });
        RtpSendStream second = a.Session.AddSendStream(new RtpSendStreamConfig { Ssrc = 0x2002, PayloadType = 96, Mid = "v" });
        VirtualNetwork net = MediaPeer.Connect(a, b, seed: 53);

        a.StartSending(first, net.Now, frames: 30);
        net.RunFor(TimeSpan.FromSeconds(2));
        a.StartSending(second, net.Now, frames: 300);
        net.RunFor(TimeSpan.FromSeconds(6));

        Assert.Equal([0x1001u, 0x2002u], b.Events.Where(e => e.Kind == RtpSessionEventKind.ReceiveStreamAdded).Select(e => e.Ssrc));
        Assert.Contains(b.Events, e => e.Kind == RtpSessionEventKind.ReceiveStreamRemoved && e.Ssrc == 0x1001);
        RtpReceiveStream current = Assert.Single(b.Session.ReceiveStreams);
        Assert.Equal(0x2002u, current.Ssrc);
        Assert.Equal(0, current.GetStats(MediaPeer.Anchor).PacketsLost);
        Assert.Equal("v", b.LastMid);
    }
}
