using Xunit;

namespace RtcEngine.Srtp.Tests.Context;

/// <summary>RFC 3711 section 3.3.1 / appendix A: the rollover counter across sequence wraps.</summary>
public class RolloverTests
{
    [Theory]
    [InlineData(0x0000_0000UL, 1, 1L)]                  // ROC 0, just after s_l
    [InlineData(0x0000_0010UL, 0xFFF0, -16L)]           // s_l < 2^15 and far behind: ROC - 1 = -1
    [InlineData(0x0001_0010UL, 0xFFF0, 0xFFF0L)]        // ... with ROC 1 it is ROC 0's tail
    [InlineData(0x0001_0010UL, 0x8011, 0x0_8011L)]      // more than 2^15 ahead of s_l: previous ROC
    [InlineData(0x0001_0010UL, 0x8010, 0x1_8010L)]      // exactly 2^15 ahead: same ROC
    [InlineData(0x0000_FFF0UL, 0x0005, 0x1_0005L)]      // s_l >= 2^15, far below: ROC + 1 (a wrap)
    [InlineData(0x0000_FFF0UL, 0x7FF0, 0x0_7FF0L)]      // exactly 2^15 below: same ROC
    [InlineData(0x0000_FFF0UL, 0x7FEF, 0x1_7FEFL)]      // one more: next ROC
    [InlineData(0x0003_8000UL, 0x0000, 0x3_0000L)]      // s_l = 2^15: zero is not "far below"
    public void Index_estimate_follows_rfc3711_appendix_a(ulong highest, int sequence, long expected)
    {
        long estimate = RolloverCounter.EstimateIndex(highest, (ushort)sequence);
        if (expected < 0)
        {
            Assert.True(estimate < 0);
        }
        else
        {
            Assert.Equal(expected, estimate);
        }
    }

    [Theory]
    [MemberData(nameof(Pair.Profiles), MemberType = typeof(Pair))]
    public void Wraps_forward_and_packets_reordered_around_the_wrap_get_the_right_roc(SrtpProfile profile)
    {
        using var pair = new Pair(profile);
        var wire = new Dictionary<int, byte[]>();
        for (int i = 65530; i < 65536 + 10; i++)
        {
            wire[i] = pair.Protect(7, (ushort)i, 30);
        }

        // 65530..65533 in order, then 2 (after the wrap) before 65534 and 65535.
        foreach (int i in new[] { 65530, 65531, 65532, 65533, 65536 + 2, 65534, 65536 + 0, 65535, 65536 + 1, 65536 + 5, 65536 + 3, 65536 + 4 })
        {
            Assert.Equal(SrtpResult.Ok, pair.Unprotect(wire[i], out ulong index));
            Assert.Equal((ulong)i, index);
        }

        Assert.Equal(SrtpResult.ReplayDuplicate, pair.Unprotect(wire[65535]));
        Assert.Equal(SrtpResult.ReplayDuplicate, pair.Unprotect(wire[65536 + 2]));
    }

    [Fact]
    public void Several_wraps_with_gaps_keep_sender_and_receiver_in_step()
    {
        using var pair = new Pair(SrtpProfile.AeadAes128Gcm);
        ulong expected = 60000;
        ushort sequence = 60000;
        for (int step = 0; step < 600; step++)
        {
            byte[] wire = pair.Protect(9, sequence, 20);
            Assert.Equal(SrtpResult.Ok, pair.Unprotect(wire, out ulong index));
            Assert.Equal(expected, index);
            int gap = 1 + ((step * 7919) % 1500); // at most a few hundred lost packets: well within 2^15
            sequence = (ushort)(sequence + gap);
            expected += (ulong)gap;
        }

        Assert.True(expected >> 16 >= 6, "the test should have crossed several wraps");
    }

    [Fact]
    public void A_late_packet_from_before_a_wrap_the_receiver_saw_is_still_accepted()
    {
        using var pair = new Pair(SrtpProfile.Aes128CmHmacSha1_80);
        byte[] old = pair.Protect(3, 65000);
        byte[] late = pair.Protect(3, 65501);
        byte[] before = pair.Protect(3, 65500);
        byte[] after = pair.Protect(3, 10); // the sender's ROC is 1 now
        Assert.Equal(SrtpResult.Ok, pair.Unprotect(before, out ulong index));
        Assert.Equal(65500UL, index);
        Assert.Equal(SrtpResult.Ok, pair.Unprotect(after, out index));
        Assert.Equal(65536UL + 10, index);
        Assert.Equal(SrtpResult.Ok, pair.Unprotect(late, out index));
        Assert.Equal(65501UL, index);
        Assert.Equal(SrtpResult.ReplayOld, pair.Unprotect(old));
    }

    [Fact]
    public void A_packet_that_would_need_a_negative_roc_is_refused_before_any_crypto()
    {
        using var pair = new Pair(SrtpProfile.AeadAes128Gcm);
        Assert.Equal(SrtpResult.Ok, pair.Unprotect(pair.Protect(3, 5)));
        using var other = new Pair(SrtpProfile.AeadAes128Gcm, seed: 2);
        Assert.Equal(SrtpResult.ReplayOld, pair.Unprotect(other.Protect(3, 65530))); // v = ROC - 1 = -1
    }

    [Fact]
    public void The_rollover_counter_and_srtcp_index_refuse_to_wrap()
    {
        using var pair = new Pair(SrtpProfile.AeadAes128Gcm);
        pair.Sender.SeedStream(5, (0xFFFF_FFFFUL << 16) | 0xFFFE, 0x7FFF_FFFF);
        byte[] last = Packets.Rtp(5, 0xFFFF, 10);
        Assert.Equal(SrtpResult.Ok, pair.Sender.ProtectRtp(last, 22, out _));
        byte[] next = Packets.Rtp(5, 0, 10);
        Assert.Equal(SrtpResult.IndexExhausted, pair.Sender.ProtectRtp(next, 22, out _));

        byte[] rtcp = Packets.RtcpCompound(5);
        Assert.Equal(SrtpResult.Ok, pair.Sender.ProtectRtcp(rtcp, Packets.RtcpCompoundLength, out _)); // index 2^31 - 1
        rtcp = Packets.RtcpCompound(5);
        Assert.Equal(SrtpResult.IndexExhausted, pair.Sender.ProtectRtcp(rtcp, Packets.RtcpCompoundLength, out _));
        Assert.Equal(1, pair.Sender.RtpCounters[SrtpResult.IndexExhausted]);
        Assert.Equal(1, pair.Sender.RtcpCounters[SrtpResult.IndexExhausted]);
    }
}
