using System.Diagnostics;
using System.Globalization;

namespace RtcEngine.Primitives;

/// <summary>
/// A monotonic instant, in 100-nanosecond ticks since an arbitrary origin chosen by the host.
/// Engines never read a clock: the driver (or a test's virtual clock) passes the current
/// <see cref="MonoTime"/> into every call, and engines answer with the <see cref="MonoTime"/>
/// at which they next want to be woken (or <see cref="Never"/>).
/// </summary>
/// <remarks>
/// Arithmetic saturates: adding to <see cref="Never"/> stays <see cref="Never"/>, and an addition
/// that would overflow gives <see cref="Never"/>. The tick is <see cref="TimeSpan"/>'s tick so that
/// conversions to and from <see cref="TimeSpan"/> are exact.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public readonly struct MonoTime : IEquatable<MonoTime>, IComparable<MonoTime>
{
    private readonly long _ticks;

    private MonoTime(long ticks) => _ticks = ticks;

    /// <summary>The origin of the host's clock.</summary>
    public static MonoTime Zero => default;

    /// <summary>An instant that never comes: "no timeout pending".</summary>
    public static MonoTime Never => new(long.MaxValue);

    /// <summary>The instant, in 100-nanosecond ticks since the origin.</summary>
    public long Ticks => _ticks;

    /// <summary>Whether this is <see cref="Never"/>.</summary>
    public bool IsNever => _ticks == long.MaxValue;

    /// <summary>Seconds since the origin, for display and for statistics.</summary>
    public double TotalSeconds => (double)_ticks / TimeSpan.TicksPerSecond;

    /// <summary>Microseconds since the origin (truncated).</summary>
    public long TotalMicroseconds => _ticks / TimeSpan.TicksPerMicrosecond;

    /// <summary>Milliseconds since the origin (truncated).</summary>
    public long TotalMilliseconds => _ticks / TimeSpan.TicksPerMillisecond;

    /// <summary>An instant from ticks (100 ns) since the origin. Negative values are clamped to zero.</summary>
    public static MonoTime FromTicks(long ticks) => new(Math.Max(0, ticks));

    /// <summary>An instant from milliseconds since the origin.</summary>
    public static MonoTime FromMilliseconds(long milliseconds) =>
        FromTicks(SaturatingMultiply(milliseconds, TimeSpan.TicksPerMillisecond));

    /// <summary>An instant from microseconds since the origin.</summary>
    public static MonoTime FromMicroseconds(long microseconds) =>
        FromTicks(SaturatingMultiply(microseconds, TimeSpan.TicksPerMicrosecond));

    /// <summary>
    /// An instant from a raw timestamp and its frequency, as given by
    /// <see cref="TimeProvider.GetTimestamp"/> and <see cref="TimeProvider.TimestampFrequency"/>.
    /// </summary>
    public static MonoTime FromTimestamp(long timestamp, long frequency)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frequency);
        if (frequency == TimeSpan.TicksPerSecond)
        {
            return FromTicks(timestamp);
        }

        // Split to avoid overflow: whole seconds, then the remainder scaled.
        long seconds = Math.DivRem(timestamp, frequency, out long remainder);
        return FromTicks(SaturatingMultiply(seconds, TimeSpan.TicksPerSecond) + remainder * TimeSpan.TicksPerSecond / frequency);
    }

    /// <summary>The instant <paramref name="span"/> after <paramref name="time"/>; saturates at <see cref="Never"/>.</summary>
    public static MonoTime operator +(MonoTime time, TimeSpan span)
    {
        if (time.IsNever)
        {
            return Never;
        }

        long sum = time._ticks + span.Ticks;
        if (span.Ticks > 0 && sum < time._ticks)
        {
            return Never;
        }

        return new MonoTime(Math.Max(0, sum));
    }

    /// <summary>The instant <paramref name="span"/> before <paramref name="time"/>, clamped at zero.</summary>
    public static MonoTime operator -(MonoTime time, TimeSpan span) => time + span.Negate();

    /// <summary>The time elapsed from <paramref name="earlier"/> to <paramref name="later"/> (negative if reversed).</summary>
    public static TimeSpan operator -(MonoTime later, MonoTime earlier) => TimeSpan.FromTicks(later._ticks - earlier._ticks);

    /// <summary>Compares two instants.</summary>
    public static bool operator <(MonoTime left, MonoTime right) => left._ticks < right._ticks;

    /// <summary>Compares two instants.</summary>
    public static bool operator >(MonoTime left, MonoTime right) => left._ticks > right._ticks;

    /// <summary>Compares two instants.</summary>
    public static bool operator <=(MonoTime left, MonoTime right) => left._ticks <= right._ticks;

    /// <summary>Compares two instants.</summary>
    public static bool operator >=(MonoTime left, MonoTime right) => left._ticks >= right._ticks;

    /// <summary>Equality of instants.</summary>
    public static bool operator ==(MonoTime left, MonoTime right) => left._ticks == right._ticks;

    /// <summary>Inequality of instants.</summary>
    public static bool operator !=(MonoTime left, MonoTime right) => left._ticks != right._ticks;

    /// <summary>The earlier of two instants (how engines merge their timers).</summary>
    public static MonoTime Min(MonoTime a, MonoTime b) => a._ticks <= b._ticks ? a : b;

    /// <summary>The later of two instants.</summary>
    public static MonoTime Max(MonoTime a, MonoTime b) => a._ticks >= b._ticks ? a : b;

    /// <inheritdoc />
    public bool Equals(MonoTime other) => _ticks == other._ticks;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is MonoTime other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _ticks.GetHashCode();

    /// <inheritdoc />
    public int CompareTo(MonoTime other) => _ticks.CompareTo(other._ticks);

    /// <summary>Seconds since the origin with microsecond precision, or "never".</summary>
    public override string ToString() =>
        IsNever ? "never" : TotalSeconds.ToString("0.000000", CultureInfo.InvariantCulture) + "s";

    // Instants are never negative, so only the positive side needs to saturate.
    private static long SaturatingMultiply(long value, long factor) =>
        value <= 0 ? 0 : value > long.MaxValue / factor ? long.MaxValue : value * factor;
}
