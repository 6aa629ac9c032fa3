using System.Numerics;

namespace RtcEngine.Dtls;

/// <summary>What <see cref="HandshakeReassembler.Add"/> did with a fragment.</summary>
internal enum FragmentOutcome
{
    /// <summary>Stored (or already held: a duplicate fragment changes nothing).</summary>
    Accepted,

    /// <summary>Its message was already processed: the peer retransmitted an older flight.</summary>
    Old,

    /// <summary>Too far ahead of the next expected message.</summary>
    OutOfWindow,

    /// <summary>Its message is longer than allowed.</summary>
    TooLarge,

    /// <summary>Type, length or epoch disagree with earlier fragments of the same message.</summary>
    Inconsistent,
}

/// <summary>
/// Reassembles handshake messages from fragments that may arrive out of order, overlap or repeat
/// (RFC 6347 section 4.2.3), and hands them out strictly in message_seq order. Memory is bounded:
/// a few messages ahead of the next expected one, each at most a configured length.
/// </summary>
/// <remarks>Not thread-safe; one per endpoint.</remarks>
internal sealed class HandshakeReassembler
{
    /// <summary>How many messages beyond the next expected one may be buffered.</summary>
    public const int Window = 8;

    private readonly Slot[] _slots = new Slot[Window];
    private readonly int _maxMessageLength;

    public HandshakeReassembler(int maxMessageLength)
    {
        _maxMessageLength = maxMessageLength;
        for (int i = 0; i < Window; i++)
        {
            _slots[i] = new Slot();
        }
    }

    /// <summary>The message_seq the next message handed out will have.</summary>
    public ushort NextSeq { get; private set; }

    /// <summary>Whether any fragment is held.</summary>
    public bool IsEmpty
    {
        get
        {
            foreach (Slot slot in _slots)
            {
                if (slot.InUse)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Forgets everything and expects <paramref name="nextSeq"/> next.</summary>
    public void Reset(ushort nextSeq)
    {
        NextSeq = nextSeq;
        foreach (Slot slot in _slots)
        {
            slot.Clear();
        }
    }

    public FragmentOutcome Add(in HandshakeFragment fragment, ushort epoch, int maxLength = int.MaxValue)
    {
        int ahead = fragment.MessageSeq - NextSeq;
        if (ahead < 0)
        {
            return FragmentOutcome.Old;
        }

        if (ahead >= Window)
        {
            return FragmentOutcome.OutOfWindow;
        }

        if (fragment.Length > Math.Min(_maxMessageLength, maxLength))
        {
            return FragmentOutcome.TooLarge;
        }

        Slot slot = _slots[fragment.MessageSeq % Window];
        if (!slot.InUse)
        {
            slot.Start(fragment.MessageSeq, fragment.Type, fragment.Length, epoch);
        }
        else if (slot.Seq != fragment.MessageSeq || slot.Type != fragment.Type || slot.Length != fragment.Length || slot.Epoch != epoch)
        {
            return FragmentOutcome.Inconsistent;
        }

        slot.Fill(fragment.FragmentOffset, fragment.Body);
        return FragmentOutcome.Accepted;
    }

    /// <summary>The next message if it is complete; it stays held until <see cref="Advance"/>.</summary>
    public bool TryPeekComplete(out HandshakeType type, out ReadOnlySpan<byte> body, out ushort epoch, out ushort seq)
    {
        Slot slot = _slots[NextSeq % Window];
        if (slot.InUse && slot.Seq == NextSeq && slot.Complete)
        {
            type = slot.Type;
            body = slot.Body;
            epoch = slot.Epoch;
            seq = slot.Seq;
            return true;
        }

        type = default;
        body = default;
        epoch = 0;
        seq = 0;
        return false;
    }

    /// <summary>Releases the next message and moves on to the one after.</summary>
    public void Advance()
    {
        _slots[NextSeq % Window].Clear();
        NextSeq++;
    }

    private sealed class Slot
    {
        private byte[] _buffer = [];
        private ulong[] _coverage = [];
        private int _received;

        public bool InUse { get; private set; }

        public ushort Seq { get; private set; }

        public HandshakeType Type { get; private set; }

        public int Length { get; private set; }

        public ushort Epoch { get; private set; }

        public bool Complete => _received == Length;

        public ReadOnlySpan<byte> Body => _buffer.AsSpan(0, Length);

        public void Start(ushort seq, HandshakeType type, int length, ushort epoch)
        {
            InUse = true;
            Seq = seq;
            Type = type;
            Length = length;
            Epoch = epoch;
            _received = 0;
            if (_buffer.Length < length)
            {
                _buffer = new byte[length];
            }

            int words = (length + 63) / 64;
            if (_coverage.Length < words)
            {
                _coverage = new ulong[words];
            }
            else
            {
                Array.Clear(_coverage);
            }
        }

        public void Fill(int offset, ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_buffer.AsSpan(offset));
            int end = offset + bytes.Length;
            int bit = offset;
            while (bit < end)
            {
                int word = bit >> 6;
                int start = bit & 63;
                int count = Math.Min(64 - start, end - bit);
                ulong mask = (count == 64 ? ulong.MaxValue : ((1UL << count) - 1)) << start;
                _received += BitOperations.PopCount(mask & ~_coverage[word]);
                _coverage[word] |= mask;
                bit += count;
            }
        }

        public void Clear()
        {
            InUse = false;
            _received = 0;
        }
    }
}
