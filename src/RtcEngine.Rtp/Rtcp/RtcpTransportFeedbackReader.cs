using System.Buffers.Binary;

namespace RtcEngine.Rtp.Rtcp;

/// <summary>One packet's entry in a transport-wide feedback message.</summary>
/// <param name="SequenceNumber">The transport-wide sequence number.</param>
/// <param name="Received">Whether the packet arrived.</param>
/// <param name="ArrivalMicroseconds">
/// When it arrived, in microseconds of the feedback sender's clock: reference time x 64 ms plus the
/// deltas so far. Meaningful as differences between packets (and between messages, modulo the
/// 24-bit reference time); 0 when not received.
/// </param>
public readonly record struct TransportPacketStatus(ushort SequenceNumber, bool Received, long ArrivalMicroseconds);

/// <summary>
/// Reads transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01
/// section 3.1): RTPFB FMT 15.
/// </summary>
/// <remarks>
/// <code>
/// |V=2|P|  FMT=15 |    PT=205     |           length              |
/// |                     SSRC of packet sender                     |
/// |                      SSRC of media source                     |
/// |      base sequence number     |      packet status count      |
/// |                 reference time                | fb pkt. count |
/// |          packet chunk         |         packet chunk          |  ...
/// |         packet chunk          |  recv delta   |  recv delta   |  ...
/// |           recv delta          |  recv delta   | zero padding  |
///
/// run length chunk:      |0| S |       run length (13)       |
/// status vector chunk:   |1|0| 14 one-bit symbols (0 lost, 1 small delta)
///                        |1|1| 7 two-bit symbols (00 lost, 01 small, 10 large, 11 reserved)
/// small delta: 1 byte unsigned, large: 2 bytes signed; units of 250 us; reference time in 64 ms.
/// </code>
/// <see cref="TryRead"/> checks that the chunks cover the status count, that no reserved symbol
/// appears and that every delta fits in the packet, so enumeration cannot fail midway. Not thread-safe.
/// </remarks>
public ref struct RtcpTransportFeedbackReader
{
    /// <summary>Unit of the receive deltas, in microseconds.</summary>
    public const int DeltaMicroseconds = 250;

    /// <summary>Unit of the reference time, in microseconds.</summary>
    public const int ReferenceTimeMicroseconds = 64_000;

    private const int FixedLength = 16; // after the 4-byte header: two SSRCs, base, count, reference, fb count

    private readonly ReadOnlySpan<byte> _body;
    private readonly int _deltaStart;

    // Enumeration state.
    private int _chunkOffset;
    private ushort _chunk;
    private int _symbolsLeftInChunk;
    private int _symbolIndex;
    private int _deltaOffset;
    private int _emitted;
    private long _arrival;

    private RtcpTransportFeedbackReader(ReadOnlySpan<byte> body, int deltaStart)
    {
        _body = body;
        _deltaStart = deltaStart;
        _chunkOffset = FixedLength;
        _chunk = 0;
        _symbolsLeftInChunk = 0;
        _symbolIndex = 0;
        _deltaOffset = deltaStart;
        _emitted = 0;
        _arrival = (long)ReferenceTime * ReferenceTimeMicroseconds;
    }

    /// <summary>Interprets <paramref name="packet"/> as transport-wide feedback; false when it is not one or is malformed.</summary>
    public static bool TryRead(in RtcpPacket packet, out RtcpTransportFeedbackReader reader)
    {
        reader = default;
        ReadOnlySpan<byte> body = packet.Body;
        if (packet.Kind != RtcpPacketKind.TransportWideFeedback || body.Length < FixedLength + 2)
        {
            return false;
        }

        int count = BinaryPrimitives.ReadUInt16BigEndian(body.Slice(10));
        if (count == 0)
        {
            return false;
        }

        // Validation pass: walk the chunks, total the delta bytes.
        int offset = FixedLength;
        int covered = 0;
        int deltaBytes = 0;
        while (covered < count)
        {
            if (offset + 2 > body.Length)
            {
                return false;
            }

            ushort chunk = BinaryPrimitives.ReadUInt16BigEndian(body.Slice(offset));
            offset += 2;
            int symbols = SymbolsIn(chunk, count - covered);
            for (int i = 0; i < symbols; i++)
            {
                int symbol = Symbol(chunk, i);
                if (symbol == 3)
                {
                    return false;
                }

                deltaBytes += symbol;
            }

            covered += symbols;
        }

        if (offset + deltaBytes > body.Length)
        {
            return false;
        }

        reader = new RtcpTransportFeedbackReader(body, offset);
        return true;
    }

    /// <summary>SSRC of the feedback sender.</summary>
    public readonly uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>SSRC of the media source (Chromium sends one of the SSRCs it received).</summary>
    public readonly uint MediaSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(4));

    /// <summary>The first transport-wide sequence number reported.</summary>
    public readonly ushort BaseSequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_body.Slice(8));

    /// <summary>Number of packets reported (received or not).</summary>
    public readonly int PacketStatusCount => BinaryPrimitives.ReadUInt16BigEndian(_body.Slice(10));

    /// <summary>The reference time, in units of 64 ms (24 bits, wrapping).</summary>
    public readonly int ReferenceTime => (_body[12] << 16) | (_body[13] << 8) | _body[14];

    /// <summary>The feedback packet counter (8 bits, wrapping): a gap means a lost feedback message.</summary>
    public readonly byte FeedbackPacketCount => _body[15];

    /// <summary>Where the receive deltas start (for size checks).</summary>
    internal readonly int DeltaStart => _deltaStart;

    /// <summary>The next packet's status, in sequence order.</summary>
    public bool TryReadNext(out TransportPacketStatus status)
    {
        int count = PacketStatusCount;
        if (_emitted >= count)
        {
            status = default;
            return false;
        }

        // Validated in TryRead: the chunks cover the count (a zero-length run is skipped).
        while (_symbolsLeftInChunk == 0)
        {
            _chunk = BinaryPrimitives.ReadUInt16BigEndian(_body.Slice(_chunkOffset));
            _symbolsLeftInChunk = SymbolsIn(_chunk, count - _emitted);
            _symbolIndex = 0;
            _chunkOffset += 2;
        }

        int symbol = Symbol(_chunk, _symbolIndex);
        _symbolIndex++;
        _symbolsLeftInChunk--;
        ushort sequence = (ushort)(BaseSequenceNumber + _emitted);
        _emitted++;
        switch (symbol)
        {
            case 1:
                _arrival += _body[_deltaOffset] * DeltaMicroseconds;
                _deltaOffset += 1;
                status = new TransportPacketStatus(sequence, true, _arrival);
                return true;
            case 2:
                _arrival += BinaryPrimitives.ReadInt16BigEndian(_body.Slice(_deltaOffset)) * DeltaMicroseconds;
                _deltaOffset += 2;
                status = new TransportPacketStatus(sequence, true, _arrival);
                return true;
            default:
                status = new TransportPacketStatus(sequence, false, 0);
                return true;
        }
    }

    private static int SymbolsIn(ushort chunk, int remaining)
    {
        int capacity = (chunk & 0x8000) == 0 ? chunk & 0x1FFF : (chunk & 0x4000) == 0 ? 14 : 7;
        return Math.Min(capacity, remaining);
    }

    // The delta size (0, 1, 2; 3 reserved) of symbol i of a chunk.
    private static int Symbol(ushort chunk, int index)
    {
        if ((chunk & 0x8000) == 0)
        {
            return (chunk >> 13) & 0x03;
        }

        return (chunk & 0x4000) == 0
            ? (chunk >> (13 - index)) & 0x01
            : (chunk >> (12 - 2 * index)) & 0x03;
    }
}
