using System.Text;
using RtcEngine.Dtls;
using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Candidates;
using RtcEngine.Ice.Configuration;
using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Sdp;
using RtcEngine.Sdp.Jsep;

namespace RtcEngine.Session;

/// <summary>Options of <see cref="RtcConnection.CreateOffer"/>.</summary>
public sealed record RtcOfferOptions
{
    /// <summary>Restart ICE: new credentials, media stays on the old pair until a new one is selected.</summary>
    public bool IceRestart { get; init; }
}

/// <summary>Options of <see cref="RtcConnection.AddTransceiver"/>.</summary>
public sealed record RtcTransceiverInit
{
    /// <summary>The direction (sendrecv by default).</summary>
    public SdpDirection Direction { get; init; } = SdpDirection.SendRecv;

    /// <summary>The codecs in preference order; empty for the configuration's capabilities.</summary>
    public IReadOnlyList<JsepCodec> Codecs { get; init; } = [];

    /// <summary>
    /// Simulcast: the rids of the encodings to send (RFC 8853), highest quality first, for
    /// example <c>["f", "h", "q"]</c>; empty for one encoding. Each negotiated rid gets its own
    /// send stream (SSRC, RTX, statistics); send on it with the rid argument of
    /// <see cref="RtcConnection.SendRtp"/> or <see cref="RtcConnection.SendFrame"/>.
    /// </summary>
    public IReadOnlyList<string> SendRids { get; init; } = [];
}

/// <summary>Offer/answer (JSEP, RFC 9429) on top of the SDP layer's builders.</summary>
public sealed partial class RtcConnection
{
    private JsepOffer? _lastOffer;
    private string? _lastOfferText;
    private JsepAnswer? _lastAnswer;
    private string? _lastAnswerText;
    private JsepOffer? _pendingLocalOffer;
    private SessionDescription? _lastRemoteOffer;
    private NegotiatedSession? _negotiated;
    private bool _gatheringStarted;

    /// <summary>The TURN servers the ICE agent uses (resolved from <see cref="RtcConfiguration.IceServers"/>); a host routes their TCP/TLS transmits.</summary>
    public IReadOnlyList<IceTurnServer> TurnServers { get; private set; } = [];

    /// <summary>The negotiated state of the last completed exchange, or null.</summary>
    public NegotiatedSession? Negotiated => _negotiated;

    /// <summary>Adds a transceiver (W3C <c>addTransceiver</c>); raises negotiation needed.</summary>
    public RtcRtpTransceiver AddTransceiver(RtcMediaKind kind, RtcTransceiverInit? init = null)
    {
        ThrowIfClosed();
        init ??= new RtcTransceiverInit();
        var jsep = new JsepTransceiver(kind == RtcMediaKind.Audio ? SdpMediaKind.Audio : SdpMediaKind.Video)
        {
            Direction = init.Direction,
            Codecs = init.Codecs,
            SendRids = init.SendRids,
        };
        RtcRtpTransceiver transceiver = WrapTransceiver(jsep);
        Raise(new RtcNegotiationNeededEvent());
        return transceiver;
    }

    /// <summary>Creates an offer (W3C <c>createOffer</c>). Host candidates are included (and end-of-candidates when gathering is already complete).</summary>
    public RtcSessionDescription CreateOffer(RtcOfferOptions? options = null)
    {
        ThrowIfClosed();
        if (_signaling.State is not (RtcSignalingState.Stable or RtcSignalingState.HaveLocalOffer))
        {
            throw new InvalidOperationException($"Cannot create an offer in signalling state {_signaling.State}.");
        }

        EnsureIce(IceRole.Controlling);
        if (options?.IceRestart == true)
        {
            _ice!.Restart();
            ProcessInnerEvents();
        }

        JsepOffer offer = JsepOfferBuilder.CreateOffer(new JsepOfferRequest
        {
            Origin = _origin.Next(),
            Transport = BuildTransport(),
            Transceivers = _transceivers.ConvertAll(t => t.Jsep),
            Capabilities = _config.Capabilities,
            Current = _negotiated,
            IceRestart = options?.IceRestart == true,
        });
        _lastOffer = offer;
        _lastOfferText = offer.Description.ToString();
        return new RtcSessionDescription(RtcSdpType.Offer, _lastOfferText);
    }

