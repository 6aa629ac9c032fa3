using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RtcEngine.Primitives;

namespace RtcEngine.Session.Driver.Udp;

/// <summary>
/// The datagrams waiting for the next flush, packed back to back in one pinned arena so that a run
/// of datagrams to one destination is already contiguous: a UDP GSO send takes it as one iovec.
/// </summary>
/// <remarks>Not thread-safe: owned by the thread that sends on the socket.</remarks>
internal sealed unsafe class UdpSendQueue
{
    private readonly byte[] _arena;
    private readonly Entry[] _entries;
    private int _used;

    public UdpSendQueue(int capacity, int maxDatagramSize)
    {
        MaxDatagramSize = maxDatagramSize;
        _entries = new Entry[capacity];
        _arena = GC.AllocateUninitializedArray<byte>(capacity * maxDatagramSize, pinned: true);
        ArenaPointer = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_arena));
    }

    public int Count { get; private set; }

    public int Capacity => _entries.Length;

    public int MaxDatagramSize { get; }

    public byte* ArenaPointer { get; }

    public bool IsFull => Count == _entries.Length;

    /// <summary>Room for the next datagram (<see cref="MaxDatagramSize"/> bytes), or false when full.</summary>
    public bool TryGetBuffer(out Span<byte> buffer)
    {
        if (IsFull)
        {
            buffer = default;
            return false;
        }

        // Each queued datagram takes at most MaxDatagramSize, so a free entry always has room.
        buffer = _arena.AsSpan(_used, MaxDatagramSize);
        return true;
    }

    public void Commit(int length, PeerAddress remote)
    {
        ref Entry entry = ref _entries[Count++];
        entry.Offset = _used;
        entry.Length = length;
        entry.Remote = remote;
        _used += length;
    }

    public ref readonly PeerAddress RemoteAt(int index) => ref _entries[index].Remote;

    public int OffsetAt(int index) => _entries[index].Offset;

    public int LengthAt(int index) => _entries[index].Length;

    public ReadOnlySpan<byte> DataAt(int index) => _arena.AsSpan(_entries[index].Offset, _entries[index].Length);

    public void Clear()
    {
        Count = 0;
        _used = 0;
    }

    private struct Entry
    {
        public int Offset;
        public int Length;
        public PeerAddress Remote;
    }
}
