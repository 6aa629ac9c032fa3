using System.Buffers;
using System.Buffers.Binary;
using RtcEngine.Ice.Stun;
using RtcEngine.Ice.Turn;

namespace RtcEngine.Session.Driver.Stream;

/// <summary>What <see cref="TurnStreamFramer"/> found at the start of a byte stream.</summary>
public enum TurnFrameStatus : byte
{
    /// <summary>A whole message is there; its length is given.</summary>
    Complete,

    /// <summary>More bytes are needed (the header or the rest of the message).</summary>
    Incomplete,

    /// <summary>
    /// Not a TURN message: a first byte neither STUN nor ChannelData, a STUN header without the magic
    /// cookie, or a message longer than allowed. A stream cannot resynchronize after that: close it.
    /// </summary>
    Invalid,
}

/// <summary>
/// Frames TURN messages on a byte stream (TCP or TLS to a TURN server, RFC 8656 section 5): a STUN
/// message is delimited by the length in its header, a ChannelData message by its length padded to
/// a multiple of four (RFC 8656 section 12.5). There is no RFC 4571 length prefix (that is ICE-TCP's).
/// Static, allocation-free, thread-safe.
/// </summary>
/// <remarks>
/// <code>
/// STUN:        |0 0| type (14)  |  length (16)  |  magic cookie (32)  | transaction id (96) | attributes (length)
/// ChannelData: | channel 0x4000..0x7FFF (16)    |  length (16)        | data (length) | padding to 4
/// </code>
/// The first two bits tell them apart (RFC 7983): 00 is STUN, 01 is ChannelData.
/// </remarks>
public static class TurnStreamFramer
{
    /// <summary>
    /// The longest message a TURN stream can carry: ChannelData with 65535 bytes of data, padded
    /// (STUN tops out at 20 + 65532).
    /// </summary>
    public const int MaxMessageLength = ChannelDataReader.HeaderLength + 65536;

    /// <summary>Looks at the start of <paramref name="buffer"/> for one whole message.</summary>
    /// <param name="buffer">The unread bytes of the stream.</param>
    /// <param name="maxMessageLength">Messages longer than this are <see cref="TurnFrameStatus.Invalid"/> (a bound on what a peer makes us buffer).</param>
    /// <param name="frameLength">The message's length on the stream (padding included) when complete.</param>
    public static TurnFrameStatus TryReadFrame(in ReadOnlySequence<byte> buffer, int maxMessageLength, out int frameLength)
    {
        Span<byte> head = stackalloc byte[StunConstants.HeaderLength];
        int available = (int)Math.Min(buffer.Length, StunConstants.HeaderLength);
        buffer.Slice(0, available).CopyTo(head);
        return Classify(head[..available], buffer.Length, maxMessageLength, out frameLength);
    }

    /// <summary>Looks at the start of <paramref name="data"/> for one whole message (see the sequence overload).</summary>
    public static TurnFrameStatus TryReadFrame(ReadOnlySpan<byte> data, int maxMessageLength, out int frameLength) =>
        Classify(data[..Math.Min(data.Length, StunConstants.HeaderLength)], data.Length, maxMessageLength, out frameLength);

    /// <summary>Decides from the first (up to 20) bytes and how many bytes there are in all.</summary>
    private static TurnFrameStatus Classify(ReadOnlySpan<byte> head, long available, int maxMessageLength, out int frameLength)
    {
        frameLength = 0;
        if (head.IsEmpty)
        {
            return TurnFrameStatus.Incomplete;
        }

        int headerLength = (head[0] & 0xC0) switch
        {
            0x00 => StunConstants.HeaderLength,
            0x40 => ChannelDataReader.HeaderLength,
            _ => 0,
        };
        if (headerLength == 0)
        {
            return TurnFrameStatus.Invalid;
        }

        if (head.Length < headerLength)
        {
            // A STUN header can be judged on its first eight bytes already (the cookie).
            return headerLength == StunConstants.HeaderLength && head.Length >= 8
                && BinaryPrimitives.ReadUInt32BigEndian(head[4..]) != StunConstants.MagicCookie
                ? TurnFrameStatus.Invalid
                : TurnFrameStatus.Incomplete;
        }

        bool known = headerLength == StunConstants.HeaderLength
            ? StunMessageReader.TryGetMessageLength(head, out frameLength) // no cookie, or a length not a multiple of four
            : ChannelDataReader.TryGetMessageLength(head, out frameLength, out _);
        if (!known || frameLength > maxMessageLength)
        {
            frameLength = 0;
            return TurnFrameStatus.Invalid;
        }

        return available >= frameLength ? TurnFrameStatus.Complete : TurnFrameStatus.Incomplete;
    }
}
