using System.Buffers.Binary;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Srtp.Tests.LibSrtp;

/// <summary>
/// Cross-checks with libsrtp2 in-process: packets protected by one side unprotect on the other, in
/// both directions, for every profile both implement, with reordering, duplicates and sequence
/// wraps (rollover counter), SRTP and SRTCP. Skips with a reason when libsrtp2 is not installed.
/// </summary>
public class LibSrtpCrossCheckTests
{
    public static TheoryData<SrtpProfile> Profiles => new()
    {
        SrtpProfile.Aes128CmHmacSha1_80,
        SrtpProfile.Aes128CmHmacSha1_32,
        SrtpProfile.AeadAes128Gcm,
        SrtpProfile.AeadAes256Gcm,
        SrtpProfile.Aes256CmHmacSha1_80,
    };

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rtp_from_either_side_unprotects_on_the_other_and_our_bytes_equal_libsrtps(SrtpProfile profile)
    {
        RequireLibSrtp();
        var (key, salt) = Keys(profile, 1);
        using var ours = new SrtpContext(profile, key, salt, SrtpDirection.Outbound);
        using var theirs = new LibSrtpSession(profile, key, salt, outbound: true);
        using var ourReceiver = new SrtpContext(profile, key, salt, SrtpDirection.Inbound);
        using var theirReceiver = new LibSrtpSession(profile, key, salt, outbound: false);

        var random = new Random(2);
        ushort sequence = 1000;
        foreach (uint ssrc in new uint[] { 0x11111111, 0xDEADBEEF, 0x00000001 })
        {
            for (int i = 0; i < 60; i++, sequence++)
            {
                int payload = random.Next(0, 1300);
                int csrcs = random.Next(3) == 0 ? random.Next(0, 4) : 0;
                int extension = random.Next(3) == 0 ? random.Next(0, 6) : -1;
                byte[] plain = Packets.Rtp(ssrc, sequence, payload, room: 0, csrcs, extension, seed: i);
                int length = plain.Length;

                byte[] a = Room(plain, 32);
                Assert.Equal(SrtpResult.Ok, ours.ProtectRtp(a, length, out int ourLength));
                byte[] b = Room(plain, 32);
                int theirLength = length;
                Assert.Equal(LibSrtpSession.StatusOk, theirs.Protect(b, ref theirLength));
                Assert.Equal(Hex.Of(b.AsSpan(0, theirLength)), Hex.Of(a.AsSpan(0, ourLength)));

                // Ours -> libsrtp, libsrtp -> ours.
                int received = ourLength;
                Assert.Equal(LibSrtpSession.StatusOk, theirReceiver.Unprotect(a, ref received));
                Assert.Equal(plain, a[..received]);
                Assert.Equal(SrtpResult.Ok, ourReceiver.UnprotectRtp(b.AsSpan(0, theirLength), out int plainLength));
                Assert.Equal(plain, b[..plainLength]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Reordered_and_duplicated_rtp_across_sequence_wraps_is_judged_alike(SrtpProfile profile)
    {
        RequireLibSrtp();
        var (key, salt) = Keys(profile, 3);
        const int count = 2500;
        const ushort start = 64000; // wraps once, ROC 0 -> 1

        foreach (bool libsrtpSends in new[] { false, true })
        {
            using var ourSender = new SrtpContext(profile, key, salt, SrtpDirection.Outbound);
            using var theirSender = new LibSrtpSession(profile, key, salt, outbound: true);
            using var ourReceiver = new SrtpContext(profile, key, salt, SrtpDirection.Inbound);
            using var theirReceiver = new LibSrtpSession(profile, key, salt, outbound: false);

            var plain = new byte[count][];
            var wire = new byte[count][];
            for (int i = 0; i < count; i++)
            {
                plain[i] = Packets.Rtp(0xCAFEBABE, (ushort)(start + i), 40 + (i % 90), room: 0, seed: i);
                byte[] buffer = Room(plain[i], 32);
                int length = plain[i].Length;
                if (libsrtpSends)
                {
                    Assert.Equal(LibSrtpSession.StatusOk, theirSender.Protect(buffer, ref length));
                }
                else
                {
                    Assert.Equal(SrtpResult.Ok, ourSender.ProtectRtp(buffer, length, out length));
                }

                wire[i] = buffer[..length];
            }

            int accepted = 0, duplicates = 0;
            foreach (int i in DeliveryOrder(count, seed: 4))
            {
                byte[] mine = (byte[])wire[i].Clone();
                SrtpResult ourResult = ourReceiver.UnprotectRtp(mine, out int ourLength, out ulong index);
                byte[] other = (byte[])wire[i].Clone();
                int theirLength = other.Length;
                int theirStatus = theirReceiver.Unprotect(other, ref theirLength);

                Assert.Equal(ourResult == SrtpResult.Ok, theirStatus == LibSrtpSession.StatusOk);
                if (ourResult == SrtpResult.Ok)
                {
                    accepted++;
                    Assert.Equal(plain[i], mine[..ourLength]);
                    Assert.Equal(plain[i], other[..theirLength]);
                    Assert.Equal((ulong)(start + i), index);
                }
                else
                {
                    duplicates++;
                    Assert.Equal(SrtpResult.ReplayDuplicate, ourResult);
                    Assert.Equal(LibSrtpSession.StatusReplayFail, theirStatus);
                }
            }

            Assert.Equal(count, accepted);
            Assert.True(duplicates > 0);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rtcp_from_either_side_unprotects_on_the_other_with_reordering(SrtpProfile profile)
    {
        RequireLibSrtp();
        var (key, salt) = Keys(profile, 5);
        const int count = 300;
        foreach (bool libsrtpSends in new[] { false, true })
        {
            using var ourSender = new SrtpContext(profile, key, salt, SrtpDirection.Outbound);
            using var theirSender = new LibSrtpSession(profile, key, salt, outbound: true);
            using var ourReceiver = new SrtpContext(profile, key, salt, SrtpDirection.Inbound);
            using var theirReceiver = new LibSrtpSession(profile, key, salt, outbound: false);
            var plain = new byte[count][];
            var wire = new byte[count][];
            for (int i = 0; i < count; i++)
            {
                plain[i] = Packets.RtcpCompound(0x0BADCAFE, room: 0, seed: i);
                byte[] buffer = Room(plain[i], 32);
                int length = plain[i].Length;
                if (libsrtpSends)
                {
                    Assert.Equal(LibSrtpSession.StatusOk, theirSender.ProtectRtcp(buffer, ref length));
                }
                else
                {
                    Assert.Equal(SrtpResult.Ok, ourSender.ProtectRtcp(buffer, length, out length));
                }

                wire[i] = buffer[..length];
            }

            foreach (int i in DeliveryOrder(count, seed: 6))
            {
                byte[] mine = (byte[])wire[i].Clone();
                SrtpResult ourResult = ourReceiver.UnprotectRtcp(mine, out int ourLength);
                byte[] other = (byte[])wire[i].Clone();
                int theirLength = other.Length;
                int theirStatus = theirReceiver.UnprotectRtcp(other, ref theirLength);
                Assert.Equal(ourResult == SrtpResult.Ok, theirStatus == LibSrtpSession.StatusOk);
                if (ourResult == SrtpResult.Ok)
                {
                    Assert.Equal(plain[i], mine[..ourLength]);
                    Assert.Equal(plain[i], other[..theirLength]);
                }
                else
                {
                    Assert.Equal(SrtpResult.ReplayDuplicate, ourResult);
                    Assert.Equal(LibSrtpSession.StatusReplayFail, theirStatus);
                }
            }

            Assert.Equal(count, ourReceiver.RtcpCounters.Ok);
        }
    }

    // libsrtp configured for authentication-only SRTCP sends E=0 packets (RFC 3711 section 3.4,
    // RFC 7714 section 9.2 for GCM): the compound travels in the clear, still authenticated.
    [Theory]
    [MemberData(nameof(Profiles))]
    public void Authenticated_only_srtcp_from_libsrtp_is_accepted(SrtpProfile profile)
    {
        RequireLibSrtp();
        var (key, salt) = Keys(profile, 7);
        using var theirSender = new LibSrtpSession(profile, key, salt, outbound: true, rtcpEncrypted: false);
        using var ourReceiver = new SrtpContext(profile, key, salt, SrtpDirection.Inbound);
        for (int i = 0; i < 20; i++)
        {
            byte[] plain = Packets.RtcpCompound(0x12345678, room: 0, seed: i);
            byte[] buffer = Room(plain, 32);
            int length = plain.Length;
            Assert.Equal(LibSrtpSession.StatusOk, theirSender.ProtectRtcp(buffer, ref length));
            Assert.Equal(plain, buffer[..plain.Length]); // not encrypted
            byte[] forged = buffer[..length];
            forged[20] ^= 1;
            Assert.Equal(SrtpResult.AuthenticationFailed, ourReceiver.UnprotectRtcp(forged, out _));
            Assert.Equal(SrtpResult.Ok, ourReceiver.UnprotectRtcp(buffer.AsSpan(0, length), out int plainLength));
            Assert.Equal(plain, buffer[..plainLength]);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Forged_packets_fail_on_both_sides(SrtpProfile profile)
    {
        RequireLibSrtp();
        var (key, salt) = Keys(profile, 8);
        using var ourSender = new SrtpContext(profile, key, salt, SrtpDirection.Outbound);
        using var ourReceiver = new SrtpContext(profile, key, salt, SrtpDirection.Inbound);
        using var theirReceiver = new LibSrtpSession(profile, key, salt, outbound: false);
        byte[] buffer = Packets.Rtp(42, 7, 200);
        Assert.Equal(SrtpResult.Ok, ourSender.ProtectRtp(buffer, 212, out int length));
        byte[] wire = buffer[..length];
        for (int position = 0; position < wire.Length; position += 3)
        {
            if (position is 2 or 3 || (position >= 8 && position < 12))
            {
                continue; // a changed sequence number or SSRC may land on another stream's state
            }

            byte[] mine = (byte[])wire.Clone();
            mine[position] ^= 0x40;
            byte[] other = (byte[])mine.Clone();
            int theirLength = other.Length;
            SrtpResult ours = ourReceiver.UnprotectRtp(mine, out _);
            int theirs = theirReceiver.Unprotect(other, ref theirLength);
            Assert.NotEqual(SrtpResult.Ok, ours);
            Assert.NotEqual(LibSrtpSession.StatusOk, theirs);
        }

        Assert.Equal(0, ourReceiver.RtpSsrcCount);
        byte[] good = (byte[])wire.Clone();
        int goodLength = good.Length;
        Assert.Equal(SrtpResult.Ok, ourReceiver.UnprotectRtp((byte[])wire.Clone(), out _));
        Assert.Equal(LibSrtpSession.StatusOk, theirReceiver.Unprotect(good, ref goodLength));
    }

    internal static void RequireLibSrtp() => RealPeers.RequireLibrary(LibSrtpSession.LibraryName, "libsrtp2-1");

    private static (byte[] Key, byte[] Salt) Keys(SrtpProfile profile, int seed)
    {
        SrtpProfileInfo info = SrtpProfileInfo.Get(profile);
        var random = new Random(seed);
        byte[] key = new byte[info.MasterKeyLength];
        byte[] salt = new byte[info.MasterSaltLength];
        random.NextBytes(key);
        random.NextBytes(salt);
        return (key, salt);
    }

    private static byte[] Room(byte[] packet, int room)
    {
        byte[] buffer = new byte[packet.Length + room];
        packet.CopyTo(buffer, 0);
        return buffer;
    }

    // Every index once, shuffled within runs of 12 (inside the 128-packet window), plus about
    // one in forty delivered a second time a little later.
    private static List<int> DeliveryOrder(int count, int seed)
    {
        var random = new Random(seed);
        var order = new List<int>(count + (count / 20));
        for (int runStart = 0; runStart < count; runStart += 12)
        {
            int[] run = Enumerable.Range(runStart, Math.Min(12, count - runStart)).ToArray();
            random.Shuffle(run);
            order.AddRange(run);
        }

        for (int i = 0; i < count / 40; i++)
        {
            int at = random.Next(20, order.Count);
            order.Insert(at, order[at - random.Next(1, 20)]);
        }

        return order;
    }
}
