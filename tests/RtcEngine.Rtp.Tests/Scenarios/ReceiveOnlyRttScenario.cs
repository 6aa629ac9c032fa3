using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Rtp.Tests.Scenarios;

/// <summary>
/// A receive-only session sends XR receiver reference times; the sender answers with DLRR, and the
/// receiver learns the RTT (RFC 3611), reported in remote-outbound-rtp.
/// </summary>
public class ReceiveOnlyRttScenario
{
    [Fact]
    public void Receive_only_side_measures_rtt_through_rrtr_and_dlrr()
    {
        var map = RtpHeaderExtensionMap.CreateChromiumDefaults();
        var a = new MediaPeer(new RtpSessionOptions { ExtensionMap = map }, seed: 71);
        var b = new MediaPeer(new RtpSessionOptions { ExtensionMap = map, SendReceiverReferenceTime = true }, seed: 72);
        b.Session.RegisterPayloadType(new RtpPayloadTypeInfo(96, RtpMediaKind.Video, 90_000));
        RtpSendStream video = a.Session.AddSendStream(new RtpSendStreamConfig { Ssrc = 0xA1, PayloadType = 96 });
        VirtualNetwork net = MediaPeer.Connect(a, b, seed: 73, LinkConditions.Clean with { Delay = TimeSpan.FromMilliseconds(60) });
        a.StartSending(video, net.Now, frames: 200);
        net.RunFor(TimeSpan.FromSeconds(6));

        Assert.InRange(b.Session.RoundTripTime.TotalMilliseconds, 119, 121);
        Assert.True(b.Session.TryGetReceiveStream(0xA1, out RtpReceiveStream stream));
        RemoteOutboundRtpStreamStats remote = stream.GetRemoteOutboundStats();
        Assert.True(remote.RoundTripTimeMeasurements >= 2);
        Assert.InRange(remote.RoundTripTime, 0.119, 0.121);
        Assert.True(remote.RemoteTimestamp > 0);
    }
}
