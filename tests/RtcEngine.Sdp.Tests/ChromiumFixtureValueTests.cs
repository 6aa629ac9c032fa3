using Xunit;

namespace RtcEngine.Sdp.Tests;

/// <summary>Every Chromium 156 fixture parses into the typed values its text shows.</summary>
public class ChromiumFixtureValueTests
{
    private const string Fingerprint = "2B:1B:E9:E9:B0:94:5B:63:2B:8F:94:0E:B3:C0:ED:77:D7:15:45:92:AE:48:B9:5B:13:7E:20:70:FB:34:CC:50";
    private const string Stream = "f2fd1e57-9dd0-4a6e-a960-3feb9d847a6b";

    [Fact]
    public void Audio_video_data_offer_has_the_session_level_values()
    {
        SessionDescription offer = Fixtures.Chromium("offer_av_data");

        Assert.Equal("-", offer.Origin.Username);
        Assert.Equal("5345326166865845030", offer.Origin.SessionId);
        Assert.Equal(2UL, offer.Origin.SessionVersion);
        Assert.Equal(("IN", "IP4", "127.0.0.1"), (offer.Origin.NetworkType, offer.Origin.AddressType, offer.Origin.UnicastAddress));
        Assert.Equal("-", offer.SessionName);
        SdpTiming timing = Assert.Single(offer.Timings);
        Assert.Equal((0UL, 0UL), (timing.StartTime, timing.StopTime));
        Assert.Equal(["0", "1", "2"], offer.BundleGroup!.Mids);
        Assert.True(offer.BundleGroup.IsBundle);
        Assert.True(offer.ExtMapAllowMixed);
        Assert.Equal("WMS", offer.MsidSemantic!.Semantic);
        Assert.Equal([Stream], offer.MsidSemantic.Identifiers);
        Assert.False(offer.IceLite);
        Assert.Null(offer.IceUfrag);
        Assert.Empty(offer.Fingerprints);
        Assert.Equal(3, offer.Media.Count);
        Assert.Equal(173, offer.ToString().Split("\r\n").Length - 1);
    }

