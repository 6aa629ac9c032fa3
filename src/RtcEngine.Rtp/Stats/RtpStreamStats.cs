namespace RtcEngine.Rtp;

/// <summary>Whether a stream carries audio or video (W3C webrtc-stats <c>kind</c>).</summary>
public enum RtpMediaKind : byte
{
    /// <summary>Audio.</summary>
    Audio = 0,

    /// <summary>Video.</summary>
    Video = 1,
}

/// <summary>
/// A snapshot of one received stream, shaped and named as the W3C webrtc-stats
/// <c>RTCInboundRtpStreamStats</c> dictionary (type <c>inbound-rtp</c>). Reading it allocates nothing.
/// </summary>
/// <remarks>Times are seconds unless named otherwise; timestamps are milliseconds since the Unix epoch, as in W3C.</remarks>
public readonly record struct InboundRtpStreamStats
{
    /// <summary>The stream's SSRC.</summary>
    public uint Ssrc { get; init; }

    /// <summary>Audio or video.</summary>
    public RtpMediaKind Kind { get; init; }

    /// <summary>The RTX SSRC repairing this stream (0 when none).</summary>
    public uint RtxSsrc { get; init; }

    /// <summary>RTP packets received, retransmissions and duplicates included (RFC 3550 6.4.1).</summary>
    public long PacketsReceived { get; init; }

    /// <summary>Expected minus received (RFC 3550 A.3); negative when duplicates outnumber losses.</summary>
    public long PacketsLost { get; init; }

    /// <summary>Interarrival jitter (RFC 3550 A.8), in seconds.</summary>
    public double Jitter { get; init; }

    /// <summary>Payload bytes received (headers and padding excluded).</summary>
    public long BytesReceived { get; init; }

    /// <summary>RTP header and padding bytes received.</summary>
    public long HeaderBytesReceived { get; init; }

    /// <summary>Packets received more than once (within the duplicate window).</summary>
    public long PacketsDuplicated { get; init; }

    /// <summary>Packets repaired from the RTX stream.</summary>
    public long RetransmittedPacketsReceived { get; init; }

    /// <summary>Payload bytes of those packets.</summary>
    public long RetransmittedBytesReceived { get; init; }

    /// <summary>NACK packets sent for this stream.</summary>
    public long NackCount { get; init; }

    /// <summary>PLI packets sent for this stream.</summary>
    public long PliCount { get; init; }

    /// <summary>FIR packets sent for this stream.</summary>
    public long FirCount { get; init; }

    /// <summary>Complete frames assembled (video) or packets (audio frames) received.</summary>
    public long FramesReceived { get; init; }

    /// <summary>Keyframes among <see cref="FramesReceived"/> (not a W3C member).</summary>
    public long KeyFramesReceived { get; init; }

    /// <summary>Width of the last frame, from the last keyframe's header (0 before one).</summary>
    public int FrameWidth { get; init; }

    /// <summary>Height of the last frame (0 before a keyframe).</summary>
    public int FrameHeight { get; init; }

    /// <summary>Frames received in the last whole second.</summary>
    public double FramesPerSecond { get; init; }

    /// <summary>Audio level of the last packet (0..1 linear, from RFC 6464).</summary>
    public double AudioLevel { get; init; }

    /// <summary>Sum over packets of audioLevel^2 x duration (W3C definition).</summary>
    public double TotalAudioEnergy { get; init; }

    /// <summary>Duration of the audio those packets carried, in seconds.</summary>
    public double TotalSamplesDuration { get; init; }

    /// <summary>Wall-clock time of the last packet (ms since the Unix epoch; 0 before any).</summary>
    public double LastPacketReceivedTimestamp { get; init; }
}

