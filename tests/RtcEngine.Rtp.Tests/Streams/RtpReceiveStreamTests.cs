using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Rtp.Rtcp;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Rtp.Tests.Streams;

public class RtpReceiveStreamTests
{
    private static RtpReceiveStream Stream(int clockRate, NackOptions? nack = null) =>
        new(new RtpReceiveStreamConfig { Ssrc = 0x1234, ClockRate = clockRate, MinSequential = 1, Nack = nack ?? NackOptions.Disabled });

    [Fact]
    public void Jitter_matches_the_hand_computed_rfc_3550_a8_values()
    {
        // 8 kHz, 20 ms packets (160 units). Arrivals 0, 20, 45, 60, 80 ms: transits 0, 0, 40, 0, 0;
        // |D| = 0, 40, 40, 0. Integer A.8 (J16 = jitter x 16): 0 -> 40 -> 77 -> 72; jitter = 72 >> 4 = 4.
        RtpReceiveStream s = Stream(8000);
        long[] arrivalsMs = [0, 20, 45, 60, 80];
        for (int i = 0; i < arrivalsMs.Length; i++)
        {
            TestPackets.Feed(s, arrivalsMs[i] * 1000, (ushort)i, (uint)(i * 160));
            uint[] expected = [0, 0, 2, 4, 4];
            Assert.Equal(expected[i], s.Jitter);
        }

        Assert.Equal(4 / 8000.0, s.GetStats(default).Jitter, 9);
    }

    [Theory]
    [InlineData(48_000, 960)]
    [InlineData(90_000, 1800)]
    public void Jitter_in_seconds_is_the_same_at_48_and_90_khz(int clockRate, int unitsPer20Ms)
    {
        // Every other packet arrives 5 ms late: |D| = 5 ms each time, so jitter converges to 5 ms.
        RtpReceiveStream s = Stream(clockRate);
        for (int i = 0; i < 2000; i++)
        {
            long arrival = i * 20_000 + (i % 2 == 1 ? 5_000 : 0);
            TestPackets.Feed(s, arrival, (ushort)i, (uint)(i * unitsPer20Ms));
        }

        Assert.Equal(0.005, s.GetStats(default).Jitter, 3);
    }

    [Fact]
    public void Constant_delay_gives_zero_jitter_even_across_timestamp_wrap()
    {
        RtpReceiveStream s = Stream(90_000);
        uint ts = uint.MaxValue - 30_000;
        for (int i = 0; i < 100; i++)
        {
            TestPackets.Feed(s, 1_000_000_000L + i * 33_333, (ushort)i, ts);
            ts += 3000;
        }

        Assert.Equal(0u, s.Jitter);
    }

    [Fact]
    public void Loss_and_fraction_lost_follow_rfc_3550_a3()
    {
        // Packets 1..10 with 4 and 7 lost and 5 duplicated: expected 10, received 9, lost 1.
        RtpReceiveStream s = Stream(90_000);
        foreach (ushort seq in (ushort[])[1, 2, 3, 5, 5, 6, 8, 9, 10])
        {
            TestPackets.Feed(s, seq * 1000, seq, seq * 90u);
        }

        RtcpReportBlock block = s.CreateReportBlock(MonoTime.FromMilliseconds(100));
        Assert.Equal(1, block.CumulativeLost);
        Assert.Equal(10u, block.ExtendedHighestSequence);
        // Interval: expected 10, received 9, lost 1: 1 * 256 / 10 = 25.
        Assert.Equal(25, block.FractionLost);

        // Next interval: 11..20 all received: nothing lost in the interval.
        for (ushort seq = 11; seq <= 20; seq++)
        {
            TestPackets.Feed(s, seq * 1000, seq, seq * 90u);
        }

        block = s.CreateReportBlock(MonoTime.FromMilliseconds(200));
        Assert.Equal(0, block.FractionLost);
        Assert.Equal(1, block.CumulativeLost);
        InboundRtpStreamStats stats = s.GetStats(default);
        Assert.Equal(19, stats.PacketsReceived);
        Assert.Equal(1, stats.PacketsLost);
        Assert.Equal(1, stats.PacketsDuplicated);
        Assert.Equal(18 * 100, stats.BytesReceived);
    }

    [Fact]
    public void Report_block_carries_lsr_and_dlsr_of_the_last_sender_report()
    {
        RtpReceiveStream s = Stream(90_000);
        TestPackets.Feed(s, 0, 1, 0);
        var ntp = new NtpTime(0x0000B705_20000000); // middle 32 bits 0xB7052000 (RFC 3550 figure 2's LSR)
        s.OnSenderReport(MonoTime.FromMilliseconds(1000), ntp, 0, 10, 1000);
        RtcpReportBlock block = s.CreateReportBlock(MonoTime.FromMilliseconds(6250));
        Assert.Equal(0xB7052000u, block.LastSenderReport);
        Assert.Equal(0x00054000u, block.DelaySinceLastSenderReport); // 5.25 s in 1/65536 s
        RemoteOutboundRtpStreamStats remote = s.GetRemoteOutboundStats();
        Assert.Equal(10, remote.PacketsSent);
        Assert.Equal(1000, remote.BytesSent);
        Assert.Equal(1, remote.ReportsSent);
    }

