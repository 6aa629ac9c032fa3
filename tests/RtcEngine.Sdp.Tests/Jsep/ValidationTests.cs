using RtcEngine.Sdp.Jsep;
using Xunit;

namespace RtcEngine.Sdp.Tests.Jsep;

public class ValidationTests
{
    [Fact]
    public void Every_fixture_offer_is_valid()
    {
        foreach (string fixture in Fixtures.All().Where(f => f.Contains("offer", StringComparison.Ordinal)))
        {
            Assert.Empty(SdpValidator.ValidateOffer(Fixtures.Parse(fixture)));
        }
    }

    [Fact]
    public void Chromium_answer_is_a_valid_answer_to_its_offer()
    {
        Assert.Empty(SdpValidator.ValidateAnswer(Fixtures.Chromium("offer_av_data"), Fixtures.Chromium("answer_av_data")));
    }

    [Fact]
    public void Missing_ice_credentials_and_fingerprint_are_reported_per_m_line()
    {
        SessionDescription offer = Fixtures.Chromium("offer_av_data");
        foreach (MediaDescription media in offer.Media)
        {
            media.Attributes.RemoveAll(SdpAttributeKind.IcePwd);
            media.Attributes.RemoveAll(SdpAttributeKind.Fingerprint);
        }

        IReadOnlyList<SdpValidationError> errors = SdpValidator.ValidateOffer(offer);

        Assert.Equal([0, 1, 2], errors.Where(e => e.Code == SdpValidationErrorCode.MissingIceCredentials).Select(e => e.MediaIndex));
        Assert.Equal([0, 1, 2], errors.Where(e => e.Code == SdpValidationErrorCode.MissingFingerprint).Select(e => e.MediaIndex));
        Assert.Contains("m-line 0: no a=ice-ufrag and a=ice-pwd", errors[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bundled_m_lines_may_rely_on_the_bundle_tag_or_the_session_level_for_transport()
    {
        SessionDescription offer = Fixtures.Chromium("offer_av_data");
        offer.Media[1].Attributes.RemoveAll(SdpAttributeKind.IceUfrag);
        offer.Media[1].Attributes.RemoveAll(SdpAttributeKind.IcePwd);
        offer.Media[1].Attributes.RemoveAll(SdpAttributeKind.Fingerprint);
        offer.Media[2].Attributes.RemoveAll(SdpAttributeKind.Fingerprint);
        offer.Attributes.Add(new FingerprintAttribute("sha-256", "00:11"));

        Assert.Empty(SdpValidator.ValidateOffer(offer));
    }

    [Fact]
    public void A_bundle_group_naming_an_unknown_mid_is_reported()
    {
        SessionDescription offer = Fixtures.Chromium("offer_av_data");
        offer.Attributes[0] = new GroupAttribute("BUNDLE", ["0", "1", "7"]);

        SdpValidationError error = Assert.Single(SdpValidator.ValidateOffer(offer));
        Assert.Equal(SdpValidationErrorCode.BundleUnknownMid, error.Code);
        Assert.Contains("'7'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_and_duplicate_mids_are_reported()
    {
        SessionDescription offer = Fixtures.Chromium("offer_av_data");
        offer.Attributes[0] = new GroupAttribute("BUNDLE", ["0"]);
        offer.Media[1].Attributes.RemoveAll(SdpAttributeKind.Mid);
        offer.Media[2].Attributes.RemoveAll(SdpAttributeKind.Mid);
        offer.Media[2].Attributes.Add(SdpAttribute.Mid("0"));

        IReadOnlyList<SdpValidationError> errors = SdpValidator.ValidateOffer(offer);

        Assert.Contains(errors, e => e.Code == SdpValidationErrorCode.MissingMid && e.MediaIndex == 1);
        Assert.Contains(errors, e => e.Code == SdpValidationErrorCode.DuplicateMid && e.MediaIndex == 2);
    }

    [Fact]
    public void An_answer_with_a_different_m_line_count_is_reported()
    {
        SessionDescription offer = Fixtures.Chromium("offer_av_data");
        SessionDescription answer = Fixtures.Chromium("answer_av_data");
        answer.Media.RemoveAt(2);
        answer.Attributes[0] = new GroupAttribute("BUNDLE", ["0", "1"]);

        Assert.Equal(SdpValidationErrorCode.MediaCountMismatch, Assert.Single(SdpValidator.ValidateAnswer(offer, answer)).Code);
    }

    [Fact]
    public void An_answer_with_m_lines_in_another_order_is_reported()
    {
        SessionDescription offer = Fixtures.Chromium("offer_av_data");
        SessionDescription answer = Fixtures.Chromium("answer_av_data");
        MediaDescription audio = answer.Media[0];
        answer.Media.RemoveAt(0);
        answer.Media.Insert(1, audio);

        IReadOnlyList<SdpValidationError> errors = SdpValidator.ValidateAnswer(offer, answer);

        Assert.Contains(errors, e => e.Code == SdpValidationErrorCode.MediaKindMismatch && e.MediaIndex == 0);
        Assert.Contains(errors, e => e.Code == SdpValidationErrorCode.MediaKindMismatch && e.MediaIndex == 1);
    }

    [Fact]
    public void An_answer_with_another_mid_actpass_a_foreign_payload_type_or_a_wrong_direction_is_reported()
    {
        SessionDescription offer = Fixtures.Chromium("offer_publish_audio_sendonly");
        JsepAnswer built = JsepTestData.Answer(offer);
        SessionDescription answer = SessionDescription.Parse(built.Description.ToString());
        MediaDescription audio = answer.Media[0];
        audio.Formats = [.. audio.Formats, "99"];
        audio.Attributes.Add(new RtpMapAttribute(99, "L16", 8000));
        audio.Attributes.RemoveAll(SdpAttributeKind.Setup);
        audio.Attributes.Add(SetupAttribute.For(SdpSetupRole.ActPass));
        audio.Attributes.RemoveAll(SdpAttributeKind.RecvOnly);
        audio.Attributes.Add(SdpAttribute.ForDirection(SdpDirection.SendOnly));

        IReadOnlyList<SdpValidationError> errors = SdpValidator.ValidateAnswer(offer, answer);

        Assert.Contains(errors, e => e.Code == SdpValidationErrorCode.UnknownPayloadType);
        Assert.Contains(errors, e => e.Code == SdpValidationErrorCode.InvalidSetup);
        Assert.Contains(errors, e => e.Code == SdpValidationErrorCode.InvalidDirection);
        Assert.Throws<SdpValidationException>(() => JsepNegotiation.Negotiate(offer, answer, localIsOfferer: true));

        audio.Attributes.RemoveAll(SdpAttributeKind.Mid);
        audio.Attributes.Add(SdpAttribute.Mid("other"));
        Assert.Contains(SdpValidator.ValidateAnswer(offer, answer), e => e.Code == SdpValidationErrorCode.MidMismatch);
    }

    [Fact]
    public void Rtcp_mux_and_short_ice_credentials_are_reported()
    {
        SessionDescription offer = Fixtures.Chromium("offer_publish_audio_sendonly");
        offer.Media[0].Attributes.RemoveAll(SdpAttributeKind.RtcpMux);
        offer.Media[0].Attributes.RemoveAll(SdpAttributeKind.IcePwd);
        offer.Media[0].Attributes.Add(SdpAttribute.IcePwd("short"));

        IReadOnlyList<SdpValidationError> errors = SdpValidator.ValidateOffer(offer);

        Assert.Contains(errors, e => e.Code == SdpValidationErrorCode.MissingRtcpMux);
        Assert.Contains(errors, e => e.Code == SdpValidationErrorCode.InvalidIceCredentials);
    }

    [Fact]
    public void A_rejected_m_line_in_the_answer_bundle_is_reported()
    {
        SessionDescription offer = Fixtures.Chromium("offer_av_data");
        SessionDescription answer = Fixtures.Chromium("answer_av_data");
        answer.Media[2].Port = 0;

        Assert.Contains(SdpValidator.ValidateAnswer(offer, answer), e => e.Code == SdpValidationErrorCode.InvalidBundle && e.MediaIndex == 2);
    }
}
