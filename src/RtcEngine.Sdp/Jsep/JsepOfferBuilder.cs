using System.Globalization;

namespace RtcEngine.Sdp.Jsep;

/// <summary>What the local side offers: its transceivers, transport, and the state of the last exchange.</summary>
/// <remarks>Immutable.</remarks>
public sealed record JsepOfferRequest
{
    /// <summary>The origin line (see <see cref="JsepSessionOrigin.Next"/>).</summary>
    public required SdpOrigin Origin { get; init; }

    /// <summary>ICE credentials, fingerprints and candidates.</summary>
    public required JsepTransport Transport { get; init; }

    /// <summary>The transceivers, in the order they were added.</summary>
    public required IReadOnlyList<JsepTransceiver> Transceivers { get; init; }

    /// <summary>Codecs and extensions for transceivers without their own.</summary>
    public JsepCapabilities Capabilities { get; init; } = JsepCapabilities.Default;

    /// <summary>The last completed exchange, or null for the first offer.</summary>
    public NegotiatedSession? Current { get; init; }

    /// <summary>Whether this offer restarts ICE: <see cref="Transport"/> must then carry new credentials (RFC 8839 section 4.4.1.1.1).</summary>
    public bool IceRestart { get; init; }
}

/// <summary>The offer built, and which transceiver each m-line describes (null for a rejected or recycled placeholder).</summary>
/// <param name="Description">The offer.</param>
/// <param name="MediaTransceivers">Per m-line index, the transceiver it describes, or null.</param>
public sealed record JsepOffer(SessionDescription Description, IReadOnlyList<JsepTransceiver?> MediaTransceivers);

/// <summary>
/// Builds offers (RFC 9429 sections 5.2.1 and 5.2.2): every accepted m-line in one BUNDLE group,
/// <c>a=rtcp-mux</c>, <c>a=rtcp-rsize</c>, <c>a=ice-options:trickle</c>, <c>a=setup:actpass</c>,
/// <c>a=extmap-allow-mixed</c>, <c>a=msid-semantic</c>. In a subsequent offer the m-lines of the
/// current exchange keep their positions and mids; a stopped transceiver's m-line is offered with
/// port 0, and once rejected it is recycled by the next new transceiver (with a new mid); new
/// transceivers are appended. Stateless and thread-safe (the transceivers passed in are not).
/// </summary>
public static class JsepOfferBuilder
{
    /// <summary>Builds the offer; assigns a mid to each transceiver placed without one.</summary>
    public static JsepOffer CreateOffer(JsepOfferRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsepTransport transport = request.Transport ?? throw new ArgumentException("A transport is required.", nameof(request));
        if (transport.Fingerprints.Count == 0)
        {
            throw new ArgumentException("The transport needs at least one fingerprint.", nameof(request));
        }

        NegotiatedSession? current = request.Current;
        if (request.IceRestart && current is not null && current.LocalDescription.Media.Any(m => !m.IsRejected && m.IceUfrag == transport.IceUfrag))
        {
            throw new ArgumentException("An ICE restart needs new ICE credentials in the transport.", nameof(request));
        }

        var slots = new List<Slot>();
        var usedMids = new HashSet<string>(StringComparer.Ordinal);
        var placed = new HashSet<JsepTransceiver>(ReferenceEqualityComparer.Instance);
        if (current is not null)
        {
            foreach (NegotiatedMedia media in current.Media)
            {
                MediaDescription previous = current.LocalDescription.Media[media.Index];
                if (media.Mid is not null)
                {
                    usedMids.Add(media.Mid);
                }

                JsepTransceiver? transceiver = media.Mid is null ? null : Find(request.Transceivers, media.Mid);
                if (media.Rejected)
                {
                    slots.Add(new Slot(null, previous, Recyclable: true)); // a rejected m-line's transceiver counts as stopped
                }
                else if (transceiver is null || transceiver.Stopped || transceiver.Kind != media.Kind)
                {
                    slots.Add(new Slot(null, previous, Recyclable: false)); // stopping: port 0 this time
                }
                else
                {
                    slots.Add(new Slot(transceiver, previous, Recyclable: false));
                    placed.Add(transceiver);
                }
            }
        }

        foreach (JsepTransceiver transceiver in request.Transceivers)
        {
            if (transceiver.Mid is not null)
            {
                usedMids.Add(transceiver.Mid);
            }
        }

        foreach (JsepTransceiver transceiver in request.Transceivers)
        {
            if (transceiver.Stopped || placed.Contains(transceiver))
            {
                continue;
            }

            if (transceiver.Mid is not null && current?.Find(transceiver.Mid) is not null)
            {
                continue; // its m-line was rejected: it stays stopped
            }

            if (transceiver.Mid is null)
            {
                int recycled = slots.FindIndex(s => s.Recyclable && s.Transceiver is null);
                transceiver.Mid = NextMid(usedMids);
                usedMids.Add(transceiver.Mid);
                if (recycled >= 0)
                {
                    slots[recycled] = new Slot(transceiver, null, Recyclable: false);
                    placed.Add(transceiver);
                    continue;
                }
            }

            slots.Add(new Slot(transceiver, null, Recyclable: false));
            placed.Add(transceiver);
        }

        return new JsepOffer(Build(request, slots), slots.Select(s => s.Transceiver).ToArray());
    }

