using RtcEngine.Sdp.Jsep;
using Xunit;

namespace RtcEngine.Sdp.Tests.Jsep;

/// <summary>Chromium's captured answers to our offers validate and negotiate to what the offers asked for.</summary>
public class ChromiumAnswersToOurOffersTests
{
    private static (SessionDescription Offer, SessionDescription Answer) Pair(string name) =>
        (Fixtures.Parse($"sdp/engine/{name}.sdp"), Fixtures.Parse($"sdp/chromium-156/answer_to_engine_{name}.sdp"));

    [Fact]
    public void Initial_offer_is_answered_with_active_setup_and_all_three_m_lines_bundled()
    {
        (SessionDescription offer, SessionDescription answer) = Pair("offer_av_data");

        NegotiatedSession negotiated = JsepNegotiation.Negotiate(offer, answer, localIsOfferer: true);

        Assert.Equal(JsepDtlsRole.Server, negotiated.LocalDtlsRole);
        Assert.Equal(["0", "1", "2"], negotiated.BundleMids);
        Assert.Equal(SdpDirection.SendOnly, negotiated.Media[0].Direction); // Chromium had no track to send back
        Assert.Equal("opus", Assert.Single(negotiated.Media[0].Codecs).Name);
        NegotiatedCodec vp8 = Assert.Single(negotiated.Media[1].Codecs);
        Assert.Equal((96, 97), (vp8.PayloadType, vp8.RtxPayloadType!.Value));
        Assert.Contains(RtcpFeedback.Pli, vp8.Feedback);
        Assert.Equal(4, negotiated.Media[0].FindHeaderExtensionId(JsepHeaderExtension.MidUri));
        Assert.Equal(5000, negotiated.Media[2].RemoteSctpPort);
        Assert.NotNull(negotiated.RemoteIceUfrag);
        Assert.NotEmpty(negotiated.RemoteFingerprints);
    }

    [Fact]
    public void Ice_restart_with_a_stopped_transceiver_is_answered_with_new_credentials_and_port_0()
    {
        (SessionDescription offer0, SessionDescription answer0) = Pair("offer_av_data");
        NegotiatedSession first = JsepNegotiation.Negotiate(offer0, answer0, localIsOfferer: true);
        (SessionDescription offer, SessionDescription answer) = Pair("reoffer_ice_restart_stopped_audio");

        NegotiatedSession negotiated = JsepNegotiation.Negotiate(offer, answer, localIsOfferer: true, first);

        Assert.True(negotiated.RemoteIceRestart);
        Assert.NotEqual(first.RemoteIceUfrag, negotiated.RemoteIceUfrag);
        Assert.True(negotiated.Media[0].Rejected);
        Assert.Equal(["1", "2"], negotiated.BundleMids);
        Assert.Equal("1", negotiated.BundleTransportMid);
    }

    [Fact]
    public void Recycled_m_line_is_answered_under_its_new_mid()
    {
        (SessionDescription offer, SessionDescription answer) = Pair("reoffer_recycled_video");

        NegotiatedSession negotiated = JsepNegotiation.Negotiate(offer, answer, localIsOfferer: true);

        Assert.Equal(["3", "1", "2"], negotiated.Media.Select(m => m.Mid));
        Assert.False(negotiated.Media[0].Rejected);
        Assert.Equal(SdpMediaKind.Video, negotiated.Media[0].Kind);
        Assert.Equal(SdpDirection.Inactive, negotiated.Media[0].Direction); // we offered recvonly; Chromium has nothing to send
    }
}
