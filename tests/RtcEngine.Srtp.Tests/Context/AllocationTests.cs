using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Srtp.Tests.Context;

/// <summary>The media path allocates nothing: protect and unprotect of RTP and RTCP, every profile, both paths.</summary>
public class AllocationTests
{
    [Theory]
    [MemberData(nameof(Pair.ProfilesAndPaths), MemberType = typeof(Pair))]
    public void Protect_and_unprotect_allocate_nothing(SrtpProfile profile, bool portable)
    {
        using var pair = new Pair(profile, portable);
        const int packets = 500;
        byte[][] rtp = Enumerable.Range(0, packets * 3).Select(i => Packets.Rtp(1, (ushort)i, i % 2 == 0 ? 160 : 1200)).ToArray();
        byte[][] rtcp = Enumerable.Range(0, packets * 3).Select(_ => Packets.RtcpCompound(1)).ToArray();
        int[] rtpLengths = new int[rtp.Length];
        int[] rtcpLengths = new int[rtcp.Length];
        int next = 0;

        // Each round protects then unprotects a fresh batch (the replay window refuses repeats).
        void Round()
        {
            for (int i = next; i < next + packets; i++)
            {
                pair.Sender.ProtectRtp(rtp[i], i % 2 == 0 ? 172 : 1212, out rtpLengths[i]);
                pair.Sender.ProtectRtcp(rtcp[i], Packets.RtcpCompoundLength, out rtcpLengths[i]);
                pair.Receiver.UnprotectRtp(rtp[i].AsSpan(0, rtpLengths[i]), out _);
                pair.Receiver.UnprotectRtcp(rtcp[i].AsSpan(0, rtcpLengths[i]), out _);
                pair.Receiver.UnprotectRtp(rtp[i].AsSpan(0, 5), out _); // a refusal allocates nothing either
            }

            next += packets;
        }

        AllocationAssert.NoAllocations(Round, warmup: 2, what: $"{profile} ({(portable ? "portable" : "accelerated")})");
        Assert.Equal(packets * 3, pair.Receiver.RtpCounters.Ok);
        Assert.Equal(packets * 3, pair.Receiver.RtcpCounters.Ok);
    }
}
