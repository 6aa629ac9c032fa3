using RtcEngine.Rtp;
using RtcEngine.Sdp;
using RtcEngine.Sdp.Jsep;
using RtcEngine.Primitives;
using RtcEngine.Rtp.Payload;

namespace RtcEngine.Session;

/// <summary>Audio or video.</summary>
public enum RtcMediaKind
{
    /// <summary>Audio.</summary>
    Audio,

    /// <summary>Video.</summary>
    Video,
}

/// <summary>
/// Receives RTP packets of one transceiver, synchronously, on the connection's thread, after SRTP
/// unprotect and statistics. The packet view is valid only for the duration of the call.
/// </summary>
public interface IRtpPacketSink
{
    /// <summary>A packet arrived for <paramref name="transceiver"/> at <paramref name="now"/>.</summary>
    void OnRtpPacket(RtcRtpTransceiver transceiver, in RtpPacketReader packet, MonoTime now);
}

/// <summary>
/// One transceiver (W3C <c>RTCRtpTransceiver</c>): an m-line's worth of sending and receiving
/// media of one kind, negotiated by offer and answer.
/// </summary>
/// <remarks>Not thread-safe: owned by its connection's thread.</remarks>
public sealed class RtcRtpTransceiver
{
    internal RtcRtpTransceiver(RtcMediaKind kind, JsepTransceiver jsep, RtcRtpSender sender)
    {
        Kind = kind;
        Jsep = jsep;
        Sender = sender;
        Receiver = new RtcRtpReceiver();
    }

    /// <summary>Audio or video.</summary>
    public RtcMediaKind Kind { get; }

    /// <summary>The mid, once negotiated (null before).</summary>
    public string? Mid => Jsep.Mid;

    /// <summary>
    /// The direction the local side wants (W3C <c>direction</c>). Changing it takes effect with
    /// the next offer or answer; the connection raises negotiation needed when it matters.
    /// </summary>
    public SdpDirection Direction
    {
        get => Jsep.Direction;
        set
        {
            if (Jsep.Direction != value)
            {
                Jsep.Direction = value;
                DirectionChanged?.Invoke(this);
            }
        }
    }

    internal Action<RtcRtpTransceiver>? DirectionChanged { get; set; }

    /// <summary>
    /// Stops the transceiver (W3C <c>stop</c>): it neither sends nor receives from now on, and the
    /// next offer or answer carries its m-line with port 0 (which can later be recycled).
    /// </summary>
    public void Stop()
    {
        if (!Jsep.Stopped)
        {
            Jsep.Stopped = true;
            DirectionChanged?.Invoke(this);
        }
    }

    /// <summary>The negotiated direction from the local point of view, or null before negotiation.</summary>
    public SdpDirection? CurrentDirection => Negotiated?.Direction;

    /// <summary>The sending half.</summary>
    public RtcRtpSender Sender { get; }

    /// <summary>The receiving half.</summary>
    public RtcRtpReceiver Receiver { get; }

    /// <summary>The negotiated m-line (codecs, header extensions, remote SSRCs), or null before negotiation.</summary>
    public NegotiatedMedia? Negotiated { get; internal set; }

    /// <summary>Whether the negotiated direction lets the local side send.</summary>
    public bool CanSend => CurrentDirection is SdpDirection.SendRecv or SdpDirection.SendOnly && !Stopped;

    /// <summary>Whether the negotiated direction lets the local side receive.</summary>
    public bool CanReceive => CurrentDirection is SdpDirection.SendRecv or SdpDirection.RecvOnly && !Stopped;

    /// <summary>Whether the transceiver was stopped.</summary>
    public bool Stopped => Jsep.Stopped;

    internal JsepTransceiver Jsep { get; }

    internal byte[] MidBytes { get; set; } = [];

    internal bool CreatedByRemoteOffer { get; set; }

    /// <summary>A short description for diagnostics.</summary>
    public override string ToString() => $"{Kind} mid={Mid ?? "-"} {Direction}";
}

