namespace RtcEngine.Session;

/// <summary>Members every RTP stream's statistics share (W3C <c>RTCRtpStreamStats</c>).</summary>
public abstract class RtcRtpStreamStats : RtcStats
{
    /// <summary>The stream's SSRC.</summary>
    public uint Ssrc { get; init; }

    /// <summary><c>audio</c> or <c>video</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The transport's id.</summary>
    public string? TransportId { get; init; }

    /// <summary>The codec's id.</summary>
    public string? CodecId { get; init; }
}

/// <summary>W3C <c>RTCInboundRtpStreamStats</c>.</summary>
public sealed class RtcInboundRtpStreamStats : RtcRtpStreamStats
{
    /// <inheritdoc />
    public override string Type => "inbound-rtp";

    /// <summary>The transceiver's mid.</summary>
    public string? Mid { get; init; }

    /// <summary>The simulcast layer's rid, if any.</summary>
    public string? Rid { get; init; }

    /// <summary>The id of the remote-outbound-rtp object for this SSRC (from the remote's sender reports).</summary>
    public string? RemoteId { get; init; }

    /// <summary>Packets received (retransmissions included).</summary>
    public long PacketsReceived { get; init; }

    /// <summary>Packets lost (expected minus received; may be negative with duplicates).</summary>
    public long PacketsLost { get; init; }

    /// <summary>Interarrival jitter in seconds.</summary>
    public double Jitter { get; init; }

    /// <summary>Payload bytes received.</summary>
    public long BytesReceived { get; init; }

    /// <summary>Header and padding bytes received.</summary>
    public long HeaderBytesReceived { get; init; }

    /// <summary>Retransmitted packets received (RTX).</summary>
    public long RetransmittedPacketsReceived { get; init; }

    /// <summary>Retransmitted bytes received.</summary>
    public long RetransmittedBytesReceived { get; init; }

    /// <summary>NACK packets sent for this stream.</summary>
    public long NackCount { get; init; }

    /// <summary>PLI packets sent for this stream.</summary>
    public long PliCount { get; init; }

    /// <summary>FIR packets sent for this stream.</summary>
    public long FirCount { get; init; }

    /// <summary>Frames assembled (video).</summary>
    public long FramesReceived { get; init; }

    /// <summary>Key frames assembled (video).</summary>
    public long KeyFramesReceived { get; init; }

    /// <summary>Width of the last key frame, in pixels (video).</summary>
    public int FrameWidth { get; init; }

    /// <summary>Height of the last key frame, in pixels (video).</summary>
    public int FrameHeight { get; init; }

    /// <summary>Frames received in the last second (video).</summary>
    public double FramesPerSecond { get; init; }

    /// <summary>The last audio level, 0..1 (audio, RFC 6464).</summary>
    public double AudioLevel { get; init; }

    /// <summary>The total audio energy (audio).</summary>
    public double TotalAudioEnergy { get; init; }

    /// <summary>The duration of the samples the energy covers, in seconds (audio).</summary>
    public double TotalSamplesDuration { get; init; }

    /// <summary>When the last packet arrived, in milliseconds since 1970.</summary>
    public double LastPacketReceivedTimestamp { get; init; }
}

/// <summary>W3C <c>RTCOutboundRtpStreamStats</c>.</summary>
public sealed class RtcOutboundRtpStreamStats : RtcRtpStreamStats
{
    /// <inheritdoc />
    public override string Type => "outbound-rtp";

    /// <summary>The transceiver's mid.</summary>
    public string? Mid { get; init; }

    /// <summary>The id of the remote-inbound-rtp object for this SSRC (from the remote's receiver reports).</summary>
    public string? RemoteId { get; init; }

    /// <summary>The RTX SSRC, if any.</summary>
    public uint? RtxSsrc { get; init; }

    /// <summary>Packets sent (retransmissions included).</summary>
    public long PacketsSent { get; init; }

    /// <summary>Payload bytes sent.</summary>
    public long BytesSent { get; init; }

