using RtcEngine.Primitives;

namespace RtcEngine.Rtp;

/// <summary>
/// The receive-side estimate a REMB message carries (draft-alvestrand-rmcat-remb): the incoming rate
/// measured over one-second windows, with a loss-based controller on top. Loss under 2% lets the
/// estimate grow 8% per update above what arrives (so the sender may probe upward); loss over 10%
/// cuts it to the received rate times (1 - loss/2); between, it holds.
/// </summary>
/// <remarks>
/// A simple, stable estimator, enough for a browser that negotiated <c>goog-remb</c> to ramp up to
/// what the path carries. It does not model queuing delay as libwebrtc's remote estimator does;
/// transport-wide feedback is the primary path for browsers. Not thread-safe.
/// </remarks>
public sealed class ReceiveBitrateEstimator
{
    private readonly long _min;
    private readonly long _max;
    private long _windowBytes;
    private MonoTime _windowStart;
    private bool _started;

    /// <summary>An estimator starting at <paramref name="initial"/> bits per second, kept within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public ReceiveBitrateEstimator(long initial = 300_000, long min = 30_000, long max = 20_000_000)
    {
        _min = min;
        _max = max;
        Estimate = Math.Clamp(initial, min, max);
    }

    /// <summary>The current estimate, bits per second.</summary>
    public long Estimate { get; private set; }

    /// <summary>The incoming rate over the last whole window, bits per second.</summary>
    public long IncomingBitrate { get; private set; }

    /// <summary>Counts a received packet's size (per packet: an add and a compare).</summary>
    public void OnPacket(MonoTime now, int size)
    {
        if (!_started)
        {
            _started = true;
            _windowStart = now;
        }

        TimeSpan elapsed = now - _windowStart;
        if (elapsed.Ticks >= TimeSpan.TicksPerSecond)
        {
            IncomingBitrate = (long)(_windowBytes * 8 / elapsed.TotalSeconds);
            _windowBytes = 0;
            _windowStart = now;
        }

        _windowBytes += size;
    }

    /// <summary>Updates the estimate with the loss fraction seen since the last update (0..1).</summary>
    public long Update(double fractionLost)
    {
        long incoming = IncomingBitrate;
        if (incoming == 0)
        {
            return Estimate;
        }

        long next = fractionLost switch
        {
            < 0.02 => (long)(Math.Max(Estimate, incoming) * 1.08),
            > 0.10 => (long)(incoming * (1 - fractionLost / 2)),
            _ => Estimate,
        };
        Estimate = Math.Clamp(next, _min, _max);
        return Estimate;
    }
}
