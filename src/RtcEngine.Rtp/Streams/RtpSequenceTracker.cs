using System.Runtime.CompilerServices;

namespace RtcEngine.Rtp;

/// <summary>What the sequence tracker made of one packet.</summary>
public enum RtpSequenceOutcome : byte
{
    /// <summary>The next packet or a jump forward within the allowed dropout: counted, newest so far.</summary>
    InOrder = 0,

    /// <summary>Older than the newest packet but not seen before (reordered, or a retransmission): counted.</summary>
    Late,

    /// <summary>Seen before (within the duplicate window): counted by RFC 3550, not delivered twice.</summary>
    Duplicate,

    /// <summary>The source is still on probation (RFC 3550 A.1): not counted yet.</summary>
    Probation,

    /// <summary>A very large jump: held until a second sequential packet confirms a restart.</summary>
    BadSequence,

    /// <summary>Two sequential packets after a large jump: the source restarted its sequence; counters rebased.</summary>
    Restarted,

    /// <summary>Older than the duplicate window: counted by RFC 3550, too old to know whether it is a duplicate.</summary>
    TooOld,
}

/// <summary>
/// RFC 3550 appendix A.1 source validation and sequence accounting, with 64-bit unwrapping and a
/// duplicate window: probation for new sources (<see cref="MinSequential"/> sequential packets),
/// MAX_DROPOUT / MAX_MISORDER handling of jumps, and the counts that loss statistics need.
/// </summary>
/// <remarks>A mutable struct owned by one <see cref="RtpReceiveStream"/>; not thread-safe.</remarks>
public struct RtpSequenceTracker
{
    /// <summary>Largest forward jump still treated as loss rather than a restart (RFC 3550 A.1).</summary>
    public const int MaxDropout = 3000;

    /// <summary>Largest backward jump still treated as reordering (RFC 3550 A.1).</summary>
    public const int MaxMisorder = 100;

    private const int SeqMod = 1 << 16;
    private const int WindowBits = 1024; // duplicate detection window

    private ushort _maxSeq;
    private long _cycles;
    private long _baseSeq;
    private long _expectedBeforeRestart;
    private int _badSeq;
    private int _probation;
    private bool _started;
    private WindowBitmap _window;

    /// <summary>A tracker requiring <paramref name="minSequential"/> sequential packets before a source is valid (RFC 3550 uses 2; 0 or 1 accepts at once).</summary>
    public RtpSequenceTracker(int minSequential)
    {
        MinSequential = Math.Max(0, minSequential);
        _badSeq = SeqMod + 1;
    }

    /// <summary>The probation length this tracker applies.</summary>
    public int MinSequential { get; }

    /// <summary>Whether the source passed probation.</summary>
    public readonly bool IsValid => _started && _probation == 0;

    /// <summary>Packets counted (RFC 3550 "received": duplicates and late packets included).</summary>
    public long Received { get; private set; }

    /// <summary>The first sequence number counted, unwrapped (RFC 3550 base_seq).</summary>
    public readonly long BaseSequence => _baseSeq;

    /// <summary>The highest sequence number received, unwrapped to 64 bits.</summary>
    public readonly long ExtendedHighest => _cycles + _maxSeq;

    /// <summary>Packets expected: highest - base + 1 (RFC 3550 A.3), summed over sequence restarts.</summary>
    public readonly long Expected => IsValid ? _expectedBeforeRestart + ExtendedHighest - _baseSeq + 1 : 0;

    /// <summary>Cumulative loss: expected - received (negative when duplicates outnumber losses).</summary>
    public readonly long Lost => Expected - Received;

    /// <summary>How many times the source restarted its sequence (a jump confirmed by two sequential packets).</summary>
    public int Restarts { get; private set; }

    /// <summary>
    /// Takes back the count of a duplicate that arrived through an RTX retransmission: it is a
    /// bandwidth probe or an unneeded resend, not a packet of this stream (the sender counts it
    /// nowhere either); only RTX packets that fill a gap count as received.
    /// </summary>
    public void UncountDuplicate() => Received--;

    /// <summary>The extended sequence number of the last packet given to <see cref="Update"/>.</summary>
    public long LastExtended { get; private set; }

    /// <summary>Accounts for a packet with sequence number <paramref name="seq"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public RtpSequenceOutcome Update(ushort seq)
    {
        if (_probation == 0 && _started)
        {
            int udelta = (ushort)(seq - _maxSeq);
            if (udelta is > 0 and < MaxDropout)
            {
                if (seq < _maxSeq)
                {
                    _cycles += SeqMod;
                }

                _maxSeq = seq;
                long extended = _cycles + seq;
                _window.Advance(extended, udelta);
                LastExtended = extended;
                Received++;
                return RtpSequenceOutcome.InOrder;
            }
        }

        return UpdateSlow(seq);
    }