/// <summary>The sending half of a transceiver (W3C <c>RTCRtpSender</c>).</summary>
/// <remarks>Not thread-safe: owned by its connection's thread.</remarks>
public sealed class RtcRtpSender
{
    internal RtcRtpSender(uint ssrc, uint rtxSsrc)
    {
        Ssrc = ssrc;
        RtxSsrc = rtxSsrc;
    }

    /// <summary>The SSRC this sender uses.</summary>
    public uint Ssrc { get; }

    /// <summary>The SSRC of its retransmission (RTX) stream.</summary>
    public uint RtxSsrc { get; }

    /// <summary>The payload type of the first negotiated codec (the default for sends), or -1 before negotiation.</summary>
    public int PayloadType { get; internal set; } = -1;

    /// <summary>RTP packets sent.</summary>
    public long PacketsSent => Stream?.GetStats().PacketsSent ?? 0;

    /// <summary>Key-frame requests (PLI and FIR) received for this sender.</summary>
    public long KeyFrameRequests { get; internal set; }

    internal Vp8Packetizer? Vp8 { get; set; }

    internal H264Packetizer? H264 { get; set; }

    internal byte[]? FragmentScratch { get; set; }

    /// <summary>The RTP send stream (sequence numbers, RTX cache, statistics), once negotiated to send; the first layer's with simulcast.</summary>
    public RtpSendStream? Stream => LayerList.Count > 0 ? LayerList[0].Stream : null;

    /// <summary>The send streams: one, or one per negotiated simulcast rid (highest quality first).</summary>
    public IReadOnlyList<(string? Rid, RtpSendStream Stream)> Layers => LayerList;

    internal List<(string? Rid, RtpSendStream Stream)> LayerList { get; } = [];

    /// <summary>The send stream of <paramref name="rid"/> (null: the first), or null when there is none.</summary>
    public RtpSendStream? GetStream(string? rid)
    {
        if (rid is null)
        {
            return Stream;
        }

        foreach ((string? layerRid, RtpSendStream stream) in LayerList)
        {
            if (layerRid == rid)
            {
                return stream;
            }
        }

        return null;
    }

    /// <summary>Statistics of what this sender sent (W3C <c>outbound-rtp</c>), without allocating.</summary>
    public OutboundRtpStreamStats GetStats() => Stream?.GetStats() ?? default;
}

/// <summary>The receiving half of a transceiver (W3C <c>RTCRtpReceiver</c>).</summary>
/// <remarks>Not thread-safe: owned by its connection's thread.</remarks>
public sealed class RtcRtpReceiver
{
    /// <summary>Where received packets go; null to only count them.</summary>
    public IRtpPacketSink? Sink { get; set; }

    /// <summary>RTP packets received and delivered.</summary>
    public long PacketsReceived { get; internal set; }

    /// <summary>Payload bytes received.</summary>
    public long BytesReceived { get; internal set; }

    /// <summary>The SSRC of the last packet received (0 before any).</summary>
    public uint LastSsrc { get; internal set; }

    /// <summary>The RTP receive stream of the first remote stream (loss, jitter, frames), or null.</summary>
    public RtpReceiveStream? Stream => Streams.Count > 0 ? Streams[0].Stream : null;

    /// <summary>The remote streams received on this transceiver: one, or one per simulcast layer.</summary>
    public IReadOnlyList<RtcRemoteStream> Streams => StreamList;

    internal List<RtcRemoteStream> StreamList { get; } = [];

    /// <summary>Where assembled frames go; null to deliver packets only.</summary>
    public IMediaFrameSink? FrameSink { get; set; }

    /// <summary>
    /// Whether to assemble frames even without a <see cref="FrameSink"/>, for the frame statistics
    /// (framesReceived, frame size, frames per second). On by default for video.
    /// </summary>
    public bool TrackFrames { get; set; } = true;

    /// <summary>Statistics of what this receiver received (W3C <c>inbound-rtp</c>), without allocating.</summary>
    public InboundRtpStreamStats GetStats(in WallClockAnchor anchor) => Stream?.GetStats(anchor) ?? default;

}
