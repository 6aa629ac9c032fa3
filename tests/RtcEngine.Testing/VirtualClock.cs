using RtcEngine.Primitives;

namespace RtcEngine.Testing;

/// <summary>A clock that moves only when told: for driving an engine by hand in a unit test.</summary>
public sealed class VirtualClock
{
    public VirtualClock(MonoTime start = default) => Now = start;

    public MonoTime Now { get; private set; }

    public MonoTime Advance(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(span), "Virtual time only moves forward.");
        }

        Now += span;
        return Now;
    }

    /// <summary>Moves to <paramref name="time"/> if it is later than now.</summary>
    public MonoTime AdvanceTo(MonoTime time)
    {
        if (time > Now && !time.IsNever)
        {
            Now = time;
        }

        return Now;
    }
}
