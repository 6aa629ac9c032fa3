namespace RtcEngine.Testing;

/// <summary>
/// How a one-way virtual link treats datagrams. Every random choice comes from the network's seed,
/// so a scenario with the same seed and the same engines repeats exactly.
/// </summary>
public sealed record LinkConditions
{
    /// <summary>A clean link: 5 ms one-way delay, nothing lost.</summary>
    public static LinkConditions Clean { get; } = new();

    /// <summary>Base one-way delay.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Extra delay drawn uniformly from [0, Jitter) for each datagram (jitter alone can reorder).</summary>
    public TimeSpan Jitter { get; init; }

    /// <summary>Probability in [0, 1] that a datagram is lost.</summary>
    public double Loss { get; init; }

    /// <summary>Probability in [0, 1] that a datagram is delivered twice.</summary>
    public double Duplication { get; init; }

    /// <summary>Probability in [0, 1] that a datagram is held back by <see cref="ReorderDelay"/> (arriving after later ones).</summary>
    public double Reorder { get; init; }

    /// <summary>How long a reordered datagram is held back.</summary>
    public TimeSpan ReorderDelay { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Datagrams longer than this are dropped (and counted), as a path with a small MTU would.</summary>
    public int Mtu { get; init; } = 1500;

    /// <summary>When true, the link delivers nothing (a partition; consent-loss scenarios).</summary>
    public bool Down { get; init; }
}
