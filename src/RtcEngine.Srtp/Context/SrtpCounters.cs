using System.Runtime.CompilerServices;

namespace RtcEngine.Srtp;

/// <summary>One count per <see cref="SrtpResult"/>.</summary>
[InlineArray(SrtpCounters.ResultCount)]
internal struct ResultCounts
{
    private long _element0;
}

/// <summary>
/// A snapshot of how many packets of one kind (RTP or RTCP) a context processed, per
/// <see cref="SrtpResult"/>: what succeeded and, for what was dropped, why. Reading it allocates nothing.
/// </summary>
public readonly struct SrtpCounters
{
    internal const int ResultCount = (int)SrtpResult.IndexExhausted + 1;

    private readonly ResultCounts _counts;

    internal SrtpCounters(in ResultCounts counts) => _counts = counts;

    /// <summary>Packets protected or unprotected successfully.</summary>
    public long Ok => this[SrtpResult.Ok];

    /// <summary>Packets refused, for any reason.</summary>
    public long Dropped
    {
        get
        {
            long total = 0;
            for (int i = 1; i < ResultCount; i++)
            {
                total += _counts[i];
            }

            return total;
        }
    }

    /// <summary>Packets refused because their tag did not match.</summary>
    public long AuthenticationFailed => this[SrtpResult.AuthenticationFailed];

    /// <summary>Packets refused as replays (duplicate or older than the window).</summary>
    public long Replayed => this[SrtpResult.ReplayDuplicate] + this[SrtpResult.ReplayOld];

    /// <summary>The count of one result.</summary>
    public long this[SrtpResult result] => (uint)result < ResultCount ? _counts[(int)result] : 0;
}
