using RtcEngine.Primitives;

namespace RtcEngine.Rtp.Payload;

/// <summary>The payload formats the frame assembler understands.</summary>
public enum RtpCodec : byte
{
    /// <summary>Opus (RFC 7587): every packet is a frame.</summary>
    Opus = 0,

    /// <summary>VP8 (RFC 7741).</summary>
    Vp8,

    /// <summary>VP9 (RFC 9628).</summary>
    Vp9,

    /// <summary>H.264 (RFC 6184), delivered as Annex B.</summary>
    H264,
}

/// <summary>A frame put together from its packets: a view of the assembler's buffer, valid until the next call on it.</summary>
public readonly ref struct AssembledFrame
{
    internal AssembledFrame(ReadOnlySpan<byte> data, RtpCodec codec, uint timestamp, bool keyframe, int width, int height, ushort first, ushort last)
    {
        Data = data;
        Codec = codec;
        Timestamp = timestamp;
        IsKeyframe = keyframe;
        Width = width;
        Height = height;
        FirstSequenceNumber = first;
        LastSequenceNumber = last;
    }

    /// <summary>The encoded frame (VP8/VP9 data without descriptors, H.264 as Annex B, an Opus packet).</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>The codec.</summary>
    public RtpCodec Codec { get; }

    /// <summary>The frame's RTP timestamp.</summary>
    public uint Timestamp { get; }

    /// <summary>Whether it is a keyframe (VP8 P bit, VP9 non-predicted base layer, H.264 IDR).</summary>
    public bool IsKeyframe { get; }

    /// <summary>The width known for the stream (from this or an earlier keyframe); 0 when unknown.</summary>
    public int Width { get; }

    /// <summary>The height known for the stream; 0 when unknown.</summary>
    public int Height { get; }

    /// <summary>Sequence number of the frame's first packet.</summary>
    public ushort FirstSequenceNumber { get; }

    /// <summary>Sequence number of the frame's last packet.</summary>
    public ushort LastSequenceNumber { get; }
}

/// <summary>
/// Puts frames together from RTP packets that may arrive out of order (reordering, NACK
/// retransmissions): a fixed ring of packet slots indexed by sequence number, and a frame is
/// emitted when every packet from its first (codec start flag, or the packet after the previous
/// frame) to its last (marker bit, or the packet before a new timestamp) is present. Depacketizes
/// VP8, VP9, H.264 (to Annex B) and Opus, detects keyframes and reads resolutions, and feeds the
/// frame statistics of a receive stream.
/// </summary>
/// <remarks>
/// <para>
/// Frames come out as soon as they are complete, so a frame repaired late can follow a newer one;
/// <see cref="AssembledFrame.Timestamp"/> orders them. Packets never completed are overwritten as
/// the ring wraps (counted). Memory is allocated once: slots x max payload, and one frame buffer.
/// </para>
/// <para>Not thread-safe: owned by the loop that receives the stream.</para>
/// </remarks>
public sealed class RtpFrameAssembler
{
    private readonly RtpCodec _codec;
    private readonly RtpReceiveStream? _stats;
    private readonly Slot[] _slots;
    private readonly byte[] _slab;
    private readonly int _slotSize;
    private readonly int _mask;
    private readonly byte[] _frame;
    private readonly ushort[] _candidates = new ushort[64];
    private int _candidateHead;
    private int _candidateCount;
    private int _lastEmittedEnd = -1;
    private MonoTime _lastInsert;
    private int _width;
    private int _height;

