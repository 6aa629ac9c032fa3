using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Rtp.Tests.Packets;

public class RtpPacketWriterTests
{
    [Fact]
    public void Writes_the_same_bytes_the_reader_reads()
    {
        byte[] buffer = new byte[1500];
        var w = new RtpPacketWriter(buffer);
        Assert.True(w.TryWriteHeader(new RtpHeader(111, 0xFFFE, 0x01020304, 0xCAFEBABE, Marker: true), [7u, 9u]));
        Assert.True(w.TryAddAudioLevel(1, new AudioLevel(true, 42)));
        Assert.True(w.TryAddAbsSendTime(2, 0xABCDEF));
        Assert.True(w.TryAddTransportSequenceNumber(3, 0x4321));
        Assert.True(w.TryAddSdesItem(4, "0"u8));
        Assert.True(w.TryWritePayload([1, 2, 3, 4, 5], out int written, paddingLength: 3));

        Assert.True(RtpPacketReader.TryRead(buffer.AsSpan(0, written), out RtpPacketReader p));
        RtpHeaderExtensionMap map = RtpHeaderExtensionMap.CreateChromiumDefaults();
        Assert.True(p.Marker);
        Assert.Equal(111, p.PayloadType);
        Assert.Equal(0xFFFE, p.SequenceNumber);
        Assert.Equal(0x01020304u, p.Timestamp);
        Assert.Equal(0xCAFEBABEu, p.Ssrc);
        Assert.Equal(9u, p.GetCsrc(1));
        Assert.True(p.TryGetAudioLevel(map, out AudioLevel level));
        Assert.Equal(new AudioLevel(true, 42), level);
        Assert.True(p.TryGetAbsSendTime(map, out uint ast));
        Assert.Equal(0xABCDEFu, ast);
        Assert.True(p.TryGetTransportSequenceNumber(map, out ushort twcc));
        Assert.Equal(0x4321, twcc);
        Assert.True(p.TryGetMid(map, out ReadOnlySpan<byte> mid));
        Assert.True(mid.SequenceEqual("0"u8));
        Assert.Equal([1, 2, 3, 4, 5], p.Payload.ToArray());
        Assert.Equal(3, p.PaddingLength);
        Assert.Equal(RtpHeaderExtensionForm.OneByte, p.ExtensionForm);
        Assert.Equal(0, (p.HeaderLength - 20 - 8) % 4); // extension block padded to 32 bits
    }

    [Fact]
    public void An_element_that_needs_two_bytes_converts_the_block_in_place()
    {
        byte[] buffer = new byte[200];
        var w = new RtpPacketWriter(buffer);
        Assert.True(w.TryWriteHeader(new RtpHeader(96, 1, 2, 3)));
        Assert.True(w.TryAddExtension(1, [0x11]));
        Assert.True(w.TryAddExtension(2, [0x21, 0x22, 0x23]));
        byte[] long20 = Enumerable.Range(0, 20).Select(i => (byte)i).ToArray();
        Assert.True(w.TryAddExtension(8, long20));    // 20 bytes: one-byte form holds 16 at most
        Assert.True(w.TryAddExtension(200, []));       // two-byte form: id 200, empty value
        Assert.True(w.TryWritePayload([0xEE], out int written));

        Assert.True(RtpPacketReader.TryRead(buffer.AsSpan(0, written), out RtpPacketReader p));
        Assert.Equal(RtpHeaderExtensionForm.TwoByte, p.ExtensionForm);
        Assert.Equal(0x1000, p.ExtensionProfile);
        Assert.True(p.TryGetExtension(1, out ReadOnlySpan<byte> one));
        Assert.Equal([0x11], one.ToArray());
        Assert.True(p.TryGetExtension(2, out ReadOnlySpan<byte> two));
        Assert.Equal([0x21, 0x22, 0x23], two.ToArray());
        Assert.True(p.TryGetExtension(8, out ReadOnlySpan<byte> eight));
        Assert.Equal(long20, eight.ToArray());
        Assert.True(p.TryGetExtension(200, out ReadOnlySpan<byte> empty));
        Assert.True(empty.IsEmpty);
        Assert.Equal([0xEE], p.Payload.ToArray());
    }

    [Fact]
    public void Packet_without_extensions_has_no_x_bit()
    {
        byte[] buffer = new byte[64];
        var w = new RtpPacketWriter(buffer);
        Assert.True(w.TryWriteHeader(new RtpHeader(0, 5, 6, 7)));
        Assert.True(w.TryWritePayload([9], out int written));
        Assert.Equal(13, written);
        Assert.Equal(0x80, buffer[0]);
    }

    [Fact]
    public void Too_small_destination_returns_false()
    {
        byte[] buffer = new byte[14];
        var w = new RtpPacketWriter(buffer);
        Assert.True(w.TryWriteHeader(new RtpHeader(0, 5, 6, 7)));
        Assert.False(w.TryAddTransportSequenceNumber(3, 1)); // needs 12 + 4 + 4
        Assert.False(w.TryWritePayload([1, 2, 3], out _));
        Assert.False(new RtpPacketWriter(new byte[11]).TryWriteHeader(new RtpHeader(0, 0, 0, 0)));
    }

    [Fact]
    public void Writing_out_of_order_is_misuse()
    {
        Assert.Throws<InvalidOperationException>(() =>
        {
            var w = new RtpPacketWriter(new byte[100]);
            w.TryAddExtension(1, [1]);
        });
        Assert.Throws<InvalidOperationException>(() =>
        {
            var w = new RtpPacketWriter(new byte[100]);
            w.TryWriteHeader(new RtpHeader(0, 0, 0, 0));
            w.TryWritePayload([1], out _);
            w.TryAddExtension(1, [1]);
        });
    }

    [Fact]
    public void Writing_a_packet_allocates_nothing()
    {
        byte[] buffer = new byte[1500];
        byte[] payload = new byte[1000];
        AllocationAssert.NoAllocations(() =>
        {
            var w = new RtpPacketWriter(buffer);
            w.TryWriteHeader(new RtpHeader(96, 1, 2, 3));
            w.TryAddSdesItem(4, "video"u8);
            w.TryAddTransportSequenceNumber(3, 77);
            w.TryAddExtension(200, ReadOnlySpan<byte>.Empty); // forces two-byte conversion
            w.TryWritePayload(payload, out _);
        });
    }

    [Fact]
    public void Abs_send_time_comes_from_the_ntp_clock()
    {
        var anchor = new WallClockAnchor(MonoTime.Zero, DateTimeOffset.UnixEpoch.AddSeconds(0.5));
        uint value = AbsSendTime.FromNtp(anchor.ToNtp(MonoTime.Zero));
        Assert.Equal(1u << 17, value & 0x3FFFF); // 0.5 s in 6.18 fixed point
        Assert.Equal(TimeSpan.FromMilliseconds(250), AbsSendTime.Difference((1u << 16) + 5, 5));
        Assert.Equal(TimeSpan.FromMilliseconds(-250), AbsSendTime.Difference(5, (1u << 16) + 5));
        Assert.Equal(TimeSpan.FromMilliseconds(250), AbsSendTime.Difference(0x000000 + (1 << 16) - 1 - 0x10, 0xFFFFFF - 0x10));
    }
}