    /// <summary>Creates an answer to the remote offer (W3C <c>createAnswer</c>).</summary>
    public RtcSessionDescription CreateAnswer()
    {
        ThrowIfClosed();
        if (_signaling.State is not (RtcSignalingState.HaveRemoteOffer or RtcSignalingState.HaveLocalPranswer) || _lastRemoteOffer is null)
        {
            throw new InvalidOperationException($"Cannot create an answer in signalling state {_signaling.State}.");
        }

        JsepAnswer answer;
        try
        {
            answer = JsepAnswerBuilder.CreateAnswer(new JsepAnswerRequest
            {
                Offer = _lastRemoteOffer,
                Origin = _origin.Next(),
                Transport = BuildTransport(),
                Transceivers = _transceivers.ConvertAll(t => t.Jsep),
                Capabilities = _config.Capabilities,
                SetupRole = _config.AnswerDtlsRole == RtcAnswerDtlsRole.Client ? SdpSetupRole.Active : SdpSetupRole.Passive,
                Current = _negotiated,
            });
        }
        catch (SdpValidationException ex)
        {
            throw new RtcDescriptionException("The remote offer cannot be answered: " + ex.Message, ex);
        }

        foreach (JsepTransceiver created in answer.CreatedTransceivers)
        {
            WrapTransceiver(created);
        }

        _lastAnswer = answer;
        _lastAnswerText = answer.Description.ToString();
        return new RtcSessionDescription(RtcSdpType.Answer, _lastAnswerText);
    }

    /// <summary>
    /// Applies a local description (W3C <c>setLocalDescription</c>): the offer or answer this
    /// connection created last, unmodified, or a rollback.
    /// </summary>
    public void SetLocalDescription(RtcSessionDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        ThrowIfClosed();
        if (_signaling.NextForLocal(description.Type) is null)
        {
            throw new InvalidOperationException($"Cannot set a local {description.Type} in signalling state {_signaling.State}.");
        }

        switch (description.Type)
        {
            case RtcSdpType.Offer:
                if (_lastOffer is null || description.Sdp != _lastOfferText)
                {
                    throw new RtcDescriptionException("A local offer must be the one CreateOffer returned, unmodified.");
                }

                _pendingLocalOffer = _lastOffer;
                _signaling.ApplyLocal(RtcSdpType.Offer);
                StartGatheringOnce();
                break;
            case RtcSdpType.Answer:
                if (_lastAnswer is null || description.Sdp != _lastAnswerText)
                {
                    throw new RtcDescriptionException("A local answer must be the one CreateAnswer returned, unmodified.");
                }

                _signaling.ApplyLocal(RtcSdpType.Answer);
                ApplyNegotiated(_lastAnswer.Negotiated);
                _lastRemoteOffer = null;
                StartGatheringOnce();
                break;
            case RtcSdpType.Rollback:
                _signaling.ApplyLocal(RtcSdpType.Rollback);
                _pendingLocalOffer = null;
                UndoUnnegotiatedMids();
                break;
            default:
                throw new RtcDescriptionException("Provisional answers are not supported.");
        }

        ProcessInnerEvents();
    }

    /// <summary>
    /// Applies a remote description (W3C <c>setRemoteDescription</c>). A description that does not
    /// parse or breaks the offer/answer rules is refused with <see cref="RtcDescriptionException"/>
    /// and leaves the connection as it was.
    /// </summary>
    public void SetRemoteDescription(RtcSessionDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        ThrowIfClosed();
        if (_signaling.NextForRemote(description.Type) is null)
        {
            throw new InvalidOperationException($"Cannot set a remote {description.Type} in signalling state {_signaling.State}.");
        }

        if (description.Type == RtcSdpType.Rollback)
        {
            _signaling.ApplyRemote(RtcSdpType.Rollback);
            _lastRemoteOffer = null;

            // W3C 4.4.1.5: a rolled-back remote offer's transceivers go away with it.
            _transceivers.RemoveAll(t => t.CreatedByRemoteOffer && t.Negotiated is null);
            UndoUnnegotiatedMids();
            return;
        }

        SessionDescription parsed = Parse(description.Sdp);
        switch (description.Type)
        {
            case RtcSdpType.Offer:
                Validate(() => SdpValidator.ThrowIfInvalidOffer(parsed));
                ApplyRemoteOffer(parsed);
                break;
            case RtcSdpType.Answer:
                SessionDescription offer = _pendingLocalOffer!.Description;
                Validate(() => SdpValidator.ThrowIfInvalidAnswer(offer, parsed));
                NegotiatedSession negotiated = Validate(() => JsepNegotiation.Negotiate(offer, parsed, localIsOfferer: true, _negotiated));
                _signaling.ApplyRemote(RtcSdpType.Answer);
                _pendingLocalOffer = null;
                ApplyNegotiated(negotiated);
                break;
            default:
                throw new RtcDescriptionException("Provisional answers are not supported.");
        }

        ProcessInnerEvents();
    }

