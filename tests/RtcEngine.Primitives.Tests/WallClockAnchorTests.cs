using RtcEngine.Primitives;
using Xunit;

namespace RtcEngine.Primitives.Tests;

public class WallClockAnchorTests
{
    [Fact]
    public void Unix_epoch_is_ntp_seconds_2208988800()
    {
        var anchor = new WallClockAnchor(MonoTime.FromMilliseconds(1000), DateTimeOffset.UnixEpoch);
        NtpTime ntp = anchor.ToNtp(MonoTime.FromMilliseconds(1000));
        Assert.Equal(2_208_988_800u, ntp.Seconds);
        Assert.Equal(0u, ntp.Fraction);
    }

    [Fact]
    public void Half_a_second_is_fraction_0x80000000()
    {
        var anchor = new WallClockAnchor(MonoTime.Zero, DateTimeOffset.UnixEpoch);
        NtpTime ntp = anchor.ToNtp(MonoTime.FromMilliseconds(500));
        Assert.Equal(0x8000_0000u, ntp.Fraction);
    }

    [Fact]
    public void Known_date_maps_to_known_ntp_seconds()
    {
        // 2024-01-01T00:00:00Z is Unix 1704067200, so NTP 1704067200 + 2208988800 = 3913056000.
        var at = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var anchor = new WallClockAnchor(MonoTime.FromMilliseconds(7), at);
        Assert.Equal(3_913_056_000u, anchor.ToNtp(MonoTime.FromMilliseconds(7)).Seconds);
        Assert.Equal(at.AddSeconds(2.25), anchor.ToDateTimeOffset(MonoTime.FromMilliseconds(2257)));
    }

    [Fact]
    public void Ntp_round_trip_is_within_a_tick()
    {
        var anchor = new WallClockAnchor(MonoTime.FromMilliseconds(123), new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        for (long ms = 0; ms < 100_000; ms += 777)
        {
            MonoTime t = MonoTime.FromMilliseconds(ms) + TimeSpan.FromTicks(ms % 10);
            MonoTime back = anchor.FromNtp(anchor.ToNtp(t));
            Assert.InRange((back - t).Ticks, -1, 1);
        }
    }

    [Fact]
    public void Middle32_and_compact_units_match_rfc3550()
    {
        var ntp = new NtpTime(0x1234_5678u, 0x9ABC_DEF0u);
        Assert.Equal(0x5678_9ABCu, ntp.Middle32);
        Assert.Equal(0x0001_8000u, NtpTime.ToCompactUnits(TimeSpan.FromSeconds(1.5)));
        Assert.Equal(TimeSpan.FromSeconds(1.5), NtpTime.FromCompactUnits(0x0001_8000u));
        Assert.Equal(0u, NtpTime.ToCompactUnits(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void Capture_uses_the_time_provider()
    {
        var provider = new FixedTimeProvider(new DateTimeOffset(2025, 5, 5, 0, 0, 0, TimeSpan.Zero), timestamp: 42_000);
        WallClockAnchor anchor = WallClockAnchor.Capture(provider);
        Assert.Equal(MonoTime.FromTimestamp(42_000, provider.TimestampFrequency), anchor.Mono);
        Assert.Equal(provider.GetUtcNow(), anchor.ToDateTimeOffset(anchor.Mono));
    }

    private sealed class FixedTimeProvider(DateTimeOffset now, long timestamp) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public override long GetTimestamp() => timestamp;
    }
}
