using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Rtp.Payload;
using RtcEngine.Session.Synthetic;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Session.Tests.Scenarios;

public class FramesAndStatisticsScenario
{
    private sealed class FrameCounter : IMediaFrameSink
    {
        public int Frames { get; private set; }

        public int KeyFrames { get; private set; }

        public void OnFrame(RtcRtpTransceiver transceiver, in AssembledFrame frame, MonoTime now)
        {
            Frames++;
            KeyFrames += frame.IsKeyframe ? 1 : 0;
        }
    }

    [Fact]
    public void Frames_sent_whole_arrive_whole_and_feed_w3c_statistics_through_loss()
    {
        using var pair = new ConnectionPair(seed: 21);
        RtcRtpTransceiver video = pair.A.AddTransceiver(RtcMediaKind.Video);
        RtcRtpTransceiver audio = pair.A.AddTransceiver(RtcMediaKind.Audio);
        pair.Negotiate();
        Assert.True(pair.RunUntilConnected(TimeSpan.FromSeconds(5)));
        pair.Network.DefaultLink = LinkConditions.Clean with { Delay = TimeSpan.FromMilliseconds(20), Loss = 0.02 };
        var frames = new FrameCounter();
        pair.B.Transceivers[0].Receiver.FrameSink = frames;

        var source = new SyntheticMedia(new SeededRandomSource(3), 1280, 720, framesPerSecond: 30, keyFrameInterval: 60);
        byte[] buffer = new byte[64 * 1024];
        uint videoTimestamp = 0, audioTimestamp = 0;
        for (int tick = 0; tick < 300; tick++) // 10 s of video at 30 fps, audio every other tick-ish
        {
            int length = source.NextVideoFrame(buffer);
            Assert.True(pair.A.SendFrame(video, buffer.AsSpan(0, length), videoTimestamp) > 0);
            videoTimestamp += source.VideoTimestampStep;
            if (tick % 3 != 2)
            {
                length = source.NextAudioPacket(buffer);
                pair.A.SendFrame(audio, buffer.AsSpan(0, length), audioTimestamp, audioLevel: new AudioLevel(VoiceActivity: true, Level: 20));
                audioTimestamp += SyntheticMedia.AudioTimestampStep;
            }

            pair.Network.Poll();
            pair.Network.RunFor(TimeSpan.FromMilliseconds(1000.0 / 30));
        }

        pair.Network.RunFor(TimeSpan.FromSeconds(2));
        InboundRtpStreamStats inbound = pair.B.Transceivers[0].Receiver.GetStats(new WallClockAnchor(MonoTime.Zero, DateTimeOffset.UnixEpoch));
        InboundRtpStreamStats audioIn = pair.B.Transceivers[1].Receiver.GetStats(new WallClockAnchor(MonoTime.Zero, DateTimeOffset.UnixEpoch));
        Assert.Equal(0.1, audioIn.AudioLevel, precision: 3); // -20 dBov stamped by the sender, read by the receiver
        Assert.True(audioIn.TotalAudioEnergy > 0);
        OutboundRtpStreamStats outbound = video.Sender.GetStats();

        // With NACK and RTX over 2% loss every frame is repaired and assembled.
        Assert.Equal(300, frames.Frames);
        Assert.Equal(5, frames.KeyFrames);
        Assert.Equal(300, inbound.FramesReceived);
        Assert.Equal(1280, inbound.FrameWidth);
        Assert.Equal(720, inbound.FrameHeight);
        Assert.InRange(inbound.FramesPerSecond, 28, 32);
        Assert.Equal(300, outbound.FramesSent);
        Assert.True(outbound.RetransmittedPacketsSent > 0);
        Assert.True(pair.A.RoundTripTime > TimeSpan.FromMilliseconds(30) && pair.A.RoundTripTime < TimeSpan.FromMilliseconds(60), $"rtt {pair.A.RoundTripTime}");
    }
}
