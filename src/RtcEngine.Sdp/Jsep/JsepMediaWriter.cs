using System.Globalization;
using RtcEngine.Primitives;

namespace RtcEngine.Sdp.Jsep;

/// <summary>Everything one m-line of a local offer or answer says, decided before it is written.</summary>
internal sealed class MediaPlan
{
    public required SdpMediaKind Kind { get; init; }

    public required string Mid { get; init; }

    public required string Protocol { get; init; }

    public SdpDirection Direction { get; init; }

    public List<PlannedCodec> Codecs { get; init; } = [];

    public IReadOnlyList<JsepHeaderExtension> Extensions { get; init; } = [];

    public JsepSender? Sender { get; init; }

    public (string StreamId, string TrackId)? Msid { get; init; }

    public List<RidAttribute> Rids { get; init; } = [];

    public SimulcastAttribute? Simulcast { get; init; }

    public int SctpPort { get; init; }

    public ulong MaxMessageSize { get; init; }

    public IReadOnlyList<string> ApplicationFormats { get; init; } = ["webrtc-datachannel"];
}

/// <summary>
/// Writes the m-lines of local descriptions in the attribute order Chromium uses (c=, rtcp,
/// candidates, ICE, fingerprint, setup, mid, extmap, direction, msid, rtcp-mux, rtcp-rsize,
/// codecs with rtcp-fb then fmtp, ssrc-group, ssrc, rid, simulcast), so our descriptions read like
/// a browser's (RFC 9429 sections 5.2.1 and 5.3.1).
/// </summary>
internal static class JsepMediaWriter
{
    /// <summary>The JSEP placeholder port (RFC 9429 section 5.2.1: the discard port).</summary>
    public const int PlaceholderPort = 9;

    public static MediaDescription Write(MediaPlan plan, JsepTransport transport, SdpSetupRole setup, bool ownsTransport)
    {
        PeerAddress address = ownsTransport ? transport.DefaultAddress : PeerAddress.None;
        int port = address.IsNone ? PlaceholderPort : address.Port;
        IReadOnlyList<string> formats = plan.Kind == SdpMediaKind.Application
            ? plan.ApplicationFormats
            : plan.Codecs.SelectMany(PayloadTypesOf).ToArray();
        var media = new MediaDescription(KindName(plan.Kind), port, plan.Protocol, formats);
        media.Connections.Add(address.IsNone
            ? SdpConnection.Placeholder
            : new SdpConnection("IN", address.IsIPv6 ? "IP6" : "IP4", address.AddressToString()));
        SdpAttributeCollection attributes = media.Attributes;
        if (plan.Kind != SdpMediaKind.Application)
        {
            attributes.Add(new RtcpAttribute(PlaceholderPort, "IN", "IP4", "0.0.0.0"));
        }

        if (ownsTransport)
        {
            foreach (string candidate in transport.Candidates)
            {
                attributes.Add(SdpAttribute.Candidate(candidate));
            }

            if (transport.EndOfCandidates)
            {
                attributes.Add(SdpAttribute.EndOfCandidates);
            }
        }

        AddTransport(attributes, transport, setup);
        attributes.Add(SdpAttribute.Mid(plan.Mid));
        if (plan.Kind == SdpMediaKind.Application)
        {
            attributes.Add(SdpNumericAttribute.SctpPort(plan.SctpPort));
            attributes.Add(SdpNumericAttribute.MaxMessageSize(plan.MaxMessageSize));
            return media;
        }

        foreach (JsepHeaderExtension extension in plan.Extensions)
        {
            attributes.Add(new ExtMapAttribute(extension.Id, extension.Uri, extension.Direction));
        }

        attributes.Add(SdpAttribute.ForDirection(plan.Direction));
        bool sends = plan.Direction.Sends();
        (string StreamId, string TrackId)? msid = plan.Sender is { } sender ? (sender.StreamId, sender.TrackId) : plan.Msid;
        if (sends && msid is { } id)
        {
            attributes.Add(new MsidAttribute(id.StreamId, id.TrackId));
        }

        attributes.Add(SdpAttribute.RtcpMux);
        attributes.Add(SdpAttribute.RtcpRsize);
        foreach (PlannedCodec codec in plan.Codecs)
        {
            AddCodec(attributes, codec);
        }

        if (sends && plan.Sender is { } s && plan.Rids.Count == 0)
        {
            AddSender(attributes, s, plan.Codecs.Exists(c => c.RtxPayloadType is not null));
        }

        foreach (RidAttribute rid in plan.Rids)
        {
            attributes.Add(rid);
        }

        if (plan.Simulcast is not null)
        {
            attributes.Add(plan.Simulcast);
        }

        return media;
    }

    /// <summary>A rejected m-line (RFC 3264 section 6, RFC 9429 section 5.3.1): port 0, one format, the mid kept.</summary>
    public static MediaDescription WriteRejected(string media, string protocol, IReadOnlyList<string> formats, string? mid)
    {
        var rejected = new MediaDescription(media, 0, protocol, formats.Count > 0 ? [formats[0]] : ["0"]);
        rejected.Connections.Add(SdpConnection.Placeholder);
        if (mid is not null)
        {
            rejected.Attributes.Add(SdpAttribute.Mid(mid));
        }

        return rejected;
    }

