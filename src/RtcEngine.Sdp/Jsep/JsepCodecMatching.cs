using System.Globalization;

namespace RtcEngine.Sdp.Jsep;

/// <summary>A codec as an m-line describes it: rtpmap (or the static table), fmtp and rtcp-fb for its payload type.</summary>
internal sealed record DescribedCodec(
    int PayloadType,
    string Name,
    int ClockRate,
    int? Channels,
    IReadOnlyList<SdpParameter> Parameters,
    IReadOnlyList<RtcpFeedback> Feedback)
{
    public bool IsRtx => string.Equals(Name, "rtx", StringComparison.OrdinalIgnoreCase);

    public bool IsRed => string.Equals(Name, "red", StringComparison.OrdinalIgnoreCase);

    /// <summary>The primary payload type of an RTX codec (<c>apt=</c>), or -1.</summary>
    public int AssociatedPayloadType => TryGet(Parameters, "apt", out string? apt)
        && int.TryParse(apt, NumberStyles.None, CultureInfo.InvariantCulture, out int pt) ? pt : -1;

    internal static bool TryGet(IReadOnlyList<SdpParameter> parameters, string name, out string? value)
    {
        foreach (SdpParameter parameter in parameters)
        {
            if (string.Equals(parameter.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = parameter.Value;
                return true;
            }
        }

        value = null;
        return false;
    }
}

/// <summary>A codec chosen for an m-line being written: payload type, description, and its RTX pairing.</summary>
internal sealed record PlannedCodec(
    int PayloadType,
    string Name,
    int ClockRate,
    int? Channels,
    IReadOnlyList<SdpParameter> Parameters,
    IReadOnlyList<RtcpFeedback> Feedback,
    int? RtxPayloadType,
    IReadOnlyList<SdpParameter> RtxParameters);

/// <summary>
/// Codec rules of offer/answer: reading the codecs of an m-line, deciding whether a local codec
/// matches an offered one (name, clock rate, channels, and the fmtp parameters that define a
/// different format: H.264 profile and packetization mode, VP9 and AV1 profile, H.265 profile),
/// and the answer's intersection (RFC 9429 section 5.3.1, RFC 3264 section 6.1).
/// </summary>
internal static class JsepCodecMatching
{
    /// <summary>The codecs of an RTP m-line in format order (payload types without rtpmap use the RFC 3551 static table, or are skipped).</summary>
    public static List<DescribedCodec> Describe(MediaDescription media)
    {
        var codecs = new List<DescribedCodec>();
        foreach (int pt in media.PayloadTypes)
        {
            string name;
            int clockRate;
            int? channels;
            if (media.GetRtpMap(pt) is { } map)
            {
                (name, clockRate, channels) = (map.EncodingName, map.ClockRate, map.Channels);
            }
            else if (StaticPayloadType(pt) is { } known)
            {
                (name, clockRate, channels) = known;
            }
            else
            {
                continue;
            }

            IReadOnlyList<SdpParameter> parameters = media.GetFmtp(pt)?.Parameters ?? [];
            var feedback = new List<RtcpFeedback>();
            foreach (RtcpFeedbackAttribute fb in media.GetRtcpFeedback(pt))
            {
                var item = new RtcpFeedback(fb.Type, fb.Parameter);
                if (!feedback.Contains(item))
                {
                    feedback.Add(item);
                }
            }

            codecs.Add(new DescribedCodec(pt, name, clockRate, channels, parameters, feedback));
        }

        return codecs;
    }

    /// <summary>RFC 3551 section 6 static payload types WebRTC may see without an rtpmap.</summary>
    public static (string Name, int ClockRate, int? Channels)? StaticPayloadType(int payloadType) => payloadType switch
    {
        0 => ("PCMU", 8000, null),
        3 => ("GSM", 8000, null),
        4 => ("G723", 8000, null),
        8 => ("PCMA", 8000, null),
        9 => ("G722", 8000, null),
        13 => ("CN", 8000, null),
        18 => ("G729", 8000, null),
        _ => null,
    };

    /// <summary>Whether <paramref name="local"/> and <paramref name="offered"/> are the same format.</summary>
    public static bool Matches(JsepCodec local, DescribedCodec offered)
    {
        if (!string.Equals(local.Name, offered.Name, StringComparison.OrdinalIgnoreCase) || local.ClockRate != offered.ClockRate
            || (local.Channels ?? 1) != (offered.Channels ?? 1))
        {
            return false;
        }

        return local.Name.ToUpperInvariant() switch
        {
            "H264" => Same(local.Parameters, offered.Parameters, "packetization-mode", "0")
                && H264Profile(local.Parameters) == H264Profile(offered.Parameters),
            "VP9" => Same(local.Parameters, offered.Parameters, "profile-id", "0"),
            "AV1" => Same(local.Parameters, offered.Parameters, "profile", "0"),
            "H265" => Same(local.Parameters, offered.Parameters, "profile-id", "1"),
            _ => true,
        };
    }

    /// <summary>
    /// The answer's codecs: every offered primary codec a local codec matches, in the offer's order
    /// with the offer's payload types; RTX kept where the offer pairs it (apt) and the local codec
    /// has RTX; RED kept when the codecs it carries are kept; feedback is the intersection.
    /// </summary>
    public static List<PlannedCodec> Intersect(IReadOnlyList<DescribedCodec> offered, IReadOnlyList<JsepCodec> local)
    {
        // First the primary codecs, then one pass in offer order so RED keeps its place.
        var primaries = new Dictionary<int, PlannedCodec>();
        foreach (DescribedCodec codec in offered)
        {
            if (codec.IsRtx || codec.IsRed || primaries.ContainsKey(codec.PayloadType))
            {
                continue;
            }

            JsepCodec? match = FindLocal(local, codec);
            if (match is null)
            {
                continue;
            }

            DescribedCodec? rtx = match.RtxPayloadType is null ? null : FindRtx(offered, codec.PayloadType);
            primaries.Add(codec.PayloadType, new PlannedCodec(
                codec.PayloadType,
                codec.Name,
                codec.ClockRate,
                codec.Channels,
                match.Parameters.Count > 0 ? match.Parameters : codec.Parameters,
                IntersectFeedback(codec.Feedback, match.Feedback),
                rtx?.PayloadType,
                rtx is null ? [] : rtx.Parameters));
        }

        var planned = new List<PlannedCodec>(primaries.Count);
        foreach (DescribedCodec codec in offered)
        {
            if (primaries.Remove(codec.PayloadType, out PlannedCodec? primary))
            {
                planned.Add(primary);
            }
            else if (codec.IsRed && FindLocal(local, codec) is not null && RedPayloadsAccepted(codec, planned))
            {
                // RED (RFC 2198) carries other payload types: its parameters echo the offer's.
                planned.Add(new PlannedCodec(codec.PayloadType, codec.Name, codec.ClockRate, codec.Channels, codec.Parameters, [], null, []));
            }
        }

        return planned;
    }

    private static JsepCodec? FindLocal(IReadOnlyList<JsepCodec> local, DescribedCodec codec)
    {
        foreach (JsepCodec candidate in local)
        {
            if (!candidate.IsRtx && Matches(candidate, codec))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The codecs to offer for a transceiver (its own, else the capabilities), with RTX entries from <see cref="JsepCodec.RtxPayloadType"/>.</summary>
    public static List<PlannedCodec> ForOffer(IReadOnlyList<JsepCodec> codecs)
    {
        var planned = new List<PlannedCodec>(codecs.Count);
        foreach (JsepCodec codec in codecs)
        {
            if (codec.IsRtx)
            {
                continue; // RTX is described by RtxPayloadType on its primary codec
            }

            planned.Add(new PlannedCodec(codec.PayloadType, codec.Name, codec.ClockRate, codec.Channels, codec.Parameters, codec.Feedback,
                codec.RtxPayloadType, codec.RtxPayloadType is null ? [] : [new SdpParameter("apt", codec.PayloadType.ToString(CultureInfo.InvariantCulture))]));
        }

        return planned;
    }

    private static DescribedCodec? FindRtx(IReadOnlyList<DescribedCodec> offered, int primary)
    {
        foreach (DescribedCodec codec in offered)
        {
            if (codec.IsRtx && codec.AssociatedPayloadType == primary)
            {
                return codec;
            }
        }

        return null;
    }

    private static bool RedPayloadsAccepted(DescribedCodec red, List<PlannedCodec> planned)
    {
        // a=fmtp:63 111/111: the redundant encodings, separated by '/'. Each must be accepted
        // already: browsers list RED after the codecs it carries.
        if (red.Parameters.Count == 0)
        {
            return false;
        }

        foreach (SdpParameter parameter in red.Parameters)
        {
            foreach (Range range in parameter.Name.AsSpan().Split('/'))
            {
                if (!int.TryParse(parameter.Name.AsSpan()[range], NumberStyles.None, CultureInfo.InvariantCulture, out int pt)
                    || !planned.Exists(p => p.PayloadType == pt))
                {
                    return false;
                }
            }
        }

        return true;
    }

    internal static List<RtcpFeedback> IntersectFeedback(IReadOnlyList<RtcpFeedback> offered, IReadOnlyList<RtcpFeedback> local)
    {
        var result = new List<RtcpFeedback>();
        foreach (RtcpFeedback feedback in offered)
        {
            foreach (RtcpFeedback candidate in local)
            {
                if (candidate.Matches(feedback.Type, feedback.Parameter) && !result.Contains(feedback))
                {
                    result.Add(feedback);
                    break;
                }
            }
        }

        return result;
    }

    private static bool Same(IReadOnlyList<SdpParameter> a, IReadOnlyList<SdpParameter> b, string name, string defaultValue)
    {
        string first = DescribedCodec.TryGet(a, name, out string? x) && x is not null ? x : defaultValue;
        string second = DescribedCodec.TryGet(b, name, out string? y) && y is not null ? y : defaultValue;
        return string.Equals(first, second, StringComparison.OrdinalIgnoreCase);
    }

    // RFC 6184 section 8.1: profile-level-id is profile_idc, profile-iop, level_idc (hex); the first
    // two bytes name the profile (42e0 constrained baseline, 4200 baseline, 4d00 main, 6400 high,
    // 640c constrained high). The level may differ between the sides (level-asymmetry-allowed).
    private static string H264Profile(IReadOnlyList<SdpParameter> parameters)
    {
        string id = DescribedCodec.TryGet(parameters, "profile-level-id", out string? value) && value is { Length: 6 } ? value : "42000a";
        return id[..4].ToLowerInvariant();
    }
}
