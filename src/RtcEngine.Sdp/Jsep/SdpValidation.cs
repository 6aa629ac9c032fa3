using System.Globalization;

namespace RtcEngine.Sdp.Jsep;

/// <summary>What is wrong with a remote description, for a clear rejection.</summary>
public enum SdpValidationErrorCode
{
    /// <summary>An accepted m-line has no <c>a=mid</c> (RFC 9429 requires one).</summary>
    MissingMid = 1,

    /// <summary>Two m-lines share a mid.</summary>
    DuplicateMid,

    /// <summary>A BUNDLE group names a mid no m-line has.</summary>
    BundleUnknownMid,

    /// <summary>A mid is in more than one BUNDLE group, or a rejected m-line is in an answer's BUNDLE group.</summary>
    InvalidBundle,

    /// <summary>An accepted m-line has no <c>a=ice-ufrag</c>/<c>a=ice-pwd</c> (its own, session-level, or its BUNDLE tag's).</summary>
    MissingIceCredentials,

    /// <summary>The ICE credentials break RFC 8839 (ufrag 4-256, pwd 22-256 chars of ALPHA, DIGIT, '+', '/').</summary>
    InvalidIceCredentials,

    /// <summary>An accepted m-line has no <c>a=fingerprint</c> (its own, session-level, or its BUNDLE tag's).</summary>
    MissingFingerprint,

    /// <summary>The <c>a=setup</c> role is not allowed here (actpass or holdconn in an answer; not complementary to the offer).</summary>
    InvalidSetup,

    /// <summary>An accepted RTP m-line lacks <c>a=rtcp-mux</c>; this engine multiplexes RTP and RTCP only.</summary>
    MissingRtcpMux,

    /// <summary>The answer has a different number of m-lines than the offer.</summary>
    MediaCountMismatch,

    /// <summary>An answer m-line has a different media type than the offer's at the same index.</summary>
    MediaKindMismatch,

    /// <summary>An answer m-line has a different mid than the offer's at the same index.</summary>
    MidMismatch,

    /// <summary>The answer accepts an m-line the offer rejected.</summary>
    AcceptedRejectedMedia,

    /// <summary>The answer uses a payload type the offer did not offer.</summary>
    UnknownPayloadType,

    /// <summary>The answer's direction is not allowed by the offer's (RFC 3264 section 6.1).</summary>
    InvalidDirection,

    /// <summary>An RTP payload type of the m-line has no <c>a=rtpmap</c> and is not a static type.</summary>
    MissingRtpMap,
}

/// <summary>One problem found in a description.</summary>
/// <param name="Code">What is wrong.</param>
/// <param name="MediaIndex">The m-line index, or -1 for the session level.</param>
/// <param name="Message">A sentence for logs and error replies.</param>
public readonly record struct SdpValidationError(SdpValidationErrorCode Code, int MediaIndex, string Message)
{
    /// <summary>"m-line N: message" or "session: message".</summary>
    public override string ToString() => MediaIndex < 0
        ? "session: " + Message
        : string.Create(CultureInfo.InvariantCulture, $"m-line {MediaIndex}: {Message}");
}

/// <summary>A remote description that parses but cannot be used (see <see cref="Errors"/>).</summary>
public sealed class SdpValidationException : Exception
{
    /// <summary>Creates the exception for <paramref name="errors"/>.</summary>
    public SdpValidationException(IReadOnlyList<SdpValidationError> errors)
        : base("Invalid session description: " + string.Join("; ", errors ?? []))
    {
        Errors = errors ?? [];
    }

    /// <summary>Creates an exception with a message only.</summary>
    public SdpValidationException()
        : this([])
    {
    }

    /// <summary>Creates an exception with a message only.</summary>
    public SdpValidationException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Creates an exception with a message and inner exception.</summary>
    public SdpValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<SdpValidationError> Errors { get; }
}

/// <summary>
/// Checks a remote description before it is used: what a WebRTC endpoint needs (mids, ICE
/// credentials, fingerprints, rtcp-mux, consistent BUNDLE) and, for an answer, that it answers the
/// offer (same m-lines in the same order, payload types from the offer, allowed directions and
/// setup roles). Stateless and thread-safe.
/// </summary>
public static class SdpValidator
{
    /// <summary>The problems of an offer (empty when usable).</summary>
    public static IReadOnlyList<SdpValidationError> ValidateOffer(SessionDescription offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var errors = new List<SdpValidationError>();
        ValidateCommon(offer, isAnswer: false, errors);
        return errors;
    }

