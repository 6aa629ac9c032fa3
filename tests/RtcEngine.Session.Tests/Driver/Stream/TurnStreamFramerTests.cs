using System.Buffers;
using RtcEngine.Session.Driver.Stream;
using Xunit;

namespace RtcEngine.Session.Tests.Driver.Stream;

/// <summary>RFC 8656 section 5 framing on a byte stream: STUN by its length, ChannelData padded to four, no RFC 4571 prefix.</summary>
public class TurnStreamFramerTests
{
    [Fact]
    public void A_stun_message_is_framed_by_its_length_field()
    {
        byte[] stun = StreamMessages.Stun(attributeLength: 10);
        Assert.Equal(TurnFrameStatus.Complete, TurnStreamFramer.TryReadFrame(stun, 4096, out int length));
        Assert.Equal(stun.Length, length);
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(1, 8)]
    [InlineData(4, 8)]
    [InlineData(5, 12)]
    [InlineData(1200, 1204)]
    public void Channel_data_is_framed_by_its_length_padded_to_four(int payload, int expected)
    {
        byte[] message = StreamMessages.ChannelData(payload);
        Assert.Equal(TurnFrameStatus.Complete, TurnStreamFramer.TryReadFrame(message, 4096, out int length));
        Assert.Equal(expected, length);
    }

    [Fact]
    public void Every_prefix_of_a_message_is_incomplete_never_invalid()
    {
        foreach (byte[] message in new[] { StreamMessages.Stun(), StreamMessages.ChannelData(5) })
        {
            for (int i = 0; i < message.Length; i++)
            {
                Assert.Equal(TurnFrameStatus.Incomplete, TurnStreamFramer.TryReadFrame(message.AsSpan(0, i), 4096, out _));
            }
        }
    }

    [Fact]
    public void Messages_back_to_back_and_split_across_segments_frame_one_at_a_time()
    {
        byte[] stream = [.. StreamMessages.ChannelData(5), .. StreamMessages.Stun(), .. StreamMessages.ChannelData(0)];
        for (int split = 1; split < stream.Length; split++)
        {
            ReadOnlySequence<byte> sequence = Segments(stream[..split], stream[split..]);
            var lengths = new List<int>();
            while (TurnStreamFramer.TryReadFrame(sequence, 4096, out int length) == TurnFrameStatus.Complete)
            {
                lengths.Add(length);
                sequence = sequence.Slice(length);
            }

            Assert.Equal([12, StreamMessages.Stun().Length, 4], lengths);
            Assert.True(sequence.IsEmpty);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0, 0, 0 })] // RTP range: not TURN
    [InlineData(new byte[] { 0x17, 0xFE, 0xFD, 0, 0, 0, 0, 0 })] // a DTLS record: first bits 00 like STUN, but no cookie
    [InlineData(new byte[] { 0x00, 0x01, 0x00, 0x00, 0xDE, 0xAD, 0xBE, 0xEF })] // STUN without the magic cookie
    [InlineData(new byte[] { 0x00, 0x01, 0x00, 0x03, 0x21, 0x12, 0xA4, 0x42, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })] // length not a multiple of four
    [InlineData(new byte[] { 0xC0, 0, 0, 0 })]
    public void Bytes_that_are_not_turn_are_invalid(byte[] data)
    {
        Assert.Equal(TurnFrameStatus.Invalid, TurnStreamFramer.TryReadFrame(data, 4096, out _));
    }

    [Fact]
    public void A_header_announcing_more_than_the_limit_is_invalid_at_once()
    {
        Assert.Equal(TurnFrameStatus.Invalid, TurnStreamFramer.TryReadFrame([0x40, 0x00, 0xFF, 0xFF], 2048, out _));
        Assert.Equal(TurnFrameStatus.Incomplete, TurnStreamFramer.TryReadFrame([0x40, 0x00, 0xFF, 0xFF], TurnStreamFramer.MaxMessageLength, out _));
    }

    private static ReadOnlySequence<byte> Segments(byte[] first, byte[] second)
    {
        var head = new Segment(first, 0);
        Segment tail = head.Append(second);
        return new ReadOnlySequence<byte>(head, 0, tail, second.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] data, long index)
        {
            Memory = data;
            RunningIndex = index;
        }

        public Segment Append(byte[] data)
        {
            var next = new Segment(data, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