/// <summary>
/// A snapshot of one sent stream, shaped as W3C <c>RTCOutboundRtpStreamStats</c> (<c>outbound-rtp</c>).
/// </summary>
public readonly record struct OutboundRtpStreamStats
{
    /// <summary>The stream's SSRC.</summary>
    public uint Ssrc { get; init; }

    /// <summary>Audio or video.</summary>
    public RtpMediaKind Kind { get; init; }

    /// <summary>The RTX SSRC (0 when none).</summary>
    public uint RtxSsrc { get; init; }

    /// <summary>RTP packets sent (retransmissions excluded).</summary>
    public long PacketsSent { get; init; }

    /// <summary>Payload bytes sent (retransmissions excluded).</summary>
    public long BytesSent { get; init; }

    /// <summary>RTP header and padding bytes sent.</summary>
    public long HeaderBytesSent { get; init; }

    /// <summary>Packets retransmitted in answer to NACKs.</summary>
    public long RetransmittedPacketsSent { get; init; }

    /// <summary>Payload bytes of those packets.</summary>
    public long RetransmittedBytesSent { get; init; }

    /// <summary>NACK packets received for this stream.</summary>
    public long NackCount { get; init; }

    /// <summary>PLI packets received for this stream.</summary>
    public long PliCount { get; init; }

    /// <summary>FIR packets received for this stream.</summary>
    public long FirCount { get; init; }

    /// <summary>Frames sent.</summary>
    public long FramesSent { get; init; }

    /// <summary>Keyframes among them (W3C <c>keyFramesEncoded</c>).</summary>
    public long KeyFramesEncoded { get; init; }

    /// <summary>Width of the last frame sent.</summary>
    public int FrameWidth { get; init; }

    /// <summary>Height of the last frame sent.</summary>
    public int FrameHeight { get; init; }

    /// <summary>Frames sent in the last whole second.</summary>
    public double FramesPerSecond { get; init; }
}

/// <summary>
/// What the remote receiver reported about one of our streams (W3C <c>RTCRemoteInboundRtpStreamStats</c>,
/// <c>remote-inbound-rtp</c>), from RTCP reception report blocks.
/// </summary>
public readonly record struct RemoteInboundRtpStreamStats
{
    /// <summary>Our SSRC the reports are about.</summary>
    public uint Ssrc { get; init; }

    /// <summary>Cumulative loss the receiver reported.</summary>
    public long PacketsLost { get; init; }

    /// <summary>Jitter the receiver reported, in seconds.</summary>
    public double Jitter { get; init; }

    /// <summary>Fraction lost in the last report interval (0..1).</summary>
    public double FractionLost { get; init; }

    /// <summary>The last round-trip time from LSR/DLSR, in seconds (0 before a measurement).</summary>
    public double RoundTripTime { get; init; }

    /// <summary>Sum of all round-trip times measured, in seconds.</summary>
    public double TotalRoundTripTime { get; init; }

    /// <summary>Number of round-trip times measured.</summary>
    public long RoundTripTimeMeasurements { get; init; }

    /// <summary>Report blocks received about this stream (not a W3C member).</summary>
    public long ReportsReceived { get; init; }

    /// <summary>Wall-clock time the last report arrived (ms since the Unix epoch).</summary>
    public double Timestamp { get; init; }
}

/// <summary>
/// What the remote sender reported about one of its streams (W3C <c>RTCRemoteOutboundRtpStreamStats</c>,
/// <c>remote-outbound-rtp</c>), from RTCP sender reports, with the round-trip time from XR DLRR.
/// </summary>
public readonly record struct RemoteOutboundRtpStreamStats
{
    /// <summary>The remote SSRC.</summary>
    public uint Ssrc { get; init; }

    /// <summary>Packets the sender says it sent.</summary>
    public long PacketsSent { get; init; }

    /// <summary>Payload bytes the sender says it sent.</summary>
    public long BytesSent { get; init; }

    /// <summary>The sender's wall clock in its last SR (ms since the Unix epoch; 0 before one).</summary>
    public double RemoteTimestamp { get; init; }

    /// <summary>Sender reports received.</summary>
    public long ReportsSent { get; init; }

    /// <summary>Round-trip time from RRTR/DLRR (RFC 3611), in seconds (0 without one).</summary>
    public double RoundTripTime { get; init; }

    /// <summary>Sum of the round-trip times measured, in seconds.</summary>
    public double TotalRoundTripTime { get; init; }

    /// <summary>Number of round-trip times measured.</summary>
    public long RoundTripTimeMeasurements { get; init; }
}
