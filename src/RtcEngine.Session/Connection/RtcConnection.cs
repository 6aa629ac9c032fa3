using RtcEngine.Dtls;
using RtcEngine.Ice.Agent;
using RtcEngine.Primitives;
using RtcEngine.Sdp.Jsep;
using RtcEngine.Srtp;

namespace RtcEngine.Session;

/// <summary>
/// A WebRTC connection, sans-IO: one BUNDLEd transport with rtcp-mux over which ICE, DTLS,
/// SRTP/SRTCP run, negotiated by offer and answer (JSEP). Datagrams arriving on the host's sockets
/// go to <see cref="HandleDatagram"/>, which demultiplexes them by first byte (RFC 7983) to the ICE
/// agent, the DTLS endpoint and SRTP; what the connection sends leaves through
/// <see cref="TryPollTransmit"/> on the ICE selected pair.
/// </summary>
/// <remarks>
/// <para>
/// Methods mirror the W3C <c>RTCPeerConnection</c> (<see cref="CreateOffer"/>,
/// <see cref="CreateAnswer"/>, <see cref="SetLocalDescription"/>, <see cref="SetRemoteDescription"/>,
/// <see cref="AddIceCandidate"/>, <see cref="AddTransceiver"/>) but are synchronous: the connection
/// never waits. After every call, drain <see cref="TryPollTransmit"/> and <see cref="TryPollEvent"/>.
/// </para>
/// <para>
/// Time: application calls carry no time; the connection uses the latest time an input gave it.
/// A host calls <see cref="HandleTimeout"/> with the current time before an application call when
/// time may have passed (<see cref="RtcPeerConnection"/> does), so that the timers a call starts
/// (gathering, checks, TURN requests) start now.
/// </para>
/// <para>Threading: not thread-safe. One host loop owns the connection and makes every call.</para>
/// </remarks>
public sealed partial class RtcConnection : ISansIoEngine<RtcConnectionEvent>, IDisposable
{
    private readonly RtcConfiguration _config;
    private readonly IRandomSource _random;
    private readonly IReadOnlyList<PeerAddress> _hostAddresses;
    private readonly DtlsCertificate _certificate;
    private readonly bool _ownsCertificate;
    private readonly CertificateFingerprint _localFingerprint;
    private readonly IceCredentials _initialCredentials;
    private readonly Queue<RtcConnectionEvent> _events = new();
    private readonly OutboundPacketQueue _outbound;
    private readonly List<RtcRtpTransceiver> _transceivers = [];
    private readonly SignalingStateMachine _signaling = new();
    private readonly JsepSessionOrigin _origin;
    private readonly string _cname;

    private IceAgent? _ice;
    private DtlsEndpoint? _dtls;
    private SrtpContext? _srtpOut;
    private SrtpContext? _srtpIn;
    private MonoTime _now;
    private bool _closed;
    private bool _disposed;
    private bool _iceWasConnected;

    private RtcIceConnectionState _iceState = RtcIceConnectionState.New;
    private RtcDtlsTransportState _dtlsState = RtcDtlsTransportState.New;
    private RtcPeerConnectionState _state = RtcPeerConnectionState.New;
    private RtcFailureReason _failureReason;
    private string? _failureDetail;

    /// <summary>Creates a connection.</summary>
    /// <param name="configuration">How the connection is set up.</param>
    /// <param name="hostAddresses">The local socket addresses the host bound for it (its host candidates).</param>
    public RtcConnection(RtcConfiguration configuration, IReadOnlyList<PeerAddress> hostAddresses)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(hostAddresses);
        if (hostAddresses.Count == 0)
        {
            throw new ArgumentException("A connection needs at least one host address.", nameof(hostAddresses));
        }

