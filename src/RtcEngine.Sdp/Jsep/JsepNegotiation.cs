namespace RtcEngine.Sdp.Jsep;

/// <summary>
/// Reads what an offer/answer pair agreed, m-line by m-line, from the local point of view: the
/// session calls it with its offer and the remote answer (the answer builder calls it for the
/// answers it makes). The answer is checked against the offer first.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class JsepNegotiation
{
    /// <summary>The negotiated state of <paramref name="offer"/> and <paramref name="answer"/>.</summary>
    /// <param name="offer">The offer.</param>
    /// <param name="answer">The answer to it.</param>
    /// <param name="localIsOfferer">Whether the local side made the offer.</param>
    /// <param name="previous">The previous exchange, to detect an ICE restart by the remote; or null.</param>
    /// <exception cref="SdpValidationException">The answer does not answer the offer, or misses what WebRTC requires.</exception>
    public static NegotiatedSession Negotiate(SessionDescription offer, SessionDescription answer, bool localIsOfferer, NegotiatedSession? previous = null)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(answer);
        SdpValidator.ThrowIfInvalidAnswer(offer, answer);
        SessionDescription remote = localIsOfferer ? answer : offer;
        SessionDescription local = localIsOfferer ? offer : answer;

        IReadOnlyList<string> bundle = answer.BundleGroup?.Mids ?? [];
        var media = new NegotiatedMedia[offer.Media.Count];
        var candidates = new List<(string? Mid, string Candidate)>();
        for (int i = 0; i < media.Length; i++)
        {
            media[i] = NegotiateMedia(i, offer, answer, localIsOfferer, bundle);
            foreach (string candidate in media[i].RemoteCandidates)
            {
                candidates.Add((media[i].Mid, candidate));
            }
        }

        NegotiatedMedia? transport = null;
        if (bundle.Count > 0)
        {
            transport = Array.Find(media, m => m.Mid == bundle[0]);
        }

        transport ??= Array.Find(media, m => !m.Rejected);
        SdpSetupRole answerSetup = transport is null
            ? SdpSetupRole.Active
            : (localIsOfferer ? transport.RemoteSetup : LocalSetup(answer, transport.Index));
        bool answererIsClient = answerSetup != SdpSetupRole.Passive;
        JsepDtlsRole role = answererIsClient == localIsOfferer ? JsepDtlsRole.Server : JsepDtlsRole.Client;

        bool restart = previous is not null && transport is not null
            && (previous.RemoteIceUfrag != transport.RemoteIceUfrag || previous.RemoteIcePwd != transport.RemoteIcePwd);
        return new NegotiatedSession
        {
            LocalDescription = local,
            RemoteDescription = remote,
            LocalIsOfferer = localIsOfferer,
            Media = media,
            BundleMids = bundle,
            LocalDtlsRole = role,
            RemoteIceLite = remote.IceLite,
            RemoteIceUfrag = transport?.RemoteIceUfrag,
            RemoteIcePwd = transport?.RemoteIcePwd,
            RemoteFingerprints = transport?.RemoteFingerprints ?? [],
            RemoteIceRestart = restart,
            RemoteCandidates = candidates,
        };
    }

    /// <summary>
    /// Whether a remote offer restarts ICE against the current exchange: the ICE credentials of its
    /// transport m-line (BUNDLE tag, else first accepted) differ from the current remote ones. Check it
    /// before answering: the answer to an ICE restart must carry new local credentials too (RFC 8839
    /// section 4.4.1.1.1).
    /// </summary>
    public static bool OffersIceRestart(NegotiatedSession? current, SessionDescription remoteOffer)
    {
        ArgumentNullException.ThrowIfNull(remoteOffer);
        if (current?.RemoteIceUfrag is null)
        {
            return false;
        }

        MediaDescription? transport = remoteOffer.BundleGroup is { Mids.Count: > 0 } group ? remoteOffer.FindMedia(group.Mids[0]) : null;
        transport ??= remoteOffer.Media.FirstOrDefault(m => !m.IsRejected);
        if (transport is null)
        {
            return false;
        }

        string? ufrag = transport.IceUfrag ?? remoteOffer.IceUfrag;
        string? pwd = transport.IcePwd ?? remoteOffer.IcePwd;
        return ufrag != current.RemoteIceUfrag || pwd != current.RemoteIcePwd;
    }

    private static NegotiatedMedia NegotiateMedia(int index, SessionDescription offer, SessionDescription answer, bool localIsOfferer, IReadOnlyList<string> bundle)
    {
        MediaDescription o = offer.Media[index];
        MediaDescription a = answer.Media[index];
        MediaDescription localMedia = localIsOfferer ? o : a;
        MediaDescription remoteMedia = localIsOfferer ? a : o;
        SessionDescription remote = localIsOfferer ? answer : offer;
        string? mid = a.Mid ?? o.Mid;
        bool rejected = o.IsRejected || a.IsRejected;
        if (rejected)
        {
            return new NegotiatedMedia { Index = index, Mid = mid, Kind = o.Kind, Rejected = true };
        }

        // The remote's transport: its own attributes, else its session level, else its BUNDLE tag's.
        MediaDescription remoteTransport = SdpValidator.BundleTag(remote, remoteMedia) ?? remoteMedia;
        string? ufrag = remoteMedia.IceUfrag ?? remote.IceUfrag ?? remoteTransport.IceUfrag;
        string? pwd = remoteMedia.IcePwd ?? remote.IcePwd ?? remoteTransport.IcePwd;
        IReadOnlyList<FingerprintAttribute> fingerprints = remoteMedia.Fingerprints;
        if (fingerprints.Count == 0)
        {
            fingerprints = remote.Fingerprints.Count > 0 ? remote.Fingerprints : remoteTransport.Fingerprints;
        }

        SdpSetupRole remoteSetup = remoteMedia.Setup ?? remote.Setup ?? remoteTransport.Setup
            ?? (localIsOfferer ? SdpSetupRole.Active : SdpSetupRole.ActPass);
        SdpDirection answerDirection = a.Direction ?? answer.Direction ?? SdpDirection.SendRecv;
        var result = new NegotiatedMedia
        {
            Index = index,
            Mid = mid,
            Kind = o.Kind,
            Rejected = false,
            Bundled = mid is not null && bundle.Contains(mid),
            Direction = localIsOfferer ? answerDirection.Reverse() : answerDirection,
            RtcpMux = o.RtcpMux && a.RtcpMux,
            RtcpReducedSize = o.RtcpReducedSize && a.RtcpReducedSize,
            ExtMapAllowMixed = (offer.ExtMapAllowMixed || o.ExtMapAllowMixed) && (answer.ExtMapAllowMixed || a.ExtMapAllowMixed),
            RemoteIceUfrag = ufrag,
            RemoteIcePwd = pwd,
            RemoteFingerprints = fingerprints.Select(f => new SdpFingerprint(f.HashFunction, f.Fingerprint)).ToArray(),
            RemoteSetup = remoteSetup,
            RemoteCandidates = remoteMedia.Candidates,
            RemoteEndOfCandidates = remoteMedia.EndOfCandidates,
        };

        if (o.Kind == SdpMediaKind.Application)
        {
            return result with
            {
                LocalSctpPort = localMedia.SctpPort,
                RemoteSctpPort = remoteMedia.SctpPort,
                RemoteMaxMessageSize = remoteMedia.MaxMessageSize,
            };
        }

        (List<NegotiatedCodec> codecs, Dictionary<int, int> rtx) = NegotiateCodecs(o, a, localMedia, remoteMedia);
        var extensions = new List<NegotiatedHeaderExtension>();
        foreach (ExtMapAttribute extmap in a.ExtMaps)
        {
            if (o.ExtMaps.Any(e => e.Id == extmap.Id && e.Uri == extmap.Uri))
            {
                extensions.Add(new NegotiatedHeaderExtension(extmap.Id, extmap.Uri, localIsOfferer ? extmap.Direction?.Reverse() : extmap.Direction));
            }
        }

        (uint[] ssrcs, Dictionary<uint, uint> rtxSsrcs, string? cname) = RemoteSources(remoteMedia);
        MsidAttribute? msid = remoteMedia.Msids.Count > 0 ? remoteMedia.Msids[0] : null;
        return result with
        {
            Codecs = codecs,
            RtxPayloadTypes = rtx,
            HeaderExtensions = extensions,
            RemoteSsrcs = ssrcs,
            RemoteRtxSsrcs = rtxSsrcs,
            RemoteCname = cname,
            RemoteMsid = msid is null ? null : (msid.StreamId, msid.TrackId),
            SendRids = result.Direction.Sends() ? AgreedRids(localMedia, remoteMedia) : [],
            ReceiveRids = result.Direction.Receives() ? AgreedRids(remoteMedia, localMedia) : [],
        };
    }

    private static (List<NegotiatedCodec> Codecs, Dictionary<int, int> Rtx) NegotiateCodecs(
        MediaDescription offer, MediaDescription answer, MediaDescription local, MediaDescription remote)
    {
        List<DescribedCodec> answered = JsepCodecMatching.Describe(answer);
        List<DescribedCodec> offered = JsepCodecMatching.Describe(offer);
        var rtx = new Dictionary<int, int>();
        foreach (DescribedCodec codec in answered)
        {
            int apt = codec.AssociatedPayloadType;
            if (codec.IsRtx && apt >= 0 && offered.Exists(c => c.PayloadType == codec.PayloadType && c.IsRtx))
            {
                rtx.TryAdd(apt, codec.PayloadType);
            }
        }

        var codecs = new List<NegotiatedCodec>();
        foreach (DescribedCodec codec in answered)
        {
            DescribedCodec? inOffer = offered.Find(c => c.PayloadType == codec.PayloadType);
            if (codec.IsRtx || inOffer is null || !string.Equals(inOffer.Name, codec.Name, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            codecs.Add(new NegotiatedCodec
            {
                PayloadType = codec.PayloadType,
                Name = codec.Name,
                ClockRate = codec.ClockRate,
                Channels = codec.Channels,
                RtxPayloadType = rtx.TryGetValue(codec.PayloadType, out int rtxPayloadType) ? rtxPayloadType : null,
                LocalParameters = local.GetFmtp(codec.PayloadType)?.Parameters ?? [],
                RemoteParameters = remote.GetFmtp(codec.PayloadType)?.Parameters ?? [],
                Feedback = JsepCodecMatching.IntersectFeedback(codec.Feedback, inOffer.Feedback),
            });
        }

        rtx = rtx.Where(pair => codecs.Exists(c => c.PayloadType == pair.Key)).ToDictionary();
        return (codecs, rtx);
    }

    private static (uint[] Ssrcs, Dictionary<uint, uint> Rtx, string? Cname) RemoteSources(MediaDescription remote)
    {
        var ssrcs = new List<uint>();
        string? cname = null;
        foreach (SsrcAttribute ssrc in remote.Ssrcs)
        {
            if (!ssrcs.Contains(ssrc.Ssrc))
            {
                ssrcs.Add(ssrc.Ssrc);
            }

            if (cname is null && ssrc.AttributeName == "cname")
            {
                cname = ssrc.AttributeValue;
            }
        }

        var rtx = new Dictionary<uint, uint>();
        foreach (SsrcGroupAttribute group in remote.SsrcGroups)
        {
            if (group.Semantics == SsrcGroupAttribute.Fid && group.Ssrcs.Count == 2)
            {
                rtx.TryAdd(group.Ssrcs[0], group.Ssrcs[1]);
            }
        }

        return (ssrcs.ToArray(), rtx, cname);
    }

    // Rids the sender declares "send" that the receiver declares "recv", in the sender's simulcast order.
    private static string[] AgreedRids(MediaDescription sender, MediaDescription receiver)
    {
        var receiving = new HashSet<string>(receiver.Rids.Where(r => r.Direction == RidDirection.Recv).Select(r => r.Id), StringComparer.Ordinal);
        IEnumerable<string> ordered = sender.Simulcast is { } simulcast
            ? simulcast.Send.SelectMany(s => s.Select(r => r.Id))
            : sender.Rids.Where(r => r.Direction == RidDirection.Send).Select(r => r.Id);
        return ordered.Where(id => receiving.Contains(id) && sender.Rids.Any(r => r.Id == id && r.Direction == RidDirection.Send)).Distinct().ToArray();
    }

    private static SdpSetupRole LocalSetup(SessionDescription answer, int index) =>
        answer.Media[index].Setup ?? answer.Setup ?? SdpSetupRole.Active;
}
