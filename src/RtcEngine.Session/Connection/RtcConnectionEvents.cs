namespace RtcEngine.Session;

/// <summary>Something that happened to a connection, reported in order by <see cref="RtcConnection.TryPollEvent"/>.</summary>
public abstract record RtcConnectionEvent;

/// <summary>The aggregate connection state changed (W3C <c>connectionstatechange</c>).</summary>
/// <param name="State">The new state.</param>
/// <param name="Reason">Why it failed, when <paramref name="State"/> is <see cref="RtcPeerConnectionState.Failed"/>.</param>
/// <param name="Detail">A human-readable detail of the failure, or null.</param>
public sealed record RtcConnectionStateChangedEvent(RtcPeerConnectionState State, RtcFailureReason Reason, string? Detail) : RtcConnectionEvent;

/// <summary>The ICE connection state changed (W3C <c>iceconnectionstatechange</c>).</summary>
/// <param name="State">The new state.</param>
public sealed record RtcIceConnectionStateChangedEvent(RtcIceConnectionState State) : RtcConnectionEvent;

/// <summary>The DTLS transport state changed.</summary>
/// <param name="State">The new state.</param>
public sealed record RtcDtlsStateChangedEvent(RtcDtlsTransportState State) : RtcConnectionEvent;

/// <summary>A local ICE candidate to signal (W3C <c>icecandidate</c>); a null candidate means gathering is complete.</summary>
/// <param name="Candidate">The SDP candidate attribute value (<c>candidate:...</c>), or null at the end.</param>
/// <param name="SdpMid">The mid of the m-line it belongs to.</param>
public sealed record RtcIceCandidateEvent(string? Candidate, string? SdpMid) : RtcConnectionEvent;

/// <summary>Something changed that needs a new offer/answer exchange (W3C <c>negotiationneeded</c>).</summary>
public sealed record RtcNegotiationNeededEvent : RtcConnectionEvent;

/// <summary>A transceiver started receiving a remote track (W3C <c>track</c>).</summary>
/// <param name="Transceiver">The transceiver.</param>
public sealed record RtcTrackEvent(RtcRtpTransceiver Transceiver) : RtcConnectionEvent;

/// <summary>The remote asked a local sender for a key frame (RTCP PLI or FIR).</summary>
/// <param name="Transceiver">The transceiver whose sender was asked.</param>
/// <param name="FullIntraRequest">True for FIR, false for PLI.</param>
public sealed record RtcKeyFrameRequestedEvent(RtcRtpTransceiver Transceiver, bool FullIntraRequest) : RtcConnectionEvent;

/// <summary>Sees a decrypted RTCP compound (see <see cref="RtcConnection.RtcpObserver"/>).</summary>
/// <param name="compound">The plaintext compound, valid only during the call.</param>
public delegate void RtcpObserver(ReadOnlySpan<byte> compound);

/// <summary>
/// A STUN or TURN server failed (W3C <c>icecandidateerror</c>): a wrong credential (401), a quota
/// (486), no answer (701), ... Other candidates carry on.
/// </summary>
/// <param name="Url">The server's URL (or address for a server given by address).</param>
/// <param name="Address">The server's address.</param>
/// <param name="ErrorCode">The STUN error code, or 701 when the server did not answer.</param>
/// <param name="ErrorText">The server's reason phrase or a description.</param>
public sealed record RtcIceCandidateErrorEvent(string Url, RtcEngine.Primitives.PeerAddress Address, int ErrorCode, string ErrorText) : RtcConnectionEvent;
