using RtcEngine.Rtp;
using Xunit;

namespace RtcEngine.Rtp.Tests.Packets;

public class RtpPacketReaderTests
{
    // RFC 8285 section 4.2 style one-byte block: id 1 (1 byte), id 2 (3 bytes), padding to 32 bits.
    private static readonly byte[] OneByteExtensionPacket = Convert.FromHexString(
        "90" + "6F" + "1234" + "00000BB8" + "DEADBEEF" +
        "BEDE" + "0002" + "10" + "AA" + "22" + "010203" + "0000" +
        "CAFEBABE");

    [Fact]
    public void Reads_fixed_header_fields()
    {
        Assert.True(RtpPacketReader.TryRead(OneByteExtensionPacket, out RtpPacketReader p));
        Assert.False(p.Marker);
        Assert.Equal(0x6F, p.PayloadType);
        Assert.Equal(0x1234, p.SequenceNumber);
        Assert.Equal(3000u, p.Timestamp);
        Assert.Equal(0xDEADBEEFu, p.Ssrc);
        Assert.Equal(0, p.CsrcCount);
        Assert.True(p.HasExtension);
        Assert.Equal(RtpHeaderExtensionForm.OneByte, p.ExtensionForm);
        Assert.Equal(24, p.HeaderLength);
        Assert.Equal(Convert.FromHexString("CAFEBABE"), p.Payload.ToArray());
    }

    [Fact]
    public void One_byte_extensions_are_found_by_id_and_padding_is_skipped()
    {
        Assert.True(RtpPacketReader.TryRead(OneByteExtensionPacket, out RtpPacketReader p));
        Assert.True(p.TryGetExtension(1, out ReadOnlySpan<byte> one));
        Assert.Equal([0xAA], one.ToArray());
        Assert.True(p.TryGetExtension(2, out ReadOnlySpan<byte> two));
        Assert.Equal([1, 2, 3], two.ToArray());
        Assert.False(p.TryGetExtension(3, out _));
        int count = 0;
        foreach (RtpHeaderExtension e in p.GetExtensions())
        {
            count++;
            Assert.InRange(e.Id, 1, 2);
        }

        Assert.Equal(2, count);
    }

    [Fact]
    public void Two_byte_extensions_allow_empty_values_and_large_ids()
    {
        byte[] packet = Convert.FromHexString(
            "90" + "60" + "0001" + "00000001" + "00000002" +
            "1000" + "0002" + "3000" + "F103" + "414243" + "00");
        Assert.True(RtpPacketReader.TryRead(packet, out RtpPacketReader p));
        Assert.Equal(RtpHeaderExtensionForm.TwoByte, p.ExtensionForm);
        Assert.True(p.TryGetExtension(0x30, out ReadOnlySpan<byte> empty));
        Assert.True(empty.IsEmpty);
        Assert.True(p.TryGetExtension(0xF1, out ReadOnlySpan<byte> abc));
        Assert.Equal("ABC"u8.ToArray(), abc.ToArray());
        Assert.True(p.Payload.IsEmpty);
    }

    [Fact]
    public void One_byte_id_15_stops_processing()
    {
        byte[] packet = Convert.FromHexString("90600001000000010000000" + "2" + "BEDE0001" + "F0" + "10" + "AA" + "00");
        Assert.True(RtpPacketReader.TryRead(packet, out RtpPacketReader p));
        Assert.False(p.TryGetExtension(1, out _));
    }

    [Fact]
    public void Element_running_past_the_block_ends_the_walk_without_error()
    {
        byte[] packet = Convert.FromHexString("9060000100000001" + "00000002" + "BEDE0001" + "10AA" + "2F" + "00");
        Assert.True(RtpPacketReader.TryRead(packet, out RtpPacketReader p));
        Assert.True(p.TryGetExtension(1, out _));
        Assert.False(p.TryGetExtension(2, out _));
    }

    [Fact]
    public void Csrcs_and_padding_are_framed()
    {
        byte[] packet = Convert.FromHexString("A2" + "E0" + "FFFF" + "00000064" + "00000001" + "00000011" + "00000022" + "0102" + "000003");
        Assert.True(RtpPacketReader.TryRead(packet, out RtpPacketReader p));
        Assert.True(p.Marker);
        Assert.Equal(0x60, p.PayloadType);
        Assert.Equal(2, p.CsrcCount);
        Assert.Equal(0x11u, p.GetCsrc(0));
        Assert.Equal(0x22u, p.GetCsrc(1));
        Assert.Equal(3, p.PaddingLength);
        Assert.Equal([1, 2], p.Payload.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            RtpPacketReader.TryRead(packet, out RtpPacketReader q);
            q.GetCsrc(2);
        });
    }

    [Theory]
    [InlineData("80600001000000010000", RtpParseError.TooShort)]
    [InlineData("406000010000000100000002", RtpParseError.BadVersion)]
    [InlineData("816000010000000100000002", RtpParseError.CsrcOverrun)]
    [InlineData("9060000100000001000000020000", RtpParseError.ExtensionOverrun)]
    [InlineData("906000010000000100000002BEDE0002AABBCCDD", RtpParseError.ExtensionOverrun)]
    [InlineData("A06000010000000100000002AA00", RtpParseError.BadPadding)]
    [InlineData("A06000010000000100000002AA05", RtpParseError.BadPadding)]
    public void Malformed_packets_are_refused_with_a_reason(string hex, RtpParseError expected)
    {
        Assert.False(RtpPacketReader.TryRead(Convert.FromHexString(hex), out _, out RtpParseError error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Reading_header_and_extensions_allocates_nothing()
    {
        RtpHeaderExtensionMap map = RtpHeaderExtensionMap.CreateChromiumDefaults();
        byte[] packet = OneByteExtensionPacket;
        RtcEngine.Testing.AllocationAssert.NoAllocations(() =>
        {
            RtpPacketReader.TryRead(packet, out RtpPacketReader p);
            p.TryGetAudioLevel(map, out _);
            p.TryGetAbsSendTime(map, out _);
            p.TryGetMid(map, out ReadOnlySpan<byte> mid);
            _ = mid.SequenceEqual("0"u8);
        });
    }

    [Fact]
    public void Padding_only_packet_has_an_empty_payload()
    {
        byte[] packet = Convert.FromHexString("A0600001000000010000000200000004");
        Assert.True(RtpPacketReader.TryRead(packet, out RtpPacketReader p));
        Assert.True(p.Payload.IsEmpty);
        Assert.Equal(4, p.PaddingLength);
    }
}
