using System.Buffers.Binary;
using Xunit;

namespace RtcEngine.Srtp.Tests.Context;

/// <summary>Hostile input: every truncation, random garbage, every flipped byte. Never an exception, never state.</summary>
public class MalformedInputTests
{
    [Theory]
    [MemberData(nameof(Pair.ProfilesAndPaths), MemberType = typeof(Pair))]
    public void Every_truncation_of_an_srtp_packet_is_refused_without_state(SrtpProfile profile, bool portable)
    {
        using var pair = new Pair(profile, portable);
        byte[] packet = Packets.Rtp(0x1234, 500, 90, csrcs: 2, extensionWords: 3);
        Assert.Equal(SrtpResult.Ok, pair.Sender.ProtectRtp(packet, Packets.RtpLength(90, 2, 3), out int length));
        byte[] wire = packet[..length];
        int tag = pair.Receiver.ProfileInfo.RtpAuthTagLength;

        for (int cut = 0; cut < wire.Length; cut++)
        {
            SrtpResult result = pair.Receiver.UnprotectRtp(wire.AsSpan(0, cut).ToArray(), out _);
            if (cut < 12 + tag)
            {
                Assert.Equal(SrtpResult.TooShort, result);
            }
            else
            {
                Assert.True(result is SrtpResult.MalformedHeader or SrtpResult.AuthenticationFailed, $"{cut}: {result}");
            }
        }

        Assert.Equal(0, pair.Receiver.RtpSsrcCount);
        Assert.Equal(wire.Length, pair.Receiver.RtpCounters.Dropped);
        Assert.Equal(SrtpResult.Ok, pair.Unprotect(wire));
    }

    [Theory]
    [MemberData(nameof(Pair.ProfilesAndPaths), MemberType = typeof(Pair))]
    public void Every_truncation_of_an_srtcp_packet_is_refused_without_state(SrtpProfile profile, bool portable)
    {
        using var pair = new Pair(profile, portable);
        byte[] wire = pair.ProtectRtcp(0x4321);
        int overhead = pair.Receiver.RtcpOverhead;
        for (int cut = 0; cut < wire.Length; cut++)
        {
            SrtpResult result = pair.Receiver.UnprotectRtcp(wire.AsSpan(0, cut).ToArray(), out _);
            Assert.Equal(cut < 8 + overhead ? SrtpResult.TooShort : SrtpResult.AuthenticationFailed, result);
        }

        Assert.Equal(0, pair.Receiver.RtcpSsrcCount);
        Assert.Equal(SrtpResult.Ok, pair.UnprotectRtcp(wire));
    }

    [Theory]
    [MemberData(nameof(Pair.Profiles), MemberType = typeof(Pair))]
    public void Random_garbage_is_refused_and_creates_no_state(SrtpProfile profile)
    {
        using var pair = new Pair(profile);
        var random = new Random(99);
        for (int i = 0; i < 4000; i++)
        {
            byte[] garbage = new byte[random.Next(0, 1500)];
            random.NextBytes(garbage);
            if (garbage.Length > 0 && i % 2 == 0)
            {
                garbage[0] = (byte)(0x80 | (garbage[0] & 0x3F)); // looks like version 2
            }

            Assert.NotEqual(SrtpResult.Ok, pair.Receiver.UnprotectRtp((byte[])garbage.Clone(), out _));
            Assert.NotEqual(SrtpResult.Ok, pair.Receiver.UnprotectRtcp(garbage, out _));
        }

        Assert.Equal(0, pair.Receiver.RtpSsrcCount);
        Assert.Equal(0, pair.Receiver.RtcpSsrcCount);
        Assert.Equal(4000, pair.Receiver.RtpCounters.Dropped);
        Assert.Equal(0, pair.Receiver.RtpCounters.Ok);
    }

    [Theory]
    [MemberData(nameof(Pair.Profiles), MemberType = typeof(Pair))]
    public void Every_changed_byte_fails_authentication_and_leaves_the_stream_as_it_was(SrtpProfile profile)
    {
        using var pair = new Pair(profile);
        byte[] first = pair.Protect(0xAAAA, 10);
        Assert.Equal(SrtpResult.Ok, pair.Unprotect(first));
        byte[] wire = pair.Protect(0xAAAA, 11);
        for (int position = 0; position < wire.Length; position++)
        {
            byte[] forged = (byte[])wire.Clone();
            forged[position] ^= 0x01;
            SrtpResult result = pair.Unprotect(forged);
            Assert.NotEqual(SrtpResult.Ok, result);
        }

        Assert.Equal(1, pair.Receiver.RtpSsrcCount);
        Assert.Equal(SrtpResult.Ok, pair.Unprotect(wire, out ulong index));
        Assert.Equal(11UL, index);

        byte[] srtcp = pair.ProtectRtcp(0xAAAA);
        for (int position = 0; position < srtcp.Length; position++)
        {
            byte[] forged = (byte[])srtcp.Clone();
            forged[position] ^= 0x80;
            Assert.NotEqual(SrtpResult.Ok, pair.UnprotectRtcp(forged));
        }

        Assert.Equal(SrtpResult.Ok, pair.UnprotectRtcp(srtcp));
    }

