namespace RtcEngine.Primitives;

/// <summary>
/// Maps <see cref="MonoTime"/> to wall-clock time. The driver takes one anchor when it starts
/// (a monotonic reading and the wall clock at the same moment); engines then derive NTP timestamps
/// for RTCP sender reports from monotonic time, so a wall-clock step never disturbs them.
/// </summary>
public readonly struct WallClockAnchor
{
    private readonly MonoTime _mono;
    private readonly long _unixTicks;

    /// <summary>Creates an anchor: <paramref name="mono"/> corresponds to <paramref name="wallClock"/>.</summary>
    public WallClockAnchor(MonoTime mono, DateTimeOffset wallClock)
    {
        _mono = mono;
        _unixTicks = wallClock.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
    }

    /// <summary>Takes an anchor from a time provider (the system's, or a fake one in tests).</summary>
    public static WallClockAnchor Capture(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        MonoTime mono = MonoTime.FromTimestamp(timeProvider.GetTimestamp(), timeProvider.TimestampFrequency);
        return new WallClockAnchor(mono, timeProvider.GetUtcNow());
    }

    /// <summary>The monotonic side of the anchor.</summary>
    public MonoTime Mono => _mono;

    /// <summary>Unix time of <paramref name="time"/> in 100 ns ticks since 1970-01-01T00:00:00Z.</summary>
    public long ToUnixTicks(MonoTime time) => _unixTicks + (time - _mono).Ticks;

    /// <summary>Wall-clock time of <paramref name="time"/>.</summary>
    public DateTimeOffset ToDateTimeOffset(MonoTime time) =>
        new(DateTimeOffset.UnixEpoch.UtcTicks + ToUnixTicks(time), TimeSpan.Zero);

    /// <summary>The NTP timestamp (RFC 3550 format) of <paramref name="time"/>.</summary>
    public NtpTime ToNtp(MonoTime time) => NtpTime.FromUnixTicks(ToUnixTicks(time));

    /// <summary>The monotonic instant of an NTP timestamp (for example to age a peer's SR).</summary>
    public MonoTime FromNtp(NtpTime ntp) => _mono + TimeSpan.FromTicks(ntp.ToUnixTicks() - _unixTicks);
}
