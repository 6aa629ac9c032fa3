using RtcEngine.Ice.Turn;
using Xunit;

namespace RtcEngine.Ice.Tests.Turn;

/// <summary>The ChannelData codec (RFC 8656 section 12.4): bounds, padding, channel range, truncation.</summary>
public class ChannelDataReaderTests
{
    [Fact]
    public void Reads_channel_number_and_payload()
    {
        byte[] message = [0x40, 0x01, 0x00, 0x03, 0xAA, 0xBB, 0xCC];
        Assert.True(ChannelDataReader.TryRead(message, out ChannelDataReader reader));
        Assert.Equal(0x4001, reader.ChannelNumber);
        Assert.Equal([0xAA, 0xBB, 0xCC], reader.Payload.ToArray());
    }

    [Theory]
    [InlineData(7, true)] // exact
    [InlineData(8, true)] // padded to four
    [InlineData(9, false)] // more than the padding
    [InlineData(6, false)] // short
    public void Accepts_the_data_alone_or_with_its_padding_and_nothing_else(int length, bool valid)
    {
        byte[] message = new byte[length];
        message[0] = 0x40;
        message[3] = 3;
        Assert.Equal(valid, ChannelDataReader.TryRead(message, out _));
    }

    [Theory]
    [InlineData(0x3FFF, false)]
    [InlineData(0x4000, true)]
    [InlineData(0x4FFF, true)]
    [InlineData(0x7FFF, true)] // RFC 5766 range, accepted on receipt
    [InlineData(0x8000, false)]
    public void Channel_numbers_outside_the_range_are_not_channel_data(int channel, bool valid)
    {
        byte[] message = [(byte)(channel >> 8), (byte)channel, 0, 0];
        Assert.Equal(valid, ChannelDataReader.TryRead(message, out _));
    }

    [Fact]
    public void The_stream_length_includes_padding_to_four()
    {
        Assert.True(ChannelDataReader.TryGetMessageLength([0x40, 0x00, 0x00, 0x05], out int padded, out int payload));
        Assert.Equal(12, padded);
        Assert.Equal(5, payload);
        Assert.True(ChannelDataReader.TryGetMessageLength([0x40, 0x00, 0x00, 0x00], out padded, out _));
        Assert.Equal(4, padded);
        Assert.False(ChannelDataReader.TryGetMessageLength([0x40, 0x00, 0x00], out _, out _));
    }

    [Fact]
    public void Every_truncation_is_rejected()
    {
        byte[] message = [0x40, 0x02, 0x00, 0x06, 1, 2, 3, 4, 5, 6];
        for (int length = 0; length < message.Length; length++)
        {
            Assert.False(ChannelDataReader.TryRead(message.AsSpan(0, length), out _));
        }

        Assert.True(ChannelDataReader.TryRead(message, out _));
    }

    [Fact]
    public void Writing_a_header_round_trips_and_rejects_bad_channels()
    {
        byte[] message = new byte[8];
        ChannelDataReader.WriteHeader(message, 0x4ABC, 4);
        Assert.True(ChannelDataReader.TryRead(message, out ChannelDataReader reader));
        Assert.Equal(0x4ABC, reader.ChannelNumber);
        Assert.Equal(4, reader.Payload.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => ChannelDataReader.WriteHeader(message, 0x3000, 4));
        Assert.True(ChannelDataReader.IsBindableChannelNumber(0x4FFF));
        Assert.False(ChannelDataReader.IsBindableChannelNumber(0x5000));
    }
}