    private static SessionDescription Build(JsepOfferRequest request, List<Slot> slots)
    {
        JsepTransport transport = request.Transport;
        // Every accepted m-line in m-line order, like Chromium (which also puts a recycled m-line's
        // new mid first when it recycles index 0, and fails to apply an answer that moved it after
        // the old tag: checked against Chromium 156).
        var bundle = new List<string>();
        foreach (Slot slot in slots)
        {
            if (slot.Transceiver is not null)
            {
                bundle.Add(slot.Transceiver.Mid!);
            }
        }

        var description = new SessionDescription(request.Origin);
        var streams = new List<string>();
        string? owner = bundle.Count > 0 ? bundle[0] : null;
        foreach (Slot slot in slots)
        {
            if (slot.Transceiver is not { } transceiver)
            {
                description.Media.Add(JsepMediaWriter.WriteStopped(slot.Previous!, transport));
                continue;
            }

            MediaPlan plan = PlanFor(transceiver, request.Capabilities);
            if (plan.Direction.Sends() && (transceiver.Sender?.StreamId ?? transceiver.Msid?.StreamId) is { } stream && stream != "-" && !streams.Contains(stream))
            {
                streams.Add(stream);
            }

            description.Media.Add(JsepMediaWriter.Write(plan, transport, SdpSetupRole.ActPass, ownsTransport: transceiver.Mid == owner));
        }

        JsepSessionAttributes.Add(description, bundle, transport.IceLite, request.Capabilities.ExtMapAllowMixed, streams);
        return description;
    }

    private static MediaPlan PlanFor(JsepTransceiver transceiver, JsepCapabilities capabilities)
    {
        string mid = transceiver.Mid!;
        if (transceiver.Kind == SdpMediaKind.Application)
        {
            return new MediaPlan
            {
                Kind = SdpMediaKind.Application,
                Mid = mid,
                Protocol = JsepMediaWriter.DefaultProtocol(SdpMediaKind.Application),
                SctpPort = transceiver.SctpPort,
                MaxMessageSize = transceiver.MaxMessageSize,
            };
        }

        IReadOnlyList<JsepCodec> codecs = transceiver.Codecs.Count > 0 ? transceiver.Codecs : capabilities.CodecsFor(transceiver.Kind);
        if (codecs.Count == 0)
        {
            throw new ArgumentException($"Transceiver {transceiver} has no codecs and the capabilities have none for {transceiver.Kind}.", nameof(transceiver));
        }

        var rids = new List<RidAttribute>();
        bool sends = transceiver.Direction.Sends();
        bool receives = transceiver.Direction.Receives();
        IReadOnlyList<string> sendRids = sends ? transceiver.SendRids : [];
        IReadOnlyList<string> receiveRids = receives ? transceiver.ReceiveRids : [];
        rids.AddRange(sendRids.Select(r => new RidAttribute(r, RidDirection.Send)));
        rids.AddRange(receiveRids.Select(r => new RidAttribute(r, RidDirection.Recv)));
        return new MediaPlan
        {
            Kind = transceiver.Kind,
            Mid = mid,
            Protocol = JsepMediaWriter.DefaultProtocol(transceiver.Kind),
            Direction = transceiver.Direction,
            Codecs = JsepCodecMatching.ForOffer(codecs),
            Extensions = transceiver.HeaderExtensions.Count > 0 ? transceiver.HeaderExtensions : capabilities.ExtensionsFor(transceiver.Kind),
            Sender = transceiver.Sender,
            Msid = transceiver.Msid,
            Rids = rids,
            Simulcast = rids.Count > 0 ? new SimulcastAttribute(sendRids, receiveRids) : null,
        };
    }

    private static JsepTransceiver? Find(IReadOnlyList<JsepTransceiver> transceivers, string mid)
    {
        foreach (JsepTransceiver transceiver in transceivers)
        {
            if (transceiver.Mid == mid)
            {
                return transceiver;
            }
        }

        return null;
    }

    /// <summary>One more than the largest numeric mid in use (Chromium's scheme), so a recycled m-line gets a new mid.</summary>
    internal static string NextMid(HashSet<string> used)
    {
        long next = 0;
        foreach (string mid in used)
        {
            if (long.TryParse(mid, NumberStyles.None, CultureInfo.InvariantCulture, out long value) && value >= next)
            {
                next = value + 1;
            }
        }

        string candidate = next.ToString(CultureInfo.InvariantCulture);
        while (used.Contains(candidate))
        {
            candidate = (++next).ToString(CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    private sealed record Slot(JsepTransceiver? Transceiver, MediaDescription? Previous, bool Recyclable);
}

/// <summary>The session-level attributes of local descriptions.</summary>
internal static class JsepSessionAttributes
{
    public static void Add(SessionDescription description, IReadOnlyList<string> bundle, bool iceLite, bool extMapAllowMixed, IReadOnlyList<string> streams)
    {
        if (bundle.Count > 0)
        {
            description.Attributes.Add(new GroupAttribute(GroupAttribute.BundleSemantics, bundle));
        }

        if (iceLite)
        {
            description.Attributes.Add(SdpAttribute.IceLite);
        }

        if (extMapAllowMixed)
        {
            description.Attributes.Add(SdpAttribute.ExtMapAllowMixed);
        }

        description.Attributes.Add(new MsidSemanticAttribute("WMS", streams));
    }
}
