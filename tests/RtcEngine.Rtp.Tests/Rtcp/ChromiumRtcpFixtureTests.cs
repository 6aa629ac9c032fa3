using RtcEngine.Primitives;
using RtcEngine.Rtp.Rtcp;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Rtp.Tests.Rtcp;

/// <summary>
/// RTCP compounds Chromium 156 sent to the engine in an echo call, decrypted by the engine's SRTCP
/// (captured by the interop suite, see the fixture's header): every compound parses whole, each
/// packet through its typed reader, sender reports rewrite byte for byte, and transport-wide
/// feedback rebuilds into the same per-packet arrival times.
/// </summary>
public class ChromiumRtcpFixtureTests
{
    private static readonly Lazy<byte[][]> Compounds = new(() => File.ReadAllLines(TestFiles.Fixture("rtp/chromium-156/rtcp-compounds.txt"))
        .Where(l => l.Length > 0 && l[0] != '#')
        .Select(l => Convert.FromHexString(l.Split(' ')[1]))
        .ToArray());

    [Fact]
    public void Every_compound_parses_whole_and_has_the_kinds_chromium_sends()
    {
        var kinds = new Dictionary<RtcpPacketKind, int>();
        foreach (byte[] compound in Compounds.Value)
        {
            var reader = new RtcpCompoundReader(compound);
            while (reader.TryReadNext(out RtcpPacket packet))
            {
                kinds[packet.Kind] = kinds.GetValueOrDefault(packet.Kind) + 1;
            }

            Assert.Equal(RtcpParseError.None, reader.Error);
            Assert.Equal(compound.Length, reader.Offset);
        }

        Assert.True(Compounds.Value.Length > 20);
        Assert.True(kinds.GetValueOrDefault(RtcpPacketKind.SenderReport) > 0, string.Join(", ", kinds));
        Assert.True(kinds.GetValueOrDefault(RtcpPacketKind.ReceiverReport) > 0, string.Join(", ", kinds));
        Assert.True(kinds.GetValueOrDefault(RtcpPacketKind.SourceDescription) > 0, string.Join(", ", kinds));
        Assert.True(kinds.GetValueOrDefault(RtcpPacketKind.TransportWideFeedback) > 0, string.Join(", ", kinds));
    }

    [Fact]
    public void Sender_reports_and_sdes_read_and_rewrite_byte_for_byte()
    {
        int senderReports = 0;
        foreach (byte[] compound in Compounds.Value)
        {
            var reader = new RtcpCompoundReader(compound);
            while (reader.TryReadNext(out RtcpPacket packet))
            {
                if (packet.Kind == RtcpPacketKind.SenderReport && RtcpSenderReportReader.TryRead(packet, out RtcpSenderReportReader sr))
                {
                    senderReports++;
                    var blocks = new RtcpReportBlock[sr.ReportCount];
                    for (int i = 0; i < blocks.Length; i++)
                    {
                        blocks[i] = sr.GetReportBlock(i);
                    }

                    byte[] rewritten = new byte[packet.Raw.Length];
                    Assert.True(new RtcpSenderReportWriter(sr.Ssrc, sr.NtpTimestamp, sr.RtpTimestamp, sr.PacketCount, sr.OctetCount, blocks).TryWriteTo(rewritten, out int n));
                    Assert.Equal(Convert.ToHexString(packet.Raw), Convert.ToHexString(rewritten, 0, n));
                }

                if (packet.Kind == RtcpPacketKind.SourceDescription)
                {
                    Assert.True(RtcpSdesReader.TryGetCname(packet, out _, out ReadOnlySpan<byte> cname));
                    Assert.InRange(cname.Length, 1, 255);
                }
            }
        }

        Assert.True(senderReports > 0);
    }

    [Fact]
    public void Transport_wide_feedback_rebuilds_into_the_same_arrival_times()
    {
        int feedback = 0;
        foreach (byte[] compound in Compounds.Value)
        {
            var reader = new RtcpCompoundReader(compound);
            while (reader.TryReadNext(out RtcpPacket packet))
            {
                if (packet.Kind != RtcpPacketKind.TransportWideFeedback)
                {
                    continue;
                }

                feedback++;
                Assert.True(RtcpTransportFeedbackReader.TryRead(packet, out RtcpTransportFeedbackReader twcc));
                List<TransportPacketStatus> original = Statuses(twcc);
                Assert.Equal(twcc.PacketStatusCount, original.Count);

                var builder = new RtcpTransportFeedbackBuilder();
                builder.Reset(twcc.SenderSsrc, twcc.MediaSsrc, twcc.BaseSequenceNumber, MonoTime.FromMicroseconds((long)twcc.ReferenceTime * RtcpTransportFeedbackReader.ReferenceTimeMicroseconds), twcc.FeedbackPacketCount);
                foreach (TransportPacketStatus status in original.Where(s => s.Received))
                {
                    Assert.True(builder.TryAdd(status.SequenceNumber, MonoTime.FromMicroseconds(status.ArrivalMicroseconds)));
                }

                byte[] rebuilt = new byte[1500];
                Assert.True(builder.TryWriteTo(rebuilt, out int n));
                var again = new RtcpCompoundReader(rebuilt.AsSpan(0, n));
                Assert.True(again.TryReadNext(out RtcpPacket rebuiltPacket));
                Assert.True(RtcpTransportFeedbackReader.TryRead(rebuiltPacket, out RtcpTransportFeedbackReader rebuiltTwcc));
                List<TransportPacketStatus> roundTripped = Statuses(rebuiltTwcc);

                // Trailing lost packets are not written by a builder that is only told arrivals.
                int lastReceived = original.FindLastIndex(s => s.Received);
                Assert.Equal(original.Take(lastReceived + 1), roundTripped);
            }
        }

        Assert.True(feedback > 0);
    }

    private static List<TransportPacketStatus> Statuses(RtcpTransportFeedbackReader twcc)
    {
        var statuses = new List<TransportPacketStatus>();
        while (twcc.TryReadNext(out TransportPacketStatus status))
        {
            statuses.Add(status);
        }

        return statuses;
    }
}
