using Xunit;

namespace RtcEngine.Srtp.Tests.Context;

public class RoundTripTests
{
    [Theory]
    [MemberData(nameof(Pair.ProfilesAndPaths), MemberType = typeof(Pair))]
    public void Rtp_of_every_shape_comes_back_byte_for_byte(SrtpProfile profile, bool portable)
    {
        using var pair = new Pair(profile, portable);
        ushort sequence = 100;
        foreach (int payload in new[] { 0, 1, 15, 16, 17, 127, 128, 129, 160, 255, 256, 257, 1000, 1200, 1400 })
        {
            foreach ((int csrcs, int extension) in new[] { (0, -1), (2, -1), (0, 0), (1, 3), (15, 10) })
            {
                byte[] packet = Packets.Rtp(0xA1B2C3D4, sequence, payload, csrcs: csrcs, extensionWords: extension);
                int length = Packets.RtpLength(payload, csrcs, extension);
                byte[] original = packet[..length];
                Assert.Equal(SrtpResult.Ok, pair.Sender.ProtectRtp(packet, length, out int protectedLength));
                Assert.Equal(length + pair.Sender.RtpOverhead, protectedLength);
                int header = length - payload;
                Assert.Equal(original[..header], packet[..header]); // the header stays in the clear
                if (payload >= 16)
                {
                    Assert.NotEqual(original[header..length], packet[header..length]);
                }

                byte[] wire = packet[..protectedLength];
                Assert.Equal(SrtpResult.Ok, pair.Receiver.UnprotectRtp(wire, out int plainLength, out ulong index));
                Assert.Equal(length, plainLength);
                Assert.Equal(original, wire[..plainLength]);
                Assert.Equal(sequence, (ulong)index);
                sequence++;
            }
        }

        Assert.Equal(pair.Sender.RtpCounters.Ok, pair.Receiver.RtpCounters.Ok);
        Assert.Equal(0, pair.Receiver.RtpCounters.Dropped);
    }

    [Theory]
    [MemberData(nameof(Pair.ProfilesAndPaths), MemberType = typeof(Pair))]
    public void Rtcp_compounds_come_back_byte_for_byte_with_increasing_indexes(SrtpProfile profile, bool portable)
    {
        using var pair = new Pair(profile, portable);
        for (int i = 0; i < 40; i++)
        {
            int size = 8 + (4 * i);
            byte[] packet = new byte[size + 32];
            new Random(i).NextBytes(packet.AsSpan(0, size));
            packet[0] = 0x80;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 0x5EED);
            byte[] original = packet[..size];
            Assert.Equal(SrtpResult.Ok, pair.Sender.ProtectRtcp(packet, size, out int protectedLength));
            Assert.Equal(size + pair.Sender.RtcpOverhead, protectedLength);
            byte[] wire = packet[..protectedLength];
            int wordOffset = profile is SrtpProfile.AeadAes128Gcm or SrtpProfile.AeadAes256Gcm ? protectedLength - 4 : size;
            Assert.Equal(0x80000000u | (uint)i, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(wire.AsSpan(wordOffset)));
            Assert.Equal(SrtpResult.Ok, pair.Receiver.UnprotectRtcp(wire, out int plainLength));
            Assert.Equal(original, wire[..plainLength]);
        }
    }

    [Fact]
    public void Packets_of_the_largest_size_round_trip()
    {
        foreach (SrtpProfile profile in new[] { SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm })
        {
            using var pair = new Pair(profile);
            int payload = SrtpContext.MaxPacketLength - 12 - pair.Sender.RtpOverhead;
            byte[] packet = Packets.Rtp(9, 9, payload);
            Assert.Equal(SrtpResult.Ok, pair.Sender.ProtectRtp(packet, 12 + payload, out int length));
            Assert.Equal(SrtpContext.MaxPacketLength, length);
            Assert.Equal(SrtpResult.Ok, pair.Receiver.UnprotectRtp(packet.AsSpan(0, length), out _));

            byte[] tooLong = Packets.Rtp(9, 10, payload + 1);
            Assert.Equal(SrtpResult.TooLong, pair.Sender.ProtectRtp(tooLong, 13 + payload, out _));
            Assert.Equal(SrtpResult.TooLong, pair.Receiver.UnprotectRtp(new byte[SrtpContext.MaxPacketLength + 1], out _));
        }
    }

    [Fact]
    public void Fast_and_portable_paths_produce_the_same_wire_bytes()
    {
        foreach (SrtpProfile profile in Pair.Profiles)
        {
            using var fast = new Pair(profile, portable: false, seed: 5);
            using var portable = new Pair(profile, portable: true, seed: 5);
            for (ushort sequence = 0; sequence < 30; sequence++)
            {
                Assert.Equal(fast.Protect(77, sequence, sequence * 50), portable.Protect(77, sequence, sequence * 50));
                Assert.Equal(fast.ProtectRtcp(77), portable.ProtectRtcp(77));
            }
        }
    }
}
