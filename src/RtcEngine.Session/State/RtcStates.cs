namespace RtcEngine.Session;

/// <summary>The connection's aggregate state (W3C <c>RTCPeerConnectionState</c>).</summary>
public enum RtcPeerConnectionState
{
    /// <summary>Nothing has started.</summary>
    New,

    /// <summary>ICE is checking or DTLS is handshaking.</summary>
    Connecting,

    /// <summary>ICE has a working pair and DTLS has completed.</summary>
    Connected,

    /// <summary>ICE lost connectivity for a while (it may come back).</summary>
    Disconnected,

    /// <summary>ICE or DTLS failed; a reason accompanies the event.</summary>
    Failed,

    /// <summary>The connection was closed.</summary>
    Closed,
}

/// <summary>The ICE transport's state (W3C <c>RTCIceConnectionState</c>).</summary>
public enum RtcIceConnectionState
{
    /// <summary>Gathering or waiting for remote candidates.</summary>
    New,

    /// <summary>Checking pairs; none works yet.</summary>
    Checking,

    /// <summary>A pair works; checks may continue.</summary>
    Connected,

    /// <summary>Checks are done and a pair is selected.</summary>
    Completed,

    /// <summary>Connectivity was lost for a while.</summary>
    Disconnected,

    /// <summary>Every pair failed, or consent expired.</summary>
    Failed,

    /// <summary>The transport was closed.</summary>
    Closed,
}

/// <summary>The DTLS transport's state (W3C <c>RTCDtlsTransportState</c>).</summary>
public enum RtcDtlsTransportState
{
    /// <summary>The handshake has not started.</summary>
    New,

    /// <summary>Handshaking.</summary>
    Connecting,

    /// <summary>The handshake completed and the peer's fingerprint matched.</summary>
    Connected,

    /// <summary>Closed by close_notify or locally.</summary>
    Closed,

    /// <summary>A fatal alert, a fingerprint mismatch or a handshake timeout.</summary>
    Failed,
}

/// <summary>Where offer/answer stands (W3C <c>RTCSignalingState</c>).</summary>
public enum RtcSignalingState
{
    /// <summary>No exchange in progress.</summary>
    Stable,

    /// <summary>A local offer was applied; waiting for the answer.</summary>
    HaveLocalOffer,

    /// <summary>A remote offer was applied; an answer is due.</summary>
    HaveRemoteOffer,

    /// <summary>A local provisional answer was applied.</summary>
    HaveLocalPranswer,

    /// <summary>A remote provisional answer was applied.</summary>
    HaveRemotePranswer,

    /// <summary>The connection was closed.</summary>
    Closed,
}

/// <summary>Why the connection failed (carried with <see cref="RtcPeerConnectionState.Failed"/>).</summary>
public enum RtcFailureReason
{
    /// <summary>Not failed.</summary>
    None,

    /// <summary>Every ICE candidate pair failed.</summary>
    IceFailed,

    /// <summary>ICE consent expired (RFC 7675): no authenticated response for 30 seconds.</summary>
    ConsentExpired,

    /// <summary>The peer's certificate did not match the fingerprint in its description.</summary>
    FingerprintMismatch,

    /// <summary>The DTLS handshake did not complete in time.</summary>
    DtlsTimeout,

    /// <summary>The peer sent a fatal DTLS alert, or the handshake broke the protocol.</summary>
    DtlsFailed,

    /// <summary>No SRTP protection profile was negotiated.</summary>
    NoSrtpProfile,

    /// <summary>
    /// An exception escaped the connection's work on the host loop: from an application callback
    /// (a sink, an event handler) or a defect. The host isolated the connection (it no longer
    /// receives, sends or fires timers) and kept serving the others; the detail names the exception.
    /// </summary>
    Faulted,
}
