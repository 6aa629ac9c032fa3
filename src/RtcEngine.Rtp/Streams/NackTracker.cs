using RtcEngine.Primitives;

namespace RtcEngine.Rtp;

/// <summary>How a receive stream asks for lost packets again (RFC 4585 generic NACK).</summary>
public sealed record NackOptions
{
    /// <summary>NACK disabled (audio, or a peer that did not negotiate <c>a=rtcp-fb:* nack</c>).</summary>
    public static NackOptions Disabled { get; } = new() { Enabled = false };

    /// <summary>Whether lost packets are NACKed.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Most missing packets tracked at once; a larger gap clears the list and asks for a keyframe.</summary>
    public int MaxMissing { get; init; } = 500;

    /// <summary>How many times one packet is asked for.</summary>
    public int MaxRetries { get; init; } = 10;

    /// <summary>After this long a missing packet is given up.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Wait before the first NACK of a gap, to let reordered packets arrive (0: at once, as libwebrtc).</summary>
    public TimeSpan ReorderingDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Shortest wait between two NACKs of the same packet (the wait is max(this, RTT)).</summary>
    public TimeSpan MinRetryInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Whether a packet given up (too old, too many retries, list overflow) asks for a keyframe.</summary>
    public bool KeyframeOnUnrecoverableLoss { get; init; } = true;
}

/// <summary>
/// The missing packets of one receive stream, in sequence order, with when each was last asked for:
/// a bounded list (<see cref="NackOptions.MaxMissing"/>) that never grows from remote input.
/// </summary>
/// <remarks>Owned by one <see cref="RtpReceiveStream"/>; not thread-safe.</remarks>
public sealed class NackTracker
{
    private readonly NackOptions _options;
    private readonly Entry[] _entries;
    private int _count;
    private MonoTime _nextDue = MonoTime.Never;

    /// <summary>A tracker with <paramref name="options"/>.</summary>
    public NackTracker(NackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxMissing, 1);
        _options = options;
        _entries = new Entry[options.MaxMissing];
    }

    /// <summary>Packets currently missing and still asked for.</summary>
    public int MissingCount
    {
        get
        {
            int n = 0;
            for (int i = 0; i < _count; i++)
            {
                n += _entries[i].Recovered ? 0 : 1;
            }

            return n;
        }
    }

    /// <summary>Missing packets that later arrived (reordered or retransmitted).</summary>
    public long Recovered { get; private set; }

    /// <summary>Missing packets given up: too old, asked for too often, or pushed out by a larger gap.</summary>
    public long GivenUp { get; private set; }

    /// <summary>Set when a packet was given up and the options ask for a keyframe; the owner clears it.</summary>
    public bool KeyframeNeeded { get; set; }

    /// <summary>The earliest instant a NACK is due (a hint: early is harmless).</summary>
    public MonoTime NextDue => _count == 0 ? MonoTime.Never : _nextDue;

    /// <summary>Records a gap: every sequence number after <paramref name="previousHighest"/> and before <paramref name="newHighest"/> is missing.</summary>
    public void OnGap(long previousHighest, long newHighest, MonoTime now)
    {
        long gap = newHighest - previousHighest - 1;
        if (gap <= 0)
        {
            return;
        }

        if (gap > _options.MaxMissing)
        {
            GivenUp += gap;
            GiveUpAll();
            return;
        }

        for (long s = previousHighest + 1; s < newHighest; s++)
        {
            if (_count == _entries.Length && !Compact(now))
            {
                // Full of live entries: give up the oldest to make room.
                GivenUp++;
                SignalKeyframe();
                Array.Copy(_entries, 1, _entries, 0, _count - 1);
                _count--;
            }

            _entries[_count++] = new Entry(s, now.Ticks);
        }

        _nextDue = MonoTime.Min(_nextDue, now + _options.ReorderingDelay);
    }

    /// <summary>A packet older than the newest arrived: it is no longer missing.</summary>
    public void OnLatePacket(long extended)
    {
        int lo = 0;
        int hi = _count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            long seq = _entries[mid].Sequence;
            if (seq == extended)
            {
                if (!_entries[mid].Recovered)
                {
                    _entries[mid].Recovered = true;
                    Recovered++;
                }

                return;
            }

            if (seq < extended)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
    }

    /// <summary>Forgets everything (sequence restart, SSRC reuse).</summary>
    public void Clear()
    {
        _count = 0;
        _nextDue = MonoTime.Never;
    }

    /// <summary>
    /// Writes the sequence numbers (low 16 bits) due for a NACK at <paramref name="now"/> into
    /// <paramref name="destination"/>, in increasing order, and marks them asked for.
    /// </summary>
    /// <param name="now">The current time.</param>
    /// <param name="rtt">The round-trip time: a packet is asked for again only after it.</param>
    /// <param name="destination">Where the numbers go; at most its length are collected.</param>
    /// <returns>How many were written.</returns>
    public int CollectDue(MonoTime now, TimeSpan rtt, Span<ushort> destination)
    {
        Compact(now);
        TimeSpan retry = rtt > _options.MinRetryInterval ? rtt : _options.MinRetryInterval;
        long firstWait = _options.ReorderingDelay.Ticks;
        MonoTime next = MonoTime.Never;
        int written = 0;
        for (int i = 0; i < _count; i++)
        {
            ref Entry e = ref _entries[i];
            MonoTime due = e.LastSentTicks == 0
                ? MonoTime.FromTicks(e.DetectedTicks + firstWait)
                : MonoTime.FromTicks(e.LastSentTicks + retry.Ticks);
            if (due <= now && written < destination.Length)
            {
                destination[written++] = (ushort)e.Sequence;
                e.LastSentTicks = Math.Max(1, now.Ticks);
                e.Retries++;
                due = now + retry;
            }

            next = MonoTime.Min(next, due);
        }

        _nextDue = next;
        return written;
    }

    // Drops recovered entries and gives up stale ones; true when room was made.
    private bool Compact(MonoTime now)
    {
        int kept = 0;
        long maxAge = _options.MaxAge.Ticks;
        for (int i = 0; i < _count; i++)
        {
            Entry e = _entries[i];
            if (e.Recovered)
            {
                continue;
            }

            if (e.Retries >= _options.MaxRetries || now.Ticks - e.DetectedTicks > maxAge)
            {
                GivenUp++;
                SignalKeyframe();
                continue;
            }

            _entries[kept++] = e;
        }

        bool freed = kept < _count;
        _count = kept;
        return freed;
    }

    private void GiveUpAll()
    {
        GivenUp += MissingCount;
        _count = 0;
        SignalKeyframe();
    }

    private void SignalKeyframe()
    {
        if (_options.KeyframeOnUnrecoverableLoss)
        {
            KeyframeNeeded = true;
        }
    }

    private struct Entry(long sequence, long detectedTicks)
    {
        public long Sequence = sequence;
        public long DetectedTicks = detectedTicks;
        public long LastSentTicks;
        public int Retries;
        public bool Recovered;
    }
}
