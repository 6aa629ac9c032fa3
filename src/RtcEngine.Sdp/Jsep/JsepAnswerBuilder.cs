namespace RtcEngine.Sdp.Jsep;

/// <summary>What the local side needs to answer a remote offer.</summary>
/// <remarks>Immutable.</remarks>
public sealed record JsepAnswerRequest
{
    /// <summary>The remote offer (validated with <see cref="SdpValidator.ValidateOffer"/> first; an invalid one throws).</summary>
    public required SessionDescription Offer { get; init; }

    /// <summary>The origin line (see <see cref="JsepSessionOrigin.Next"/>).</summary>
    public required SdpOrigin Origin { get; init; }

    /// <summary>ICE credentials, fingerprints and candidates (new credentials when the offer restarts ICE).</summary>
    public required JsepTransport Transport { get; init; }

    /// <summary>The local transceivers: matched to m-lines by mid, else the first unassociated one of the same kind takes the mid.</summary>
    public IReadOnlyList<JsepTransceiver> Transceivers { get; init; } = [];

    /// <summary>Codecs and extensions for transceivers without their own and for the ones the answer creates; data channel acceptance.</summary>
    public JsepCapabilities Capabilities { get; init; } = JsepCapabilities.Default;

    /// <summary>The DTLS role to take when the offer says actpass: <see cref="SdpSetupRole.Active"/> (DTLS client, like browsers) or <see cref="SdpSetupRole.Passive"/>.</summary>
    public SdpSetupRole SetupRole { get; init; } = SdpSetupRole.Active;

    /// <summary>The last completed exchange, or null (used to detect an ICE restart).</summary>
    public NegotiatedSession? Current { get; init; }
}

/// <summary>The answer built and what it agreed to.</summary>
/// <param name="Description">The answer.</param>
/// <param name="Negotiated">The negotiated state (offer from the remote, answer local).</param>
/// <param name="MediaTransceivers">Per m-line index, the transceiver that answers it, or null when rejected.</param>
/// <param name="CreatedTransceivers">Transceivers the answer created for remote m-lines no local one matched (recvonly, RFC 9429 section 5.10).</param>
public sealed record JsepAnswer(
    SessionDescription Description,
    NegotiatedSession Negotiated,
    IReadOnlyList<JsepTransceiver?> MediaTransceivers,
    IReadOnlyList<JsepTransceiver> CreatedTransceivers);

/// <summary>
/// Builds answers (RFC 9429 section 5.3.1, RFC 3264 section 6): for each offered m-line in order,
/// the codecs both sides support with the offerer's payload types (RTX paired through apt), the
/// rtcp-fb and extmap both support, the direction answered per RFC 3264 (intersection with the
/// reverse of the offer's), simulcast rids with their direction swapped, and <c>a=setup</c>
/// active or passive. An m-line that cannot be accepted (rejected in the offer, unknown kind or
/// protocol, no common codec, data channels not accepted, stopped transceiver) is answered with
/// port 0 and left out of BUNDLE, except the offerer-tagged m-line of a subsequent offer, which
/// RFC 9143 forbids rejecting: a stopped transceiver there is answered inactive until the session's
/// own offer stops it. Stateless and thread-safe (the transceivers passed in are not).
/// </summary>
public static class JsepAnswerBuilder
{
    /// <summary>Builds the answer; sets the mid of transceivers it associates.</summary>
    /// <exception cref="SdpValidationException">The offer is not usable (see <see cref="SdpValidator.ValidateOffer"/>).</exception>
    public static JsepAnswer CreateAnswer(JsepAnswerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.SetupRole is not (SdpSetupRole.Active or SdpSetupRole.Passive))
        {
            throw new ArgumentException("An answer's setup role is active or passive.", nameof(request));
        }

        if (request.Transport is null || request.Transport.Fingerprints.Count == 0)
        {
            throw new ArgumentException("The transport needs at least one fingerprint.", nameof(request));
        }

        SessionDescription offer = request.Offer ?? throw new ArgumentException("An offer is required.", nameof(request));
        SdpValidator.ThrowIfInvalidOffer(offer);

