using RtcEngine.Primitives;

namespace RtcEngine.Rtp;

/// <summary>
/// The last packets a send stream sent, kept so that NACKed ones can be retransmitted (RFC 4588):
/// a fixed slab of slots indexed by sequence number, allocated once, never grown.
/// </summary>
/// <remarks>
/// A slot holds the packet as written before SRTP (header, extensions, payload). A lookup checks the
/// slot still holds that sequence number, that the packet is not older than
/// <see cref="MaxAge"/>, and that it was not retransmitted less than a minimum interval ago (a NACK
/// repeated within one RTT must not double the retransmission). Not thread-safe.
/// </remarks>
public sealed class RtxCache
{
    private readonly byte[] _slab;
    private readonly Slot[] _slots;
    private readonly int _mask;

    /// <summary>A cache of <paramref name="capacity"/> packets (rounded up to a power of two) of at most <paramref name="maxPacketSize"/> bytes.</summary>
    public RtxCache(int capacity, int maxPacketSize, TimeSpan maxAge)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPacketSize, RtpPacketReader.FixedHeaderLength);
        int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity);
        _slots = new Slot[size];
        _mask = size - 1;
        _slab = new byte[size * maxPacketSize];
        MaxPacketSize = maxPacketSize;
        MaxAge = maxAge;
        for (int i = 0; i < size; i++)
        {
            _slots[i].Sequence = -1;
        }
    }

    /// <summary>Number of packets the cache holds.</summary>
    public int Capacity => _slots.Length;

    /// <summary>Largest packet kept; longer packets are not cached.</summary>
    public int MaxPacketSize { get; }

    /// <summary>Packets older than this are not retransmitted.</summary>
    public TimeSpan MaxAge { get; }

    /// <summary>Keeps a copy of a packet just sent.</summary>
    public void Store(ushort sequenceNumber, ReadOnlySpan<byte> packet, MonoTime sentAt)
    {
        ref Slot slot = ref _slots[sequenceNumber & _mask];
        if (packet.Length > MaxPacketSize)
        {
            slot.Sequence = -1;
            return;
        }

        packet.CopyTo(_slab.AsSpan((sequenceNumber & _mask) * MaxPacketSize));
        slot.Sequence = sequenceNumber;
        slot.Length = packet.Length;
        slot.SentTicks = sentAt.Ticks;
        slot.RetransmittedTicks = long.MinValue;
    }

    /// <summary>Why a lookup found nothing to retransmit.</summary>
    public enum Miss : byte
    {
        /// <summary>Found.</summary>
        None = 0,

        /// <summary>Not in the cache (never sent, or overwritten).</summary>
        NotFound,

        /// <summary>Older than <see cref="MaxAge"/>.</summary>
        TooOld,

        /// <summary>Retransmitted less than the minimum interval ago.</summary>
        TooSoon,
    }

    /// <summary>Finds a packet to retransmit and marks it retransmitted at <paramref name="now"/>.</summary>
    /// <param name="sequenceNumber">The NACKed sequence number.</param>
    /// <param name="now">The current time.</param>
    /// <param name="minInterval">Skip the packet if it was retransmitted less than this ago (about one RTT).</param>
    /// <param name="packet">The stored packet, valid until the slot is overwritten.</param>
    /// <param name="miss">Why nothing was found.</param>
    public bool TryTake(ushort sequenceNumber, MonoTime now, TimeSpan minInterval, out ReadOnlySpan<byte> packet, out Miss miss)
    {
        ref Slot slot = ref _slots[sequenceNumber & _mask];
        packet = default;
        if (slot.Sequence != sequenceNumber)
        {
            miss = Miss.NotFound;
            return false;
        }

        if (now.Ticks - slot.SentTicks > MaxAge.Ticks)
        {
            miss = Miss.TooOld;
            return false;
        }

        if (slot.RetransmittedTicks != long.MinValue && now.Ticks - slot.RetransmittedTicks < minInterval.Ticks)
        {
            miss = Miss.TooSoon;
            return false;
        }

        slot.RetransmittedTicks = now.Ticks;
        packet = _slab.AsSpan((sequenceNumber & _mask) * MaxPacketSize, slot.Length);
        miss = Miss.None;
        return true;
    }

    private struct Slot
    {
        public int Sequence;
        public int Length;
        public long SentTicks;
        public long RetransmittedTicks;
    }
}