    /// <summary>
    /// A stopped or rejected m-line in a subsequent offer (RFC 9429 section 5.2.2): the previous
    /// local m-line with port 0, <c>a=inactive</c>, no msid, SSRCs, rids or candidates, and the
    /// current ICE credentials; like Chromium's.
    /// </summary>
    public static MediaDescription WriteStopped(MediaDescription previous, JsepTransport transport)
    {
        var stopped = new MediaDescription(previous.Media, 0, previous.Protocol, previous.Formats);
        stopped.Connections.Add(SdpConnection.Placeholder);
        foreach (SdpAttribute attribute in previous.Attributes)
        {
            switch (attribute.Kind)
            {
                case SdpAttributeKind.Msid or SdpAttributeKind.Ssrc or SdpAttributeKind.SsrcGroup or SdpAttributeKind.Rid
                    or SdpAttributeKind.Simulcast or SdpAttributeKind.Candidate or SdpAttributeKind.EndOfCandidates
                    or SdpAttributeKind.IcePwd or SdpAttributeKind.IceOptions or SdpAttributeKind.Fingerprint or SdpAttributeKind.Setup:
                    break; // dropped, or written with the ICE credentials below
                case SdpAttributeKind.IceUfrag:
                    AddTransport(stopped.Attributes, transport, SdpSetupRole.ActPass);
                    break;
                case SdpAttributeKind.SendRecv or SdpAttributeKind.SendOnly or SdpAttributeKind.RecvOnly or SdpAttributeKind.Inactive:
                    stopped.Attributes.Add(SdpAttribute.ForDirection(SdpDirection.Inactive));
                    break;
                default:
                    stopped.Attributes.Add(attribute);
                    break;
            }
        }

        return stopped;
    }

    public static string KindName(SdpMediaKind kind) => kind switch
    {
        SdpMediaKind.Audio => "audio",
        SdpMediaKind.Video => "video",
        SdpMediaKind.Application => "application",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a JSEP media kind"),
    };

    public static string DefaultProtocol(SdpMediaKind kind) => kind == SdpMediaKind.Application ? "UDP/DTLS/SCTP" : "UDP/TLS/RTP/SAVPF";

    private static void AddTransport(SdpAttributeCollection attributes, JsepTransport transport, SdpSetupRole setup)
    {
        attributes.Add(SdpAttribute.IceUfrag(transport.IceUfrag));
        attributes.Add(SdpAttribute.IcePwd(transport.IcePwd));
        if (transport.IceOptions.Count > 0)
        {
            attributes.Add(new IceOptionsAttribute(transport.IceOptions));
        }

        foreach (SdpFingerprint fingerprint in transport.Fingerprints)
        {
            attributes.Add(new FingerprintAttribute(fingerprint.HashFunction, fingerprint.Value));
        }

        attributes.Add(SetupAttribute.For(setup));
    }

    private static void AddCodec(SdpAttributeCollection attributes, PlannedCodec codec)
    {
        attributes.Add(new RtpMapAttribute(codec.PayloadType, codec.Name, codec.ClockRate, codec.Channels));
        foreach (RtcpFeedback feedback in codec.Feedback)
        {
            attributes.Add(new RtcpFeedbackAttribute(codec.PayloadType, feedback.Type, feedback.Parameter));
        }

        if (codec.Parameters.Count > 0)
        {
            attributes.Add(new FmtpAttribute(codec.PayloadType, codec.Parameters));
        }

        if (codec.RtxPayloadType is int rtx)
        {
            attributes.Add(new RtpMapAttribute(rtx, "rtx", codec.ClockRate));
            attributes.Add(new FmtpAttribute(rtx, codec.RtxParameters.Count > 0
                ? codec.RtxParameters
                : [new SdpParameter("apt", codec.PayloadType.ToString(CultureInfo.InvariantCulture))]));
        }
    }

    private static void AddSender(SdpAttributeCollection attributes, JsepSender sender, bool rtxNegotiated)
    {
        string msid = sender.StreamId + " " + sender.TrackId;
        if (sender.RtxSsrc is uint rtx && rtxNegotiated)
        {
            attributes.Add(new SsrcGroupAttribute(SsrcGroupAttribute.Fid, [sender.Ssrc, rtx]));
            AddSsrc(attributes, sender.Ssrc, sender.Cname, msid);
            AddSsrc(attributes, rtx, sender.Cname, msid);
        }
        else
        {
            AddSsrc(attributes, sender.Ssrc, sender.Cname, msid);
        }
    }

    private static void AddSsrc(SdpAttributeCollection attributes, uint ssrc, string cname, string msid)
    {
        attributes.Add(new SsrcAttribute(ssrc, "cname", cname));
        attributes.Add(new SsrcAttribute(ssrc, "msid", msid));
    }

    private static IEnumerable<string> PayloadTypesOf(PlannedCodec codec)
    {
        yield return codec.PayloadType.ToString(CultureInfo.InvariantCulture);
        if (codec.RtxPayloadType is int rtx)
        {
            yield return rtx.ToString(CultureInfo.InvariantCulture);
        }
    }
}