    /// <summary>Header and padding bytes sent.</summary>
    public long HeaderBytesSent { get; init; }

    /// <summary>Retransmitted packets sent (RTX).</summary>
    public long RetransmittedPacketsSent { get; init; }

    /// <summary>Retransmitted bytes sent.</summary>
    public long RetransmittedBytesSent { get; init; }

    /// <summary>NACK packets received for this stream.</summary>
    public long NackCount { get; init; }

    /// <summary>PLI packets received for this stream.</summary>
    public long PliCount { get; init; }

    /// <summary>FIR packets received for this stream.</summary>
    public long FirCount { get; init; }

    /// <summary>Frames sent (video, through the packetizer).</summary>
    public long FramesSent { get; init; }

    /// <summary>Key frames sent (video).</summary>
    public long KeyFramesEncoded { get; init; }

    /// <summary>Width of the last frame sent, in pixels.</summary>
    public int FrameWidth { get; init; }

    /// <summary>Height of the last frame sent, in pixels.</summary>
    public int FrameHeight { get; init; }

    /// <summary>Frames sent in the last second.</summary>
    public double FramesPerSecond { get; init; }
}

/// <summary>W3C <c>RTCRemoteInboundRtpStreamStats</c>: what the remote receiver reports about a stream we send.</summary>
public sealed class RtcRemoteInboundRtpStreamStats : RtcRtpStreamStats
{
    /// <inheritdoc />
    public override string Type => "remote-inbound-rtp";

    /// <summary>The id of our outbound-rtp object.</summary>
    public string? LocalId { get; init; }

    /// <summary>Packets the remote lost (cumulative).</summary>
    public long PacketsLost { get; init; }

    /// <summary>The remote's interarrival jitter in seconds.</summary>
    public double Jitter { get; init; }

    /// <summary>The fraction lost in the last report interval.</summary>
    public double FractionLost { get; init; }

    /// <summary>The latest round-trip time in seconds (RFC 3550 LSR/DLSR).</summary>
    public double RoundTripTime { get; init; }

    /// <summary>The sum of round-trip times measured, in seconds.</summary>
    public double TotalRoundTripTime { get; init; }

    /// <summary>How many round-trip times were measured.</summary>
    public long RoundTripTimeMeasurements { get; init; }
}

/// <summary>W3C <c>RTCRemoteOutboundRtpStreamStats</c>: what the remote sender reports about a stream we receive.</summary>
public sealed class RtcRemoteOutboundRtpStreamStats : RtcRtpStreamStats
{
    /// <inheritdoc />
    public override string Type => "remote-outbound-rtp";

    /// <summary>The id of our inbound-rtp object.</summary>
    public string? LocalId { get; init; }

    /// <summary>Packets the remote reported sending.</summary>
    public long PacketsSent { get; init; }

    /// <summary>Bytes the remote reported sending.</summary>
    public long BytesSent { get; init; }

    /// <summary>The remote's NTP time of its last report, in milliseconds since 1970.</summary>
    public double RemoteTimestamp { get; init; }

    /// <summary>Sender reports received.</summary>
    public long ReportsSent { get; init; }
}

/// <summary>W3C <c>RTCCodecStats</c>.</summary>
public sealed class RtcCodecStats : RtcStats
{
    /// <inheritdoc />
    public override string Type => "codec";

    /// <summary>The transport's id.</summary>
    public required string TransportId { get; init; }

    /// <summary>The payload type.</summary>
    public int PayloadType { get; init; }

    /// <summary>The MIME type (<c>video/VP8</c>, <c>audio/opus</c>).</summary>
    public required string MimeType { get; init; }

    /// <summary>The RTP clock rate.</summary>
    public int ClockRate { get; init; }

    /// <summary>The channel count (audio).</summary>
    public int? Channels { get; init; }

    /// <summary>The format parameters as they appear in SDP.</summary>
    public string? SdpFmtpLine { get; init; }
}
