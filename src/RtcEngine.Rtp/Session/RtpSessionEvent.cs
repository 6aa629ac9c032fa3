namespace RtcEngine.Rtp;

/// <summary>What happened.</summary>
public enum RtpSessionEventKind : byte
{
    /// <summary>
    /// The remote receiver asked for a keyframe on our stream <see cref="RtpSessionEvent.Ssrc"/> (PLI,
    /// or FIR when <see cref="RtpSessionEvent.FullIntraRequest"/>): the encoder should send one.
    /// </summary>
    KeyframeRequested,

    /// <summary>The remote receiver's REMB estimate: <see cref="RtpSessionEvent.Value"/> bits per second.</summary>
    RemoteBitrateEstimate,

    /// <summary>
    /// Transport-wide feedback arrived: <see cref="RtpSession.LastTransportFeedback"/> holds
    /// <see cref="RtpSessionEvent.Value"/> per-packet results until the next RTCP input.
    /// </summary>
    TransportFeedback,

    /// <summary>A packet of a new remote SSRC created a receive stream (map it to a track by its mid/rid).</summary>
    ReceiveStreamAdded,

    /// <summary>A receive stream was removed (BYE, or silent past the timeout).</summary>
    ReceiveStreamRemoved,

    /// <summary>The remote sent BYE for <see cref="RtpSessionEvent.Ssrc"/>.</summary>
    Goodbye,

    /// <summary>A round-trip time was measured: <see cref="RtpSessionEvent.Value"/> in microseconds.</summary>
    RoundTripTimeMeasured,
}

/// <summary>An event of an <see cref="RtpSession"/>.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Ssrc">The stream it concerns.</param>
/// <param name="Value">A number whose meaning depends on the kind (bitrate, count, microseconds).</param>
/// <param name="FullIntraRequest">For keyframe requests: FIR rather than PLI.</param>
public readonly record struct RtpSessionEvent(RtpSessionEventKind Kind, uint Ssrc, ulong Value = 0, bool FullIntraRequest = false);

/// <summary>How <see cref="RtpSession.ReceiveRtp"/> classified a packet.</summary>
public enum RtpReceiveStatus : byte
{
    /// <summary>A new packet of a valid stream: hand it to the depacketizer.</summary>
    Delivered = 0,

    /// <summary>Restored in place from an RTX retransmission: hand the restored view to the depacketizer.</summary>
    Repaired,

    /// <summary>Authenticated, but the source is still on probation (RFC 3550 A.1); delivering it is the caller's choice.</summary>
    Probation,

    /// <summary>Seen before: do not deliver again.</summary>
    Duplicate,

    /// <summary>An RTX packet with no payload (bandwidth probing padding): nothing to deliver.</summary>
    PaddingOnly,

    /// <summary>
    /// An RTX payload type from an SSRC not yet associated with a media stream: read its rrid, call
    /// <see cref="RtpSession.AssociateRtx"/>, and give the packet again.
    /// </summary>
    UnknownRtxStream,

    /// <summary>Dropped (malformed, unknown SSRC or payload type, stream limit, a large sequence jump); see <see cref="RtpSession.Counters"/>.</summary>
    Dropped,
}

/// <summary>The outcome of <see cref="RtpSession.ReceiveRtp"/>.</summary>
/// <param name="Status">How the packet was classified.</param>
/// <param name="Stream">The receive stream it belongs to (null when dropped or unassociated RTX).</param>
/// <param name="Sequence">What the stream's sequence tracker made of it.</param>
public readonly record struct RtpReceiveResult(RtpReceiveStatus Status, RtpReceiveStream? Stream, RtpSequenceOutcome Sequence)
{
    /// <summary>Whether the packet should go to the depacketizer (delivered or repaired).</summary>
    public bool ShouldDeliver => Status is RtpReceiveStatus.Delivered or RtpReceiveStatus.Repaired;
}

/// <summary>Receives each delivered packet synchronously; the view is valid only during the call.</summary>
/// <param name="packet">The packet (restored if it came as RTX).</param>
/// <param name="result">How it was classified.</param>
public delegate void RtpPacketSink(in RtpPacketReader packet, in RtpReceiveResult result);

/// <summary>Why packets were dropped or not answered, per reason (read on any thread; updated by the owner).</summary>
public sealed class RtpSessionCounters
{
    /// <summary>RTP packets that failed to parse.</summary>
    public long RtpMalformed { get; internal set; }

    /// <summary>RTP packets of an unknown SSRC that could not create a stream (unregistered payload type, auto-creation off).</summary>
    public long RtpUnknownSsrc { get; internal set; }

    /// <summary>RTP packets of a new SSRC refused because <see cref="RtpSessionOptions.MaxReceiveStreams"/> streams exist.</summary>
    public long RtpStreamLimit { get; internal set; }

    /// <summary>RTP packets claiming one of our own SSRCs (a loop or a collision).</summary>
    public long RtpOwnSsrc { get; internal set; }

    /// <summary>RTP packets held by sequence validation (a large jump not yet confirmed).</summary>
    public long RtpBadSequence { get; internal set; }

    /// <summary>Duplicate RTP packets.</summary>
    public long RtpDuplicates { get; internal set; }

    /// <summary>RTX packets restored in place.</summary>
    public long RtxRepaired { get; internal set; }

    /// <summary>RTX padding-only packets.</summary>
    public long RtxPaddingOnly { get; internal set; }

    /// <summary>RTX packets with an unknown stream, or too short to carry the original sequence number.</summary>
    public long RtxUnknown { get; internal set; }

    /// <summary>RTCP compounds whose parsing stopped at a malformed packet.</summary>
    public long RtcpMalformed { get; internal set; }

    /// <summary>Well-framed RTCP packets a typed reader refused (too short for their type).</summary>
    public long RtcpInvalidPackets { get; internal set; }

    /// <summary>RTCP packets of types this layer does not interpret.</summary>
    public long RtcpUnknownPackets { get; internal set; }

    /// <summary>Feedback naming an SSRC that is not ours.</summary>
    public long RtcpUnknownMediaSsrc { get; internal set; }

    /// <summary>NACKed packets not in the RTX cache (or too old) and so not retransmitted.</summary>
    public long NackedNotCached { get; internal set; }

    /// <summary>NACKed packets skipped because they were retransmitted less than an RTT ago.</summary>
    public long NackedTooSoon { get; internal set; }

    /// <summary>NACKed packets dropped because the retransmission queue was full.</summary>
    public long RetransmissionQueueFull { get; internal set; }

    /// <summary>Events dropped because the event queue was full.</summary>
    public long EventQueueFull { get; internal set; }

    /// <summary>RTCP datagrams written.</summary>
    public long RtcpSent { get; internal set; }

    /// <summary>RTCP datagrams received.</summary>
    public long RtcpReceived { get; internal set; }
}