        var plans = new MediaPlan?[offer.Media.Count];
        var answering = new JsepTransceiver?[offer.Media.Count];
        var created = new List<JsepTransceiver>();
        var associated = new HashSet<JsepTransceiver>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < offer.Media.Count; i++)
        {
            MediaDescription offered = offer.Media[i];
            if (offered.IsRejected || offered.Kind == SdpMediaKind.Other || offered.Mid is null || !IsSupportedProtocol(offered))
            {
                continue;
            }

            int createdBefore = created.Count;
            JsepTransceiver? transceiver = Associate(request, offered, associated, created, out bool assignedMid);
            if (transceiver is null)
            {
                continue;
            }

            plans[i] = Plan(offer, offered, transceiver, request.Capabilities);
            if (plans[i] is not null)
            {
                answering[i] = transceiver;
            }
            else if (created.Count > createdBefore)
            {
                created.RemoveAt(created.Count - 1); // rejected: the implicit transceiver is not kept
            }
            else if (assignedMid)
            {
                transceiver.Mid = null; // rejected: the transceiver stays free for a later m-line
                associated.Remove(transceiver);
            }
        }

        KeepOffererTag(request, plans, answering);

        // BUNDLE: the offered group's mids that are accepted, in the offer's order; the first is the answerer's tag.
        var bundle = new List<string>();
        if (offer.BundleGroup is { } offeredBundle)
        {
            foreach (string mid in offeredBundle.Mids)
            {
                int index = IndexOfMid(offer, mid);
                if (index >= 0 && plans[index] is not null)
                {
                    bundle.Add(mid);
                }
            }
        }

        var answer = new SessionDescription(request.Origin);
        var streams = new List<string>();
        for (int i = 0; i < offer.Media.Count; i++)
        {
            MediaDescription offered = offer.Media[i];
            if (plans[i] is not { } plan)
            {
                answer.Media.Add(JsepMediaWriter.WriteRejected(offered.Media, offered.Protocol, offered.Formats, offered.Mid));
                continue;
            }

            bool ownsTransport = bundle.Count > 0 && bundle.Contains(plan.Mid) ? bundle[0] == plan.Mid : true;
            answer.Media.Add(JsepMediaWriter.Write(plan, request.Transport, AnswerSetup(offer, offered, request.SetupRole), ownsTransport));
            JsepTransceiver transceiver = answering[i]!;
            if (plan.Direction.Sends() && (transceiver.Sender?.StreamId ?? transceiver.Msid?.StreamId) is { } stream && stream != "-" && !streams.Contains(stream))
            {
                streams.Add(stream);
            }
        }

        bool mixed = request.Capabilities.ExtMapAllowMixed && (offer.ExtMapAllowMixed || offer.Media.Any(m => m.ExtMapAllowMixed));
        JsepSessionAttributes.Add(answer, bundle, request.Transport.IceLite, mixed, streams);
        NegotiatedSession negotiated = JsepNegotiation.Negotiate(offer, answer, localIsOfferer: false, request.Current);
        return new JsepAnswer(answer, negotiated, answering, created);
    }

    // RFC 9143 section 7.3.3: in a subsequent offer the answerer cannot reject the offerer-tagged
    // m-line (the BUNDLE transport). A stopped local transceiver there is answered inactive and
    // stays bundled; the session stops it with its next offer (which gives it port 0). Chromium
    // refuses an answer that moves the BUNDLE tag this way ("Failed to setup RTCP mux").
    private static void KeepOffererTag(JsepAnswerRequest request, MediaPlan?[] plans, JsepTransceiver?[] answering)
    {
        SessionDescription offer = request.Offer;
        if (request.Current is not { BundleMids.Count: > 0 } current || offer.BundleGroup is not { Mids.Count: > 0 } group
            || !group.Mids.Any(current.BundleMids.Contains))
        {
            return;
        }

        int index = IndexOfMid(offer, group.Mids[0]);
        if (index < 0 || plans[index] is not null || offer.Media[index].IsRejected)
        {
            return;
        }

        JsepTransceiver? stopped = request.Transceivers.FirstOrDefault(t => t.Mid == group.Mids[0] && t.Stopped && t.Kind == offer.Media[index].Kind);
        if (stopped is null)
        {
            return;
        }

        var inactive = new JsepTransceiver(stopped.Kind)
        {
            Mid = stopped.Mid,
            Direction = SdpDirection.Inactive,
            Codecs = stopped.Codecs,
            HeaderExtensions = stopped.HeaderExtensions,
            SctpPort = stopped.SctpPort,
            MaxMessageSize = stopped.MaxMessageSize,
        };
        plans[index] = Plan(offer, offer.Media[index], inactive, request.Capabilities);
        answering[index] = plans[index] is null ? null : stopped;
    }

    /// <summary>Whether the protocol is one this engine speaks: DTLS-SRTP RTP profiles, or SCTP over DTLS.</summary>
    public static bool IsSupportedProtocol(MediaDescription media)
    {
        ArgumentNullException.ThrowIfNull(media);
        string protocol = media.Protocol;
        return media.Kind == SdpMediaKind.Application
            ? protocol is "UDP/DTLS/SCTP" or "TCP/DTLS/SCTP"
            : protocol.EndsWith("RTP/SAVPF", StringComparison.Ordinal) || protocol.EndsWith("RTP/SAVP", StringComparison.Ordinal);
    }

    private static JsepTransceiver? Associate(
        JsepAnswerRequest request, MediaDescription offered, HashSet<JsepTransceiver> associated, List<JsepTransceiver> created, out bool assignedMid)
    {
        assignedMid = false;
        string mid = offered.Mid!;
        foreach (JsepTransceiver transceiver in request.Transceivers)
        {
            if (transceiver.Mid == mid)
            {
                return transceiver.Kind == offered.Kind && !transceiver.Stopped && associated.Add(transceiver) ? transceiver : null;
            }
        }

        foreach (JsepTransceiver transceiver in request.Transceivers)
        {
            if (transceiver.Mid is null && !transceiver.Stopped && transceiver.Kind == offered.Kind && associated.Add(transceiver))
            {
                transceiver.Mid = mid;
                assignedMid = true;
                return transceiver;
            }
        }

        JsepCapabilities capabilities = request.Capabilities;
        bool supported = offered.Kind == SdpMediaKind.Application ? capabilities.DataChannels : capabilities.CodecsFor(offered.Kind).Count > 0;
        if (!supported)
        {
            return null;
        }

        var implicitTransceiver = new JsepTransceiver(offered.Kind)
        {
            Mid = mid,
            Direction = offered.Kind == SdpMediaKind.Application ? SdpDirection.SendRecv : SdpDirection.RecvOnly,
            SctpPort = capabilities.SctpPort,
            MaxMessageSize = capabilities.MaxMessageSize,
        };
        created.Add(implicitTransceiver);
        associated.Add(implicitTransceiver);
        return implicitTransceiver;
    }

    private static MediaPlan? Plan(SessionDescription offer, MediaDescription offered, JsepTransceiver transceiver, JsepCapabilities capabilities)
    {
        string mid = offered.Mid!;
        if (offered.Kind == SdpMediaKind.Application)
        {
            return new MediaPlan
            {
                Kind = SdpMediaKind.Application,
                Mid = mid,
                Protocol = offered.Protocol,
                SctpPort = transceiver.SctpPort,
                MaxMessageSize = transceiver.MaxMessageSize,
                ApplicationFormats = offered.Formats,
            };
        }

        IReadOnlyList<JsepCodec> local = transceiver.Codecs.Count > 0 ? transceiver.Codecs : capabilities.CodecsFor(offered.Kind);
        List<PlannedCodec> codecs = JsepCodecMatching.Intersect(JsepCodecMatching.Describe(offered), local);
        if (codecs.Count == 0)
        {
            return null; // no codec in common: reject the m-line
        }

        IReadOnlyList<JsepHeaderExtension> localExtensions = transceiver.HeaderExtensions.Count > 0
            ? transceiver.HeaderExtensions
            : capabilities.ExtensionsFor(offered.Kind);
        var extensions = new List<JsepHeaderExtension>();
        foreach (ExtMapAttribute extmap in offered.ExtMaps)
        {
            if (localExtensions.Any(e => e.Uri == extmap.Uri) && !extensions.Exists(e => e.Id == extmap.Id || e.Uri == extmap.Uri))
            {
                extensions.Add(new JsepHeaderExtension(extmap.Id, extmap.Uri, extmap.Direction?.Reverse()));
            }
        }

        SdpDirection offeredDirection = offered.Direction ?? offer.Direction ?? SdpDirection.SendRecv;
        SdpDirection direction = transceiver.Direction.Intersect(offeredDirection.Reverse());
        (List<RidAttribute> rids, SimulcastAttribute? simulcast) = AnswerSimulcast(offered, transceiver, direction);
        return new MediaPlan
        {
            Kind = offered.Kind,
            Mid = mid,
            Protocol = offered.Protocol,
            Direction = direction,
            Codecs = codecs,
            Extensions = extensions,
            Sender = transceiver.Sender,
            Msid = transceiver.Msid,
            Rids = rids,
            Simulcast = simulcast,
        };
    }

    // RFC 8853 section 5.3: the answer lists the rids it accepts with the direction swapped: the
    // offerer's send streams become the answerer's recv streams and the reverse.
    private static (List<RidAttribute> Rids, SimulcastAttribute? Simulcast) AnswerSimulcast(MediaDescription offered, JsepTransceiver transceiver, SdpDirection direction)
    {
        var rids = new List<RidAttribute>();
        if (offered.Simulcast is not { } simulcast)
        {
            return (rids, null);
        }

        var offeredRids = new Dictionary<string, RidAttribute>(StringComparer.Ordinal);
        foreach (RidAttribute rid in offered.Rids)
        {
            offeredRids.TryAdd(rid.Id, rid);
        }

        // Streams the offerer sends: we receive them (if the direction receives and the rid is declared send).
        List<IReadOnlyList<SimulcastRid>> receive = direction.Receives()
            ? Accept(simulcast.Send, offeredRids, RidDirection.Send, transceiver.ReceiveRids)
            : [];
        List<IReadOnlyList<SimulcastRid>> send = direction.Sends()
            ? Accept(simulcast.Receive, offeredRids, RidDirection.Recv, transceiver.SendRids)
            : [];
        foreach (IReadOnlyList<SimulcastRid> stream in send)
        {
            rids.AddRange(stream.Select(r => new RidAttribute(r.Id, RidDirection.Send)));
        }

        foreach (IReadOnlyList<SimulcastRid> stream in receive)
        {
            rids.AddRange(stream.Select(r => new RidAttribute(r.Id, RidDirection.Recv)));
        }

        return rids.Count == 0 ? (rids, null) : (rids, new SimulcastAttribute(send, receive));
    }

    private static List<IReadOnlyList<SimulcastRid>> Accept(
        IReadOnlyList<IReadOnlyList<SimulcastRid>> streams, Dictionary<string, RidAttribute> declared, RidDirection offeredDirection, IReadOnlyList<string> wanted)
    {
        var accepted = new List<IReadOnlyList<SimulcastRid>>();
        foreach (IReadOnlyList<SimulcastRid> stream in streams)
        {
            SimulcastRid[] alternatives = stream
                .Where(r => declared.TryGetValue(r.Id, out RidAttribute? rid) && rid.Direction == offeredDirection && (wanted.Count == 0 || wanted.Contains(r.Id)))
                .ToArray();
            if (alternatives.Length > 0)
            {
                accepted.Add(alternatives);
            }
        }

        return accepted;
    }

    private static SdpSetupRole AnswerSetup(SessionDescription offer, MediaDescription offered, SdpSetupRole chosen) =>
        (offered.Setup ?? offer.Setup) switch
        {
            SdpSetupRole.Active => SdpSetupRole.Passive,
            SdpSetupRole.Passive => SdpSetupRole.Active,
            _ => chosen,
        };

    private static int IndexOfMid(SessionDescription description, string mid)
    {
        for (int i = 0; i < description.Media.Count; i++)
        {
            if (description.Media[i].Mid == mid)
            {
                return i;
            }
        }

        return -1;
    }
}
