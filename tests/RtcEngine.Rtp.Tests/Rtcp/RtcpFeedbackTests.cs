using RtcEngine.Primitives;
using RtcEngine.Rtp.Rtcp;
using Xunit;

namespace RtcEngine.Rtp.Tests.Rtcp;

public class RtcpFeedbackTests
{
    [Fact]
    public void Nack_packs_losses_into_pid_and_blp_pairs()
    {
        byte[] buffer = new byte[64];
        var nack = new RtcpNackWriter(1, 2, [100, 101, 103, 117, 118]);
        Assert.Equal(2, nack.ItemCount);
        Assert.True(nack.TryWriteTo(buffer, out int n));
        Assert.Equal("81CD0004" + "00000001" + "00000002" + "00640005" + "00750001", Convert.ToHexString(buffer, 0, n));

        var reader = new RtcpCompoundReader(buffer.AsSpan(0, n));
        Assert.True(reader.TryReadNext(out RtcpPacket p));
        Assert.Equal(RtcpPacketKind.GenericNack, p.Kind);
        Assert.True(RtcpNackReader.TryRead(p, out RtcpNackReader r));
        Assert.Equal(1u, r.SenderSsrc);
        Assert.Equal(2u, r.MediaSsrc);
        var lost = new List<ushort>();
        while (r.TryReadNext(out ushort seq))
        {
            lost.Add(seq);
        }

        Assert.Equal([100, 101, 103, 117, 118], lost);
    }

    [Fact]
    public void Nack_handles_sequence_wrap()
    {
        byte[] buffer = new byte[64];
        Assert.True(new RtcpNackWriter(1, 2, [65534, 65535, 0, 1]).TryWriteTo(buffer, out int n));
        Assert.Equal(16, n);
        var reader = new RtcpCompoundReader(buffer.AsSpan(0, n));
        Assert.True(reader.TryReadNext(out RtcpPacket p));
        Assert.True(RtcpNackReader.TryRead(p, out RtcpNackReader r));
        var lost = new List<ushort>();
        while (r.TryReadNext(out ushort seq))
        {
            lost.Add(seq);
        }

        Assert.Equal([65534, 65535, 0, 1], lost);
    }

    [Fact]
    public void Pli_and_fir_have_rfc_layouts()
    {
        byte[] buffer = new byte[64];
        Assert.True(new RtcpPliWriter(0xA, 0xB).TryWriteTo(buffer, out int n));
        Assert.Equal("81CE0002" + "0000000A" + "0000000B", Convert.ToHexString(buffer, 0, n));
        var reader = new RtcpCompoundReader(buffer.AsSpan(0, n));
        Assert.True(reader.TryReadNext(out RtcpPacket pli));
        Assert.True(RtcpPliReader.TryRead(pli, out uint sender, out uint media));
        Assert.Equal((0xAu, 0xBu), (sender, media));

        Assert.True(new RtcpFirWriter(0xA, 0xB, 7).TryWriteTo(buffer, out n));
        Assert.Equal("84CE0004" + "0000000A" + "00000000" + "0000000B" + "07000000", Convert.ToHexString(buffer, 0, n));
        reader = new RtcpCompoundReader(buffer.AsSpan(0, n));
        Assert.True(reader.TryReadNext(out RtcpPacket fir));
        Assert.Equal(RtcpPacketKind.FullIntraRequest, fir.Kind);
        Assert.True(RtcpFirReader.TryRead(fir, out RtcpFirReader f));
        Assert.Equal(1, f.EntryCount);
        Assert.Equal((0xBu, (byte)7), f.GetEntry(0));
    }

    [Fact]
    public void Remb_encodes_an_18_bit_mantissa_and_exponent()
    {
        byte[] buffer = new byte[64];
        Assert.True(new RtcpRembWriter(1, 1_000_000, [0x1234u, 0x5678u]).TryWriteTo(buffer, out int n));
        Assert.Equal("8FCE0006" + "00000001" + "00000000" + "52454D42" + "020BD090" + "00001234" + "00005678", Convert.ToHexString(buffer, 0, n));
        var reader = new RtcpCompoundReader(buffer.AsSpan(0, n));
        Assert.True(reader.TryReadNext(out RtcpPacket p));
        Assert.Equal(RtcpPacketKind.ReceiverEstimatedMaximumBitrate, p.Kind);
        Assert.True(RtcpRembReader.TryRead(p, out RtcpRembReader remb));
        Assert.Equal(1_000_000ul, remb.Bitrate);
        Assert.Equal(2, remb.SsrcCount);
        Assert.Equal(0x5678u, remb.GetSsrc(1));
    }

    [Fact]
    public void Application_layer_feedback_without_remb_identifier_is_unknown()
    {
        byte[] datagram = Convert.FromHexString("8FCE0004" + "00000001" + "00000000" + "41424344" + "00000000");
        var reader = new RtcpCompoundReader(datagram);
        Assert.True(reader.TryReadNext(out RtcpPacket p));
        Assert.Equal(RtcpPacketKind.Unknown, p.Kind);
    }

    // A transport-cc feedback Chromium sent (bytes as decoded by Wireshark in a public test corpus):
    // base 1, 9 packets in one run-length chunk of small deltas, reference time 6197520, padded.
    private static readonly byte[] ChromeTwcc = Convert.FromHexString(
        "AFCD0007" + "00000001" + "DD586EB6" + "00010009" + "5E911000" + "2009" + "1C0C2C38000400081801");

