using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace RtcEngine.Ice.Turn;

/// <summary>
/// A validated view of one TURN ChannelData message (RFC 8656 section 12.4), allocation-free.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Channel Number        |            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                                                               |
/// /                       Application Data                        /
/// |                               +-------------------------------+
/// |                               |   padding to 4 (TCP and TLS)
/// +-------------------------------+
/// </code>
/// Channel numbers are 0x4000 through 0x4FFF (RFC 8656 section 12; RFC 5766 allowed up to 0x7FFF,
/// which is accepted on receipt). Length counts the application data only. Over TCP and TLS the
/// message is padded to a multiple of four; over UDP padding is optional (RFC 8656 section 12.5),
/// so a datagram may carry zero to three bytes after the data. A view over the caller's bytes; not
/// thread-safe.
/// </remarks>
public readonly ref struct ChannelDataReader
{
    /// <summary>Length of the ChannelData header (channel number and length).</summary>
    public const int HeaderLength = 4;

    /// <summary>The lowest channel number.</summary>
    public const ushort MinChannelNumber = 0x4000;

    /// <summary>The highest channel number a client binds (RFC 8656 section 12).</summary>
    public const ushort MaxChannelNumber = 0x4FFF;

    // RFC 5766 numbers up to 0x7FFF: accepted on receipt so older servers interoperate.
    private const ushort MaxLegacyChannelNumber = 0x7FFF;

    private ChannelDataReader(ushort channelNumber, ReadOnlySpan<byte> payload)
    {
        ChannelNumber = channelNumber;
        Payload = payload;
    }

    /// <summary>The channel number.</summary>
    public ushort ChannelNumber { get; }

    /// <summary>The application data (without header or padding).</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Whether <paramref name="channelNumber"/> is one a client may bind (0x4000..0x4FFF).</summary>
    public static bool IsBindableChannelNumber(int channelNumber) => channelNumber is >= MinChannelNumber and <= MaxChannelNumber;

    /// <summary>
    /// Validates <paramref name="datagram"/> as exactly one ChannelData message: a channel number
    /// in range, and a length that the datagram holds with at most the padding after it. Never throws.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> datagram, out ChannelDataReader reader)
    {
        reader = default;
        if (!TryGetMessageLength(datagram, out int padded, out int payloadLength))
        {
            return false;
        }

        // Exactly the data, or the data and its padding: nothing else may follow.
        if (datagram.Length < HeaderLength + payloadLength || datagram.Length > padded)
        {
            return false;
        }

        reader = new ChannelDataReader(BinaryPrimitives.ReadUInt16BigEndian(datagram), datagram.Slice(HeaderLength, payloadLength));
        return true;
    }

    /// <summary>
    /// The length on a byte stream of the ChannelData message whose header starts <paramref name="data"/>:
    /// header, data and padding to four (RFC 8656 section 12.5). False when the header is
    /// incomplete or its channel number is out of range.
    /// </summary>
    public static bool TryGetMessageLength(ReadOnlySpan<byte> data, out int paddedLength, out int payloadLength)
    {
        paddedLength = 0;
        payloadLength = 0;
        if (data.Length < HeaderLength)
        {
            return false;
        }

        ushort channel = BinaryPrimitives.ReadUInt16BigEndian(data);
        if (channel is < MinChannelNumber or > MaxLegacyChannelNumber)
        {
            return false;
        }

        payloadLength = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        paddedLength = (HeaderLength + payloadLength + 3) & ~3;
        return true;
    }

    /// <summary>
    /// Writes a ChannelData header for <paramref name="payloadLength"/> bytes of data into the first
    /// <see cref="HeaderLength"/> bytes of <paramref name="destination"/>.
    /// </summary>
    public static void WriteHeader(Span<byte> destination, ushort channelNumber, int payloadLength)
    {
        if (channelNumber is < MinChannelNumber or > MaxLegacyChannelNumber)
        {
            ThrowChannelOutOfRange(channelNumber);
        }

        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadLength, ushort.MaxValue);
        BinaryPrimitives.WriteUInt16BigEndian(destination, channelNumber);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payloadLength);
    }

    [DoesNotReturn]
    private static void ThrowChannelOutOfRange(ushort channelNumber) =>
        throw new ArgumentOutOfRangeException(nameof(channelNumber), channelNumber, "Channel numbers are 0x4000 to 0x7FFF.");
}