    /// <summary>The problems of <paramref name="answer"/> as an answer to <paramref name="offer"/> (empty when usable).</summary>
    public static IReadOnlyList<SdpValidationError> ValidateAnswer(SessionDescription offer, SessionDescription answer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(answer);
        var errors = new List<SdpValidationError>();
        if (offer.Media.Count != answer.Media.Count)
        {
            errors.Add(new(SdpValidationErrorCode.MediaCountMismatch, -1,
                $"the answer has {answer.Media.Count} m-lines but the offer has {offer.Media.Count}"));
            return errors;
        }

        ValidateCommon(answer, isAnswer: true, errors);
        GroupAttribute? offerBundle = offer.BundleGroup;
        for (int i = 0; i < answer.Media.Count; i++)
        {
            MediaDescription o = offer.Media[i];
            MediaDescription a = answer.Media[i];
            if (o.Media != a.Media)
            {
                errors.Add(new(SdpValidationErrorCode.MediaKindMismatch, i, $"the answer has m={a.Media} where the offer has m={o.Media}"));
                continue;
            }

            if (o.Mid is not null && a.Mid is not null && o.Mid != a.Mid)
            {
                errors.Add(new(SdpValidationErrorCode.MidMismatch, i, $"the answer has mid '{a.Mid}' where the offer has '{o.Mid}'"));
            }

            if (a.IsRejected)
            {
                continue;
            }

            if (o.IsRejected)
            {
                errors.Add(new(SdpValidationErrorCode.AcceptedRejectedMedia, i, "the answer accepts an m-line the offer rejected"));
                continue;
            }

            if (a.IsRtp)
            {
                var offered = new HashSet<string>(o.Formats, StringComparer.Ordinal);
                foreach (string format in a.Formats)
                {
                    if (!offered.Contains(format))
                    {
                        errors.Add(new(SdpValidationErrorCode.UnknownPayloadType, i, $"the answer uses payload type {format}, which the offer did not offer"));
                    }
                }
            }

            SdpDirection offerDirection = o.Direction ?? offer.Direction ?? SdpDirection.SendRecv;
            SdpDirection answerDirection = a.Direction ?? answer.Direction ?? SdpDirection.SendRecv;
            if ((answerDirection.Sends() && !offerDirection.Receives()) || (answerDirection.Receives() && !offerDirection.Sends()))
            {
                errors.Add(new(SdpValidationErrorCode.InvalidDirection, i,
                    $"the answer's {answerDirection.ToSdpName()} does not fit the offer's {offerDirection.ToSdpName()}"));
            }

            SdpSetupRole offerSetup = o.Setup ?? offer.Setup ?? SdpSetupRole.ActPass;
            SdpSetupRole? answerSetup = a.Setup ?? answer.Setup;
            if ((offerSetup == SdpSetupRole.Active && answerSetup == SdpSetupRole.Active)
                || (offerSetup == SdpSetupRole.Passive && answerSetup == SdpSetupRole.Passive))
            {
                errors.Add(new(SdpValidationErrorCode.InvalidSetup, i, $"the answer's setup is the same as the offer's ({SetupAttribute.ToSdpName(offerSetup)})"));
            }

            if (a.Mid is not null && answer.BundleGroup is { } answerBundle && answerBundle.Mids.Contains(a.Mid)
                && (offerBundle is null || !offerBundle.Mids.Contains(a.Mid)))
            {
                errors.Add(new(SdpValidationErrorCode.InvalidBundle, i, $"the answer bundles mid '{a.Mid}', which the offer did not bundle"));
            }
        }

        return errors;
    }

    /// <summary>Throws <see cref="SdpValidationException"/> unless the offer is usable.</summary>
    public static void ThrowIfInvalidOffer(SessionDescription offer)
    {
        IReadOnlyList<SdpValidationError> errors = ValidateOffer(offer);
        if (errors.Count > 0)
        {
            throw new SdpValidationException(errors);
        }
    }

    /// <summary>Throws <see cref="SdpValidationException"/> unless the answer is usable for the offer.</summary>
    public static void ThrowIfInvalidAnswer(SessionDescription offer, SessionDescription answer)
    {
        IReadOnlyList<SdpValidationError> errors = ValidateAnswer(offer, answer);
        if (errors.Count > 0)
        {
            throw new SdpValidationException(errors);
        }
    }

