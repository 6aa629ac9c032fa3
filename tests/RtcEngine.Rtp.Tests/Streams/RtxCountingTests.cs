using RtcEngine.Primitives;
using Xunit;

namespace RtcEngine.Rtp.Tests.Streams;

/// <summary>
/// How retransmissions count in inbound statistics: RTX that fills a gap is a received packet of
/// the stream; an RTX resend of a packet already here (a bandwidth probe) is counted once as a
/// probe, not as a duplicate, and never disturbs loss; padding-only RTX counts as a probe too.
/// </summary>
public class RtxCountingTests
{
    private static readonly WallClockAnchor Anchor = new(MonoTime.Zero, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Rtx_filling_a_gap_counts_as_received_and_retransmitted()
    {
        var stream = new RtpReceiveStream(new RtpReceiveStreamConfig { Ssrc = 1, MinSequential = 1 });
        for (ushort seq = 1; seq <= 10; seq++)
        {
            if (seq != 5)
            {
                TestPackets.Feed(stream, seq * 1000, seq, seq * 3000u);
            }
        }

        RtpPacketReader.TryRead(TestPackets.Rtp(5, 15_000, 1), out RtpPacketReader repaired);
        stream.OnPacket(MonoTime.FromMilliseconds(20), repaired, repaired: true);
        InboundRtpStreamStats stats = stream.GetStats(Anchor);
        Assert.Equal(10, stats.PacketsReceived);
        Assert.Equal(0, stats.PacketsLost);
        Assert.Equal(1, stats.RetransmittedPacketsReceived);
    }

    [Fact]
    public void Rtx_probes_count_once_and_leave_loss_and_duplicates_alone()
    {
        var stream = new RtpReceiveStream(new RtpReceiveStreamConfig { Ssrc = 1, MinSequential = 1 });
        for (ushort seq = 1; seq <= 10; seq++)
        {
            TestPackets.Feed(stream, seq * 1000, seq, seq * 3000u);
        }

        RtpPacketReader.TryRead(TestPackets.Rtp(4, 12_000, 1), out RtpPacketReader resend);
        stream.OnPacket(MonoTime.FromMilliseconds(20), resend, repaired: true); // a probe: 4 is already here
        stream.OnRtxProbe(MonoTime.FromMilliseconds(21));                      // a padding-only probe

        InboundRtpStreamStats stats = stream.GetStats(Anchor);
        Assert.Equal(12, stats.PacketsReceived); // 10 media + 2 probes, as the sender counts them
        Assert.Equal(0, stats.PacketsLost);
        Assert.Equal(0, stats.PacketsDuplicated);
        Assert.Equal(0, stats.RetransmittedPacketsReceived);
    }

    [Fact]
    public void A_plain_duplicate_on_the_media_ssrc_still_counts_as_rfc3550_says()
    {
        var stream = new RtpReceiveStream(new RtpReceiveStreamConfig { Ssrc = 1, MinSequential = 1 });
        for (ushort seq = 1; seq <= 10; seq++)
        {
            TestPackets.Feed(stream, seq * 1000, seq, seq * 3000u);
        }

        TestPackets.Feed(stream, 20_000, 7, 21_000u);
        InboundRtpStreamStats stats = stream.GetStats(Anchor);
        Assert.Equal(11, stats.PacketsReceived);
        Assert.Equal(1, stats.PacketsDuplicated);
        Assert.Equal(-1, stats.PacketsLost); // RFC 3550 A.3: duplicates can make loss negative
    }
}
