using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Rtp.Payload;
using RtcEngine.Sdp.Jsep;

namespace RtcEngine.Session;

/// <summary>Frame-level media: packetizing encoded frames on send, assembling them on receive.</summary>
public sealed partial class RtcConnection
{
    // Room an RTP payload leaves in the MTU: the fixed header, the extensions the engine stamps
    // (mid, abs-send-time, transport-wide sequence, padded) and the SRTP tag.
    private const int RtpHeaderBudget = 12 + 28;

    /// <summary>
    /// Sends one encoded frame on <paramref name="transceiver"/>: packetized for its negotiated codec
    /// (VP8 per RFC 7741, H.264 Annex B per RFC 6184 with FU-A, Opus as one packet), the marker bit on
    /// the last packet, and counted in the sender's frame statistics. Allocation-free.
    /// </summary>
    /// <param name="transceiver">A transceiver of this connection that may send.</param>
    /// <param name="frame">The encoded frame.</param>
    /// <param name="rtpTimestamp">The frame's RTP timestamp.</param>
    /// <param name="rid">The simulcast layer (null: the first or only one).</param>
    /// <param name="audioLevel">For audio: the level to stamp (RFC 6464) when negotiated.</param>
    /// <returns>The number of packets queued; 0 when nothing could be sent (see <see cref="SendRtp"/>).</returns>
    /// <exception cref="NotSupportedException">The negotiated codec has no packetizer here.</exception>
    public int SendFrame(RtcRtpTransceiver transceiver, ReadOnlySpan<byte> frame, uint rtpTimestamp, string? rid = null, AudioLevel? audioLevel = null)
    {
        ArgumentNullException.ThrowIfNull(transceiver);
        if (transceiver.Sender.GetStream(rid) is not { } stream || _srtpOut is null || !transceiver.CanSend)
        {
            Counters.SendsRefused++;
            return 0;
        }

        RtpCodec? codec = CodecOf(transceiver);
        int maxPayload = _config.DtlsMtu - RtpHeaderBudget - _srtpOut.RtpOverhead;
        RtcRtpSender sender = transceiver.Sender;
        byte[] scratch = sender.FragmentScratch ??= new byte[DatagramLimits.MaxDatagramSize];
        int sent = 0;
        switch (codec)
        {
            case RtpCodec.Opus:
                return SendRtp(transceiver, frame, rtpTimestamp, marker: false, rid: rid, audioLevel: audioLevel) ? 1 : 0;
            case RtpCodec.Vp8:
            {
                RtpFragmentCursor cursor = (sender.Vp8 ??= new Vp8Packetizer(_random.NextUInt16())).Packetize(frame, maxPayload);
                while (cursor.TryWriteNext(scratch, out int written, out bool last))
                {
                    sent += SendRtp(transceiver, scratch.AsSpan(0, written), rtpTimestamp, last, rid: rid) ? 1 : 0;
                }

                bool keyframe = Vp8Frame.IsKeyframe(frame);
                Vp8Frame.TryGetResolution(frame, out int width, out int height);
                stream.OnFrameSent(_now, keyframe, width, height);
                return sent;
            }

            case RtpCodec.H264:
            {
                H264PacketizerCursor cursor = (sender.H264 ??= new H264Packetizer()).Packetize(frame, maxPayload);
                while (cursor.TryWriteNext(scratch, out int written, out bool last))
                {
                    sent += SendRtp(transceiver, scratch.AsSpan(0, written), rtpTimestamp, last, rid: rid) ? 1 : 0;
                }

                stream.OnFrameSent(_now, keyframe: false);
                return sent;
            }

            default:
                throw new NotSupportedException($"No packetizer for the codec negotiated on {transceiver}.");
        }
    }

    // Feeds a delivered packet to its remote stream's frame assembler (when frames are wanted),
    // which also updates the stream's frame statistics, and hands completed frames to the sink.
    private static void AssembleFrames(RtcRemoteStream remote, in RtpPacketReader packet, MonoTime now)
    {
        RtcRtpTransceiver transceiver = remote.Transceiver;
        RtcRtpReceiver receiver = transceiver.Receiver;
        if (receiver.FrameSink is null && !(receiver.TrackFrames && transceiver.Kind == RtcMediaKind.Video))
        {
            return;
        }

        if (remote.Assembler is null)
        {
            if (CodecOf(transceiver) is not { } codec)
            {
                return;
            }

            remote.Assembler = new RtpFrameAssembler(codec, remote.Stream);
        }

        remote.Assembler.Insert(now, packet);
        while (remote.Assembler.TryPollFrame(out AssembledFrame frame))
        {
            receiver.FrameSink?.OnFrame(transceiver, frame, now);
        }
    }

    private static RtpCodec? CodecOf(RtcRtpTransceiver transceiver)
    {
        if (transceiver.Negotiated is not { Codecs.Count: > 0 } media)
        {
            return null;
        }

        NegotiatedCodec codec = media.Codecs[0];
        return codec.Name.ToUpperInvariant() switch
        {
            "VP8" => RtpCodec.Vp8,
            "VP9" => RtpCodec.Vp9,
            "H264" => RtpCodec.H264,
            "OPUS" => RtpCodec.Opus,
            _ => null,
        };
    }
}
