namespace RtcEngine.Srtp;

/// <summary>
/// The outcome of protecting or unprotecting one packet. Anything but <see cref="Ok"/> means the
/// packet was not processed: the caller drops it (its bytes need not survive), the context's state
/// is unchanged, and the reason is counted in <see cref="SrtpContext.RtpCounters"/> or
/// <see cref="SrtpContext.RtcpCounters"/>. No packet input ever raises an exception.
/// </summary>
public enum SrtpResult
{
    /// <summary>Protected or unprotected; the new length is valid.</summary>
    Ok = 0,

    /// <summary>Shorter than the smallest packet of its kind (header, plus trailer on receive).</summary>
    TooShort,

    /// <summary>Longer than 65,535 bytes, the most a UDP datagram or RFC 4571 frame carries.</summary>
    TooLong,

    /// <summary>Not version 2, or the CSRC list or header extension runs past the packet.</summary>
    MalformedHeader,

    /// <summary>The authentication tag does not match (forged, corrupted or keyed differently).</summary>
    AuthenticationFailed,

    /// <summary>The packet index was already accepted (a replay, or a network duplicate).</summary>
    ReplayDuplicate,

    /// <summary>The packet index is older than the replay window (or before the stream's start).</summary>
    ReplayOld,

    /// <summary>A new SSRC while the context already tracks <see cref="SrtpContextOptions.MaxSsrcs"/> of them.</summary>
    SsrcLimit,

    /// <summary>Protect only: the buffer has no room for the tag (and SRTCP index) after the packet.</summary>
    BufferTooSmall,

    /// <summary>The rollover counter or SRTCP index would wrap: the keys must be replaced (RFC 3711 section 9.2).</summary>
    IndexExhausted,
}
