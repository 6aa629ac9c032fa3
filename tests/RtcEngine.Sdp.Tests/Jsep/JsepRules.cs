using RtcEngine.Sdp.Jsep;
using Xunit;

namespace RtcEngine.Sdp.Tests.Jsep;

/// <summary>
/// Checks an answer against the offer/answer rules of RFC 3264 and RFC 9429 section 5.3.1,
/// independently of how the builder made it.
/// </summary>
internal static class JsepRules
{
    public static void AssertValidAnswer(SessionDescription offer, SessionDescription answer, SdpSetupRole expectedSetup = SdpSetupRole.Active)
    {
        Assert.Empty(SdpValidator.ValidateAnswer(offer, answer));
        Assert.Equal(offer.Media.Count, answer.Media.Count);
        IReadOnlyList<string> answerBundle = answer.BundleGroup?.Mids ?? [];
        IReadOnlyList<string> offerBundle = offer.BundleGroup?.Mids ?? [];
        Assert.All(answerBundle, mid => Assert.Contains(mid, offerBundle));

        // Round trip: what the builder made parses back to the same text.
        Assert.Equal(answer.ToString(), SessionDescription.Parse(answer.ToString()).ToString());

        for (int i = 0; i < offer.Media.Count; i++)
        {
            MediaDescription o = offer.Media[i];
            MediaDescription a = answer.Media[i];
            Assert.Equal(o.Media, a.Media);
            Assert.Equal(o.Protocol, a.Protocol);
            Assert.Equal(o.Mid, a.Mid);
            if (a.Port == 0)
            {
                Assert.DoesNotContain(a.Mid, answerBundle); // rejected: out of BUNDLE
                continue;
            }

            Assert.Contains(a.Mid, answerBundle);
            Assert.NotNull(a.IceUfrag);
            Assert.NotNull(a.IcePwd);
            Assert.NotEmpty(a.Fingerprints);
            Assert.Equal(expectedSetup, a.Setup);
            if (a.Kind == SdpMediaKind.Application)
            {
                Assert.NotNull(a.SctpPort);
                Assert.Equal(o.Formats, a.Formats);
                continue;
            }

            Assert.True(a.RtcpMux);
            AssertCodecs(o, a);
            AssertExtensions(o, a);
            AssertDirection(offer, o, answer, a);
            AssertSimulcast(o, a);
        }
    }

    private static void AssertCodecs(MediaDescription o, MediaDescription a)
    {
        Assert.NotEmpty(a.PayloadTypes);
        foreach (int pt in a.PayloadTypes)
        {
            Assert.Contains(pt, o.PayloadTypes); // the offerer's payload types are kept
            RtpMapAttribute? answered = a.GetRtpMap(pt);
            RtpMapAttribute? offered = o.GetRtpMap(pt);
            if (offered is not null)
            {
                Assert.NotNull(answered);
                Assert.Equal(offered.EncodingName, answered.EncodingName, ignoreCase: true);
                Assert.Equal(offered.ClockRate, answered.ClockRate);
                Assert.Equal(offered.Channels ?? 1, answered.Channels ?? 1);
            }

            if (answered is { EncodingName: "rtx" })
            {
                Assert.True(a.GetFmtp(pt)!.TryGetParameter("apt", out string? apt));
                Assert.Contains(int.Parse(apt!, System.Globalization.CultureInfo.InvariantCulture), a.PayloadTypes); // RTX paired with an answered codec
                Assert.Equal(o.GetFmtp(pt)!.Parameters, a.GetFmtp(pt)!.Parameters);
            }

            foreach (RtcpFeedbackAttribute feedback in a.GetRtcpFeedback(pt))
            {
                Assert.Contains(o.GetRtcpFeedback(pt), f => f.Type == feedback.Type && f.Parameter == feedback.Parameter);
            }

            if (answered?.EncodingName.Equals("H264", StringComparison.OrdinalIgnoreCase) == true)
            {
                o.GetFmtp(pt)!.TryGetParameter("packetization-mode", out string? offeredMode);
                a.GetFmtp(pt)!.TryGetParameter("packetization-mode", out string? answeredMode);
                Assert.Equal(offeredMode, answeredMode);
            }
        }
    }

    private static void AssertExtensions(MediaDescription o, MediaDescription a)
    {
        foreach (ExtMapAttribute extmap in a.ExtMaps)
        {
            Assert.Contains(o.ExtMaps, e => e.Id == extmap.Id && e.Uri == extmap.Uri);
        }
    }

    private static void AssertDirection(SessionDescription offer, MediaDescription o, SessionDescription answer, MediaDescription a)
    {
        SdpDirection offered = o.Direction ?? offer.Direction ?? SdpDirection.SendRecv;
        SdpDirection answered = a.Direction ?? answer.Direction ?? SdpDirection.SendRecv;
        if (answered.Sends())
        {
            Assert.True(offered.Receives(), $"answer {answered} to offer {offered}");
        }

        if (answered.Receives())
        {
            Assert.True(offered.Sends(), $"answer {answered} to offer {offered}");
        }

        if (!answered.Sends())
        {
            Assert.Empty(a.Msids);
            Assert.Empty(a.Ssrcs);
        }
    }

    private static void AssertSimulcast(MediaDescription o, MediaDescription a)
    {
        if (a.Simulcast is not { } answered)
        {
            return;
        }

        SimulcastAttribute offered = o.Simulcast!;
        Assert.All(answered.Receive.SelectMany(s => s), r => Assert.Contains(offered.Send.SelectMany(s => s), x => x.Id == r.Id));
        Assert.All(answered.Send.SelectMany(s => s), r => Assert.Contains(offered.Receive.SelectMany(s => s), x => x.Id == r.Id));
        Assert.All(a.Rids, rid => Assert.Contains(o.Rids, x => x.Id == rid.Id && x.Direction != rid.Direction)); // direction swapped
    }
}