    private RtpSequenceOutcome UpdateSlow(ushort seq)
    {
        if (!_started)
        {
            _started = true;
            if (MinSequential <= 1)
            {
                Init(seq);
                Received++;
                LastExtended = _cycles + seq;
                _window.Reset(LastExtended);
                return RtpSequenceOutcome.InOrder;
            }

            _maxSeq = (ushort)(seq - 1);
            _probation = MinSequential;
        }

        if (_probation > 0)
        {
            if (seq == (ushort)(_maxSeq + 1))
            {
                _probation--;
                _maxSeq = seq;
                if (_probation == 0)
                {
                    Init(seq);
                    Received++;
                    LastExtended = _cycles + seq;
                    _window.Reset(LastExtended);
                    return RtpSequenceOutcome.InOrder;
                }
            }
            else
            {
                _probation = MinSequential - 1;
                _maxSeq = seq;
            }

            LastExtended = seq;
            return RtpSequenceOutcome.Probation;
        }

        int udelta = (ushort)(seq - _maxSeq);
        if (udelta == 0)
        {
            LastExtended = _cycles + seq;
            Received++;
            return RtpSequenceOutcome.Duplicate;
        }

        if (udelta <= SeqMod - MaxMisorder && udelta >= MaxDropout)
        {
            if (seq == _badSeq)
            {
                // Two sequential packets after a big jump: the source restarted (RFC 3550 A.1).
                long previousHighest = ExtendedHighest;
                _expectedBeforeRestart += previousHighest - _baseSeq + 1;
                Restarts++;
                Init(seq);
                _cycles = ((previousHighest >> 16) + 1) << 16; // keep unwrapped numbers increasing
                _baseSeq = _cycles + seq;
                Received++;
                LastExtended = _cycles + seq;
                _window.Reset(LastExtended);
                return RtpSequenceOutcome.Restarted;
            }

            _badSeq = (seq + 1) & (SeqMod - 1);
            LastExtended = -1;
            return RtpSequenceOutcome.BadSequence;
        }

        // Behind the newest (reordered, retransmitted or duplicated): the previous cycle if it wrapped.
        long late = _cycles + seq;
        if (seq > _maxSeq)
        {
            late -= SeqMod;
        }

        LastExtended = late;
        Received++;
        if (late < _baseSeq)
        {
            return RtpSequenceOutcome.TooOld;
        }

        return _window.TestAndSet(ExtendedHighest, late) switch
        {
            WindowBitmap.Result.New => RtpSequenceOutcome.Late,
            WindowBitmap.Result.Seen => RtpSequenceOutcome.Duplicate,
            _ => RtpSequenceOutcome.TooOld,
        };
    }

    private void Init(ushort seq)
    {
        _baseSeq = _cycles + seq;
        _maxSeq = seq;
        _badSeq = SeqMod + 1;
    }

    /// <summary>Bits for the last <see cref="WindowBits"/> sequence numbers (bit set: received).</summary>
    [InlineArray(WindowBits / 64)]
    private struct WindowWords
    {
        private ulong _element;
    }

    private struct WindowBitmap
    {
        private WindowWords _words;

        public enum Result : byte
        {
            New,
            Seen,
            Outside,
        }

        public void Reset(long extended)
        {
            ((Span<ulong>)_words).Clear();
            Set(extended);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Advance(long extended, int delta)
        {
            if (delta == 1)
            {
                Set(extended);
                return;
            }

            AdvanceSlow(extended, delta);
        }

        public Result TestAndSet(long highest, long extended)
        {
            if (highest - extended >= WindowBits)
            {
                return Result.Outside;
            }

            int bit = (int)(extended & (WindowBits - 1));
            ref ulong word = ref _words[bit >> 6];
            ulong mask = 1UL << (bit & 63);
            if ((word & mask) != 0)
            {
                return Result.Seen;
            }

            word |= mask;
            return Result.New;
        }

        private void AdvanceSlow(long extended, int delta)
        {
            if (delta >= WindowBits)
            {
                ((Span<ulong>)_words).Clear();
            }
            else
            {
                for (long s = extended - delta + 1; s < extended; s++)
                {
                    int bit = (int)(s & (WindowBits - 1));
                    _words[bit >> 6] &= ~(1UL << (bit & 63));
                }
            }

            Set(extended);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Set(long extended)
        {
            int bit = (int)(extended & (WindowBits - 1));
            _words[bit >> 6] |= 1UL << (bit & 63);
        }
    }
}