    /// <summary>
    /// Adds a remote ICE candidate (W3C <c>addIceCandidate</c>): an SDP <c>candidate:</c> value; null
    /// (or empty) signals the end of candidates. Malformed or unusable candidates are ignored and counted.
    /// </summary>
    /// <returns>Whether the candidate was usable (added or already known).</returns>
    public bool AddIceCandidate(string? candidate)
    {
        ThrowIfClosed();
        if (_ice is null)
        {
            throw new InvalidOperationException("Remote candidates need a remote description first.");
        }

        if (string.IsNullOrWhiteSpace(candidate))
        {
            _ice.SetRemoteEndOfCandidates();
            ProcessInnerEvents();
            return true;
        }

        bool usable = IceCandidate.TryParse(candidate, out IceCandidate? parsed)
            && _ice.AddRemoteCandidate(parsed) is IceRemoteCandidateResult.Added or IceRemoteCandidateResult.Duplicate or IceRemoteCandidateResult.PendingResolution;
        ProcessInnerEvents();
        return usable;
    }

    private void ApplyRemoteOffer(SessionDescription offer)
    {
        bool remoteLite = offer.Attributes.Contains(SdpAttributeKind.IceLite);
        EnsureIce(remoteLite ? IceRole.Controlling : IceRole.Controlled);
        if (JsepNegotiation.OffersIceRestart(_negotiated, offer))
        {
            // RFC 8839 section 4.4.1.1.1: an offer that restarts ICE gets an answer with new
            // credentials too; media stays on the old pair until the new generation selects one.
            _ice!.Restart();
        }
        MediaDescription? transport = offer.Media.FirstOrDefault(m => !m.IsRejected && m.IceUfrag is not null);
        string? ufrag = transport?.IceUfrag ?? offer.Attributes.Find(SdpAttributeKind.IceUfrag)?.Value;
        string? pwd = transport?.IcePwd ?? offer.Attributes.Find(SdpAttributeKind.IcePwd)?.Value;
        _signaling.ApplyRemote(RtcSdpType.Offer);
        _lastRemoteOffer = offer;
        if (ufrag is not null && pwd is not null)
        {
            ApplyRemoteIce(ufrag, pwd, remoteLite);
        }

        foreach (MediaDescription media in offer.Media)
        {
            AddRemoteCandidates(media.Candidates, media.EndOfCandidates);
            AssociateOffered(media);
        }
    }

    // W3C setRemoteDescription (4.4.1.5): each offered audio/video m-line gets a transceiver now,
    // by mid, else a free local one of its kind, else a new recvonly one, so that the application
    // can attach sinks and change directions before it answers.
    private void AssociateOffered(MediaDescription media)
    {
        if (media.IsRejected || media.Mid is not { } mid || media.Kind is not (SdpMediaKind.Audio or SdpMediaKind.Video))
        {
            return;
        }

        if (_transceivers.Exists(t => t.Mid == mid))
        {
            return;
        }

        RtcRtpTransceiver? free = _transceivers.Find(t => t.Mid is null && !t.Stopped && t.Jsep.Kind == media.Kind);
        if (free is not null)
        {
            free.Jsep.Mid = mid;
            return;
        }

        var created = new JsepTransceiver(media.Kind) { Mid = mid, Direction = SdpDirection.RecvOnly };
        WrapTransceiver(created).CreatedByRemoteOffer = true;
    }

    // Rollback: a transceiver never negotiated loses the mid the rolled-back offer gave it.
    private void UndoUnnegotiatedMids()
    {
        foreach (RtcRtpTransceiver transceiver in _transceivers)
        {
            if (transceiver.Negotiated is null)
            {
                transceiver.Jsep.Mid = null;
            }
        }
    }