        _config = configuration;
        _random = configuration.Random;
        _hostAddresses = hostAddresses;
        _ownsCertificate = configuration.Certificate is null;
        _certificate = configuration.Certificate ?? DtlsCertificate.GenerateEcdsa();
        _localFingerprint = CertificateFingerprint.Compute(_certificate.RawData);
        _initialCredentials = IceCredentials.Generate(_random);
        _origin = new JsepSessionOrigin(_random);
        _cname = configuration.Cname ?? RandomToken(16);
        _outbound = new OutboundPacketQueue(configuration.OutboundQueueCapacity, DatagramLimits.MaxDatagramSize);
    }

    /// <summary>The aggregate connection state.</summary>
    public RtcPeerConnectionState ConnectionState => _state;

    /// <summary>The ICE connection state.</summary>
    public RtcIceConnectionState IceConnectionState => _iceState;

    /// <summary>The DTLS transport state.</summary>
    public RtcDtlsTransportState DtlsState => _dtlsState;

    /// <summary>The signalling state.</summary>
    public RtcSignalingState SignalingState => _signaling.State;

    /// <summary>Why the connection failed, when it did.</summary>
    public RtcFailureReason FailureReason => _failureReason;

    /// <summary>The transceivers, in the order they were added or created by a remote offer.</summary>
    public IReadOnlyList<RtcRtpTransceiver> Transceivers => _transceivers;

    /// <summary>The local certificate's SHA-256 fingerprint, as SDP carries it.</summary>
    public CertificateFingerprint LocalFingerprint => _localFingerprint;

    /// <summary>The local ICE username fragment in use (it changes on an ICE restart).</summary>
    public string LocalIceUfrag => (_ice?.LocalCredentials ?? _initialCredentials).Ufrag;

    /// <summary>The ICE agent, once the role is known (after the first offer is created or received).</summary>
    public IceAgent? IceAgent => _ice;

    /// <summary>The DTLS endpoint, once the first exchange completed.</summary>
    public DtlsEndpoint? Dtls => _dtls;

    /// <summary>The negotiated SRTP profile, once DTLS connected.</summary>
    public RtcEngine.Srtp.SrtpProfile? SrtpProfile => _srtpOut?.Profile;

    /// <summary>Counters of what the connection dropped, per reason.</summary>
    public RtcConnectionCounters Counters { get; } = new();

    /// <inheritdoc />
    public void HandleDatagram(MonoTime now, in ReceivedDatagram datagram)
    {
        Touch(now);
        if (_closed || _ice is null)
        {
            Counters.DroppedBeforeReady++;
            return;
        }

        IceReceiveResult result = _ice.Receive(now, datagram, out ReceivedDatagram application);
        if (result == IceReceiveResult.ApplicationData)
        {
            CountReceived(datagram.Local, application.Remote, application.Data.Length);
            switch (DatagramClassifier.Classify(application.Data))
            {
                case DatagramKind.Dtls:
                    if (_dtls is null)
                    {
                        Counters.DroppedBeforeReady++;
                    }
                    else
                    {
                        _dtls.HandleDatagram(now, application);
                    }

                    break;
                case DatagramKind.Rtp:
                    ReceiveRtp(now, application.Data);
                    break;
                case DatagramKind.Rtcp:
                    ReceiveRtcp(now, application.Data);
                    break;
                default:
                    Counters.DroppedUnknownKind++;
                    break;
            }
        }

        ProcessInnerEvents();
    }

    /// <inheritdoc />
    public void HandleTimeout(MonoTime now)
    {
        Touch(now);
        _ice?.HandleTimeout(now);
        _dtls?.HandleTimeout(now);
        if (_srtpOut is not null)
        {
            _rtp?.HandleTimeout(now);
        }

        ProcessInnerEvents();
    }

    /// <inheritdoc />
    public bool TryPollTransmit(Span<byte> destination, out TransmitInfo transmit)
    {
        if (destination.Length < DatagramLimits.MaxDatagramSize)
        {
            throw new ArgumentException($"The destination must hold {DatagramLimits.MaxDatagramSize} bytes.", nameof(destination));
        }

        transmit = default;
        if (_ice is null)
        {
            return false;
        }

        if (_ice.TryPollTransmit(destination, out transmit))
        {
            return true;
        }

        if (!_ice.CanSend)
        {
            return false;
        }

        const int headroom = IceAgent.SendHeadroom;
        int room = destination.Length - headroom - IceAgent.SendTailroom;
        if (_dtls is not null && _dtls.TryPollTransmit(destination.Slice(headroom, room), out TransmitInfo dtlsTransmit))
        {
            return FrameForIce(destination, headroom, dtlsTransmit.Length, out transmit);
        }

        if (TryPollRtpSession(destination, out transmit))
        {
            return true;
        }

        while (_outbound.TryPeek(out byte[] slot, out int length))
        {
            _outbound.Pop();
            slot.AsSpan(headroom, length).CopyTo(destination[headroom..]);
            if (FrameForIce(destination, headroom, length, out transmit))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public bool TryPollEvent(out RtcConnectionEvent engineEvent) => _events.TryDequeue(out engineEvent!);

    /// <inheritdoc />
    public MonoTime PollTimeout()
    {
        MonoTime next = MonoTime.Never;
        if (_ice is not null)
        {
            next = MonoTime.Min(next, _ice.PollTimeout());
        }

        if (_dtls is not null)
        {
            next = MonoTime.Min(next, _dtls.PollTimeout());
        }

        if (_rtp is not null && _srtpOut is not null)
        {
            next = MonoTime.Min(next, _rtp.PollTimeout());
        }

        return next;
    }

    /// <summary>Closes the connection: DTLS close_notify, ICE closed, every state to closed.</summary>
    public void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _rtp?.Close();
        _dtls?.Close();
        _ice?.Close();
        _signaling.Close();
        _outbound.Clear();
        SetIceState(RtcIceConnectionState.Closed);
        SetDtlsState(RtcDtlsTransportState.Closed);
        UpdateConnectionState();
    }

    /// <summary>Closes the connection and wipes its keys.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        Close();
        _disposed = true;
        _srtpOut?.Dispose();
        _srtpIn?.Dispose();
        _dtls?.Dispose();
        _ice?.Dispose();
        if (_ownsCertificate)
        {
            _certificate.Dispose();
        }
    }

    private bool FrameForIce(Span<byte> destination, int payloadOffset, int payloadLength, out TransmitInfo transmit)
    {
        if (!_ice!.TryPrepareSend(destination, payloadOffset, payloadLength, out transmit, out int start))
        {
            Counters.DroppedNoPath++;
            return false;
        }

        // The host reads the datagram from the start of the destination span.
        destination.Slice(start, transmit.Length).CopyTo(destination);
        CountSent(transmit.Source, transmit.Destination, payloadLength);
        return true;
    }

    private void Touch(MonoTime now)
    {
        if (now > _now)
        {
            _now = now;
        }
    }

    private void ProcessInnerEvents()
    {
        if (_ice is not null)
        {
            while (_ice.TryPollEvent(out IceEvent iceEvent))
            {
                OnIceEvent(iceEvent);
            }
        }

        if (_dtls is not null)
        {
            while (_dtls.TryPollEvent(out DtlsEvent dtlsEvent))
            {
                OnDtlsEvent(dtlsEvent);
            }
        }

        ProcessRtpEvents();
        UpdateConnectionState();
    }

    private void OnIceEvent(IceEvent iceEvent)
    {
        switch (iceEvent)
        {
            case IceCandidateGatheredEvent gathered:
                Raise(new RtcIceCandidateEvent(gathered.Candidate.ToString(), FirstMid()));
                break;
            case IceGatheringCompleteEvent:
                Raise(new RtcIceCandidateEvent(null, FirstMid()));
                break;
            case IceConnectionStateChangedEvent changed:
                SetIceState(Map(changed.State));
                _iceWasConnected |= changed.State is Ice.Agent.IceConnectionState.Connected or Ice.Agent.IceConnectionState.Completed;
                if (changed.State == Ice.Agent.IceConnectionState.Failed)
                {
                    Fail(_iceWasConnected ? RtcFailureReason.ConsentExpired : RtcFailureReason.IceFailed, _iceWasConnected ? "ICE consent expired" : "every ICE candidate pair failed");
                }

                StartDtlsIfReady();
                break;
            case IceSelectedPairChangedEvent:
                StartDtlsIfReady();
                break;
            case IceTurnServerErrorEvent turn:
                Raise(new RtcIceCandidateErrorEvent(turn.Server.Url ?? turn.Server.Address.ToString(), turn.Server.Address, turn.ErrorCode, $"{turn.Method}: {turn.Reason}"));
                break;
            case IceStunServerErrorEvent stun:
                Raise(new RtcIceCandidateErrorEvent("stun:" + stun.Server, stun.Server, stun.ErrorCode, stun.Reason));
                break;
        }
    }

    private void OnDtlsEvent(DtlsEvent dtlsEvent)
    {
        switch (dtlsEvent)
        {
            case DtlsConnected connected:
                if (connected.KeyingMaterial is not { } keys)
                {
                    Fail(RtcFailureReason.NoSrtpProfile, "DTLS connected without an SRTP profile");
                    SetDtlsState(RtcDtlsTransportState.Failed);
                    break;
                }

                var profile = (RtcEngine.Srtp.SrtpProfile)(ushort)connected.SrtpProfile;
                (_srtpOut, _srtpIn) = SrtpContext.CreateFromKeyingMaterial(profile, keys.Exported, _dtls!.Role == DtlsRole.Client);
                keys.Dispose();
                _rtp?.Start(_now);
                SetDtlsState(RtcDtlsTransportState.Connected);
                break;
            case DtlsFailed failed:
                Fail(failed.Reason switch
                {
                    DtlsFailureReason.FingerprintMismatch => RtcFailureReason.FingerprintMismatch,
                    DtlsFailureReason.HandshakeTimeout => RtcFailureReason.DtlsTimeout,
                    _ => RtcFailureReason.DtlsFailed,
                }, failed.ToString());
                SetDtlsState(RtcDtlsTransportState.Failed);
                break;
            case DtlsClosed:
                SetDtlsState(RtcDtlsTransportState.Closed);
                break;
            case DtlsApplicationData:
                Counters.DroppedApplicationData++; // no data channels yet
                break;
        }
    }

    private void StartDtlsIfReady()
    {
        if (_dtls is not null && _ice is not null && _ice.CanSend && _dtls.State == RtcEngine.Dtls.DtlsState.New)
        {
            // The checks just measured the round trip: DTLS retransmits on that scale, not a guess.
            if (_ice.SelectedPair?.CurrentRoundTripTime is { } rtt)
            {
                _dtls.SetRoundTripTime(rtt);
            }

            _dtls.Start(_now);
            SetDtlsState(RtcDtlsTransportState.Connecting);
        }
    }

    private void Fail(RtcFailureReason reason, string detail)
    {
        if (_failureReason == RtcFailureReason.None)
        {
            _failureReason = reason;
            _failureDetail = detail;
        }
    }

    private void SetIceState(RtcIceConnectionState state)
    {
        if (state != _iceState)
        {
            _iceState = state;
            Raise(new RtcIceConnectionStateChangedEvent(state));
        }
    }

    private void SetDtlsState(RtcDtlsTransportState state)
    {
        if (state != _dtlsState)
        {
            _dtlsState = state;
            Raise(new RtcDtlsStateChangedEvent(state));
        }
    }

    private void UpdateConnectionState()
    {
        RtcPeerConnectionState state = PeerConnectionStateRule.Derive(_closed, _iceState, _dtlsState);
        if (state != _state)
        {
            _state = state;
            Raise(new RtcConnectionStateChangedEvent(
                state,
                state == RtcPeerConnectionState.Failed ? _failureReason : RtcFailureReason.None,
                state == RtcPeerConnectionState.Failed ? _failureDetail : null));
        }
    }

    private static RtcIceConnectionState Map(Ice.Agent.IceConnectionState state) => state switch
    {
        Ice.Agent.IceConnectionState.New => RtcIceConnectionState.New,
        Ice.Agent.IceConnectionState.Checking => RtcIceConnectionState.Checking,
        Ice.Agent.IceConnectionState.Connected => RtcIceConnectionState.Connected,
        Ice.Agent.IceConnectionState.Completed => RtcIceConnectionState.Completed,
        Ice.Agent.IceConnectionState.Disconnected => RtcIceConnectionState.Disconnected,
        Ice.Agent.IceConnectionState.Failed => RtcIceConnectionState.Failed,
        _ => RtcIceConnectionState.Closed,
    };

    private void Raise(RtcConnectionEvent connectionEvent) => _events.Enqueue(connectionEvent);

    private string? FirstMid()
    {
        foreach (RtcRtpTransceiver transceiver in _transceivers)
        {
            if (transceiver.Mid is not null)
            {
                return transceiver.Mid;
            }
        }

        return _lastRemoteOffer?.Media.Count > 0 ? _lastRemoteOffer.Media[0].Mid : "0";
    }

    private string RandomToken(int length)
    {
        Span<char> chars = stackalloc char[length];
        _random.FillFromAlphabet(chars, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
        return new string(chars);
    }
}

