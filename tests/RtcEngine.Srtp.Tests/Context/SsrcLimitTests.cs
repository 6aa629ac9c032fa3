using Xunit;

namespace RtcEngine.Srtp.Tests.Context;

/// <summary>Per-SSRC state: bounded, created only for authentic packets, freed on request.</summary>
public class SsrcLimitTests
{
    [Fact]
    public void Ssrcs_beyond_the_cap_are_refused_and_the_tracked_ones_keep_working()
    {
        using var pair = new Pair(SrtpProfile.Aes128CmHmacSha1_80, maxSsrcs: 3);
        for (uint ssrc = 1; ssrc <= 3; ssrc++)
        {
            Assert.Equal(SrtpResult.Ok, pair.Unprotect(pair.Protect(ssrc, 1)));
        }

        Assert.Throws<InvalidOperationException>(() => pair.Protect(4, 1)); // the sender is capped too
        Assert.Equal(1, pair.Sender.RtpCounters[SrtpResult.SsrcLimit]);

        // An uncapped sender on the same keys reaches the capped receiver with a fourth SSRC.
        using var sender = new SrtpContext(SrtpProfile.Aes128CmHmacSha1_80, pair.MasterKey, pair.MasterSalt, SrtpDirection.Outbound);
        byte[] fourth = Packets.Rtp(4, 1, 30);
        Assert.Equal(SrtpResult.Ok, sender.ProtectRtp(fourth, 42, out int length));
        Assert.Equal(SrtpResult.SsrcLimit, pair.Receiver.UnprotectRtp(fourth.AsSpan(0, length).ToArray(), out _));
        Assert.Equal(3, pair.Receiver.RtpSsrcCount);
        Assert.Equal(SrtpResult.Ok, pair.Unprotect(pair.Protect(2, 2)));

        Assert.True(pair.Receiver.RemoveSsrc(1));
        Assert.False(pair.Receiver.RemoveSsrc(1));
        Assert.Equal(SrtpResult.Ok, pair.Receiver.UnprotectRtp(fourth.AsSpan(0, length).ToArray(), out _));
        Assert.Equal(SrtpResult.Ok, pair.Unprotect(pair.Protect(3, 2)));
        Assert.Equal(SrtpResult.Ok, pair.Unprotect(pair.Protect(2, 3)));
    }

    [Fact]
    public void Forged_packets_from_many_ssrcs_create_no_state_and_take_no_slots()
    {
        using var pair = new Pair(SrtpProfile.AeadAes128Gcm, maxSsrcs: 4);
        using var attacker = new Pair(SrtpProfile.AeadAes128Gcm, maxSsrcs: 2000, seed: 666);
        for (uint ssrc = 100; ssrc < 1100; ssrc++)
        {
            Assert.Equal(SrtpResult.AuthenticationFailed, pair.Unprotect(attacker.Protect(ssrc, 1)));
            Assert.Equal(SrtpResult.AuthenticationFailed, pair.UnprotectRtcp(attacker.ProtectRtcp(ssrc)));
        }

        Assert.Equal(0, pair.Receiver.RtpSsrcCount);
        Assert.Equal(0, pair.Receiver.RtcpSsrcCount);
        for (uint ssrc = 1; ssrc <= 4; ssrc++)
        {
            Assert.Equal(SrtpResult.Ok, pair.Unprotect(pair.Protect(ssrc, 1)));
            Assert.Equal(SrtpResult.Ok, pair.UnprotectRtcp(pair.ProtectRtcp(ssrc)));
        }
    }

    [Fact]
    public void Removing_an_ssrc_keeps_the_other_streams_state()
    {
        using var pair = new Pair(SrtpProfile.Aes128CmHmacSha1_80, maxSsrcs: 3);
        byte[] a = pair.Protect(1, 5), b = pair.Protect(2, 5), c = pair.Protect(3, 5);
        Assert.Equal(SrtpResult.Ok, pair.Unprotect(a));
        Assert.Equal(SrtpResult.Ok, pair.Unprotect(b));
        Assert.Equal(SrtpResult.Ok, pair.Unprotect(c));
        Assert.True(pair.Receiver.RemoveSsrc(1)); // SSRC 3 moves into slot 0
        Assert.Equal(SrtpResult.ReplayDuplicate, pair.Unprotect(c));
        Assert.Equal(SrtpResult.ReplayDuplicate, pair.Unprotect(b));
        Assert.Equal(SrtpResult.Ok, pair.Unprotect(a)); // a new stream for SSRC 1
        Assert.Equal(3, pair.Receiver.RtpSsrcCount);
    }
}
