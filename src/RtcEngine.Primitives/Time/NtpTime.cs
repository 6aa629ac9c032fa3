using System.Globalization;

namespace RtcEngine.Primitives;

/// <summary>
/// A 64-bit NTP timestamp as RTCP carries it (RFC 3550 section 4): seconds since
/// 1900-01-01T00:00:00Z in the high 32 bits, binary fraction of a second in the low 32 bits.
/// </summary>
public readonly struct NtpTime : IEquatable<NtpTime>
{
    /// <summary>Seconds from the NTP epoch (1900) to the Unix epoch (1970).</summary>
    public const long UnixEpochOffsetSeconds = 2_208_988_800;

    /// <summary>Creates a timestamp from its 64-bit wire value.</summary>
    public NtpTime(ulong value) => Value = value;

    /// <summary>Creates a timestamp from its two 32-bit halves.</summary>
    public NtpTime(uint seconds, uint fraction) => Value = ((ulong)seconds << 32) | fraction;

    /// <summary>The 64-bit wire value.</summary>
    public ulong Value { get; }

    /// <summary>Whole seconds since 1900 (modulo 2^32: era 0 ends in 2036).</summary>
    public uint Seconds => (uint)(Value >> 32);

    /// <summary>Fraction of a second in units of 2^-32 s.</summary>
    public uint Fraction => (uint)Value;

    /// <summary>
    /// The middle 32 bits (16.16 fixed point seconds): the "last SR" (LSR) value of RFC 3550
    /// reception reports, and the unit of DLSR.
    /// </summary>
    public uint Middle32 => (uint)(Value >> 16);

    /// <summary>Converts Unix time in 100 ns ticks since 1970 to NTP.</summary>
    public static NtpTime FromUnixTicks(long unixTicks)
    {
        long seconds = Math.DivRem(unixTicks, TimeSpan.TicksPerSecond, out long remainderTicks);
        if (remainderTicks < 0)
        {
            seconds--;
            remainderTicks += TimeSpan.TicksPerSecond;
        }

        ulong ntpSeconds = (ulong)(seconds + UnixEpochOffsetSeconds);
        ulong fraction = ((ulong)remainderTicks << 32) / TimeSpan.TicksPerSecond;
        return new NtpTime((ntpSeconds << 32) | fraction);
    }

    /// <summary>Converts to Unix time in 100 ns ticks since 1970 (era 0, 1900 to 2036).</summary>
    public long ToUnixTicks()
    {
        long seconds = (long)Seconds - UnixEpochOffsetSeconds;
        long fractionTicks = (long)(((ulong)Fraction * TimeSpan.TicksPerSecond) >> 32);
        return seconds * TimeSpan.TicksPerSecond + fractionTicks;
    }

    /// <summary>Converts a span to the 16.16 fixed-point seconds used by RTCP's DLSR field.</summary>
    public static uint ToCompactUnits(TimeSpan span) =>
        span <= TimeSpan.Zero ? 0u : (uint)Math.Min(uint.MaxValue, (span.Ticks << 16) / TimeSpan.TicksPerSecond);

    /// <summary>Converts 16.16 fixed-point seconds (DLSR, or a difference of LSR values) to a span.</summary>
    public static TimeSpan FromCompactUnits(uint units) => TimeSpan.FromTicks(((long)units * TimeSpan.TicksPerSecond) >> 16);

    /// <inheritdoc />
    public bool Equals(NtpTime other) => Value == other.Value;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is NtpTime other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode();

    /// <summary>Equality of timestamps.</summary>
    public static bool operator ==(NtpTime left, NtpTime right) => left.Equals(right);

    /// <summary>Inequality of timestamps.</summary>
    public static bool operator !=(NtpTime left, NtpTime right) => !left.Equals(right);

    /// <summary>The value as seconds.fraction in hexadecimal.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Seconds:X8}.{Fraction:X8}");
}
