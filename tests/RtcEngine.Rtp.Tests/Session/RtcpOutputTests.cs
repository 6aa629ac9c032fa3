using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Rtp.Rtcp;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Rtp.Tests.Session;

public class RtcpOutputTests
{
    private static readonly WallClockAnchor Anchor = new(MonoTime.Zero, new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    private static List<RtcpPacketKind> Kinds(ReadOnlySpan<byte> datagram)
    {
        var kinds = new List<RtcpPacketKind>();
        var reader = new RtcpCompoundReader(datagram);
        while (reader.TryReadNext(out RtcpPacket p))
        {
            kinds.Add(p.Kind);
        }

        Assert.Equal(RtcpParseError.None, reader.Error);
        return kinds;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Feedback_is_reduced_size_or_behind_rr_and_sdes(bool reducedSize)
    {
        var session = new RtpSession(new RtpSessionOptions { ReducedSizeRtcp = reducedSize }, new SeededRandomSource(3), Anchor);
        session.AddReceiveStream(new RtpReceiveStreamConfig { Ssrc = 7, MinSequential = 1, Nack = new NackOptions() });
        session.ReceiveRtp(MonoTime.FromMilliseconds(1), TestPackets.Rtp(1, 0, 7), out _);
        session.ReceiveRtp(MonoTime.FromMilliseconds(2), TestPackets.Rtp(4, 0, 7), out _); // 2 and 3 missing
        session.RequestKeyframe(7);
        byte[] buffer = new byte[1500];
        Assert.True(session.TryPollRtcp(buffer, out int n));
        List<RtcpPacketKind> kinds = Kinds(buffer.AsSpan(0, n));
        RtcpPacketKind[] feedback = [RtcpPacketKind.PictureLossIndication, RtcpPacketKind.GenericNack];
        Assert.Equal(reducedSize ? feedback : [RtcpPacketKind.ReceiverReport, RtcpPacketKind.SourceDescription, .. feedback], kinds);
        Assert.False(session.TryPollRtcp(buffer, out _));
    }

    [Fact]
    public void Report_with_many_streams_stays_within_the_mtu()
    {
        var session = new RtpSession(new RtpSessionOptions { MaxReceiveStreams = 40, Mtu = 1200, SendTransportFeedback = false }, new SeededRandomSource(4), Anchor);
        for (uint ssrc = 1; ssrc <= 40; ssrc++)
        {
            session.AddReceiveStream(new RtpReceiveStreamConfig { Ssrc = ssrc, MinSequential = 1 });
            session.ReceiveRtp(MonoTime.FromMilliseconds(1), TestPackets.Rtp(1, 0, ssrc), out _);
        }

        byte[] buffer = new byte[1500];
        MonoTime now = MonoTime.Zero;
        int n;
        do
        {
            now = session.PollTimeout();
            session.HandleTimeout(now);
        }
        while (!session.TryPollRtcp(buffer, out n));

        Assert.True(n <= 1200);
        List<RtcpPacketKind> kinds = Kinds(buffer.AsSpan(0, n));
        Assert.Equal([RtcpPacketKind.ReceiverReport, RtcpPacketKind.ReceiverReport, RtcpPacketKind.SourceDescription], kinds);
        var reader = new RtcpCompoundReader(buffer.AsSpan(0, n));
        reader.TryReadNext(out RtcpPacket first);
        reader.TryReadNext(out RtcpPacket second);
        Assert.Equal(31, first.Count);
        Assert.Equal(9, second.Count);
    }

    [Fact]
    public void Reading_stats_allocates_nothing()
    {
        var session = new RtpSession(new RtpSessionOptions(), new SeededRandomSource(5), Anchor);
        RtpReceiveStream receive = session.AddReceiveStream(new RtpReceiveStreamConfig { Ssrc = 7, MinSequential = 1 });
        RtpSendStream send = session.AddSendStream(new RtpSendStreamConfig { Ssrc = 8 });
        WallClockAnchor anchor = Anchor;
        double sink = 0;
        AllocationAssert.NoAllocations(() =>
        {
            InboundRtpStreamStats a = receive.GetStats(anchor);
            RemoteOutboundRtpStreamStats b = receive.GetRemoteOutboundStats();
            OutboundRtpStreamStats c = send.GetStats();
            RemoteInboundRtpStreamStats d = send.GetRemoteInboundStats(anchor);
            sink += a.Jitter + b.RoundTripTime + c.PacketsSent + d.FractionLost;
        });
        Assert.Equal(0, sink);
    }

    [Fact]
    public void Dlrr_answers_a_received_rrtr_with_the_delay_since_it()
    {
        var session = new RtpSession(new RtpSessionOptions(), new SeededRandomSource(6), Anchor);
        session.AddSendStream(new RtpSendStreamConfig { Ssrc = 8 });
        byte[] xr = new byte[64];
        new RtcpExtendedReportWriter(0x77, new NtpTime(0x0000ABCD_12340000), []).TryWriteTo(xr, out int n);
        session.ReceiveRtcp(MonoTime.FromMilliseconds(100), xr.AsSpan(0, n));

        byte[] buffer = new byte[1500];
        MonoTime now;
        int written;
        do
        {
            now = session.PollTimeout();
            session.HandleTimeout(now);
        }
        while (!session.TryPollRtcp(buffer, out written));

        var reader = new RtcpCompoundReader(buffer.AsSpan(0, written));
        RtcpDlrrItem? item = null;
        while (reader.TryReadNext(out RtcpPacket p))
        {
            if (RtcpExtendedReportReader.TryRead(p, out RtcpExtendedReportReader r))
            {
                while (r.TryReadNextBlock(out RtcpXrBlock block))
                {
                    if (RtcpExtendedReportReader.GetDlrrItemCount(block) == 1)
                    {
                        item = RtcpExtendedReportReader.GetDlrrItem(block, 0);
                    }
                }
            }
        }

        Assert.NotNull(item);
        Assert.Equal(0x77u, item.Value.Ssrc);
        Assert.Equal(0xABCD1234u, item.Value.LastReceiverReport);
        Assert.Equal(NtpTime.ToCompactUnits(now - MonoTime.FromMilliseconds(100)), item.Value.DelaySinceLastReceiverReport);
    }
}
