namespace RtcEngine.Session;

/// <summary>
/// A fixed ring of datagram slots for packets the connection has built and protected (RTP, RTCP)
/// and the host has not drained yet. Allocated once; reserving and taking allocate nothing.
/// Each slot keeps <c>headroom</c> bytes before the packet so that ICE can frame it in place for a
/// TURN relay.
/// </summary>
/// <remarks>Not thread-safe: owned by the connection's thread.</remarks>
internal sealed class OutboundPacketQueue
{
    private readonly byte[][] _slots;
    private readonly int[] _lengths;
    private int _head;
    private int _count;

    public OutboundPacketQueue(int capacity, int slotSize)
    {
        _slots = new byte[capacity][];
        _lengths = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            _slots[i] = GC.AllocateArray<byte>(slotSize, pinned: true);
        }
    }

    public int Count => _count;

    public bool IsFull => _count == _slots.Length;

    /// <summary>The next free slot, to fill and then <see cref="Commit"/>; false when full.</summary>
    public bool TryReserve(out byte[] slot)
    {
        if (_count == _slots.Length)
        {
            slot = [];
            return false;
        }

        slot = _slots[(_head + _count) % _slots.Length];
        return true;
    }

    /// <summary>Commits the slot last reserved, holding <paramref name="length"/> bytes after the headroom.</summary>
    public void Commit(int length)
    {
        _lengths[(_head + _count) % _slots.Length] = length;
        _count++;
    }

    /// <summary>The oldest packet (slot and its length after the headroom); false when empty.</summary>
    public bool TryPeek(out byte[] slot, out int length)
    {
        if (_count == 0)
        {
            slot = [];
            length = 0;
            return false;
        }

        slot = _slots[_head];
        length = _lengths[_head];
        return true;
    }

    /// <summary>Drops the oldest packet.</summary>
    public void Pop()
    {
        _head = (_head + 1) % _slots.Length;
        _count--;
    }

    public void Clear()
    {
        _head = 0;
        _count = 0;
    }
}
