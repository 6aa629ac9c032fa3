using RtcEngine.Rtp;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Rtp.Tests.Scenarios;

/// <summary>With REMB negotiated, the receiver reports an estimate that grows while nothing is lost.</summary>
public class RembScenario
{
    [Fact]
    public void Receiver_sends_a_growing_estimate_on_a_clean_link()
    {
        var map = RtpHeaderExtensionMap.CreateChromiumDefaults();
        var a = new MediaPeer(new RtpSessionOptions { ExtensionMap = map }, seed: 81);
        var b = new MediaPeer(new RtpSessionOptions { ExtensionMap = map, SendRemb = true }, seed: 82);
        b.Session.RegisterPayloadType(new RtpPayloadTypeInfo(96, RtpMediaKind.Video, 90_000));
        RtpSendStream video = a.Session.AddSendStream(new RtpSendStreamConfig { Ssrc = 0xA1, PayloadType = 96 });
        VirtualNetwork net = MediaPeer.Connect(a, b, seed: 83);
        a.StartSending(video, net.Now, frames: 300); // 3 x 900 bytes at 30 fps: about 650 kbit/s
        net.RunFor(TimeSpan.FromSeconds(9));

        List<ulong> estimates = a.Events.Where(e => e.Kind == RtpSessionEventKind.RemoteBitrateEstimate).Select(e => e.Value).ToList();
        Assert.True(estimates.Count >= 5, $"{estimates.Count} REMB");
        Assert.True(estimates[^1] > estimates[0]);
        Assert.True(estimates[^1] > 650_000);
        Assert.All(a.Events.Where(e => e.Kind == RtpSessionEventKind.RemoteBitrateEstimate), e => Assert.Equal(0xA1u, e.Ssrc));
    }
}
