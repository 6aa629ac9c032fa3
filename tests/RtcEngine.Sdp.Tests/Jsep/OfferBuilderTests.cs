using RtcEngine.Sdp.Jsep;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Sdp.Tests.Jsep;

public class OfferBuilderTests
{
    private static JsepOffer Offer(IReadOnlyList<JsepTransceiver> transceivers, NegotiatedSession? current = null, JsepTransport? transport = null, bool iceRestart = false) =>
        JsepOfferBuilder.CreateOffer(new JsepOfferRequest
        {
            Origin = JsepTestData.Origin(),
            Transport = transport ?? JsepTestData.Transport(),
            Transceivers = transceivers,
            Current = current,
            IceRestart = iceRestart,
        });

    [Fact]
    public void The_initial_offer_has_the_JSEP_session_and_media_attributes()
    {
        JsepTransceiver audio = JsepTestData.Audio();
        JsepTransceiver video = JsepTestData.Video();
        JsepTransceiver data = JsepTestData.Data();

        SessionDescription offer = Offer([audio, video, data]).Description;

        Assert.Equal(("0", "1", "2"), (audio.Mid, video.Mid, data.Mid));
        Assert.Equal(["0", "1", "2"], offer.BundleGroup!.Mids);
        Assert.True(offer.ExtMapAllowMixed);
        Assert.Equal("WMS", offer.MsidSemantic!.Semantic);
        Assert.Equal(["engine-stream"], offer.MsidSemantic.Identifiers);
        Assert.Equal("4242", offer.Origin.SessionId);
        Assert.Equal(1UL, offer.Origin.SessionVersion);
        foreach (MediaDescription media in offer.Media)
        {
            Assert.Equal(9, media.Port);
            Assert.Equal(SdpConnection.Placeholder, Assert.Single(media.Connections));
            Assert.Equal("LoCa", media.IceUfrag);
            Assert.Equal("localpasswordlocalpwd1", media.IcePwd);
            Assert.True(media.IceOptions!.HasTrickle);
            Assert.Equal(SdpSetupRole.ActPass, media.Setup);
            Assert.Equal(JsepTestData.Fingerprint, Assert.Single(media.Fingerprints).Fingerprint);
        }

        MediaDescription a = offer.Media[0];
        Assert.True(a.RtcpMux);
        Assert.True(a.RtcpReducedSize);
        Assert.Equal(9, a.Rtcp!.Port);
        Assert.Equal(["111"], a.Formats);
        Assert.Equal("opus", a.GetRtpMap(111)!.EncodingName);
        Assert.Equal(2, a.GetRtpMap(111)!.Channels);
        Assert.Equal([1, 2, 3, 4], a.ExtMaps.Select(e => e.Id));
        Assert.Equal(SdpDirection.SendRecv, a.Direction);
        Assert.Equal([(1111u, "cname"), (1111u, "msid")], a.Ssrcs.Select(s => (s.Ssrc, s.AttributeName)));

        MediaDescription v = offer.Media[1];
        Assert.Equal(["96", "97"], v.Formats);
        Assert.Equal("rtx", v.GetRtpMap(97)!.EncodingName);
        Assert.Equal([new SdpParameter("apt", "96")], v.GetFmtp(97)!.Parameters);
        Assert.Equal(5, v.GetRtcpFeedback(96).Count);
        Assert.Equal([2222u, 3333u], Assert.Single(v.SsrcGroups).Ssrcs);
        Assert.Equal("engine-stream video-track", v.Ssrcs.First(s => s.Ssrc == 3333 && s.AttributeName == "msid").AttributeValue);

        MediaDescription d = offer.Media[2];
        Assert.Equal(("application", "UDP/DTLS/SCTP"), (d.Media, d.Protocol));
        Assert.Equal(["webrtc-datachannel"], d.Formats);
        Assert.Equal(5000, d.SctpPort);
        Assert.Equal(262144UL, d.MaxMessageSize);
        Assert.Empty(SdpValidator.ValidateOffer(offer));
    }