/// <summary>What a connection dropped, per reason (hostile or untimely input is counted, never thrown).</summary>
/// <remarks>Not thread-safe: written by the connection's thread; read as a snapshot anywhere.</remarks>
public sealed class RtcConnectionCounters
{
    /// <summary>Datagrams that arrived before the connection could use them (no ICE agent or no DTLS yet).</summary>
    public long DroppedBeforeReady { get; internal set; }

    /// <summary>Application datagrams of no known kind (RFC 7983).</summary>
    public long DroppedUnknownKind { get; internal set; }

    /// <summary>SRTP packets that arrived before the keys existed.</summary>
    public long DroppedNoSrtp { get; internal set; }

    /// <summary>SRTP or SRTCP packets that failed to unprotect (forged, replayed, malformed).</summary>
    public long DroppedUnprotectFailed { get; internal set; }

    /// <summary>RTP packets that failed to parse after unprotect.</summary>
    public long DroppedMalformedRtp { get; internal set; }

    /// <summary>RTP packets no transceiver could take (unknown mid, SSRC and payload type).</summary>
    public long DroppedUnroutable { get; internal set; }

    /// <summary>Datagrams the host polled when no ICE pair could carry them.</summary>
    public long DroppedNoPath { get; internal set; }

    /// <summary>Sends refused: keys not ready, transceiver not negotiated to send, or closed.</summary>
    public long SendsRefused { get; internal set; }

    /// <summary>Sends refused because the outbound queue was full.</summary>
    public long DroppedQueueFull { get; internal set; }

    /// <summary>Remote candidates that did not parse.</summary>
    public long DroppedMalformedCandidates { get; internal set; }

    /// <summary>RTX retransmissions received (not yet used for recovery).</summary>
    public long RtxReceived { get; internal set; }

    /// <summary>DTLS application data with no consumer (data channels are not supported yet).</summary>
    public long DroppedApplicationData { get; internal set; }
}