    private void ApplyNegotiated(NegotiatedSession negotiated)
    {
        if (negotiated.RemoteIceUfrag is { } ufrag && negotiated.RemoteIcePwd is { } pwd)
        {
            ApplyRemoteIce(ufrag, pwd, negotiated.RemoteIceLite);
        }

        if (negotiated.LocalIsOfferer)
        {
            foreach ((string? _, string candidate) in negotiated.RemoteCandidates)
            {
                AddRemoteCandidates([candidate], endOfCandidates: false);
            }

            if (negotiated.Media.Any(m => m.RemoteEndOfCandidates))
            {
                _ice!.SetRemoteEndOfCandidates();
            }
        }

        var fingerprints = new List<CertificateFingerprint>();
        foreach (SdpFingerprint fingerprint in negotiated.RemoteFingerprints)
        {
            if (CertificateFingerprint.TryParse($"{fingerprint.HashFunction} {fingerprint.Value}", out CertificateFingerprint? parsed))
            {
                fingerprints.Add(parsed);
            }
        }

        DtlsRole role = negotiated.LocalDtlsRole == JsepDtlsRole.Client ? DtlsRole.Client : DtlsRole.Server;
        if (_dtls is null)
        {
            _dtls = new DtlsEndpoint(new DtlsEndpointOptions
            {
                Role = role,
                Certificate = _certificate,
                RemoteFingerprints = fingerprints,
                SrtpProfiles = _config.SrtpProfiles,
                CookieExchange = false, // ICE has already authenticated the address pair
                Mtu = _config.DtlsMtu,
                Random = _random,
            });
        }
        else if (fingerprints.Count > 0)
        {
            _dtls.SetRemoteFingerprints(fingerprints);
        }

        foreach (NegotiatedMedia media in negotiated.Media)
        {
            RtcRtpTransceiver? transceiver = media.Mid is null ? null : _transceivers.Find(t => t.Mid == media.Mid);
            if (transceiver is null || media.Rejected || media.Kind is not (SdpMediaKind.Audio or SdpMediaKind.Video))
            {
                continue;
            }

            bool wasReceiving = transceiver.CanReceive;
            ConfigureTransceiver(transceiver, media);
            if (!wasReceiving && transceiver.CanReceive)
            {
                Raise(new RtcTrackEvent(transceiver));
            }
        }

        _negotiated = negotiated;
        ConfigureRtp(negotiated);
        StartDtlsIfReady();
    }

    private void ConfigureTransceiver(RtcRtpTransceiver transceiver, NegotiatedMedia media)
    {
        transceiver.Negotiated = media;
        transceiver.MidBytes = Encoding.ASCII.GetBytes(media.Mid ?? string.Empty);
        transceiver.Sender.PayloadType = media.Codecs.Count > 0 ? media.Codecs[0].PayloadType : -1;
        foreach (uint ssrc in media.RemoteSsrcs)
        {
            if (_bySsrc.Count < MaxRemoteSsrcs && !media.RemoteRtxSsrcs.Values.Contains(ssrc) && !_bySsrc.ContainsKey(ssrc))
            {
                AddRemoteStream(transceiver, ssrc, rid: null);
            }
        }
    }

    private void ApplyRemoteIce(string ufrag, string pwd, bool remoteLite)
    {
        IceCredentials? current = _ice!.RemoteCredentials;
        if (current is null || current.Ufrag != ufrag || current.Password != pwd)
        {
            _ice.SetRemoteCredentials(ufrag, pwd, remoteLite);
        }
    }

    private void AddRemoteCandidates(IReadOnlyList<string> candidates, bool endOfCandidates)
    {
        foreach (string text in candidates)
        {
            if (!IceCandidate.TryParse(text, out IceCandidate? candidate))
            {
                Counters.DroppedMalformedCandidates++;
                continue;
            }

            _ice!.AddRemoteCandidate(candidate);
        }

        if (endOfCandidates)
        {
            _ice!.SetRemoteEndOfCandidates();
        }
    }

    private void EnsureIce(IceRole role)
    {
        if (_ice is not null)
        {
            return;
        }

        IceServerSet servers = IceServer.Resolve(_config.IceServers, _config.IceServerResolver);

        // A TURN server of a family none of our addresses has (an IPv6 answer for an IPv4-only
        // host, say) cannot be reached: report it as a browser does (701) and gather without it.
        var turnServers = new List<IceTurnServer>(servers.TurnServers.Count);
        foreach (IceTurnServer server in servers.TurnServers)
        {
            if (!server.LocalBaseAmong(_hostAddresses).IsNone)
            {
                turnServers.Add(server);
            }
            else
            {
                Raise(new RtcIceCandidateErrorEvent(server.Url ?? server.Address.ToString(), server.Address, IceTurnServerErrorEvent.Unreachable, "no local address of the server's address family to send from"));
            }
        }

        TurnServers = turnServers;
        _ice = new IceAgent(
            new IceAgentOptions
            {
                Role = role,
                Lite = _config.IceLite,
                LocalCredentials = _initialCredentials,
                HostAddresses = _hostAddresses,
                StunServers = [.. _config.StunServers, .. servers.StunServers],
                TurnServers = turnServers,
                TransportPolicy = _config.IceTransportPolicy,
            },
            _random);

        // The agent's clock starts at the connection's: its first timers (TURN and STUN requests,
        // check pacing) must not be scheduled from time zero.
        _ice.HandleTimeout(_now);
    }

