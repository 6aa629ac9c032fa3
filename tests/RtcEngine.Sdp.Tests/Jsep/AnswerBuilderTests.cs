using RtcEngine.Sdp.Jsep;
using Xunit;

namespace RtcEngine.Sdp.Tests.Jsep;

public class AnswerBuilderTests
{
    public static Xunit.TheoryData<string> Offers => new(
        Fixtures.All().Where(f => Path.GetFileName(f).StartsWith("offer", StringComparison.Ordinal) || f.EndsWith("_offer.sdp", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(Offers))]
    public void The_answer_to_every_fixture_offer_follows_the_JSEP_rules(string fixture)
    {
        SessionDescription offer = Fixtures.Parse(fixture);

        JsepAnswer result = JsepTestData.Answer(offer, JsepTestData.Rich, SdpSetupRole.Active,
            JsepTestData.Audio(), JsepTestData.Video(), JsepTestData.Data());

        JsepRules.AssertValidAnswer(offer, result.Description);
        Assert.Equal(offer.Media.Count, result.Negotiated.Media.Count);
        Assert.All(result.Negotiated.Media, m => Assert.Equal(offer.Media[m.Index].Mid, m.Mid));
    }

    [Theory]
    [MemberData(nameof(Offers))]
    public void The_answer_with_default_capabilities_and_no_transceivers_follows_the_JSEP_rules(string fixture)
    {
        SessionDescription offer = Fixtures.Parse(fixture);

        JsepAnswer result = JsepTestData.Answer(offer, setup: SdpSetupRole.Passive);

        JsepRules.AssertValidAnswer(offer, result.Description, SdpSetupRole.Passive);
        Assert.All(result.Description.Media.Where(m => m.Kind != SdpMediaKind.Application && m.Port != 0),
            m => Assert.False((m.Direction ?? SdpDirection.SendRecv).Sends())); // implicit transceivers only receive
    }

    [Fact]
    public void Chromium_audio_video_data_offer_gets_the_expected_answer()
    {
        SessionDescription offer = Fixtures.Chromium("offer_av_data");

        JsepAnswer result = JsepTestData.Answer(offer, JsepTestData.Rich, SdpSetupRole.Active,
            JsepTestData.Audio(), JsepTestData.Video(), JsepTestData.Data());
        SessionDescription answer = result.Description;

        Assert.Equal(["0", "1", "2"], answer.BundleGroup!.Mids);
        Assert.True(answer.ExtMapAllowMixed);
        Assert.Equal(["engine-stream"], answer.MsidSemantic!.Identifiers);
        MediaDescription audio = answer.Media[0];
        Assert.Equal(["111", "63", "0"], audio.Formats); // offer order, offerer's payload types; RED kept with Opus
        Assert.Equal("111/111", audio.GetFmtp(63)!.Parameters[0].Name);
        Assert.Equal(SdpDirection.SendRecv, audio.Direction);
        Assert.Equal([1, 2, 3, 4], audio.ExtMaps.Select(e => e.Id));
        Assert.Equal(1111u, audio.Ssrcs[0].Ssrc);
        Assert.Equal(("engine-stream", "audio-track"), (audio.Msids[0].StreamId, audio.Msids[0].TrackId!));

        MediaDescription video = answer.Media[1];
        Assert.Equal(["96", "97", "108", "109", "45", "46", "98", "99"], video.Formats);
        Assert.Equal([RtcpFeedback.GoogRemb, RtcpFeedback.TransportCc, RtcpFeedback.Fir, RtcpFeedback.Nack, RtcpFeedback.Pli],
            video.GetRtcpFeedback(96).Select(f => new RtcpFeedback(f.Type, f.Parameter)));
        Assert.Equal([2, 3, 4, 10, 11], video.ExtMaps.Select(e => e.Id)); // ids the offer chose, for URIs both support
        SsrcGroupAttribute fid = Assert.Single(video.SsrcGroups);
        Assert.Equal([2222u, 3333u], fid.Ssrcs);

        MediaDescription data = answer.Media[2];
        Assert.Equal(5000, data.SctpPort);
        Assert.Equal(262144UL, data.MaxMessageSize);

        NegotiatedSession negotiated = result.Negotiated;
        Assert.Equal(JsepDtlsRole.Client, negotiated.LocalDtlsRole);
        Assert.Equal("0", negotiated.BundleTransportMid);
        Assert.Equal(("8xk+", "1zJSsQ0rGtfuiEJFTGcbAzZz"), (negotiated.RemoteIceUfrag!, negotiated.RemoteIcePwd!));
        Assert.Equal(2, negotiated.RemoteCandidates.Count);
        Assert.All(negotiated.RemoteCandidates, c => Assert.Equal("0", c.Mid));
        NegotiatedMedia negotiatedVideo = negotiated.Media[1];
        Assert.Equal(97, negotiatedVideo.RtxPayloadTypes[96]);
        Assert.Equal(97, negotiatedVideo.FindCodec(96)!.RtxPayloadType);
        Assert.Equal([3083565116u, 1317095344u], negotiatedVideo.RemoteSsrcs);
        Assert.Equal(1317095344u, negotiatedVideo.RemoteRtxSsrcs[3083565116u]);
        Assert.Equal("M1qd6V3u29grnbeW", negotiatedVideo.RemoteCname);
        Assert.Equal(3, negotiatedVideo.FindHeaderExtensionId(JsepHeaderExtension.TransportCcUri));
        Assert.Equal(5000, negotiated.Media[2].RemoteSctpPort);
        Assert.Equal(262144UL, negotiated.Media[2].RemoteMaxMessageSize);
    }

    [Fact]
    public void Application_is_rejected_with_port_0_outside_bundle_when_data_channels_are_off()
    {
        SessionDescription offer = Fixtures.Chromium("offer_av_data");
        var capabilities = new JsepCapabilities { DataChannels = false };

        JsepAnswer result = JsepTestData.Answer(offer, capabilities, SdpSetupRole.Active, JsepTestData.Audio(), JsepTestData.Video());

        MediaDescription data = result.Description.Media[2];
        Assert.Equal(0, data.Port);
        Assert.Equal("2", data.Mid);
        Assert.Equal(["webrtc-datachannel"], data.Formats);
        Assert.Equal(["0", "1"], result.Description.BundleGroup!.Mids);
        Assert.True(result.Negotiated.Media[2].Rejected);
        Assert.Null(result.MediaTransceivers[2]);
        JsepRules.AssertValidAnswer(offer, result.Description);
        Assert.Contains("m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:2\r\n", result.Description.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SdpDirection.SendRecv, SdpDirection.SendRecv, SdpDirection.SendRecv)]
    [InlineData(SdpDirection.SendRecv, SdpDirection.SendOnly, SdpDirection.SendOnly)]
    [InlineData(SdpDirection.SendRecv, SdpDirection.RecvOnly, SdpDirection.RecvOnly)]
    [InlineData(SdpDirection.SendOnly, SdpDirection.SendRecv, SdpDirection.RecvOnly)]
    [InlineData(SdpDirection.SendOnly, SdpDirection.SendOnly, SdpDirection.Inactive)]
    [InlineData(SdpDirection.RecvOnly, SdpDirection.SendRecv, SdpDirection.SendOnly)]
    [InlineData(SdpDirection.RecvOnly, SdpDirection.RecvOnly, SdpDirection.Inactive)]
    [InlineData(SdpDirection.Inactive, SdpDirection.SendRecv, SdpDirection.Inactive)]
    public void Directions_are_answered_per_RFC_3264(SdpDirection offered, SdpDirection local, SdpDirection expected)
    {
        SessionDescription offer = Fixtures.Chromium("offer_publish_audio_sendonly");
        offer.Media[0].Attributes.RemoveAll(SdpAttributeKind.SendOnly);
        offer.Media[0].Attributes.Add(SdpAttribute.ForDirection(offered));

        JsepAnswer result = JsepTestData.Answer(offer, transceivers: JsepTestData.Audio(local));

        Assert.Equal(expected, result.Description.Media[0].Direction);
        Assert.Equal(expected, result.Negotiated.Media[0].Direction);
        JsepRules.AssertValidAnswer(offer, result.Description);
    }

    [Fact]
    public void Simulcast_send_offer_is_answered_with_recv_rids()
    {
        SessionDescription offer = Fixtures.Chromium("offer_simulcast_sendonly");

        JsepAnswer result = JsepTestData.Answer(offer);

        MediaDescription video = result.Description.Media[0];
        Assert.Equal(["f", "h", "q"], video.Rids.Select(r => r.Id));
        Assert.All(video.Rids, r => Assert.Equal(RidDirection.Recv, r.Direction));
        Assert.Equal("recv f;h;q", video.Simulcast!.Value);
        Assert.Equal(SdpDirection.RecvOnly, video.Direction);
        Assert.Equal(["f", "h", "q"], result.Negotiated.Media[0].ReceiveRids);
        Assert.Empty(result.Negotiated.Media[0].SendRids);
        Assert.Contains(video.ExtMaps, e => e.Uri == JsepHeaderExtension.RtpStreamIdUri && e.Id == 10);
        Assert.Single(result.CreatedTransceivers);
    }

    [Fact]
    public void Simulcast_answer_keeps_only_the_rids_the_transceiver_wants()
    {
        SessionDescription offer = Fixtures.Chromium("offer_simulcast_sendonly");
        var video = new JsepTransceiver(SdpMediaKind.Video) { Direction = SdpDirection.RecvOnly, ReceiveRids = ["h", "q"] };

        JsepAnswer result = JsepTestData.Answer(offer, transceivers: video);

        Assert.Equal("recv h;q", result.Description.Media[0].Simulcast!.Value);
        Assert.Same(video, result.MediaTransceivers[0]);
        Assert.Equal("0", video.Mid);
    }

    [Fact]
    public void Simulcast_recv_offer_is_answered_with_send_rids()
    {
        SessionDescription offer = Fixtures.Parse("sdp/synthetic-cloudflare/simulcast_recv_offer.sdp");
        var video = new JsepTransceiver(SdpMediaKind.Video) { Direction = SdpDirection.SendOnly, SendRids = ["f", "h", "q"] };

        JsepAnswer result = JsepTestData.Answer(offer, transceivers: video);

        MediaDescription answered = result.Description.Media[0];
        Assert.Equal(SdpDirection.SendOnly, answered.Direction);
        Assert.All(answered.Rids, r => Assert.Equal(RidDirection.Send, r.Direction));
        Assert.Equal("send f;h;q", answered.Simulcast!.Value);
        Assert.Equal(["f", "h", "q"], result.Negotiated.Media[0].SendRids);
        Assert.True(result.Negotiated.RemoteIceLite);
        JsepRules.AssertValidAnswer(offer, result.Description);
    }

    [Fact]
    public void An_offer_with_setup_active_gets_passive_whatever_the_caller_prefers()
    {
        SessionDescription offer = Fixtures.Chromium("offer_datachannel_only");
        offer.Media[0].Attributes[offer.Media[0].Attributes.IndexOf(offer.Media[0].Attributes.Find(SdpAttributeKind.Setup)!)] = SetupAttribute.For(SdpSetupRole.Active);

        JsepAnswer result = JsepTestData.Answer(offer, setup: SdpSetupRole.Active);

        Assert.Equal(SdpSetupRole.Passive, result.Description.Media[0].Setup);
        Assert.Equal(JsepDtlsRole.Server, result.Negotiated.LocalDtlsRole);
    }

    [Fact]
    public void A_kind_without_common_codecs_is_rejected_and_the_transceiver_stays_free()
    {
        SessionDescription offer = Fixtures.Chromium("offer_publish_audio_sendonly");
        var audio = new JsepTransceiver(SdpMediaKind.Audio) { Codecs = [new JsepCodec { Name = "AMR", ClockRate = 8000, PayloadType = 100 }] };

        JsepAnswer result = JsepTestData.Answer(offer, transceivers: audio);

        Assert.Equal(0, result.Description.Media[0].Port);
        Assert.Null(audio.Mid);
        Assert.Null(result.Description.BundleGroup);
    }

    [Fact]
    public void H264_matches_on_profile_and_packetization_mode_only()
    {
        SessionDescription offer = Fixtures.Chromium("offer_av_data");
        var video = new JsepTransceiver(SdpMediaKind.Video) { Codecs = [JsepCodec.H264(payloadType: 120, rtxPayloadType: 121, profileLevelId: "42e034")] };

        JsepAnswer result = JsepTestData.Answer(offer, transceivers: video);

        // Offered: 102/104 baseline 42001f (mode 1/0), 108/114 constrained baseline 42e01f (mode 1/0): only 108 fits.
        Assert.Equal(["108", "109"], result.Description.Media[1].Formats);
    }

    [Fact]
    public void Codecs_without_rtx_locally_are_answered_without_rtx()
    {
        SessionDescription offer = Fixtures.Chromium("offer_av_data");
        var video = new JsepTransceiver(SdpMediaKind.Video) { Codecs = [JsepCodec.Vp8(rtxPayloadType: null)] };

        JsepAnswer result = JsepTestData.Answer(offer, transceivers: video);

        Assert.Equal(["96"], result.Description.Media[1].Formats);
        Assert.Empty(result.Negotiated.Media[1].RtxPayloadTypes);
    }

    [Fact]
    public void The_offerer_tagged_m_line_of_a_subsequent_offer_is_kept_inactive_not_rejected()
    {
        JsepTransceiver audio = JsepTestData.Audio();
        JsepAnswer first = JsepTestData.Answer(Fixtures.Chromium("offer_av_data"), transceivers: [audio, JsepTestData.Video()]);
        audio.Stopped = true;

        JsepAnswer second = JsepAnswerBuilder.CreateAnswer(new JsepAnswerRequest
        {
            Offer = Fixtures.Chromium("offer_renegotiate_add_video"),
            Origin = JsepTestData.Origin(2),
            Transport = JsepTestData.Transport(),
            Transceivers = [audio, .. first.CreatedTransceivers],
            Current = first.Negotiated,
        });

        MediaDescription tagged = second.Description.Media[0];
        Assert.NotEqual(0, tagged.Port);
        Assert.Equal(SdpDirection.Inactive, tagged.Direction);
        Assert.Empty(tagged.Ssrcs);
        Assert.Equal("0", second.Description.BundleGroup!.Mids[0]);
        Assert.Same(audio, second.MediaTransceivers[0]);
        JsepRules.AssertValidAnswer(Fixtures.Chromium("offer_renegotiate_add_video"), second.Description);
    }

    [Fact]
    public void A_stopped_transceiver_in_an_initial_offer_is_rejected_and_the_next_m_line_becomes_the_tag()
    {
        JsepTransceiver audio = JsepTestData.Audio();
        audio.Mid = "0";
        audio.Stopped = true;

        JsepAnswer answer = JsepTestData.Answer(Fixtures.Chromium("offer_av_data"), transceivers: [audio]);

        Assert.Equal(0, answer.Description.Media[0].Port);
        Assert.Equal(["1", "2"], answer.Description.BundleGroup!.Mids);
        Assert.Equal("1", answer.Negotiated.BundleTransportMid);
        Assert.Equal(["0", "1"], answer.Description.Media.Take(2).Select(m => m.Mid));
    }

    [Fact]
    public void An_invalid_offer_is_refused_with_the_validation_errors()
    {
        SessionDescription offer = Fixtures.Chromium("offer_av_data");
        offer.Media[1].Attributes.RemoveAll(SdpAttributeKind.IceUfrag);
        offer.Media[0].Attributes.RemoveAll(SdpAttributeKind.IceUfrag);

        var error = Assert.Throws<SdpValidationException>(() => JsepTestData.Answer(offer));
        Assert.Contains(error.Errors, e => e.Code == SdpValidationErrorCode.MissingIceCredentials && e.MediaIndex == 0);
    }

    [Fact]
    public void An_ice_restart_offer_is_detected_against_the_current_exchange()
    {
        JsepAnswer first = JsepTestData.Answer(Fixtures.Chromium("offer_av_data"));
        SessionDescription restart = Fixtures.Chromium("offer_ice_restart");

        JsepAnswer second = JsepAnswerBuilder.CreateAnswer(new JsepAnswerRequest
        {
            Offer = restart,
            Origin = JsepTestData.Origin(2),
            Transport = JsepTestData.Transport("NeW1", "newpasswordnewpassword"),
            Current = first.Negotiated,
        });

        Assert.True(JsepNegotiation.OffersIceRestart(first.Negotiated, restart));
        Assert.False(JsepNegotiation.OffersIceRestart(first.Negotiated, Fixtures.Chromium("offer_renegotiate_add_video")));
        Assert.False(JsepNegotiation.OffersIceRestart(null, restart));
        Assert.False(first.Negotiated.RemoteIceRestart);
        Assert.True(second.Negotiated.RemoteIceRestart);
        Assert.Equal("FWFC", second.Negotiated.RemoteIceUfrag);
        Assert.All(second.Description.Media.Where(m => m.Port != 0), m => Assert.Equal("NeW1", m.IceUfrag));
    }
}
