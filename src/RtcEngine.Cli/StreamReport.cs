using System.Globalization;
using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Session;

namespace RtcEngine.Cli;

/// <summary>One direction's statistics, sampled once a second, printed as a live line.</summary>
internal sealed class StreamReport(string label)
{
    private InboundRtpStreamStats _lastVideo;
    private InboundRtpStreamStats _lastAudio;

    public InboundRtpStreamStats Video { get; private set; }

    public InboundRtpStreamStats Audio { get; private set; }

    public OutboundRtpStreamStats SentVideo { get; private set; }

    public TimeSpan RoundTripTime { get; private set; }

    public string State { get; private set; } = "new";

    /// <summary>Samples a receiving connection (on its loop thread).</summary>
    public void Sample(RtcConnection receiver, RtcConnection? sender, WallClockAnchor anchor)
    {
        _lastVideo = Video;
        _lastAudio = Audio;
        foreach (RtcRtpTransceiver transceiver in receiver.Transceivers)
        {
            if (transceiver.Kind == RtcMediaKind.Video)
            {
                Video = transceiver.Receiver.GetStats(anchor);
            }
            else
            {
                Audio = transceiver.Receiver.GetStats(anchor);
            }
        }

        if (sender is not null)
        {
            foreach (RtcRtpTransceiver transceiver in sender.Transceivers)
            {
                if (transceiver.Kind == RtcMediaKind.Video)
                {
                    SentVideo = transceiver.Sender.GetStats();
                }
            }
        }

        RoundTripTime = sender?.RoundTripTime ?? receiver.RoundTripTime;
        State = receiver.ConnectionState.ToString().ToLowerInvariant();
    }

    public string Line(double elapsedSeconds)
    {
        double videoKbps = (Video.BytesReceived - _lastVideo.BytesReceived) * 8 / 1000.0;
        double audioKbps = (Audio.BytesReceived - _lastAudio.BytesReceived) * 8 / 1000.0;
        return string.Create(CultureInfo.InvariantCulture,
            $"{elapsedSeconds,5:0}s {label} {State,-9} rtt {RoundTripTime.TotalMilliseconds,6:0.0} ms | video {Video.FrameWidth}x{Video.FrameHeight} {Video.FramesPerSecond,4:0.0} fps {videoKbps,6:0} kbit/s loss {LossPercent(Video, _lastVideo),4:0.0}% jitter {Video.Jitter * 1000,5:0.0} ms | audio {audioKbps,4:0} kbit/s loss {LossPercent(Audio, _lastAudio),4:0.0}% jitter {Audio.Jitter * 1000,5:0.0} ms");
    }

    public string Summary(double seconds) => string.Create(CultureInfo.InvariantCulture,
        $"{label}: video {Video.PacketsReceived} packets received, {Video.PacketsLost} lost, {Video.RetransmittedPacketsReceived} repaired by RTX, {Video.FramesReceived} frames ({Video.FramesReceived / Math.Max(seconds, 1):0.0} fps), {Video.BytesReceived * 8 / 1000.0 / Math.Max(seconds, 1):0} kbit/s; audio {Audio.PacketsReceived} packets, {Audio.PacketsLost} lost; NACKs sent {Video.NackCount}, PLIs sent {Video.PliCount}");

    private static double LossPercent(in InboundRtpStreamStats now, in InboundRtpStreamStats before)
    {
        long received = now.PacketsReceived - before.PacketsReceived;
        long lost = now.PacketsLost - before.PacketsLost;
        long expected = received + lost;
        return expected <= 0 ? 0 : 100.0 * Math.Max(0, lost) / expected;
    }
}