    private static void ValidateCommon(SessionDescription description, bool isAnswer, List<SdpValidationError> errors)
    {
        var mids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < description.Media.Count; i++)
        {
            string? mid = description.Media[i].Mid;
            if (mid is null)
            {
                if (!description.Media[i].IsRejected)
                {
                    errors.Add(new(SdpValidationErrorCode.MissingMid, i, "the m-line has no a=mid"));
                }
            }
            else if (!mids.TryAdd(mid, i))
            {
                errors.Add(new(SdpValidationErrorCode.DuplicateMid, i, $"mid '{mid}' is also used by m-line {mids[mid]}"));
            }
        }

        var bundled = new HashSet<string>(StringComparer.Ordinal);
        foreach (GroupAttribute group in description.Groups)
        {
            if (!group.IsBundle)
            {
                continue;
            }

            foreach (string mid in group.Mids)
            {
                if (!mids.TryGetValue(mid, out int index))
                {
                    errors.Add(new(SdpValidationErrorCode.BundleUnknownMid, -1, $"the BUNDLE group names mid '{mid}', which no m-line has"));
                }
                else if (!bundled.Add(mid))
                {
                    errors.Add(new(SdpValidationErrorCode.InvalidBundle, index, $"mid '{mid}' is in more than one BUNDLE group"));
                }
                else if (isAnswer && description.Media[index].IsRejected)
                {
                    errors.Add(new(SdpValidationErrorCode.InvalidBundle, index, $"the answer's BUNDLE group names mid '{mid}', which it rejects"));
                }
            }
        }

        for (int i = 0; i < description.Media.Count; i++)
        {
            MediaDescription media = description.Media[i];
            if (media.IsRejected)
            {
                continue;
            }

            MediaDescription transport = BundleTag(description, media) ?? media;
            string? ufrag = media.IceUfrag ?? description.IceUfrag ?? transport.IceUfrag;
            string? pwd = media.IcePwd ?? description.IcePwd ?? transport.IcePwd;
            if (ufrag is null || pwd is null)
            {
                errors.Add(new(SdpValidationErrorCode.MissingIceCredentials, i, "no a=ice-ufrag and a=ice-pwd for this m-line"));
            }
            else if (!IsIceString(ufrag, 4) || !IsIceString(pwd, 22))
            {
                errors.Add(new(SdpValidationErrorCode.InvalidIceCredentials, i,
                    "a=ice-ufrag must be 4-256 and a=ice-pwd 22-256 characters from ALPHA, DIGIT, '+' and '/'"));
            }

            if (media.Fingerprints.Count == 0 && description.Fingerprints.Count == 0 && transport.Fingerprints.Count == 0)
            {
                errors.Add(new(SdpValidationErrorCode.MissingFingerprint, i, "no a=fingerprint for this m-line"));
            }

            SdpSetupRole? setup = media.Setup ?? description.Setup ?? transport.Setup;
            if (isAnswer && setup is SdpSetupRole.ActPass or SdpSetupRole.HoldConn)
            {
                errors.Add(new(SdpValidationErrorCode.InvalidSetup, i, $"an answer cannot use a=setup:{SetupAttribute.ToSdpName(setup.Value)}"));
            }

            if (media.IsRtp)
            {
                if (!media.RtcpMux)
                {
                    errors.Add(new(SdpValidationErrorCode.MissingRtcpMux, i, "the m-line has no a=rtcp-mux, which this engine requires"));
                }

                foreach (int pt in media.PayloadTypes)
                {
                    if (pt >= 35 && media.GetRtpMap(pt) is null)
                    {
                        errors.Add(new(SdpValidationErrorCode.MissingRtpMap, i, $"payload type {pt} has no a=rtpmap"));
                    }
                }
            }
        }
    }

    /// <summary>The m-line of the BUNDLE tag (first mid) of the group containing <paramref name="media"/>, or null.</summary>
    internal static MediaDescription? BundleTag(SessionDescription description, MediaDescription media)
    {
        string? mid = media.Mid;
        if (mid is null)
        {
            return null;
        }

        foreach (GroupAttribute group in description.Groups)
        {
            if (group.IsBundle && group.Mids.Count > 0 && group.Mids.Contains(mid))
            {
                return description.FindMedia(group.Mids[0]);
            }
        }

        return null;
    }

    private static bool IsIceString(string text, int minLength)
    {
        if (text.Length < minLength || text.Length > 256)
        {
            return false;
        }

        foreach (char c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '+' and not '/')
            {
                return false;
            }
        }

        return true;
    }
}