    // Gathering (and so the local-candidate events) starts when a local description is applied,
    // as W3C does; host candidates exist from the start, so checks are answered before that.
    private void StartGatheringOnce()
    {
        if (!_gatheringStarted)
        {
            _gatheringStarted = true;
            _ice!.StartGathering();
        }
    }

    private JsepTransport BuildTransport()
    {
        IceAgent ice = _ice!;
        var candidates = new List<string>();
        foreach (IceCandidate candidate in ice.LocalCandidates)
        {
            candidates.Add(candidate.ToString()["candidate:".Length..]);
        }

        return new JsepTransport
        {
            IceUfrag = ice.LocalCredentials.Ufrag,
            IcePwd = ice.LocalCredentials.Password,
            Fingerprints = [new SdpFingerprint(CertificateFingerprint.AlgorithmName(_localFingerprint.Algorithm), FingerprintValue(_localFingerprint))],
            IceLite = _config.IceLite,
            Candidates = _config.CandidatesInDescriptions ? candidates : [],
            EndOfCandidates = _config.CandidatesInDescriptions && ice.GatheringState == IceGatheringState.Complete,
            DefaultAddress = ice.LocalCandidates.Count > 0 && ice.LocalCandidates[0].TryGetAddress(out var address) ? address : default,
        };
    }

    private RtcRtpTransceiver WrapTransceiver(JsepTransceiver jsep)
    {
        uint ssrc = NewSsrc();
        uint rtxSsrc = NewSsrc();
        var sender = new RtcRtpSender(ssrc, rtxSsrc);
        if (jsep.Kind != SdpMediaKind.Application && jsep.Sender is null)
        {
            string track = RandomToken(12);
            if (jsep.SendRids.Count > 0)
            {
                jsep.Msid = ("rtcengine", track); // simulcast announces rids, not SSRCs (RFC 8853)
            }
            else
            {
                jsep.Sender = new JsepSender(ssrc, jsep.Kind == SdpMediaKind.Video ? rtxSsrc : null, _cname, "rtcengine", track);
            }
        }

        var transceiver = new RtcRtpTransceiver(jsep.Kind == SdpMediaKind.Audio ? RtcMediaKind.Audio : RtcMediaKind.Video, jsep, sender)
        {
            DirectionChanged = OnDirectionChanged,
        };
        _transceivers.Add(transceiver);
        return transceiver;
    }

    // A direction change needs a new exchange only once the transceiver has been negotiated and
    // while no exchange is in progress (during one, the answer carries it).
    private void OnDirectionChanged(RtcRtpTransceiver transceiver)
    {
        if (transceiver.Negotiated is not null && _signaling.State == RtcSignalingState.Stable)
        {
            Raise(new RtcNegotiationNeededEvent());
        }
    }

    private uint NewSsrc()
    {
        while (true)
        {
            uint ssrc = _random.NextUInt32();
            if (ssrc != 0 && !_transceivers.Exists(t => t.Sender.Ssrc == ssrc || t.Sender.RtxSsrc == ssrc))
            {
                return ssrc;
            }
        }
    }

    private static string FingerprintValue(CertificateFingerprint fingerprint)
    {
        string text = fingerprint.ToString();
        int space = text.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? text : text[(space + 1)..];
    }

    private static SessionDescription Parse(string sdp)
    {
        try
        {
            return SessionDescription.Parse(sdp);
        }
        catch (SdpParseException ex)
        {
            throw new RtcDescriptionException("The description does not parse: " + ex.Message, ex)
            {
                Line = ex.Error.Line,
                Column = ex.Error.Column,
            };
        }
    }

    private static void Validate(Action check) => Validate(() =>
    {
        check();
        return true;
    });

    private static T Validate<T>(Func<T> check)
    {
        try
        {
            return check();
        }
        catch (SdpValidationException ex)
        {
            throw new RtcDescriptionException("The description breaks the offer/answer rules: " + ex.Message, ex);
        }
    }

    private void ThrowIfClosed() => ObjectDisposedException.ThrowIf(_closed, this);
}
