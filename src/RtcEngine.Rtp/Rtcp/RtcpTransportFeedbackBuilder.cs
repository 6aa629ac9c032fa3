using System.Buffers.Binary;
using RtcEngine.Primitives;

namespace RtcEngine.Rtp.Rtcp;

/// <summary>
/// Builds one transport-wide feedback message (layout in <see cref="RtcpTransportFeedbackReader"/>)
/// from packets added in transport sequence order with their arrival times. Chooses chunk encodings
/// greedily (a run while statuses repeat, else a 14-symbol one-bit vector, else a 7-symbol two-bit
/// vector), rounds each delta to 250 us while carrying the rounding error forward (so arrival times
/// do not drift), and pads to 32 bits with RFC 3550 padding, as libwebrtc does.
/// </summary>
/// <remarks>
/// Its buffers are sized once for <see cref="MaxLength"/>; <see cref="TryAdd"/> refuses a packet
/// that would push the message past it, and the caller then writes this message and starts the
/// next one at that packet. Not thread-safe; reused message after message without allocating.
/// </remarks>
public sealed class RtcpTransportFeedbackBuilder
{
    private const int HeaderLength = 20;
    private const int MaxRun = 0x1FFF;

    private readonly ushort[] _chunks;
    private readonly short[] _deltas;
    private readonly byte[] _pendingSizes = new byte[14]; // statuses not yet encoded in a chunk
    private int _chunkCount;
    private int _deltaCount;
    private int _deltaBytes;
    private int _pendingCount;
    private bool _pendingAllSame;
    private bool _pendingHasLarge;
    private int _statusCount;
    private ushort _baseSequence;
    private int _referenceTime;
    private long _lastMicroseconds;
    private uint _senderSsrc;
    private uint _mediaSsrc;
    private byte _feedbackCount;

