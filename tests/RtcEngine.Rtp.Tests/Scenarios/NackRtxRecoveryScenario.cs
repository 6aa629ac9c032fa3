using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Rtp.Tests.Scenarios;

/// <summary>
/// Video over a link that loses 10% of every datagram both ways (media, RTX retransmissions, NACKs
/// and reports alike): the receiver NACKs the gaps, the sender answers from its RTX cache with RFC
/// 4588 packets, the receiver restores them in place, and every packet is delivered in the end.
/// </summary>
public class NackRtxRecoveryScenario
{
    [Fact]
    public void Nack_and_rtx_recover_every_packet_over_a_10_percent_loss_link()
    {
        var map = RtpHeaderExtensionMap.CreateChromiumDefaults();
        var a = new MediaPeer(new RtpSessionOptions { ExtensionMap = map }, seed: 11);
        var b = new MediaPeer(new RtpSessionOptions { ExtensionMap = map }, seed: 12);
        b.Session.RegisterPayloadType(new RtpPayloadTypeInfo(96, RtpMediaKind.Video, 90_000, Nack: true));
        b.Session.RegisterPayloadType(new RtpPayloadTypeInfo(97, RtpMediaKind.Video, 90_000, RepairedPayloadType: 96));
        RtpSendStream video = a.Session.AddSendStream(new RtpSendStreamConfig
        {
            Ssrc = 0xA1,
            PayloadType = 96,
            RtxSsrc = 0xB1,
            RtxPayloadTypes = [new RtxPayloadTypeMapping(96, 97)],
            Mid = "v",
        });
        b.Session.AddReceiveStream(new RtpReceiveStreamConfig { Ssrc = 0xA1, RtxSsrc = 0xB1, Nack = new NackOptions(), MinSequential = 1 });
        VirtualNetwork net = MediaPeer.Connect(a, b, seed: 13, LinkConditions.Clean with { Delay = TimeSpan.FromMilliseconds(30) });

        const int Frames = 500;
        a.PacketsPerFrame = 2;
        a.FrameInterval = TimeSpan.FromMilliseconds(20);
        a.TimestampStep = 1800;
        var loss = new SeededRandomSource(14);
        int media = 0;
        int dropped = 0;
        net.Filter = d =>
        {
            if (MediaPeer.IsMedia(d.Data, 0xA1) && (++media <= 3 || media > Frames * 2 - 3))
            {
                return true; // a loss before the first or after the last packet is undetectable
            }

            if (loss.NextDouble() < 0.10)
            {
                dropped++;
                return false;
            }

            return true;
        };

        a.StartSending(video, net.Now, Frames);
        net.RunFor(TimeSpan.FromSeconds(Frames * 0.02 + 3));

        HashSet<ushort> sent = a.Sent.Select(s => s.Sequence).ToHashSet();
        HashSet<ushort> delivered = b.Delivered.Where(d => d.Ssrc == 0xA1).Select(d => d.Sequence).ToHashSet();
        Assert.Equal(1000, sent.Count);
        Assert.True(dropped > 100, $"only {dropped} datagrams dropped");
        Assert.Empty(sent.Except(delivered));

        Assert.True(b.Session.TryGetReceiveStream(0xA1, out RtpReceiveStream stream));
        InboundRtpStreamStats inbound = stream.GetStats(MediaPeer.Anchor);
        Assert.Equal(0, inbound.PacketsLost);
        Assert.True(inbound.RetransmittedPacketsReceived >= 80, $"{inbound.RetransmittedPacketsReceived} repaired");
        Assert.True(inbound.NackCount > 0);
        Assert.Contains(b.Delivered, d => d.Status == RtpReceiveStatus.Repaired);

        OutboundRtpStreamStats outbound = video.GetStats();
        Assert.True(outbound.RetransmittedPacketsSent >= inbound.RetransmittedPacketsReceived);
        Assert.True(outbound.NackCount > 0);
        Assert.Equal(1000, outbound.PacketsSent);
    }
}