    [Fact]
    public void The_offer_is_written_in_Chromium_line_order()
    {
        SessionDescription offer = Offer([JsepTestData.Audio()]).Description;

        string[] lines = offer.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        string[] expectedPrefixes =
        [
            "v=0", "o=- 4242 1 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0", "a=extmap-allow-mixed", "a=msid-semantic: WMS engine-stream",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0", "a=rtcp:9 IN IP4 0.0.0.0", "a=ice-ufrag:LoCa", "a=ice-pwd:", "a=ice-options:trickle",
            "a=fingerprint:sha-256 ", "a=setup:actpass", "a=mid:0", "a=extmap:1 ", "a=extmap:2 ", "a=extmap:3 ", "a=extmap:4 ", "a=sendrecv",
            "a=msid:engine-stream audio-track", "a=rtcp-mux", "a=rtcp-rsize", "a=rtpmap:111 opus/48000/2", "a=rtcp-fb:111 transport-cc",
            "a=fmtp:111 minptime=10;useinbandfec=1", "a=ssrc:1111 cname:engine-cname", "a=ssrc:1111 msid:engine-stream audio-track",
        ];
        Assert.Equal(expectedPrefixes.Length, lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            Assert.StartsWith(expectedPrefixes[i], lines[i], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Candidates_and_the_default_address_go_on_the_first_bundled_m_line()
    {
        JsepTransport transport = JsepTestData.Transport(candidates: "1 1 udp 2130706431 127.0.0.1 40000 typ host") with
        {
            EndOfCandidates = true,
            DefaultAddress = JsepTestData.Loopback(40000),
        };

        SessionDescription offer = Offer([JsepTestData.Audio(), JsepTestData.Video()], transport: transport).Description;

        Assert.Equal(40000, offer.Media[0].Port);
        Assert.Equal("127.0.0.1", offer.Media[0].Connections[0].Address);
        Assert.Equal(["1 1 udp 2130706431 127.0.0.1 40000 typ host"], offer.Media[0].Candidates);
        Assert.True(offer.Media[0].EndOfCandidates);
        Assert.Equal(9, offer.Media[1].Port);
        Assert.Empty(offer.Media[1].Candidates);
    }

    [Fact]
    public void Simulcast_senders_offer_send_rids_and_no_ssrcs()
    {
        var video = new JsepTransceiver(SdpMediaKind.Video)
        {
            Direction = SdpDirection.SendOnly,
            SendRids = ["f", "h", "q"],
            Msid = ("-", "camera"),
        };

        MediaDescription media = Offer([video]).Description.Media[0];

        Assert.Equal(["f", "h", "q"], media.Rids.Select(r => r.Id));
        Assert.All(media.Rids, r => Assert.Equal(RidDirection.Send, r.Direction));
        Assert.Equal("send f;h;q", media.Simulcast!.Value);
        Assert.Empty(media.Ssrcs);
        Assert.Equal(("-", "camera"), (media.Msids[0].StreamId, media.Msids[0].TrackId!));
    }

    [Fact]
    public void Recvonly_transceivers_offer_no_msid_or_ssrc()
    {
        MediaDescription media = Offer([JsepTestData.Audio(SdpDirection.RecvOnly)]).Description.Media[0];

        Assert.Equal(SdpDirection.RecvOnly, media.Direction);
        Assert.Empty(media.Msids);
        Assert.Empty(media.Ssrcs);
    }

    [Fact]
    public void Our_offer_and_Chromium_shaped_answer_negotiate_from_the_local_point_of_view()
    {
        JsepTransceiver audio = JsepTestData.Audio();
        JsepTransceiver video = JsepTestData.Video();
        SessionDescription offer = Offer([audio, video]).Description;
        JsepAnswer remote = JsepTestData.Answer(offer, JsepTestData.Rich, SdpSetupRole.Active,
            new JsepTransceiver(SdpMediaKind.Audio) { Sender = new JsepSender(7, null, "remote", "rs", "ra") },
            new JsepTransceiver(SdpMediaKind.Video) { Direction = SdpDirection.RecvOnly });

        NegotiatedSession negotiated = JsepNegotiation.Negotiate(offer, remote.Description, localIsOfferer: true);

        Assert.True(negotiated.LocalIsOfferer);
        Assert.Equal(JsepDtlsRole.Server, negotiated.LocalDtlsRole); // the answerer chose active
        Assert.Equal(SdpDirection.SendRecv, negotiated.Media[0].Direction);
        Assert.Equal(SdpDirection.SendOnly, negotiated.Media[1].Direction);
        Assert.Equal([7u], negotiated.Media[0].RemoteSsrcs);
        Assert.Equal(97, negotiated.Media[1].RtxPayloadTypes[96]);
        Assert.Equal("LoCa", negotiated.RemoteIceUfrag);
        Assert.Equal(SdpSetupRole.Active, negotiated.Media[0].RemoteSetup);
    }

    [Fact]
    public void Renegotiation_keeps_existing_mids_in_place_and_appends_new_transceivers()
    {
        JsepTransceiver audio = JsepTestData.Audio();
        JsepTransceiver video = JsepTestData.Video();
        NegotiatedSession current = Exchange([audio, video], null);

        JsepTransceiver second = JsepTestData.Video(ssrc: 4444, rtx: 5555);
        SessionDescription offer = Offer([second, audio, video], current).Description; // list order must not move m-lines

        Assert.Equal(["0", "1", "2"], offer.Media.Select(m => m.Mid));
        Assert.Equal(["audio", "video", "video"], offer.Media.Select(m => m.Media));
        Assert.Equal("2", second.Mid);
        Assert.Equal(["0", "1", "2"], offer.BundleGroup!.Mids);
    }

    [Fact]
    public void A_stopped_transceiver_is_offered_with_port_0_then_its_m_line_is_recycled_with_a_new_mid()
    {
        JsepTransceiver audio = JsepTestData.Audio();
        JsepTransceiver video = JsepTestData.Video();
        NegotiatedSession first = Exchange([audio, video], null);

        audio.Stopped = true;
        JsepOffer stopping = Offer([audio, video], first);
        MediaDescription stoppedLine = stopping.Description.Media[0];
        Assert.Equal(0, stoppedLine.Port);
        Assert.Equal("0", stoppedLine.Mid);
        Assert.Empty(stoppedLine.Msids);
        Assert.Empty(stoppedLine.Ssrcs);
        Assert.Equal(SdpDirection.Inactive, stoppedLine.Direction);
        Assert.Equal(["111"], stoppedLine.Formats);
        Assert.Equal("LoCa", stoppedLine.IceUfrag);
        Assert.Equal(["1"], stopping.Description.BundleGroup!.Mids);
        Assert.Null(stopping.MediaTransceivers[0]);
        NegotiatedSession second = Answered(stopping.Description, first);
        Assert.True(second.Media[0].Rejected);

        JsepTransceiver fresh = JsepTestData.Video(ssrc: 6666, rtx: 7777);
        JsepOffer recycling = Offer([audio, video, fresh], second);

        Assert.Equal(2, recycling.Description.Media.Count);
        Assert.Equal("2", fresh.Mid);
        Assert.Equal(["2", "1"], recycling.Description.Media.Select(m => m.Mid));
        Assert.Equal("video", recycling.Description.Media[0].Media);
        Assert.NotEqual(0, recycling.Description.Media[0].Port);
        Assert.Same(fresh, recycling.MediaTransceivers[0]);
        Assert.Equal(["2", "1"], recycling.Description.BundleGroup!.Mids); // m-line order, as Chromium writes it
    }

    [Fact]
    public void A_rejected_m_line_that_nothing_recycles_stays_in_place_with_port_0()
    {
        JsepTransceiver audio = JsepTestData.Audio();
        JsepTransceiver video = JsepTestData.Video();
        NegotiatedSession first = Exchange([audio, video], null);
        audio.Stopped = true;
        NegotiatedSession second = Answered(Offer([audio, video], first).Description, first);

        SessionDescription offer = Offer([audio, video], second).Description;

        Assert.Equal(["0", "1"], offer.Media.Select(m => m.Mid));
        Assert.Equal(0, offer.Media[0].Port);
        Assert.Equal(["1"], offer.BundleGroup!.Mids);
    }

    [Fact]
    public void An_ice_restart_offer_carries_the_new_credentials_on_every_m_line()
    {
        JsepTransceiver audio = JsepTestData.Audio();
        JsepTransceiver video = JsepTestData.Video();
        NegotiatedSession current = Exchange([audio, video], null);

        Assert.Throws<ArgumentException>(() => Offer([audio, video], current, iceRestart: true));
        SessionDescription offer = Offer([audio, video], current, JsepTestData.Transport("ReSt", "restartpasswordrestart"), iceRestart: true).Description;

        Assert.All(offer.Media, m => Assert.Equal(("ReSt", "restartpasswordrestart"), (m.IceUfrag, m.IcePwd)));
        Assert.Equal(["0", "1"], offer.BundleGroup!.Mids);
        NegotiatedSession restarted = Answered(offer, current, remoteUfrag: "ReM2");
        Assert.True(restarted.RemoteIceRestart);
    }

    [Fact]
    public void Session_origin_draws_a_63_bit_id_and_counts_versions()
    {
        var origin = new JsepSessionOrigin(new SeededRandomSource(7));
        SdpOrigin first = origin.Next();
        SdpOrigin second = origin.Next();

        Assert.True(origin.SessionId <= long.MaxValue);
        Assert.Equal(first.SessionId, second.SessionId);
        Assert.Equal((1UL, 2UL), (first.SessionVersion, second.SessionVersion));
        Assert.Equal(new JsepSessionOrigin(new SeededRandomSource(7)).SessionId, origin.SessionId);
    }

    /// <summary>Offers, has a remote answer it with recvonly/sendrecv transceivers, and negotiates.</summary>
    private static NegotiatedSession Exchange(IReadOnlyList<JsepTransceiver> transceivers, NegotiatedSession? current) =>
        Answered(Offer(transceivers, current).Description, current);

    private static NegotiatedSession Answered(SessionDescription offer, NegotiatedSession? current, string remoteUfrag = "ReMo")
    {
        JsepAnswer remote = JsepAnswerBuilder.CreateAnswer(new JsepAnswerRequest
        {
            Offer = offer,
            Origin = JsepTestData.Origin(),
            Transport = JsepTestData.Transport(remoteUfrag, "remotepasswordremotepw"),
            Capabilities = JsepTestData.Rich,
        });
        return JsepNegotiation.Negotiate(offer, remote.Description, localIsOfferer: true, current);
    }
}