    /// <summary>A builder for messages of at most <paramref name="maxLength"/> bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 32 bytes.</exception>
    public RtcpTransportFeedbackBuilder(int maxLength = DatagramLimits.DefaultMtu)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 32);
        MaxLength = Math.Min(maxLength, 0x3FFFC);
        _chunks = new ushort[MaxLength / 2];
        _deltas = new short[MaxLength];
    }

    /// <summary>The largest message this builder writes.</summary>
    public int MaxLength { get; }

    /// <summary>Packets (received or not) in the current message.</summary>
    public int PacketStatusCount => _statusCount;

    /// <summary>Packets received in the current message.</summary>
    public int ReceivedCount => _deltaCount;

    /// <summary>The base sequence number of the current message.</summary>
    public ushort BaseSequenceNumber => _baseSequence;

    /// <summary>Whether nothing was added since <see cref="Reset"/>.</summary>
    public bool IsEmpty => _statusCount == 0;

    /// <summary>Starts a message.</summary>
    /// <param name="senderSsrc">Our SSRC.</param>
    /// <param name="mediaSsrc">One of the media SSRCs the feedback covers.</param>
    /// <param name="baseSequenceNumber">The first sequence number the message reports.</param>
    /// <param name="referenceTime">Arrival time of the first received packet (rounded down to 64 ms).</param>
    /// <param name="feedbackCount">The 8-bit message counter.</param>
    public void Reset(uint senderSsrc, uint mediaSsrc, ushort baseSequenceNumber, MonoTime referenceTime, byte feedbackCount)
    {
        _senderSsrc = senderSsrc;
        _mediaSsrc = mediaSsrc;
        _baseSequence = baseSequenceNumber;
        long reference64 = referenceTime.TotalMicroseconds / RtcpTransportFeedbackReader.ReferenceTimeMicroseconds;
        _referenceTime = (int)(reference64 & 0xFFFFFF);
        _lastMicroseconds = reference64 * RtcpTransportFeedbackReader.ReferenceTimeMicroseconds;
        _feedbackCount = feedbackCount;
        _chunkCount = 0;
        _deltaCount = 0;
        _deltaBytes = 0;
        _pendingCount = 0;
        _pendingAllSame = true;
        _pendingHasLarge = false;
        _statusCount = 0;
    }

    /// <summary>
    /// Adds a received packet; sequence numbers between the last one added and this one are
    /// reported as not received.
    /// </summary>
    /// <returns>
    /// False, changing nothing, when the packet is not after the last one, its delta does not fit
    /// 16 bits, or the message would exceed <see cref="MaxLength"/>.
    /// </returns>
    public bool TryAdd(ushort sequenceNumber, MonoTime arrival)
    {
        int missing = (ushort)(sequenceNumber - _baseSequence) - _statusCount;
        if (missing < 0 || _statusCount + missing + 1 > ushort.MaxValue)
        {
            return false;
        }

        long microseconds = arrival.TotalMicroseconds;
        long diff = microseconds - _lastMicroseconds;
        long delta = diff >= 0
            ? (diff + RtcpTransportFeedbackReader.DeltaMicroseconds / 2) / RtcpTransportFeedbackReader.DeltaMicroseconds
            : (diff - RtcpTransportFeedbackReader.DeltaMicroseconds / 2) / RtcpTransportFeedbackReader.DeltaMicroseconds;
        if (delta is < short.MinValue or > short.MaxValue)
        {
            return false;
        }

        byte size = delta is >= 0 and <= 255 ? (byte)1 : (byte)2;

        // Fast path: when even the worst case fits (every new status opening chunks of its own), no
        // rollback is needed; a two-bit chunk holds at least 7 statuses.
        int worstChunks = _chunkCount + 2 + (missing + 1 + 6) / 7;
        if (((HeaderLength + 2 * worstChunks + _deltaBytes + size + 3) & ~3) <= MaxLength && worstChunks <= _chunks.Length)
        {
            AddStatuses(0, missing);
            AddStatuses(size, 1);
        }
        else if (!TryAddStatusesWithRollback(missing, size))
        {
            return false;
        }

        _statusCount += missing + 1;
        _deltas[_deltaCount++] = (short)delta;
        _deltaBytes += size;
        _lastMicroseconds += delta * RtcpTransportFeedbackReader.DeltaMicroseconds;
        return true;
    }

    // Applies the statuses, measures, and undoes them when the message would be too long.
    private bool TryAddStatusesWithRollback(int missing, byte size)
    {
        int savedChunks = _chunkCount;
        int savedPending = _pendingCount;
        bool savedSame = _pendingAllSame;
        bool savedLarge = _pendingHasLarge;
        Span<byte> savedSizes = stackalloc byte[14];
        _pendingSizes.CopyTo(savedSizes);

        bool fits = AddStatuses(0, missing) && AddStatuses(size, 1);
        int length = HeaderLength + 2 * (_chunkCount + (_pendingCount > 0 ? 1 : 0)) + _deltaBytes + size;
        if (fits && ((length + 3) & ~3) <= MaxLength)
        {
            return true;
        }

        _chunkCount = savedChunks;
        _pendingCount = savedPending;
        _pendingAllSame = savedSame;
        _pendingHasLarge = savedLarge;
        savedSizes.CopyTo(_pendingSizes);
        return false;
    }

    /// <summary>Bytes the message takes (padding included).</summary>
    public int GetSerializedLength() => (UnpaddedLength + 3) & ~3;

    private int UnpaddedLength => HeaderLength + 2 * (_chunkCount + (_pendingCount > 0 ? 1 : 0)) + _deltaBytes;

    /// <summary>Writes the message.</summary>
    /// <exception cref="InvalidOperationException">No packet was added.</exception>
    public bool TryWriteTo(Span<byte> destination, out int written)
    {
        if (_statusCount == 0)
        {
            ThrowHelper.ThrowInvalidOperation("A transport-wide feedback message reports at least one packet.");
        }

        int unpadded = UnpaddedLength;
        written = (unpadded + 3) & ~3;
        if (destination.Length < written)
        {
            written = 0;
            return false;
        }

        int padding = written - unpadded;
        RtcpFeedback.WriteCommon(destination, RtcpFeedback.TransportWideFormat, RtcpPacketType.TransportFeedback, written, _senderSsrc, _mediaSsrc);
        if (padding > 0)
        {
            destination[0] |= 0x20;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(12), _baseSequence);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(14), (ushort)_statusCount);
        destination[16] = (byte)(_referenceTime >> 16);
        destination[17] = (byte)(_referenceTime >> 8);
        destination[18] = (byte)_referenceTime;
        destination[19] = _feedbackCount;
        int offset = HeaderLength;
        for (int i = 0; i < _chunkCount; i++, offset += 2)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(offset), _chunks[i]);
        }

        if (_pendingCount > 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(offset), EncodeLastChunk());
            offset += 2;
        }

        for (int i = 0; i < _deltaCount; i++)
        {
            short delta = _deltas[i];
            if (delta is >= 0 and <= 255)
            {
                destination[offset++] = (byte)delta;
            }
            else
            {
                BinaryPrimitives.WriteInt16BigEndian(destination.Slice(offset), delta);
                offset += 2;
            }
        }

        if (padding > 0)
        {
            destination.Slice(offset, padding - 1).Clear();
            destination[offset + padding - 1] = (byte)padding;
        }

        return true;
    }

    // Appends `count` statuses of one delta size to the chunk state.
    private bool AddStatuses(byte size, int count)
    {
        for (int i = 0; i < count; i++)
        {
            // A long run of one status: extend a pending run in bulk.
            if (_pendingAllSame && _pendingCount >= 14 && _pendingSizes[0] == size)
            {
                int take = Math.Min(count - i, MaxRun - _pendingCount);
                if (take > 0)
                {
                    _pendingCount += take;
                    i += take - 1;
                    continue;
                }
            }

            if (!CanAdd(size))
            {
                if (_chunkCount == _chunks.Length)
                {
                    return false;
                }

                _chunks[_chunkCount++] = EmitChunk();
            }

            if (_pendingCount < 14)
            {
                _pendingSizes[_pendingCount] = size;
            }

            _pendingAllSame = _pendingCount == 0 ? true : _pendingAllSame && _pendingSizes[0] == size;
            _pendingHasLarge |= size == 2;
            _pendingCount++;
        }

        return true;
    }

    private bool CanAdd(byte size)
    {
        if (_pendingCount < 7)
        {
            return true;
        }

        if (_pendingCount < 14 && !_pendingHasLarge && size != 2)
        {
            return true;
        }

        return _pendingCount < MaxRun && _pendingAllSame && _pendingSizes[0] == size;
    }

    // Encodes the front of the pending statuses into one chunk, keeping any that do not fit.
    private ushort EmitChunk()
    {
        if (_pendingAllSame)
        {
            ushort run = (ushort)((_pendingSizes[0] << 13) | _pendingCount);
            ClearPending();
            return run;
        }

        if (_pendingCount == 14 && !_pendingHasLarge)
        {
            ushort oneBit = EncodeOneBit(14);
            ClearPending();
            return oneBit;
        }

        ushort twoBit = EncodeTwoBit(7);
        int rest = _pendingCount - 7;
        _pendingAllSame = true;
        _pendingHasLarge = false;
        for (int i = 0; i < rest; i++)
        {
            byte size = _pendingSizes[7 + i];
            _pendingSizes[i] = size;
            _pendingAllSame &= size == _pendingSizes[0];
            _pendingHasLarge |= size == 2;
        }

        _pendingCount = rest;
        return twoBit;
    }

    private ushort EncodeLastChunk() =>
        _pendingAllSame ? (ushort)((_pendingSizes[0] << 13) | _pendingCount)
        : _pendingCount <= 7 ? EncodeTwoBit(_pendingCount)
        : EncodeOneBit(_pendingCount);

    private ushort EncodeOneBit(int count)
    {
        int chunk = 0x8000;
        for (int i = 0; i < count; i++)
        {
            chunk |= _pendingSizes[i] << (13 - i);
        }

        return (ushort)chunk;
    }

    private ushort EncodeTwoBit(int count)
    {
        int chunk = 0xC000;
        for (int i = 0; i < count; i++)
        {
            chunk |= _pendingSizes[i] << (12 - 2 * i);
        }

        return (ushort)chunk;
    }

    private void ClearPending()
    {
        _pendingCount = 0;
        _pendingAllSame = true;
        _pendingHasLarge = false;
    }
}
