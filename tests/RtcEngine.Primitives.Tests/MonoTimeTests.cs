using RtcEngine.Primitives;
using Xunit;

namespace RtcEngine.Primitives.Tests;

public class MonoTimeTests
{
    [Fact]
    public void Arithmetic_with_timespan_is_exact()
    {
        MonoTime t = MonoTime.FromMilliseconds(1500);
        Assert.Equal(MonoTime.FromMilliseconds(1750), t + TimeSpan.FromMilliseconds(250));
        Assert.Equal(MonoTime.FromMilliseconds(1250), t - TimeSpan.FromMilliseconds(250));
        Assert.Equal(TimeSpan.FromMilliseconds(500), t - MonoTime.FromMilliseconds(1000));
        Assert.Equal(TimeSpan.FromMilliseconds(-500), MonoTime.FromMilliseconds(1000) - t);
    }

    [Fact]
    public void Never_absorbs_additions_and_overflow_saturates_to_never()
    {
        Assert.True((MonoTime.Never + TimeSpan.FromSeconds(1)).IsNever);
        Assert.True((MonoTime.FromTicks(long.MaxValue - 5) + TimeSpan.FromTicks(10)).IsNever);
        Assert.True(MonoTime.FromMilliseconds(long.MaxValue).IsNever);
        Assert.Equal(MonoTime.Zero, MonoTime.FromMilliseconds(5) - TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Min_max_and_ordering()
    {
        MonoTime a = MonoTime.FromMilliseconds(1), b = MonoTime.FromMilliseconds(2);
        Assert.Equal(a, MonoTime.Min(a, b));
        Assert.Equal(b, MonoTime.Max(a, b));
        Assert.Equal(a, MonoTime.Min(a, MonoTime.Never));
        Assert.True(a < b && b > a && a <= b && b >= a && a != b);
    }

    [Theory]
    [InlineData(1_000_000_000L, 1_000_000_000L, 10_000_000L)] // 1 s at 1 GHz
    [InlineData(3_000_000L, 1_000_000L, 30_000_000L)]          // 3 s at 1 MHz
    [InlineData(12_345L, 10_000_000L, 12_345L)]                 // TimeSpan ticks
    public void From_timestamp_scales_by_frequency(long timestamp, long frequency, long expectedTicks) =>
        Assert.Equal(expectedTicks, MonoTime.FromTimestamp(timestamp, frequency).Ticks);

    [Fact]
    public void From_timestamp_does_not_overflow_with_large_counters()
    {
        long frequency = 1_000_000_000;
        long timestamp = 9_000_000_000_000_000_000; // ~285 years of nanoseconds
        Assert.Equal(9_000_000_000_000_000_000 / 100, MonoTime.FromTimestamp(timestamp, frequency).Ticks);
    }
}
