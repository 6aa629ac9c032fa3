using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Rtp.Tests.Scenarios;

/// <summary>
/// 48 kHz audio (20 ms packets, audio level extension) over a link with 0..10 ms of random delay:
/// the receiver's jitter is in the expected range in seconds, and audio level, energy and duration
/// follow the stamped levels.
/// </summary>
public class AudioLevelScenario
{
    [Fact]
    public void Audio_at_48_khz_reports_jitter_and_audio_energy()
    {
        var map = RtpHeaderExtensionMap.CreateChromiumDefaults();
        var a = new MediaPeer(new RtpSessionOptions { ExtensionMap = map }, seed: 91);
        var b = new MediaPeer(new RtpSessionOptions { ExtensionMap = map }, seed: 92);
        b.Session.RegisterPayloadType(new RtpPayloadTypeInfo(111, RtpMediaKind.Audio, 48_000));
        RtpSendStream audio = a.Session.AddSendStream(new RtpSendStreamConfig { Ssrc = 0xAD, PayloadType = 111, ClockRate = 48_000, Kind = RtpMediaKind.Audio });
        VirtualNetwork net = MediaPeer.Connect(a, b, seed: 93, LinkConditions.Clean with { Delay = TimeSpan.FromMilliseconds(20), Jitter = TimeSpan.FromMilliseconds(10) });
        a.PacketsPerFrame = 1;
        a.PayloadSize = 60;
        a.FrameInterval = TimeSpan.FromMilliseconds(20);
        a.TimestampStep = 960;
        a.AudioLevel = new AudioLevel(true, 30); // -30 dBov
        a.StartSending(audio, net.Now, frames: 500);
        net.RunFor(TimeSpan.FromSeconds(11));

        Assert.True(b.Session.TryGetReceiveStream(0xAD, out RtpReceiveStream stream));
        InboundRtpStreamStats stats = stream.GetStats(MediaPeer.Anchor);
        Assert.Equal(RtpMediaKind.Audio, stats.Kind);
        // Uniform 0..10 ms extra delay: E|D| = 10/3 ms; A.8 smooths towards it (with reordering noise).
        Assert.InRange(stats.Jitter, 0.002, 0.005);
        double linear = Math.Pow(10, -30 / 20.0);
        Assert.Equal(linear, stats.AudioLevel, 9);
        Assert.InRange(stats.TotalSamplesDuration, 9.0, 10.0); // late packets are not counted as audio
        Assert.Equal(linear * linear * stats.TotalSamplesDuration, stats.TotalAudioEnergy, 9);
    }
}
