namespace RtcEngine.Session.Driver;

/// <summary>
/// RTP payloads posted by application threads for the loop to send: a fixed ring of pinned slots
/// under a short lock. Adding and taking allocate nothing; a full ring refuses the send (the
/// caller counts it), which is the back-pressure a live media sender wants.
/// </summary>
/// <remarks>Thread-safe for many producers and one consumer (the loop).</remarks>
internal sealed class OutboundSendRing
{
    private readonly Slot[] _slots;
    private readonly Lock _lock = new();
    private int _head;
    private int _count;

    public OutboundSendRing(int capacity, int slotSize)
    {
        _slots = new Slot[capacity];
        for (int i = 0; i < capacity; i++)
        {
            _slots[i] = new Slot(GC.AllocateArray<byte>(slotSize, pinned: true));
        }
    }

    public bool IsEmpty => Volatile.Read(ref _count) == 0;

    public bool TryAdd(RtcPeerConnection peer, RtcRtpTransceiver transceiver, ReadOnlySpan<byte> payload, uint timestamp, bool marker, int payloadType, string? rid)
    {
        lock (_lock)
        {
            if (_count == _slots.Length || payload.Length > _slots[0].Buffer.Length)
            {
                return false;
            }

            Slot slot = _slots[(_head + _count) % _slots.Length];
            payload.CopyTo(slot.Buffer);
            slot.Length = payload.Length;
            slot.Peer = peer;
            slot.Transceiver = transceiver;
            slot.Timestamp = timestamp;
            slot.Marker = marker;
            slot.PayloadType = payloadType;
            slot.Rid = rid;
            _count++;
            return true;
        }
    }

    /// <summary>The oldest send; valid until <see cref="Release"/>.</summary>
    public bool TryTake(out RtcPeerConnection peer, out RtcRtpTransceiver transceiver, out ReadOnlySpan<byte> payload, out uint timestamp, out bool marker, out int payloadType, out string? rid)
    {
        lock (_lock)
        {
            if (_count == 0)
            {
                peer = null!;
                transceiver = null!;
                payload = default;
                timestamp = 0;
                marker = false;
                payloadType = 0;
                rid = null;
                return false;
            }

            Slot slot = _slots[_head];
            peer = slot.Peer!;
            transceiver = slot.Transceiver!;
            payload = slot.Buffer.AsSpan(0, slot.Length);
            timestamp = slot.Timestamp;
            marker = slot.Marker;
            payloadType = slot.PayloadType;
            rid = slot.Rid;
            return true;
        }
    }

    /// <summary>Frees the slot <see cref="TryTake"/> returned.</summary>
    public void Release()
    {
        lock (_lock)
        {
            Slot slot = _slots[_head];
            slot.Peer = null;
            slot.Transceiver = null;
            _head = (_head + 1) % _slots.Length;
            _count--;
        }
    }

    private sealed class Slot(byte[] buffer)
    {
        public byte[] Buffer { get; } = buffer;
        public int Length { get; set; }
        public RtcPeerConnection? Peer { get; set; }
        public RtcRtpTransceiver? Transceiver { get; set; }
        public uint Timestamp { get; set; }
        public bool Marker { get; set; }
        public int PayloadType { get; set; }

        public string? Rid { get; set; }
    }
}
