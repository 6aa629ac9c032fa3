using RtcEngine.Primitives;

namespace RtcEngine.Rtp;

/// <summary>What the session knows of a negotiated payload type (SDP <c>a=rtpmap</c>, <c>a=fmtp</c>, <c>a=rtcp-fb</c>).</summary>
/// <param name="PayloadType">The payload type.</param>
/// <param name="Kind">Audio or video.</param>
/// <param name="ClockRate">The RTP clock rate.</param>
/// <param name="RepairedPayloadType">For an RTX payload type, the media payload type it repairs (<c>apt</c>); null otherwise.</param>
/// <param name="Nack">Whether <c>nack</c> was negotiated (receive streams of this type NACK gaps).</param>
/// <param name="UseFir">Whether keyframe requests use FIR (<c>ccm fir</c> without <c>nack pli</c>).</param>
public readonly record struct RtpPayloadTypeInfo(byte PayloadType, RtpMediaKind Kind, int ClockRate, byte? RepairedPayloadType = null, bool Nack = false, bool UseFir = false);

/// <summary>Settings of an <see cref="RtpSession"/>.</summary>
public sealed record RtpSessionOptions
{
    /// <summary>The negotiated header extensions (shared by every stream of the BUNDLE group).</summary>
    public RtpHeaderExtensionMap ExtensionMap { get; init; } = new();

    /// <summary>The CNAME sent in SDES (null: 16 random characters).</summary>
    public string? Cname { get; init; }

    /// <summary>
    /// Whether reduced-size RTCP is allowed (<c>a=rtcp-rsize</c>, RFC 5506): feedback goes alone
    /// instead of in a compound behind a report. Browsers negotiate it.
    /// </summary>
    public bool ReducedSizeRtcp { get; init; } = true;

    /// <summary>Largest RTCP datagram written (before SRTCP's trailer; leave room for it).</summary>
    public int Mtu { get; init; } = DatagramLimits.DefaultMtu;

    /// <summary>Session bandwidth in bits per second; RTCP uses 5% of it (RFC 3550 6.2).</summary>
    public long SessionBandwidth { get; init; } = 2_000_000;

    /// <summary>Minimum regular report interval (RFC 3550 says 5 s; WebRTC stacks report about every second).</summary>
    public TimeSpan MinimumReportInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether transport-wide feedback is sent for received packets (when the map has the transport-cc extension).</summary>
    public bool SendTransportFeedback { get; init; } = true;

    /// <summary>Cadence of transport-wide feedback (Chromium uses 50 to 250 ms; 100 ms by default).</summary>
    public TimeSpan TransportFeedbackInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Whether REMB is sent (<c>goog-remb</c> negotiated).</summary>
    public bool SendRemb { get; init; }

    /// <summary>Cadence of REMB messages.</summary>
    public TimeSpan RembInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether XR receiver reference time reports are sent, so a receive-only session learns its RTT (RFC 3611).</summary>
    public bool SendReceiverReferenceTime { get; init; }

    /// <summary>Most receive streams (remote SSRCs, RTX ones excluded); packets of further unknown SSRCs are dropped and counted.</summary>
    public int MaxReceiveStreams { get; init; } = 16;

    /// <summary>Whether a packet of an unknown SSRC with a registered payload type creates a receive stream.</summary>
    public bool AutoCreateReceiveStreams { get; init; } = true;

    /// <summary>
    /// Sequential packets an auto-created stream needs before it is valid (RFC 3550 A.1 probation; 2
    /// as in the RFC). Packets on probation come back as <see cref="RtpReceiveStatus.Probation"/>.
    /// </summary>
    public int ProbationPackets { get; init; } = 2;

    /// <summary>An auto-created receive stream silent this long is removed.</summary>
    public TimeSpan ReceiveStreamTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Shortest interval between two keyframe requests for one stream.</summary>
    public TimeSpan KeyframeRequestInterval { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Retransmissions waiting to be polled at most; further NACKed packets are dropped and counted.</summary>
    public int MaxPendingRetransmissions { get; init; } = 256;

    /// <summary>Events waiting to be polled at most; further events are dropped and counted.</summary>
    public int MaxPendingEvents { get; init; } = 256;

    /// <summary>NACK behaviour of auto-created video receive streams whose payload type negotiated NACK.</summary>
    public NackOptions Nack { get; init; } = new();

    /// <summary>Round-trip time assumed before one is measured.</summary>
    public TimeSpan InitialRoundTripTime { get; init; } = TimeSpan.FromMilliseconds(100);
}
