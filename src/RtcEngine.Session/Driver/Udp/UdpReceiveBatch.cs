using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RtcEngine.Primitives;
using RtcEngine.Session.Driver.Udp.Linux;

namespace RtcEngine.Session.Driver.Udp;

/// <summary>
/// The datagrams one <see cref="UdpBatchSocket.Receive"/> call delivered, in pinned buffers this
/// batch owns: <see cref="Count"/> datagrams, each read with the indexer as a
/// <see cref="ReceivedDatagram"/> whose bytes stay valid (and writable, for in-place SRTP) until the
/// next <see cref="UdpBatchSocket.Receive"/> into this batch. Made by
/// <see cref="UdpBatchSocket.CreateReceiveBatch"/>, sized for that socket (with UDP GRO each buffer
/// holds a 64 KB coalesced datagram that the socket splits into its segments).
/// </summary>
/// <remarks>
/// Not thread-safe: owned by the thread that calls <see cref="UdpBatchSocket.Receive"/>. Holding two
/// batches lets a host read into one while another thread still works on the other.
/// </remarks>
public sealed unsafe class UdpReceiveBatch
{
    /// <summary>Size of one buffer when UDP GRO may coalesce: the largest UDP payload, rounded up.</summary>
    internal const int GroBufferSize = 65_536;

    /// <summary>
    /// Entries per GRO buffer: the kernel coalesces at most 64 datagrams (UDP_GRO_CNT_MAX); a
    /// message with more (a local GSO sender on a kernel allowing 128 segments) is handed out over
    /// two receives.
    /// </summary>
    internal const int SegmentsPerGroMessage = 64;

    private readonly byte[] _buffers;
    private readonly Entry[] _entries;
    private int _count;

    internal UdpReceiveBatch(int messageCount, int maxDatagramSize, bool native, bool gro, int segmentsPerGroMessage = SegmentsPerGroMessage)
    {
        MessageCount = messageCount;
        MaxDatagramSize = maxDatagramSize;
        IsNative = native;
        IsGro = gro;

        // The portable path reads one byte more than the limit: a datagram that fills it was truncated.
        int bufferSize = gro ? GroBufferSize : maxDatagramSize + 1;
        Stride = (bufferSize + 63) & ~63;
        _buffers = GC.AllocateUninitializedArray<byte>(messageCount * Stride, pinned: true);
        _entries = new Entry[gro ? messageCount * segmentsPerGroMessage : messageCount];
        BuffersPointer = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_buffers));

        if (native)
        {
            Messages = GC.AllocateArray<MMsgHdr>(messageCount, pinned: true);
            IoVecs = GC.AllocateArray<IoVec>(messageCount, pinned: true);
            Names = GC.AllocateArray<byte>(messageCount * NativeSocketAddress.Stride, pinned: true);
            Control = GC.AllocateArray<byte>(messageCount * NativeSocketAddress.ReceiveControlSpace, pinned: true);
            MessagesPointer = (MMsgHdr*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(Messages));
            IoVec* iov = (IoVec*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(IoVecs));
            byte* names = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(Names));
            byte* control = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(Control));
            for (int i = 0; i < messageCount; i++)
            {
                iov[i].Base = BuffersPointer + (i * Stride);
                iov[i].Length = (nuint)(gro ? GroBufferSize : maxDatagramSize);
                ref MsgHdr header = ref MessagesPointer[i].Header;
                header.Name = names + (i * NativeSocketAddress.Stride);
                header.Iov = iov + i;
                header.IovLength = 1;
                header.Control = gro ? control + (i * NativeSocketAddress.ReceiveControlSpace) : null;
            }

            ResetNativeHeaders(messageCount);
        }
    }

    /// <summary>Number of datagrams the last <see cref="UdpBatchSocket.Receive"/> delivered.</summary>
    public int Count => _count;

    /// <summary>Most datagrams one <see cref="UdpBatchSocket.Receive"/> can deliver into this batch.</summary>
    public int Capacity => _entries.Length;

    /// <summary>The local address the datagrams arrived on (the socket's bound address).</summary>
    public PeerAddress Local { get; internal set; }

    /// <summary>The datagram at <paramref name="index"/> (below <see cref="Count"/>), valid until the next receive into this batch.</summary>
    public ReceivedDatagram this[int index]
    {
        get
        {
            ref Entry entry = ref GetEntry(index);
            return new ReceivedDatagram(_buffers.AsSpan(entry.Offset, entry.Length), Local, entry.Remote);
        }
    }

    /// <summary>The bytes of the datagram at <paramref name="index"/> (writable, valid until the next receive).</summary>
    public Span<byte> GetData(int index)
    {
        ref Entry entry = ref GetEntry(index);
        return _buffers.AsSpan(entry.Offset, entry.Length);
    }

    /// <summary>The address the datagram at <paramref name="index"/> came from.</summary>
    public PeerAddress GetRemote(int index) => GetEntry(index).Remote;

    internal int MessageCount { get; }

    internal int MaxDatagramSize { get; }

    internal bool IsNative { get; }

    internal bool IsGro { get; }

    internal int Stride { get; }

    internal byte* BuffersPointer { get; }

    internal MMsgHdr[]? Messages { get; }

    internal IoVec[]? IoVecs { get; }

    internal byte[]? Names { get; }

    internal byte[]? Control { get; }

    internal MMsgHdr* MessagesPointer { get; }

    /// <summary>Messages the kernel filled on the last call whose headers need resetting.</summary>
    internal int DirtyMessages { get; set; }

    /// <summary>GRO only: messages received but not yet split (the entries ran out); handed out before the next syscall.</summary>
    internal int PendingMessageIndex { get; set; }

    internal int PendingMessageEnd { get; set; }

    internal int PendingSegmentOffset { get; set; }

    internal bool HasPending => PendingMessageIndex < PendingMessageEnd;

    internal bool IsFull => _count == _entries.Length;

    internal void Clear() => _count = 0;

    /// <summary>The portable path's receive buffer for message <paramref name="message"/> (limit plus the truncation sentinel).</summary>
    internal Span<byte> PortableBuffer(int message) => _buffers.AsSpan(message * Stride, MaxDatagramSize + 1);

    internal void Add(int offset, int length, PeerAddress remote)
    {
        ref Entry entry = ref _entries[_count++];
        entry.Offset = offset;
        entry.Length = length;
        entry.Remote = remote;
    }

    /// <summary>Restores what the kernel overwrote in the first <paramref name="count"/> headers.</summary>
    internal void ResetNativeHeaders(int count)
    {
        for (int i = 0; i < count; i++)
        {
            ref MsgHdr header = ref MessagesPointer[i].Header;
            header.NameLength = NativeSocketAddress.Stride;
            header.ControlLength = header.Control == null ? 0 : (nuint)NativeSocketAddress.ReceiveControlSpace;
            header.Flags = 0;
        }
    }

    private ref Entry GetEntry(int index)
    {
        if ((uint)index >= (uint)_count)
        {
            ThrowIndex(index);
        }

        return ref _entries[index];
    }

    [DoesNotReturn]
    private void ThrowIndex(int index) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, $"The batch holds {_count} datagrams.");

    private struct Entry
    {
        public int Offset;
        public int Length;
        public PeerAddress Remote;
    }
}
