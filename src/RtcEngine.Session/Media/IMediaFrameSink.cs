using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Rtp.Payload;

namespace RtcEngine.Session;

/// <summary>
/// Receives whole frames of one transceiver, assembled from RTP packets (VP8, VP9, H.264 as Annex B,
/// Opus), synchronously on the connection's thread. The frame is a view of the assembler's buffer,
/// valid only for the duration of the call.
/// </summary>
public interface IMediaFrameSink
{
    /// <summary>A frame completed on <paramref name="transceiver"/> at <paramref name="now"/>.</summary>
    void OnFrame(RtcRtpTransceiver transceiver, in AssembledFrame frame, MonoTime now);
}
