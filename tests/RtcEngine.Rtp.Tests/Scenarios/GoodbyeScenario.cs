using RtcEngine.Rtp;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Rtp.Tests.Scenarios;

/// <summary>Closing the sender's session sends BYE; the receiver reports it and drops the stream.</summary>
public class GoodbyeScenario
{
    [Fact]
    public void Close_sends_bye_and_the_receiver_removes_the_stream()
    {
        var map = RtpHeaderExtensionMap.CreateChromiumDefaults();
        var a = new MediaPeer(new RtpSessionOptions { ExtensionMap = map }, seed: 61);
        var b = new MediaPeer(new RtpSessionOptions { ExtensionMap = map }, seed: 62);
        b.Session.RegisterPayloadType(new RtpPayloadTypeInfo(111, RtpMediaKind.Audio, 48_000));
        RtpSendStream audio = a.Session.AddSendStream(new RtpSendStreamConfig { Ssrc = 0xAA, PayloadType = 111, ClockRate = 48_000, Kind = RtpMediaKind.Audio });
        VirtualNetwork net = MediaPeer.Connect(a, b, seed: 63);
        a.PacketsPerFrame = 1;
        a.PayloadSize = 80;
        a.FrameInterval = TimeSpan.FromMilliseconds(20);
        a.TimestampStep = 960;
        a.StartSending(audio, net.Now, frames: 50);
        net.RunFor(TimeSpan.FromSeconds(1.5));
        a.Session.Close();
        net.RunFor(TimeSpan.FromSeconds(1));

        Assert.Contains(b.Events, e => e.Kind == RtpSessionEventKind.Goodbye && e.Ssrc == 0xAA);
        Assert.Contains(b.Events, e => e.Kind == RtpSessionEventKind.ReceiveStreamRemoved && e.Ssrc == 0xAA);
        Assert.Empty(b.Session.ReceiveStreams);
        Assert.True(a.Session.PollTimeout().IsNever); // a closed session has no more timers
    }
}
