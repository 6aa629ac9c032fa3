using RtcEngine.Session.Synthetic;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Session.Tests.Scenarios;

public class StatsReportScenario
{
    [Fact]
    public void The_report_has_every_w3c_type_and_the_two_ends_agree()
    {
        using var pair = new ConnectionPair(seed: 31);
        RtcRtpTransceiver video = pair.A.AddTransceiver(RtcMediaKind.Video);
        pair.Negotiate();
        pair.Network.DefaultLink = LinkConditions.Clean with { Delay = TimeSpan.FromMilliseconds(15) };
        Assert.True(pair.RunUntilConnected(TimeSpan.FromSeconds(5)));

        var source = new SyntheticMedia(new SeededRandomSource(1), 640, 360);
        byte[] frame = new byte[32 * 1024];
        for (int i = 0; i < 150; i++)
        {
            int length = source.NextVideoFrame(frame);
            pair.A.SendFrame(video, frame.AsSpan(0, length), (uint)(i * 3000));
            pair.Network.Poll();
            pair.Network.RunFor(TimeSpan.FromMilliseconds(33));
        }

        pair.Network.RunFor(TimeSpan.FromSeconds(8)); // drain, and let reports and consent checks run

        RtcStatsReport sent = pair.A.GetStats();
        RtcStatsReport received = pair.B.GetStats();
        RtcTransportStats transport = Assert.Single(sent.OfType<RtcTransportStats>());
        Assert.Equal("connected", transport.DtlsState);
        Assert.Equal("SRTP_AEAD_AES_128_GCM", transport.SrtpCipher);
        Assert.Equal("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", transport.DtlsCipher);
        Assert.Equal("FEFD", transport.TlsVersion);
        var selected = (RtcIceCandidatePairStats)sent[transport.SelectedCandidatePairId!];
        Assert.Equal("succeeded", selected.State);
        Assert.InRange(selected.CurrentRoundTripTime!.Value, 0.029, 0.031); // 15 ms each way
        Assert.True(sent.ContainsKey(selected.LocalCandidateId) && sent.ContainsKey(selected.RemoteCandidateId));
        Assert.Equal(transport.PacketsSent, selected.PacketsSent);

        RtcOutboundRtpStreamStats outbound = Assert.Single(sent.OfType<RtcOutboundRtpStreamStats>());
        RtcInboundRtpStreamStats inbound = Assert.Single(received.OfType<RtcInboundRtpStreamStats>());
        Assert.Equal(outbound.Ssrc, inbound.Ssrc);
        Assert.Equal(outbound.PacketsSent, inbound.PacketsReceived);
        Assert.Equal(outbound.BytesSent, inbound.BytesReceived);
        Assert.Equal(150, outbound.FramesSent);
        Assert.Equal(150, inbound.FramesReceived);
        Assert.Equal(640, inbound.FrameWidth);
        Assert.Equal("video/VP8", ((RtcCodecStats)sent[outbound.CodecId!]).MimeType);

        var remoteInbound = (RtcRemoteInboundRtpStreamStats)sent[outbound.RemoteId!];
        Assert.InRange(remoteInbound.RoundTripTime, 0.029, 0.031);
        Assert.Equal(0, remoteInbound.PacketsLost);
        Assert.NotNull(inbound.RemoteId); // B heard A's sender reports

        string json = sent.ToJson();
        Assert.Contains("\"type\":\"outbound-rtp\"", json);
        Assert.Contains("\"type\":\"candidate-pair\"", json);
        Assert.Contains("\"currentRoundTripTime\":", json);
        Assert.Contains("\"type\":\"engine-drops\"", json);
    }
}
