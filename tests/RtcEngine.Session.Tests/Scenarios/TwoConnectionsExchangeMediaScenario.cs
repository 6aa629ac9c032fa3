using RtcEngine.Dtls;
using RtcEngine.Primitives;
using Xunit;

namespace RtcEngine.Session.Tests.Scenarios;

public class TwoConnectionsExchangeMediaScenario
{
    [Theory]
    [InlineData(RtcAnswerDtlsRole.Client)]
    [InlineData(RtcAnswerDtlsRole.Server)]
    public void Audio_and_video_flow_both_ways_after_ice_and_dtls(RtcAnswerDtlsRole answererRole)
    {
        using var pair = new ConnectionPair(seed: 1, configB: new RtcConfiguration { AnswerDtlsRole = answererRole });
        RtcRtpTransceiver audioA = pair.A.AddTransceiver(RtcMediaKind.Audio);
        RtcRtpTransceiver videoA = pair.A.AddTransceiver(RtcMediaKind.Video);
        RtcSessionDescription offer = pair.A.CreateOffer();
        pair.A.SetLocalDescription(offer);
        pair.B.SetRemoteDescription(offer);
        Assert.Equal(2, pair.B.Transceivers.Count);
        Assert.All(pair.B.Transceivers, t => Assert.Equal(RtcEngine.Sdp.SdpDirection.RecvOnly, t.Direction));
        pair.B.Transceivers[0].Direction = RtcEngine.Sdp.SdpDirection.SendRecv; // B answers audio both ways
        RtcSessionDescription answer = pair.B.CreateAnswer();
        pair.B.SetLocalDescription(answer);
        pair.A.SetRemoteDescription(answer);

        Assert.Equal(RtcSignalingState.Stable, pair.A.SignalingState);
        Assert.Equal(RtcSignalingState.Stable, pair.B.SignalingState);
        Assert.Equal(2, pair.B.Transceivers.Count);
        RtcRtpTransceiver audioB = pair.B.Transceivers[0];
        RtcRtpTransceiver videoB = pair.B.Transceivers[1];
        Assert.True(pair.RunUntilConnected(TimeSpan.FromSeconds(5)), $"A {pair.A.ConnectionState}, B {pair.B.ConnectionState}");
        Assert.Equal(answererRole == RtcAnswerDtlsRole.Client ? DtlsRole.Server : DtlsRole.Client, pair.A.Dtls!.Role);

        var sinkAudioB = new RecordingSink();
        var sinkVideoB = new RecordingSink();
        var sinkAudioA = new RecordingSink();
        audioB.Receiver.Sink = sinkAudioB;
        videoB.Receiver.Sink = sinkVideoB;
        audioA.Receiver.Sink = sinkAudioA;

        for (int i = 0; i < 50; i++)
        {
            Assert.True(pair.A.SendRtp(audioA, new byte[] { 1, 2, 3, (byte)i }, rtpTimestamp: (uint)(i * 960), marker: false));
            Assert.True(pair.A.SendRtp(videoA, new byte[1000], rtpTimestamp: (uint)(i * 3000), marker: true));
            Assert.True(pair.B.SendRtp(audioB, new byte[] { 9, (byte)i }, rtpTimestamp: (uint)(i * 960), marker: false));
            pair.Network.Poll();
            pair.Network.RunFor(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal(50, sinkAudioB.Packets.Count);
        Assert.Equal(50, sinkVideoB.Packets.Count);
        Assert.Equal(50, sinkAudioA.Packets.Count);
        Assert.Equal(new byte[] { 1, 2, 3, 7 }, sinkAudioB.Packets[7].Payload);
        Assert.Equal((uint)(7 * 3000), sinkVideoB.Packets[7].Timestamp);
        Assert.Equal(0, pair.A.Counters.DroppedUnprotectFailed + pair.B.Counters.DroppedUnprotectFailed);
        Assert.Equal(0, pair.A.Counters.DroppedUnroutable + pair.B.Counters.DroppedUnroutable);
    }

    [Fact]
    public void State_events_are_reported_once_each_in_w3c_order()
    {
        using var pair = new ConnectionPair(seed: 2);
        pair.A.AddTransceiver(RtcMediaKind.Audio);
        pair.Negotiate();
        Assert.True(pair.RunUntilConnected(TimeSpan.FromSeconds(5)));

        RtcPeerConnectionState[] states = pair.EventsA.OfType<RtcConnectionStateChangedEvent>().Select(e => e.State).ToArray();
        Assert.Equal([RtcPeerConnectionState.Connecting, RtcPeerConnectionState.Connected], states);
        RtcIceConnectionState[] ice = pair.EventsB.OfType<RtcIceConnectionStateChangedEvent>().Select(e => e.State).ToArray();
        Assert.Equal(ice.Distinct().Count(), ice.Length);
        Assert.Contains(RtcIceConnectionState.Connected, ice);
        Assert.Single(pair.EventsB.OfType<RtcTrackEvent>());
    }
}