    /// <summary>An assembler for <paramref name="codec"/>.</summary>
    /// <param name="codec">The payload format.</param>
    /// <param name="stats">The receive stream whose frame statistics (framesReceived, resolution, fps) to feed; null for none.</param>
    /// <param name="maxFrameSize">Largest frame assembled (larger ones are dropped and counted).</param>
    /// <param name="slots">Packets held while frames complete (rounded up to a power of two).</param>
    /// <param name="maxPayloadSize">Largest RTP payload kept.</param>
    public RtpFrameAssembler(RtpCodec codec, RtpReceiveStream? stats = null, int maxFrameSize = 1 << 20, int slots = 512, int maxPayloadSize = DatagramLimits.ReceiveBufferSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameSize, 64);
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 2);
        _codec = codec;
        _stats = stats;
        int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)slots);
        _slots = new Slot[size];
        _mask = size - 1;
        _slotSize = maxPayloadSize;
        _slab = new byte[size * maxPayloadSize];
        _frame = new byte[maxFrameSize];
    }

    /// <summary>Frames emitted.</summary>
    public long FramesAssembled { get; private set; }

    /// <summary>Keyframes among them.</summary>
    public long KeyframesAssembled { get; private set; }

    /// <summary>Packets refused: a malformed payload descriptor, or larger than a slot.</summary>
    public long PacketsRefused { get; private set; }

    /// <summary>Packets of incomplete frames overwritten as the ring wrapped.</summary>
    public long PacketsOverwritten { get; private set; }

    /// <summary>Complete frames dropped: larger than the frame buffer, or malformed inside.</summary>
    public long FramesDropped { get; private set; }

    /// <summary>Stores a packet (its payload is copied); then drain <see cref="TryPollFrame"/>.</summary>
    /// <returns>False when the packet was refused (malformed, duplicate, too large).</returns>
    public bool Insert(MonoTime now, in RtpPacketReader packet)
    {
        ReadOnlySpan<byte> payload = packet.Payload;
        if (payload.IsEmpty)
        {
            return false;
        }

        bool frameStart;
        bool marker = packet.Marker;
        switch (_codec)
        {
            case RtpCodec.Vp8:
                if (!Vp8PayloadDescriptor.TryRead(payload, out Vp8PayloadDescriptor vp8))
                {
                    PacketsRefused++;
                    return false;
                }

                frameStart = vp8.IsFrameStart;
                break;
            case RtpCodec.Vp9:
                if (!Vp9PayloadDescriptor.TryRead(payload, out Vp9PayloadDescriptor vp9))
                {
                    PacketsRefused++;
                    return false;
                }

                frameStart = vp9.StartOfFrame && vp9.SpatialLayer == 0;
                break;
            case RtpCodec.H264:
                if (!H264.IsValidPayload(payload))
                {
                    PacketsRefused++;
                    return false;
                }

                frameStart = IsLikelyH264FrameStart(payload);
                break;
            default:
                frameStart = true;
                marker = true;
                break;
        }

        if (payload.Length > _slotSize)
        {
            PacketsRefused++;
            return false;
        }

        ushort sequence = packet.SequenceNumber;
        ref Slot slot = ref _slots[sequence & _mask];
        if (slot.Used)
        {
            if (slot.Sequence == sequence)
            {
                return false; // duplicate
            }

            PacketsOverwritten++;
        }

        payload.CopyTo(_slab.AsSpan((sequence & _mask) * _slotSize));
        slot = new Slot
        {
            Used = true,
            Sequence = sequence,
            Timestamp = packet.Timestamp,
            Marker = marker,
            FrameStart = frameStart,
            Length = payload.Length,
        };
        _lastInsert = now;
        AddCandidate(sequence);
        return true;
    }

    /// <summary>The next complete frame, if any; its data is valid until the next call on the assembler.</summary>
    public bool TryPollFrame(out AssembledFrame frame)
    {
        while (_candidateCount > 0)
        {
            ushort candidate = _candidates[_candidateHead];
            _candidateHead = (_candidateHead + 1) % _candidates.Length;
            _candidateCount--;
            if (!TryFindFrame(candidate, out ushort start, out ushort end))
            {
                continue;
            }

            bool ok = TryDepacketize(start, end, out int length, out bool keyframe, out uint timestamp);
            int count = (ushort)(end - start) + 1;
            for (int i = 0; i < count; i++)
            {
                _slots[(start + i) & _mask].Used = false;
            }

            _lastEmittedEnd = end;
            AddCandidate((ushort)(end + 1));
            if (!ok)
            {
                FramesDropped++;
                continue;
            }

            FramesAssembled++;
            if (keyframe)
            {
                KeyframesAssembled++;
            }

            if (_codec != RtpCodec.Opus)
            {
                _stats?.OnFrame(_lastInsert, keyframe, _width, _height);
            }

            frame = new AssembledFrame(_frame.AsSpan(0, length), _codec, timestamp, keyframe, _width, _height, start, end);
            return true;
        }

        frame = default;
        return false;
    }

    private void AddCandidate(ushort sequence)
    {
        if (_candidateCount == _candidates.Length)
        {
            _candidateHead = (_candidateHead + 1) % _candidates.Length;
            _candidateCount--;
        }

        _candidates[(_candidateHead + _candidateCount) % _candidates.Length] = sequence;
        _candidateCount++;
    }

    private bool Present(ushort sequence) => _slots[sequence & _mask] is { Used: true } s && s.Sequence == sequence;

    // Finds the whole frame containing `sequence`, if every packet of it is present.
    private bool TryFindFrame(ushort sequence, out ushort start, out ushort end)
    {
        start = end = sequence;
        if (!Present(sequence))
        {
            return false;
        }

        uint timestamp = _slots[sequence & _mask].Timestamp;
        for (int steps = 0; ; steps++)
        {
            if (steps > _slots.Length)
            {
                return false;
            }

            if (_slots[end & _mask].Marker)
            {
                break;
            }

            ushort next = (ushort)(end + 1);
            if (!Present(next))
            {
                return false;
            }

            if (_slots[next & _mask].Timestamp != timestamp)
            {
                break; // a new timestamp ends the frame even without a marker
            }

            end = next;
        }

        for (int steps = 0; ; steps++)
        {
            if (steps > _slots.Length)
            {
                return false;
            }

            ref Slot slot = ref _slots[start & _mask];
            ushort previous = (ushort)(start - 1);
            if (slot.FrameStart || _lastEmittedEnd == previous)
            {
                return true;
            }

            if (!Present(previous))
            {
                return false;
            }

            ref Slot before = ref _slots[previous & _mask];
            if (before.Timestamp != timestamp || before.Marker)
            {
                return true;
            }

            start = previous;
        }
    }

    private bool TryDepacketize(ushort start, ushort end, out int length, out bool keyframe, out uint timestamp)
    {
        length = 0;
        keyframe = false;
        timestamp = _slots[start & _mask].Timestamp;
        int count = (ushort)(end - start) + 1;
        Span<byte> output = _frame;
        for (int i = 0; i < count; i++)
        {
            int index = (start + i) & _mask;
            ReadOnlySpan<byte> payload = _slab.AsSpan(index * _slotSize, _slots[index].Length);
            switch (_codec)
            {
                case RtpCodec.Vp8:
                    Vp8PayloadDescriptor.TryRead(payload, out Vp8PayloadDescriptor vp8);
                    payload = payload.Slice(vp8.Length);
                    if (i == 0 && vp8.IsFrameStart && Vp8Frame.IsKeyframe(payload))
                    {
                        keyframe = true;
                        if (Vp8Frame.TryGetResolution(payload, out int w, out int h))
                        {
                            (_width, _height) = (w, h);
                        }
                    }

                    break;
                case RtpCodec.Vp9:
                    Vp9PayloadDescriptor.TryRead(payload, out Vp9PayloadDescriptor vp9);
                    payload = payload.Slice(vp9.Length);
                    if (i == 0 && vp9.IsKeyframeStart)
                    {
                        keyframe = true;
                        if (vp9.Width > 0)
                        {
                            (_width, _height) = (vp9.Width, vp9.Height);
                        }
                        else if (Vp9Frame.TryGetKeyframeResolution(payload, out int w, out int h))
                        {
                            (_width, _height) = (w, h);
                        }
                    }

                    break;
                case RtpCodec.H264:
                    int width = _width, height = _height;
                    if (!H264.TryAppendAnnexB(payload, output, ref length, out H264PayloadFlags flags, ref width, ref height))
                    {
                        return false;
                    }

                    (_width, _height) = (width, height);
                    keyframe |= (flags & H264PayloadFlags.Idr) != 0;
                    continue;
            }

            if (length + payload.Length > output.Length)
            {
                return false;
            }

            payload.CopyTo(output.Slice(length));
            length += payload.Length;
        }

        return true;
    }

    // Keyframes begin with an access unit delimiter, SPS or PPS (alone or first in a STAP-A).
    private static bool IsLikelyH264FrameStart(ReadOnlySpan<byte> payload)
    {
        int type = payload[0] & 0x1F;
        if (type == H264.StapA && payload.Length > 3)
        {
            type = payload[3] & 0x1F;
        }

        return type is H264.NalAud or H264.NalSps or H264.NalPps;
    }

    private struct Slot
    {
        public bool Used;
        public ushort Sequence;
        public uint Timestamp;
        public bool Marker;
        public bool FrameStart;
        public int Length;
    }
}