    [Fact]
    public void Audio_video_data_offer_audio_section_has_transport_and_codec_values()
    {
        MediaDescription audio = Fixtures.Chromium("offer_av_data").Media[0];

        Assert.Equal(SdpMediaKind.Audio, audio.Kind);
        Assert.Equal(53414, audio.Port);
        Assert.Equal("UDP/TLS/RTP/SAVPF", audio.Protocol);
        Assert.True(audio.IsRtp);
        Assert.False(audio.IsRejected);
        Assert.Equal([111, 63, 9, 0, 8, 13, 110, 126], audio.PayloadTypes);
        Assert.Equal(new SdpConnection("IN", "IP4", "127.0.0.1"), Assert.Single(audio.Connections));
        Assert.Equal((9, "IN", "IP4", "0.0.0.0"), (audio.Rtcp!.Port, audio.Rtcp.NetworkType, audio.Rtcp.AddressType, audio.Rtcp.Address));
        Assert.Equal(
            [
                "801863923 1 udp 2122260223 127.0.0.1 53414 typ host generation 0 network-id 1 network-cost 50",
                "3512839271 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active generation 0 network-id 1 network-cost 50",
            ],
            audio.Candidates);
        Assert.False(audio.EndOfCandidates);
        Assert.Equal("8xk+", audio.IceUfrag);
        Assert.Equal("1zJSsQ0rGtfuiEJFTGcbAzZz", audio.IcePwd);
        Assert.True(audio.IceOptions!.HasTrickle);
        Assert.False(audio.IceOptions.HasRenomination);
        FingerprintAttribute fingerprint = Assert.Single(audio.Fingerprints);
        Assert.Equal(("sha-256", Fingerprint), (fingerprint.HashFunction, fingerprint.Fingerprint));
        Assert.Equal(SdpSetupRole.ActPass, audio.Setup);
        Assert.Equal("0", audio.Mid);
        Assert.Equal(
            [
                (1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"),
                (2, "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"),
                (3, "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"),
                (4, "urn:ietf:params:rtp-hdrext:sdes:mid"),
            ],
            audio.ExtMaps.Select(e => (e.Id, e.Uri)));
        Assert.All(audio.ExtMaps, e => Assert.Null(e.Direction));
        Assert.Equal(SdpDirection.SendRecv, audio.Direction);
        MsidAttribute msid = Assert.Single(audio.Msids);
        Assert.Equal((Stream, "34f1485a-3608-4178-b2bc-79f8bda00a3e"), (msid.StreamId, msid.TrackId));
        Assert.True(audio.RtcpMux);
        Assert.True(audio.RtcpReducedSize);
        Assert.False(audio.RtcpMuxOnly);
        Assert.Equal("rcvr-rtt=all", audio.Attributes.Find("rtcp-xr")!.Value);

        RtpMapAttribute opus = audio.GetRtpMap(111)!;
        Assert.Equal(("opus", 48000, (int?)2), (opus.EncodingName, opus.ClockRate, opus.Channels));
        Assert.Equal([new SdpParameter("minptime", "10"), new SdpParameter("useinbandfec", "1")], audio.GetFmtp(111)!.Parameters);
        Assert.True(audio.GetFmtp(111)!.TryGetParameter("useinbandfec", out string? fec));
        Assert.Equal("1", fec);
        RtcpFeedbackAttribute feedback = Assert.Single(audio.GetRtcpFeedback(111));
        Assert.Equal(("transport-cc", (string?)null), (feedback.Type, feedback.Parameter));
        Assert.Equal([new SdpParameter("111/111", null)], audio.GetFmtp(63)!.Parameters);
        Assert.Equal(("G722", 8000, (int?)null), (audio.GetRtpMap(9)!.EncodingName, audio.GetRtpMap(9)!.ClockRate, audio.GetRtpMap(9)!.Channels));
        Assert.Equal(("telephone-event", 8000), (audio.GetRtpMap(126)!.EncodingName, audio.GetRtpMap(126)!.ClockRate));

        Assert.Equal(
            [(4055273578u, "cname", "M1qd6V3u29grnbeW"), (4055273578u, "msid", Stream + " 34f1485a-3608-4178-b2bc-79f8bda00a3e")],
            audio.Ssrcs.Select(s => (s.Ssrc, s.AttributeName, s.AttributeValue!)));
        Assert.Empty(audio.SsrcGroups);
    }

    [Fact]
    public void Audio_video_data_offer_video_section_has_codecs_rtx_and_ssrc_group()
    {
        MediaDescription video = Fixtures.Chromium("offer_av_data").Media[1];

        Assert.Equal(SdpMediaKind.Video, video.Kind);
        Assert.Equal(9, video.Port);
        Assert.Equal(23, video.Formats.Count);
        Assert.Equal(23, video.RtpMaps.Count);
        Assert.Equal(SdpConnection.Placeholder, Assert.Single(video.Connections));
        Assert.Empty(video.Candidates);
        Assert.Equal("1", video.Mid);
        Assert.Equal(11, video.ExtMaps.Count);
        Assert.Equal((14, "urn:ietf:params:rtp-hdrext:toffset"), (video.ExtMaps[0].Id, video.ExtMaps[0].Uri));

        Assert.Equal("VP8", video.GetRtpMap(96)!.EncodingName);
        Assert.Equal(90000, video.GetRtpMap(96)!.ClockRate);
        Assert.Equal(
            [("goog-remb", null), ("transport-cc", null), ("ccm", "fir"), ("nack", null), ("nack", "pli")],
            video.GetRtcpFeedback(96).Select(f => (f.Type, f.Parameter)));
        Assert.Equal("rtx", video.GetRtpMap(97)!.EncodingName);
        Assert.True(video.GetFmtp(97)!.TryGetParameter("apt", out string? apt));
        Assert.Equal("96", apt);
        Assert.True(video.GetFmtp(102)!.TryGetParameter("profile-level-id", out string? profile));
        Assert.Equal("42001f", profile);
        Assert.Equal([new SdpParameter("level-idx", "5"), new SdpParameter("profile", "0"), new SdpParameter("tier", "0")], video.GetFmtp(45)!.Parameters);
        Assert.Equal("ulpfec", video.GetRtpMap(120)!.EncodingName);
        Assert.Null(video.GetFmtp(120));

        SsrcGroupAttribute fid = Assert.Single(video.SsrcGroups);
        Assert.Equal("FID", fid.Semantics);
        Assert.Equal([3083565116u, 1317095344u], fid.Ssrcs);
        Assert.Equal(4, video.Ssrcs.Count);
    }

    [Fact]
    public void Audio_video_data_offer_application_section_has_sctp_values()
    {
        MediaDescription data = Fixtures.Chromium("offer_av_data").Media[2];

        Assert.Equal(SdpMediaKind.Application, data.Kind);
        Assert.Equal("UDP/DTLS/SCTP", data.Protocol);
        Assert.True(data.IsSctp);
        Assert.False(data.IsRtp);
        Assert.Equal(["webrtc-datachannel"], data.Formats);
        Assert.Empty(data.PayloadTypes);
        Assert.Equal("2", data.Mid);
        Assert.Equal(5000, data.SctpPort);
        Assert.Equal(262144UL, data.MaxMessageSize);
        Assert.Null(data.Direction);
        Assert.Empty(data.RtpMaps);
    }

    [Fact]
    public void Audio_video_data_answer_chooses_active_and_sends_one_candidate()
    {
        SessionDescription answer = Fixtures.Chromium("answer_av_data");

        Assert.Equal(["0", "1", "2"], answer.BundleGroup!.Mids);
        Assert.All(answer.Media, m => Assert.Equal(SdpSetupRole.Active, m.Setup));
        Assert.All(answer.Media, m => Assert.Equal("epeR", m.IceUfrag));
        Assert.Single(answer.Media[0].Candidates);
        Assert.Equal(33261, answer.Media[0].Port);
        Assert.Equal(SdpDirection.SendRecv, answer.Media[1].Direction);
        Assert.Equal(5000, answer.Media[2].SctpPort);
    }

    [Fact]
    public void Simulcast_offer_has_three_send_rids_and_no_ssrcs()
    {
        MediaDescription video = Assert.Single(Fixtures.Chromium("offer_simulcast_sendonly").Media);

        Assert.Equal(SdpDirection.SendOnly, video.Direction);
        Assert.Equal(("-", "b95ed01d-7c7e-48f9-9dca-4397fe62718d"), (video.Msids[0].StreamId, video.Msids[0].TrackId));
        Assert.Equal(["f", "h", "q"], video.Rids.Select(r => r.Id));
        Assert.All(video.Rids, r => Assert.Equal(RidDirection.Send, r.Direction));
        Assert.All(video.Rids, r => Assert.Empty(r.PayloadTypes));
        SimulcastAttribute simulcast = video.Simulcast!;
        Assert.Equal(["f", "h", "q"], simulcast.Send.Select(s => Assert.Single(s).Id));
        Assert.Empty(simulcast.Receive);
        Assert.Empty(video.Ssrcs);
        Assert.Contains(video.ExtMaps, e => e.Uri == "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id" && e.Id == 10);
    }

    [Fact]
    public void Recvonly_offer_has_recvonly_sections_without_msid_or_ssrc()
    {
        SessionDescription offer = Fixtures.Chromium("offer_recvonly");

        Assert.Equal(["0", "1"], offer.BundleGroup!.Mids);
        Assert.Empty(offer.MsidSemantic!.Identifiers);
        Assert.All(offer.Media, m => Assert.Equal(SdpDirection.RecvOnly, m.Direction));
        Assert.All(offer.Media, m => Assert.Empty(m.Msids));
        Assert.All(offer.Media, m => Assert.Empty(m.Ssrcs));
        Assert.Equal(34, offer.Media[1].Formats.Count);
    }

    [Fact]
    public void Renegotiation_offer_appends_a_fourth_section_and_bumps_the_version()
    {
        SessionDescription first = Fixtures.Chromium("offer_av_data");
        SessionDescription offer = Fixtures.Chromium("offer_renegotiate_add_video");

        Assert.Equal(first.Origin.SessionId, offer.Origin.SessionId);
        Assert.Equal(3UL, offer.Origin.SessionVersion);
        Assert.Equal(["0", "1", "2", "3"], offer.BundleGroup!.Mids);
        Assert.Equal(["audio", "video", "application", "video"], offer.Media.Select(m => m.Media));
        Assert.Equal("3", offer.Media[3].Mid);
        Assert.Equal([2474756737u, 333253320u], offer.Media[3].SsrcGroups[0].Ssrcs);
        Assert.Equal("e22b8d77-ba98-42ac-8646-6afd02c2c4b7", offer.Media[3].Msids[0].StreamId);
    }

    [Fact]
    public void Ice_restart_offer_has_new_credentials_and_no_candidates()
    {
        SessionDescription offer = Fixtures.Chromium("offer_ice_restart");

        Assert.Equal(4UL, offer.Origin.SessionVersion);
        Assert.All(offer.Media, m => Assert.Equal(("FWFC", "wtojMQfE+c5HswgP7i3+Hkcf"), (m.IceUfrag, m.IcePwd)));
        Assert.All(offer.Media, m => Assert.Empty(m.Candidates));
        Assert.All(offer.Media, m => Assert.Equal(9, m.Port));
        Assert.All(offer.Media, m => Assert.Equal(Fingerprint, m.Fingerprints[0].Fingerprint));
    }

    [Fact]
    public void Data_channel_only_offer_has_one_application_section()
    {
        SessionDescription offer = Fixtures.Chromium("offer_datachannel_only");

        MediaDescription data = Assert.Single(offer.Media);
        Assert.Equal(SdpMediaKind.Application, data.Kind);
        Assert.Equal(57298, data.Port);
        Assert.Equal(2, data.Candidates.Count);
        Assert.Equal("ADfV", data.IceUfrag);
        Assert.Equal(5000, data.SctpPort);
    }

    [Fact]
    public void Sendonly_and_inactive_audio_offers_carry_their_directions()
    {
        MediaDescription sendonly = Assert.Single(Fixtures.Chromium("offer_publish_audio_sendonly").Media);
        MediaDescription inactive = Assert.Single(Fixtures.Chromium("offer_inactive_audio").Media);

        Assert.Equal(SdpDirection.SendOnly, sendonly.Direction);
        Assert.Equal("-", sendonly.Msids[0].StreamId);
        Assert.Equal(3330846990u, sendonly.Ssrcs[0].Ssrc);
        Assert.Equal(SdpDirection.Inactive, inactive.Direction);
        Assert.Empty(inactive.Msids);
        Assert.Empty(inactive.Ssrcs);
    }
}
