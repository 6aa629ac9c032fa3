namespace RtcEngine.Srtp;

/// <summary>Limits and policies of one <see cref="SrtpContext"/>. Immutable once the context is built.</summary>
public sealed class SrtpContextOptions
{
    /// <summary>Default for <see cref="MaxSsrcs"/>.</summary>
    public const int DefaultMaxSsrcs = 256;

    /// <summary>Default for <see cref="ReplayWindowSize"/> (RFC 3711 section 3.3.2 asks for at least 64).</summary>
    public const int DefaultReplayWindowSize = 128;

    /// <summary>Largest <see cref="ReplayWindowSize"/> accepted.</summary>
    public const int MaxReplayWindowSize = 32768;

    /// <summary>The defaults.</summary>
    public static SrtpContextOptions Default { get; } = new();

    /// <summary>
    /// How many SSRCs the context tracks, separately for RTP and for RTCP (1 to 65,536). All state is
    /// allocated when the context is built; a packet from one more SSRC gets <see cref="SrtpResult.SsrcLimit"/>.
    /// </summary>
    public int MaxSsrcs { get; init; } = DefaultMaxSsrcs;

    /// <summary>
    /// Replay window in packets, for SRTP and SRTCP, rounded up to a multiple of 64 (64 to 32,768).
    /// </summary>
    public int ReplayWindowSize { get; init; } = DefaultReplayWindowSize;

    /// <summary>
    /// Outbound only: whether protecting an RTP packet whose index was already protected is allowed
    /// (a retransmission of the same packet without RTX). Off by default, as in libsrtp: with
    /// AES-GCM, protecting different bytes under a repeated index reveals the authentication key.
    /// </summary>
    public bool AllowRepeatTransmit { get; init; }

    /// <summary>Tests: use the portable implementations (platform AES, managed GHASH) even where AES-NI exists.</summary>
    internal bool ForcePortable { get; init; }

    /// <summary>Tests: allow the 512-bit GHASH path (when the CPU has it).</summary>
    internal bool AllowVector512 { get; init; } = true;
}
