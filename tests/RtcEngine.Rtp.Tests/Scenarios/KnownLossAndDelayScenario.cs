using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Rtp.Tests.Scenarios;

/// <summary>
/// Twelve seconds of 25 fps video over a link with 40 ms of delay each way, and exactly every 25th
/// media packet dropped: the receiver's loss equals what was dropped, jitter is zero (constant delay),
/// and the sender learns an 80 ms RTT and the loss from receiver reports.
/// </summary>
public class KnownLossAndDelayScenario
{
    [Fact]
    public void Loss_jitter_and_rtt_match_the_network()
    {
        var map = RtpHeaderExtensionMap.CreateChromiumDefaults();
        var a = new MediaPeer(new RtpSessionOptions { ExtensionMap = map }, seed: 1);
        var b = new MediaPeer(new RtpSessionOptions { ExtensionMap = map }, seed: 2);
        b.Session.RegisterPayloadType(new RtpPayloadTypeInfo(96, RtpMediaKind.Video, 90_000));
        RtpSendStream video = a.Session.AddSendStream(new RtpSendStreamConfig { Ssrc = 0xA1, PayloadType = 96, Mid = "1" });
        VirtualNetwork net = MediaPeer.Connect(a, b, seed: 3, LinkConditions.Clean with { Delay = TimeSpan.FromMilliseconds(40) });

        int media = 0;
        int dropped = 0;
        net.Filter = d =>
        {
            if (!MediaPeer.IsMedia(d.Data, 0xA1))
            {
                return true;
            }

            // Keep the first two (probation) packets and the tail (a lost last packet is not yet loss); drop every 25th.
            if (++media > 2 && media < 890 && media % 25 == 0)
            {
                dropped++;
                return false;
            }

            return true;
        };

        a.FrameInterval = TimeSpan.FromMilliseconds(40);
        a.TimestampStep = 3600; // 40 ms at 90 kHz: the RTP clock and the send clock agree exactly
        a.StartSending(video, net.Now, frames: 300);
        net.RunFor(TimeSpan.FromSeconds(14));

        Assert.True(b.Session.TryGetReceiveStream(0xA1, out RtpReceiveStream received));
        InboundRtpStreamStats inbound = received.GetStats(MediaPeer.Anchor);
        Assert.Equal(900, media);
        Assert.Equal(35, dropped);
        Assert.Equal(dropped, inbound.PacketsLost);
        Assert.Equal(media - dropped - 1, inbound.PacketsReceived); // the probation packet is not counted
        Assert.Equal(0, inbound.Jitter);
        Assert.Equal("1", b.LastMid);

        RemoteInboundRtpStreamStats remote = video.GetRemoteInboundStats(MediaPeer.Anchor);
        Assert.True(remote.RoundTripTimeMeasurements >= 5);
        Assert.InRange(remote.RoundTripTime, 0.079, 0.081);
        Assert.Equal(dropped, remote.PacketsLost); // the last report came after the last packet
        Assert.InRange(a.Session.RoundTripTime.TotalMilliseconds, 79, 81);

        RemoteOutboundRtpStreamStats senderView = received.GetRemoteOutboundStats();
        Assert.Equal(900, senderView.PacketsSent);
        Assert.Equal(900 * 900, senderView.BytesSent);
        Assert.True(senderView.ReportsSent >= 5);
    }
}
