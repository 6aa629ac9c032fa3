using Xunit;

namespace RtcEngine.Testing;

/// <summary>
/// Zero-allocation checks. Run the work once first (warm-up: JIT, lazy statics, pools filling), then
/// measure. <see cref="GC.GetAllocatedBytesForCurrentThread"/> is exact for single-threaded loops;
/// <see cref="GC.GetTotalAllocatedBytes(bool)"/> covers work on other threads (drivers on the thread pool).
/// </summary>
public static class AllocationAssert
{
    /// <summary>Bytes allocated by <paramref name="action"/> on the current thread.</summary>
    public static long MeasureCurrentThread(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>Bytes allocated on all threads while <paramref name="action"/> ran.</summary>
    public static long MeasureAllThreads(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        long before = GC.GetTotalAllocatedBytes(precise: true);
        action();
        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }

    /// <summary>Asserts that <paramref name="action"/> allocates nothing on this thread after <paramref name="warmup"/> runs.</summary>
    public static void NoAllocations(Action action, int warmup = 2, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        for (int i = 0; i < warmup; i++)
        {
            action();
        }

        long allocated = MeasureCurrentThread(action);
        Assert.True(allocated == 0, $"{what ?? "the operation"} allocated {allocated} bytes on the current thread; expected none.");
    }

    /// <summary>Asserts that <paramref name="action"/> allocates at most <paramref name="tolerance"/> bytes on all threads.</summary>
    public static void NoAllocationsOnAnyThread(Action action, long tolerance = 0, int warmup = 1, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        for (int i = 0; i < warmup; i++)
        {
            action();
        }

        long allocated = MeasureAllThreads(action);
        Assert.True(allocated <= tolerance, $"{what ?? "the operation"} allocated {allocated} bytes on all threads; expected at most {tolerance}.");
    }
}
