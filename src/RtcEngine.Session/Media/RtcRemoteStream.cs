using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Rtp.Payload;

namespace RtcEngine.Session;

/// <summary>
/// One remote RTP stream arriving on a transceiver (one SSRC): the whole track, or one simulcast
/// layer named by its rid (RFC 8851). Holds its statistics and, when frames are assembled, its own
/// frame assembler.
/// </summary>
/// <remarks>Not thread-safe: owned by the connection's thread.</remarks>
public sealed class RtcRemoteStream
{
    internal RtcRemoteStream(RtcRtpTransceiver transceiver, uint ssrc, string? rid)
    {
        Transceiver = transceiver;
        Ssrc = ssrc;
        Rid = rid;
    }

    /// <summary>The transceiver the stream arrives on.</summary>
    public RtcRtpTransceiver Transceiver { get; }

    /// <summary>The stream's SSRC.</summary>
    public uint Ssrc { get; }

    /// <summary>The simulcast layer's rid, or null for a stream without one.</summary>
    public string? Rid { get; }

    /// <summary>The RTP receive stream (loss, jitter, frames), once the RTP session has one.</summary>
    public RtpReceiveStream? Stream { get; internal set; }

    /// <summary>Statistics (W3C <c>inbound-rtp</c>), without allocating.</summary>
    public InboundRtpStreamStats GetStats(in WallClockAnchor anchor) => Stream?.GetStats(anchor) ?? default;

    internal RtpFrameAssembler? Assembler { get; set; }

    /// <summary>The rid in bytes, to compare with packets' rtp-stream-id without allocating.</summary>
    internal byte[]? RidBytes { get; set; }
}
