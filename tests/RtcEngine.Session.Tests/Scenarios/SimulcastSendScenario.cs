using RtcEngine.Primitives;
using RtcEngine.Session.Synthetic;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Session.Tests.Scenarios;

public class SimulcastSendScenario
{
    [Fact]
    public void Three_rids_sent_arrive_as_three_layers_each_with_its_own_stream_and_size()
    {
        using var pair = new ConnectionPair(seed: 51);
        RtcRtpTransceiver video = pair.A.AddTransceiver(RtcMediaKind.Video, new RtcTransceiverInit
        {
            Direction = Sdp.SdpDirection.SendOnly,
            SendRids = ["f", "h", "q"],
        });
        RtcSessionDescription offer = pair.A.CreateOffer();
        Assert.Contains("a=simulcast:send f;h;q", offer.Sdp, StringComparison.Ordinal);
        Assert.DoesNotContain("a=ssrc:", offer.Sdp, StringComparison.Ordinal);
        pair.A.SetLocalDescription(offer);
        pair.B.SetRemoteDescription(offer);
        RtcSessionDescription answer = pair.B.CreateAnswer();
        Assert.Contains("a=simulcast:recv f;h;q", answer.Sdp, StringComparison.Ordinal);
        pair.B.SetLocalDescription(answer);
        pair.A.SetRemoteDescription(answer);
        Assert.True(pair.RunUntilConnected(TimeSpan.FromSeconds(5)));
        Assert.Equal(["f", "h", "q"], video.Sender.Layers.Select(l => l.Rid));

        var sources = new Dictionary<string, SyntheticMedia>
        {
            ["f"] = new(new SeededRandomSource(1), 1280, 720),
            ["h"] = new(new SeededRandomSource(2), 640, 360),
            ["q"] = new(new SeededRandomSource(3), 320, 180),
        };
        byte[] frame = new byte[32 * 1024];
        for (int i = 0; i < 60; i++)
        {
            foreach ((string rid, SyntheticMedia source) in sources)
            {
                int length = source.NextVideoFrame(frame, keyFrameSize: 12_000, deltaFrameSize: 2_000);
                Assert.True(pair.A.SendFrame(video, frame.AsSpan(0, length), (uint)(i * 3000), rid) > 0);
            }

            pair.Network.Poll();
            pair.Network.RunFor(TimeSpan.FromMilliseconds(33));
        }

        pair.Network.RunFor(TimeSpan.FromSeconds(1));
        var anchor = new WallClockAnchor(MonoTime.Zero, DateTimeOffset.UnixEpoch);
        RtcRtpTransceiver received = pair.B.Transceivers[0];
        var layers = received.Receiver.Streams.ToDictionary(s => s.Rid!, s => s.GetStats(anchor));
        Assert.Equal(["f", "h", "q"], layers.Keys.Order());
        Assert.Equal(1280, layers["f"].FrameWidth);
        Assert.Equal(640, layers["h"].FrameWidth);
        Assert.Equal(320, layers["q"].FrameWidth);
        Assert.All(layers.Values, l => Assert.Equal(60, l.FramesReceived));
        Assert.Equal(3, received.Receiver.Streams.Select(s => s.Ssrc).Distinct().Count());
    }
}