    [Fact]
    public void Gaps_are_tracked_for_nack_and_recovered_packets_leave_the_list()
    {
        RtpReceiveStream s = Stream(90_000, new NackOptions());
        TestPackets.Feed(s, 0, 100, 0);
        TestPackets.Feed(s, 1000, 105, 0); // 101..104 missing
        Assert.Equal(4, s.Nack!.MissingCount);
        TestPackets.Feed(s, 2000, 102, 0);
        Assert.Equal(3, s.Nack.MissingCount);

        Span<ushort> due = stackalloc ushort[16];
        int n = s.Nack.CollectDue(MonoTime.FromMilliseconds(3), TimeSpan.FromMilliseconds(50), due);
        Assert.Equal([101, 103, 104], due.Slice(0, n).ToArray());
        // Not again before an RTT.
        Assert.Equal(0, s.Nack.CollectDue(MonoTime.FromMilliseconds(30), TimeSpan.FromMilliseconds(50), due));
        Assert.Equal(3, s.Nack.CollectDue(MonoTime.FromMilliseconds(60), TimeSpan.FromMilliseconds(50), due));
    }

    [Fact]
    public void Nack_gives_up_after_max_age_and_asks_for_a_keyframe()
    {
        RtpReceiveStream s = Stream(90_000, new NackOptions { MaxAge = TimeSpan.FromMilliseconds(500) });
        TestPackets.Feed(s, 0, 1, 0);
        TestPackets.Feed(s, 1000, 3, 0);
        Span<ushort> due = stackalloc ushort[16];
        Assert.Equal(1, s.Nack!.CollectDue(MonoTime.FromMilliseconds(1), TimeSpan.FromMilliseconds(50), due));
        Assert.Equal(0, s.Nack.CollectDue(MonoTime.FromMilliseconds(600), TimeSpan.FromMilliseconds(50), due));
        Assert.Equal(1, s.Nack.GivenUp);
        Assert.True(s.Nack.KeyframeNeeded);
    }

    [Fact]
    public void Huge_gap_clears_the_nack_list_instead_of_growing_it()
    {
        RtpReceiveStream s = Stream(90_000, new NackOptions { MaxMissing = 50 });
        TestPackets.Feed(s, 0, 1, 0);
        TestPackets.Feed(s, 1000, 2000, 0);
        Assert.Equal(0, s.Nack!.MissingCount);
        Assert.Equal(1998, s.Nack.GivenUp);
        Assert.True(s.Nack.KeyframeNeeded);
    }

    [Fact]
    public void Per_packet_update_allocates_nothing()
    {
        RtpReceiveStream s = Stream(90_000, new NackOptions());
        byte[][] packets = Enumerable.Range(0, 64).Select(i => TestPackets.Rtp((ushort)i, (uint)(i * 3000), 0x1234)).ToArray();
        long t = 0;
        int index = 0;
        AllocationAssert.NoAllocations(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                RtpPacketReader.TryRead(packets[index++ & 63], out RtpPacketReader p);
                s.OnPacket(MonoTime.FromMicroseconds(t += 1000), p);
            }
        });
    }

    [Fact]
    public void Frame_statistics_count_frames_resolution_and_rate()
    {
        RtpReceiveStream s = Stream(90_000);
        for (int i = 0; i <= 60; i++)
        {
            s.OnFrame(MonoTime.FromMilliseconds(i * 33), keyframe: i % 30 == 0, i == 0 ? 1280 : 0, i == 0 ? 720 : 0);
        }

        InboundRtpStreamStats stats = s.GetStats(default);
        Assert.Equal(61, stats.FramesReceived);
        Assert.Equal(3, stats.KeyFramesReceived);
        Assert.Equal(1280, stats.FrameWidth);
        Assert.Equal(720, stats.FrameHeight);
        Assert.InRange(stats.FramesPerSecond, 29, 31);
    }

    [Fact]
    public void Audio_level_feeds_level_energy_and_duration()
    {
        var s = new RtpReceiveStream(new RtpReceiveStreamConfig { Ssrc = 1, ClockRate = 48_000, Kind = RtpMediaKind.Audio, MinSequential = 1 });
        for (int i = 0; i < 50; i++)
        {
            s.OnAudioLevel(new AudioLevel(true, 20), 960); // -20 dBov = 0.1 linear, 20 ms
        }

        InboundRtpStreamStats stats = s.GetStats(default);
        Assert.Equal(0.1, stats.AudioLevel, 9);
        Assert.Equal(1.0, stats.TotalSamplesDuration, 9);
        Assert.Equal(0.01, stats.TotalAudioEnergy, 9); // 0.1^2 x 1 s
    }
}

public class KeyframeOnLossTests
{
    [Fact]
    public void Video_without_nack_asks_for_a_keyframe_on_loss_and_audio_does_not()
    {
        var video = new RtpReceiveStream(new RtpReceiveStreamConfig { Ssrc = 1, MinSequential = 1 });
        TestPackets.Feed(video, 0, 10, 0);
        TestPackets.Feed(video, 1000, 11, 0);
        Assert.False(video.KeyframeRequestPending);
        TestPackets.Feed(video, 2000, 13, 0);
        Assert.True(video.KeyframeRequestPending);

        var audio = new RtpReceiveStream(new RtpReceiveStreamConfig { Ssrc = 2, Kind = RtpMediaKind.Audio, ClockRate = 48_000, MinSequential = 1 });
        TestPackets.Feed(audio, 0, 10, 0);
        TestPackets.Feed(audio, 1000, 13, 0);
        Assert.False(audio.KeyframeRequestPending);
    }
}
