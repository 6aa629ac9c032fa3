using RtcEngine.Dtls;

namespace RtcEngine.Dtls.Tests.Codec;

public class ReassemblerTests
{
    private static HandshakeFragment Fragment(ushort seq, int length, int offset, byte[] message, HandshakeType type = HandshakeType.Certificate) =>
        new(type, message.Length, seq, offset, message.AsSpan(offset, length));

    [Fact]
    public void Out_of_order_overlapping_and_repeated_fragments_rebuild_the_message()
    {
        var reassembler = new HandshakeReassembler(4096);
        byte[] message = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();

        Assert.Equal(FragmentOutcome.Accepted, reassembler.Add(Fragment(0, 300, 700, message), 0));
        Assert.False(reassembler.TryPeekComplete(out _, out _, out _, out _));
        Assert.Equal(FragmentOutcome.Accepted, reassembler.Add(Fragment(0, 600, 100, message), 0));
        Assert.Equal(FragmentOutcome.Accepted, reassembler.Add(Fragment(0, 600, 100, message), 0));
        Assert.False(reassembler.TryPeekComplete(out _, out _, out _, out _));
        Assert.Equal(FragmentOutcome.Accepted, reassembler.Add(Fragment(0, 150, 0, message), 0));

        Assert.True(reassembler.TryPeekComplete(out HandshakeType type, out ReadOnlySpan<byte> body, out ushort epoch, out ushort seq));
        Assert.Equal((HandshakeType.Certificate, (ushort)0, (ushort)0), (type, epoch, seq));
        Assert.Equal(message, body.ToArray());
        reassembler.Advance();
        Assert.Equal(1, reassembler.NextSeq);
        Assert.Equal(FragmentOutcome.Old, reassembler.Add(Fragment(0, 10, 0, message), 0));
    }

    [Fact]
    public void Later_messages_wait_for_earlier_ones_and_bounds_are_enforced()
    {
        var reassembler = new HandshakeReassembler(2000);
        byte[] small = [1, 2, 3];
        Assert.Equal(FragmentOutcome.Accepted, reassembler.Add(Fragment(1, 3, 0, small, HandshakeType.ServerKeyExchange), 0));
        Assert.False(reassembler.TryPeekComplete(out _, out _, out _, out _));
        Assert.Equal(FragmentOutcome.OutOfWindow, reassembler.Add(Fragment(HandshakeReassembler.Window, 3, 0, small), 0));
        Assert.Equal(FragmentOutcome.TooLarge, reassembler.Add(Fragment(2, 3, 0, new byte[3000]), 0));
        Assert.Equal(FragmentOutcome.Inconsistent, reassembler.Add(Fragment(1, 3, 0, small, HandshakeType.Finished), 0));
        Assert.Equal(FragmentOutcome.Inconsistent, reassembler.Add(Fragment(1, 3, 0, small, HandshakeType.ServerKeyExchange), 1));
        Assert.Equal(FragmentOutcome.Accepted, reassembler.Add(Fragment(0, 0, 0, [], HandshakeType.ServerHelloDone), 0));
        Assert.True(reassembler.TryPeekComplete(out HandshakeType first, out _, out _, out _));
        Assert.Equal(HandshakeType.ServerHelloDone, first);
        reassembler.Advance();
        Assert.True(reassembler.TryPeekComplete(out HandshakeType second, out _, out _, out _));
        Assert.Equal(HandshakeType.ServerKeyExchange, second);
    }
}
