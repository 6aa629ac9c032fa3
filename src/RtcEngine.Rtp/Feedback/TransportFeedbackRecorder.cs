using RtcEngine.Primitives;
using RtcEngine.Rtp.Rtcp;

namespace RtcEngine.Rtp;

/// <summary>
/// The receive side of transport-wide congestion control: records the arrival time of every
/// transport-wide sequence number and turns them into feedback messages
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01) on the session's cadence, so that a browser
/// sending to us can run its send-side bandwidth estimator and ramp up.
/// </summary>
/// <remarks>
/// Arrivals live in a fixed ring (<see cref="Capacity"/> sequence numbers); a packet far ahead
/// pushes the window on and the unreported ones behind it are dropped and counted, so hostile or
/// buggy numbering never grows memory. A packet arriving after its number was reported is counted
/// as late and not reported again. Not thread-safe.
/// </remarks>
public sealed class TransportFeedbackRecorder
{
    private readonly long[] _arrivals; // arrival ticks + 1 (0: not received), by unwrapped sequence & mask
    private readonly int _mask;
    private readonly RtcpTransportFeedbackBuilder _builder;
    private long _lastUnwrapped = -1;
    private long _nextToReport = -1;
    private long _maxReceived = -1;
    private uint _mediaSsrc;
    private byte _feedbackCount;

    /// <summary>A recorder keeping <paramref name="capacity"/> sequence numbers (rounded up to a power of two), writing messages of at most <paramref name="maxMessageLength"/> bytes.</summary>
    public TransportFeedbackRecorder(int capacity = 4096, int maxMessageLength = DatagramLimits.DefaultMtu)
    {
        int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(capacity, 64));
        _arrivals = new long[size];
        _mask = size - 1;
        _builder = new RtcpTransportFeedbackBuilder(maxMessageLength);
    }

    /// <summary>Sequence numbers the ring holds.</summary>
    public int Capacity => _arrivals.Length;

    /// <summary>Whether received packets wait to be reported.</summary>
    public bool HasPending => _maxReceived >= _nextToReport && _nextToReport >= 0;

    /// <summary>Packets that arrived after their number was reported.</summary>
    public long LatePackets { get; private set; }

    /// <summary>Numbers dropped unreported because a later packet pushed the window on.</summary>
    public long Overrun { get; private set; }

    /// <summary>Feedback messages written.</summary>
    public long MessagesWritten { get; private set; }

    /// <summary>Records an arrival.</summary>
    public void OnPacket(ushort transportSequence, MonoTime arrival, uint mediaSsrc)
    {
        long unwrapped = _lastUnwrapped < 0 ? transportSequence : _lastUnwrapped + (short)(transportSequence - (ushort)_lastUnwrapped);
        if (unwrapped < 0)
        {
            return;
        }

        if (unwrapped > _lastUnwrapped)
        {
            _lastUnwrapped = unwrapped;
        }

        _mediaSsrc = mediaSsrc;
        if (_nextToReport < 0)
        {
            _nextToReport = unwrapped;
        }

        if (unwrapped < _nextToReport)
        {
            LatePackets++;
            return;
        }

        if (unwrapped - _nextToReport >= _arrivals.Length)
        {
            long newStart = unwrapped - _arrivals.Length + 1;
            for (long s = _nextToReport; s < newStart && s <= _maxReceived; s++)
            {
                if (_arrivals[s & _mask] != 0)
                {
                    Overrun++;
                }

                _arrivals[s & _mask] = 0;
            }

            if (newStart - _nextToReport > _arrivals.Length)
            {
                Array.Clear(_arrivals);
            }

            _nextToReport = newStart;
        }

        if (unwrapped > _maxReceived)
        {
            // Clear slots between the old maximum and this one: they held numbers a ring ago.
            for (long s = Math.Max(_maxReceived + 1, unwrapped - _arrivals.Length + 1); s < unwrapped; s++)
            {
                _arrivals[s & _mask] = 0;
            }

            _maxReceived = unwrapped;
        }

        _arrivals[unwrapped & _mask] = arrival.Ticks + 1;
    }

    /// <summary>
    /// Writes one feedback message covering the oldest unreported numbers (as many as fit) and
    /// marks them reported. Call repeatedly while <see cref="HasPending"/>.
    /// </summary>
    public bool TryWriteFeedback(uint senderSsrc, Span<byte> destination, out int written)
    {
        written = 0;
        if (!HasPending)
        {
            return false;
        }

        // The first received number in the window anchors the message.
        long first = _nextToReport;
        while (first <= _maxReceived && _arrivals[first & _mask] == 0)
        {
            first++;
        }

        if (first > _maxReceived)
        {
            _nextToReport = _maxReceived + 1;
            return false;
        }

        MonoTime reference = MonoTime.FromTicks(_arrivals[first & _mask] - 1);
        _builder.Reset(senderSsrc, _mediaSsrc, (ushort)first, reference, _feedbackCount);
        long last = first - 1;
        for (long s = first; s <= _maxReceived; s++)
        {
            long ticks = _arrivals[s & _mask];
            if (ticks == 0)
            {
                continue;
            }

            if (!_builder.TryAdd((ushort)s, MonoTime.FromTicks(ticks - 1)))
            {
                break;
            }

            last = s;
        }

        if (last < first || !_builder.TryWriteTo(destination, out written))
        {
            written = 0;
            return false;
        }

        for (long s = _nextToReport; s <= last; s++)
        {
            _arrivals[s & _mask] = 0;
        }

        _nextToReport = last + 1;
        _feedbackCount++;
        MessagesWritten++;
        return true;
    }
}