    [Fact]
    public void Transport_feedback_from_chrome_parses_into_arrival_times()
    {
        var reader = new RtcpCompoundReader(ChromeTwcc);
        Assert.True(reader.TryReadNext(out RtcpPacket p));
        Assert.Equal(RtcpPacketKind.TransportWideFeedback, p.Kind);
        Assert.True(RtcpTransportFeedbackReader.TryRead(p, out RtcpTransportFeedbackReader twcc));
        Assert.Equal(1u, twcc.SenderSsrc);
        Assert.Equal(0xDD586EB6u, twcc.MediaSsrc);
        Assert.Equal(1, twcc.BaseSequenceNumber);
        Assert.Equal(9, twcc.PacketStatusCount);
        Assert.Equal(6197520, twcc.ReferenceTime);
        Assert.Equal(0, twcc.FeedbackPacketCount);
        long reference = 6197520L * 64_000;
        int[] deltasMs = [7, 3, 11, 14, 0, 1, 0, 2, 6];
        long expected = reference;
        for (int i = 0; i < 9; i++)
        {
            Assert.True(twcc.TryReadNext(out TransportPacketStatus s));
            expected += deltasMs[i] * 1000;
            Assert.Equal((ushort)(1 + i), s.SequenceNumber);
            Assert.True(s.Received);
            Assert.Equal(expected, s.ArrivalMicroseconds);
        }

        Assert.False(twcc.TryReadNext(out _));
    }

    [Fact]
    public void Transport_feedback_builder_reproduces_chromes_bytes()
    {
        var builder = new RtcpTransportFeedbackBuilder();
        MonoTime reference = MonoTime.FromMicroseconds(6197520L * 64_000);
        builder.Reset(1, 0xDD586EB6, 1, reference, 0);
        int[] deltasMs = [7, 3, 11, 14, 0, 1, 0, 2, 6];
        MonoTime t = reference;
        for (int i = 0; i < deltasMs.Length; i++)
        {
            t += TimeSpan.FromMilliseconds(deltasMs[i]);
            Assert.True(builder.TryAdd((ushort)(1 + i), t));
        }

        byte[] buffer = new byte[100];
        Assert.True(builder.TryWriteTo(buffer, out int n));
        Assert.Equal(Convert.ToHexString(ChromeTwcc), Convert.ToHexString(buffer, 0, n));
    }

    [Fact]
    public void Transport_feedback_round_trips_losses_large_and_negative_deltas()
    {
        var builder = new RtcpTransportFeedbackBuilder();
        MonoTime start = MonoTime.FromMilliseconds(10_000);
        builder.Reset(5, 6, 65530, start, 200);
        var sent = new List<(ushort Seq, MonoTime At)>();
        var random = new Random(3);
        MonoTime t = start;
        ushort seq = 65530;
        for (int i = 0; i < 300; i++)
        {
            seq += (ushort)(random.Next(10) == 0 ? 1 + random.Next(40) : 1); // gaps, some long runs of losses
            int stepUs = random.Next(10) switch { 0 => 90_000, 1 => -3_000, _ => random.Next(0, 4_000) };
            t = MonoTime.FromTicks(t.Ticks + stepUs * 10L);
            if (!builder.TryAdd(seq, t))
            {
                break;
            }

            sent.Add((seq, t));
        }

        Assert.True(sent.Count > 100);
        byte[] buffer = new byte[2000];
        Assert.True(builder.TryWriteTo(buffer, out int n));
        Assert.True(n <= builder.MaxLength);
        var reader = new RtcpCompoundReader(buffer.AsSpan(0, n));
        Assert.True(reader.TryReadNext(out RtcpPacket p));
        Assert.True(RtcpTransportFeedbackReader.TryRead(p, out RtcpTransportFeedbackReader r));
        Assert.Equal(200, r.FeedbackPacketCount);
        var received = new Dictionary<ushort, long>();
        int total = 0;
        while (r.TryReadNext(out TransportPacketStatus s))
        {
            total++;
            if (s.Received)
            {
                received[s.SequenceNumber] = s.ArrivalMicroseconds;
            }
        }

        Assert.Equal(builder.PacketStatusCount, total);
        Assert.Equal(sent.Count, received.Count);
        foreach ((ushort s, MonoTime at) in sent)
        {
            // Rounding to 250 us never accumulates: every arrival is within half a unit.
            Assert.InRange(received[s] - at.TotalMicroseconds, -125, 125);
        }
    }

    [Fact]
    public void Transport_feedback_builder_stops_at_its_size_limit()
    {
        var builder = new RtcpTransportFeedbackBuilder(maxLength: 64);
        builder.Reset(1, 2, 0, MonoTime.Zero, 0);
        int added = 0;
        for (int i = 0; i < 200; i++)
        {
            // Alternate received/lost and large deltas: worst case for chunk packing.
            if (!builder.TryAdd((ushort)(i * 2), MonoTime.FromMilliseconds(i * 100)))
            {
                break;
            }

            added++;
        }

        Assert.InRange(added, 5, 199);
        byte[] buffer = new byte[64];
        Assert.True(builder.TryWriteTo(buffer, out int n));
        Assert.True(n <= 64);
        Assert.Equal(0, n % 4);
    }
}
