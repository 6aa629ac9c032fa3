using Xunit;

namespace RtcEngine.Srtp.Tests.Context;

/// <summary>RFC 3711 section 3.3.2: the replay window, for SRTP and SRTCP, on both sides.</summary>
public class ReplayTests
{
    [Theory]
    [InlineData(64)]
    [InlineData(128)]
    [InlineData(1000)] // rounded up to 1024
    public void A_duplicate_is_refused_and_the_window_edge_is_exact(int window)
    {
        int effective = (window + 63) / 64 * 64;
        using var pair = new Pair(SrtpProfile.Aes128CmHmacSha1_80, window: window);
        int newest = effective + 500;
        byte[] oldestInWindow = pair.Protect(1, (ushort)(newest - effective + 1));
        byte[] justOutside = pair.Protect(1, (ushort)(newest - effective));
        byte[] head = pair.Protect(1, (ushort)newest);

        Assert.Equal(SrtpResult.Ok, pair.Unprotect(head));
        Assert.Equal(SrtpResult.ReplayDuplicate, pair.Unprotect(head));
        Assert.Equal(SrtpResult.ReplayOld, pair.Unprotect(justOutside));
        Assert.Equal(SrtpResult.Ok, pair.Unprotect(oldestInWindow));
        Assert.Equal(SrtpResult.ReplayDuplicate, pair.Unprotect(oldestInWindow));
        Assert.Equal(2, pair.Receiver.RtpCounters[SrtpResult.ReplayDuplicate]);
        Assert.Equal(1, pair.Receiver.RtpCounters[SrtpResult.ReplayOld]);
        Assert.Equal(3, pair.Receiver.RtpCounters.Replayed);
    }

    [Fact]
    public void The_window_matches_a_set_model_under_random_arrival()
    {
        const int window = 256;
        using var pair = new Pair(SrtpProfile.AeadAes128Gcm, window: window);
        var random = new Random(21);
        var packets = new byte[6000][];
        for (int i = 0; i < packets.Length; i++)
        {
            packets[i] = pair.Protect(77, (ushort)i, 8);
        }

        var seen = new HashSet<int>();
        int highest = -1;
        for (int step = 0; step < 15000; step++)
        {
            int head = Math.Max(highest, 0);
            int i = Math.Clamp(head + random.Next(-400, 120), 0, packets.Length - 1);
            SrtpResult expected = i > highest ? SrtpResult.Ok
                : highest - i >= window ? SrtpResult.ReplayOld
                : seen.Contains(i) ? SrtpResult.ReplayDuplicate
                : SrtpResult.Ok;
            Assert.Equal(expected, pair.Unprotect(packets[i]));
            if (expected == SrtpResult.Ok)
            {
                seen.Add(i);
                highest = Math.Max(highest, i);
            }
        }
    }

    [Fact]
    public void Srtcp_replays_are_refused()
    {
        using var pair = new Pair(SrtpProfile.AeadAes256Gcm, window: 64);
        var wire = Enumerable.Range(0, 70).Select(_ => pair.ProtectRtcp(9)).ToArray();
        Assert.Equal(SrtpResult.Ok, pair.UnprotectRtcp(wire[69]));
        Assert.Equal(SrtpResult.ReplayDuplicate, pair.UnprotectRtcp(wire[69]));
        Assert.Equal(SrtpResult.Ok, pair.UnprotectRtcp(wire[6]));
        Assert.Equal(SrtpResult.ReplayOld, pair.UnprotectRtcp(wire[5]));
        Assert.Equal(SrtpResult.ReplayDuplicate, pair.UnprotectRtcp(wire[6]));
    }

    [Fact]
    public void A_sender_refuses_to_protect_an_index_twice_unless_allowed()
    {
        using var strict = new Pair(SrtpProfile.AeadAes128Gcm);
        strict.Protect(1, 100);
        byte[] again = Packets.Rtp(1, 100, 50);
        Assert.Equal(SrtpResult.ReplayDuplicate, strict.Sender.ProtectRtp(again, 62, out _));
        strict.Protect(1, 400);
        Assert.Equal(SrtpResult.ReplayOld, strict.Sender.ProtectRtp(Packets.Rtp(1, 100, 50), 62, out _));

        using var lenient = new Pair(SrtpProfile.AeadAes128Gcm, allowRepeat: true);
        byte[] first = lenient.Protect(1, 100);
        byte[] second = lenient.Protect(1, 100);
        Assert.Equal(first, second); // the same packet under the same index: the same bytes
        Assert.Equal(SrtpResult.Ok, lenient.Unprotect(first));
        Assert.Equal(SrtpResult.ReplayDuplicate, lenient.Unprotect(second));
    }
}