    [Fact]
    public void Protect_refuses_packets_it_cannot_protect()
    {
        using var pair = new Pair(SrtpProfile.AeadAes128Gcm);
        SrtpContext sender = pair.Sender;
        byte[] buffer = new byte[100];
        buffer[0] = 0x80;
        Assert.Equal(SrtpResult.TooShort, sender.ProtectRtp(buffer, 11, out _));
        Assert.Equal(SrtpResult.TooShort, sender.ProtectRtcp(buffer, 7, out _));

        buffer[0] = 0x40; // version 1
        Assert.Equal(SrtpResult.MalformedHeader, sender.ProtectRtp(buffer, 20, out _));
        Assert.Equal(SrtpResult.MalformedHeader, sender.ProtectRtcp(buffer, 20, out _));

        buffer[0] = 0x8F; // 15 CSRCs: 72 bytes of header
        Assert.Equal(SrtpResult.MalformedHeader, sender.ProtectRtp(buffer, 71, out _));
        Assert.Equal(SrtpResult.Ok, sender.ProtectRtp(buffer, 72, out _));

        buffer[0] = 0x90; // extension whose length runs past the packet
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(14), 5);
        Assert.Equal(SrtpResult.MalformedHeader, sender.ProtectRtp(buffer, 35, out _));
        Assert.Equal(SrtpResult.MalformedHeader, sender.ProtectRtp(buffer, 14, out _)); // no room for the extension header
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), 1);
        Assert.Equal(SrtpResult.Ok, sender.ProtectRtp(buffer, 36, out _));

        buffer[0] = 0x80;
        Assert.Equal(SrtpResult.BufferTooSmall, sender.ProtectRtp(buffer, 85, out _));
        Assert.Equal(SrtpResult.BufferTooSmall, sender.ProtectRtcp(buffer, 81, out _));
        Assert.Equal(2, sender.RtpCounters.Ok);
        Assert.Equal(1, sender.RtpCounters[SrtpResult.BufferTooSmall]);
        Assert.Equal(1, sender.RtpCounters[SrtpResult.TooShort]);
        Assert.Equal(4, sender.RtpCounters[SrtpResult.MalformedHeader]);
        Assert.Equal(6, sender.RtpCounters.Dropped);
        Assert.Equal(1, sender.RtcpCounters[SrtpResult.BufferTooSmall]);
    }

    [Fact]
    public void Caller_misuse_throws()
    {
        using var pair = new Pair(SrtpProfile.Aes128CmHmacSha1_80);
        byte[] buffer = new byte[100];
        Assert.Throws<InvalidOperationException>(() => pair.Receiver.ProtectRtp(buffer, 50, out _));
        Assert.Throws<InvalidOperationException>(() => pair.Receiver.ProtectRtcp(buffer, 50, out _));
        Assert.Throws<InvalidOperationException>(() => pair.Sender.UnprotectRtp(buffer, out _));
        Assert.Throws<InvalidOperationException>(() => pair.Sender.UnprotectRtcp(buffer, out _));
        Assert.Throws<InvalidOperationException>(() => pair.Sender.RemoveSsrc(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => pair.Sender.ProtectRtp(buffer, 101, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => pair.Sender.ProtectRtp(buffer, -1, out _));
        Assert.Throws<ArgumentException>(() => new SrtpContext(SrtpProfile.Aes128CmHmacSha1_80, new byte[15], new byte[14], SrtpDirection.Outbound));
        Assert.Throws<ArgumentException>(() => new SrtpContext(SrtpProfile.AeadAes128Gcm, new byte[16], new byte[14], SrtpDirection.Outbound));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SrtpContext((SrtpProfile)3, new byte[16], new byte[14], SrtpDirection.Outbound));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SrtpContext(SrtpProfile.AeadAes128Gcm, new byte[16], new byte[12], (SrtpDirection)5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SrtpContext(SrtpProfile.AeadAes128Gcm, new byte[16], new byte[12], SrtpDirection.Inbound, new SrtpContextOptions { MaxSsrcs = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SrtpContext(SrtpProfile.AeadAes128Gcm, new byte[16], new byte[12], SrtpDirection.Inbound, new SrtpContextOptions { ReplayWindowSize = 32 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SrtpContext(SrtpProfile.AeadAes128Gcm, new byte[16], new byte[12], SrtpDirection.Inbound, new SrtpContextOptions { ReplayWindowSize = 40000 }));

        pair.Receiver.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pair.Receiver.UnprotectRtp(buffer, out _));
        pair.Receiver.Dispose(); // twice is fine
    }
}
