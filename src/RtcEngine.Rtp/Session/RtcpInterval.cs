namespace RtcEngine.Rtp;

/// <summary>
/// The RTCP transmission interval of RFC 3550 section 6.3.1 (and appendix A.7): RTCP gets 5% of the
/// session bandwidth, a quarter of it for senders when they are few; the deterministic interval is
/// the time that share needs to carry one report per member, at least the minimum interval (halved
/// before the first report); the actual interval is that times a random factor in [0.5, 1.5] divided
/// by e - 3/2 to compensate for timer reconsideration.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
public static class RtcpInterval
{
    /// <summary>RFC 3550's compensation for the bias of timer reconsideration: e - 3/2.</summary>
    public const double ReconsiderationCompensation = Math.E - 1.5;

    /// <summary>The deterministic interval Td (RFC 3550 A.7 <c>rtcp_interval</c> before randomisation).</summary>
    /// <param name="members">Participants in the session (local and remote SSRCs), at least 1.</param>
    /// <param name="senders">Of them, those that sent RTP recently.</param>
    /// <param name="rtcpBandwidth">RTCP bandwidth in octets per second (5% of the session bandwidth).</param>
    /// <param name="weSent">Whether we sent RTP since the last report.</param>
    /// <param name="averageRtcpSize">Average compound size in octets, lower-layer headers included.</param>
    /// <param name="initial">Whether no report was sent yet (the minimum is halved).</param>
    /// <param name="minimum">The minimum interval (RFC 3550: 5 s; WebRTC endpoints use about 1 s).</param>
    public static TimeSpan Deterministic(int members, int senders, double rtcpBandwidth, bool weSent, double averageRtcpSize, bool initial, TimeSpan minimum)
    {
        members = Math.Max(1, members);
        senders = Math.Clamp(senders, 0, members);
        double minimumSeconds = initial ? minimum.TotalSeconds / 2 : minimum.TotalSeconds;
        double n = members;
        double bandwidth = Math.Max(rtcpBandwidth, 1);
        if (senders <= members * 0.25)
        {
            if (weSent)
            {
                bandwidth *= 0.25;
                n = senders;
            }
            else
            {
                bandwidth *= 0.75;
                n = members - senders;
            }
        }

        double seconds = Math.Max(minimumSeconds, n * averageRtcpSize / bandwidth);
        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>The randomised interval T for a random draw in [0, 1).</summary>
    public static TimeSpan Randomize(TimeSpan deterministic, double uniform) =>
        TimeSpan.FromTicks((long)(deterministic.Ticks * (0.5 + uniform) / ReconsiderationCompensation));
}
