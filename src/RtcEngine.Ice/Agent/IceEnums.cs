namespace RtcEngine.Ice.Agent;

/// <summary>The agent's role (RFC 8445 section 6.1.1): the controlling agent nominates pairs.</summary>
public enum IceRole : byte
{
    /// <summary>Controlling: runs nomination (USE-CANDIDATE). The offerer, or a full agent facing a lite one.</summary>
    Controlling,

    /// <summary>Controlled: follows the peer's nomination.</summary>
    Controlled,
}

/// <summary>
/// The connection state with W3C <c>RTCIceConnectionState</c> semantics; each transition is reported once.
/// </summary>
public enum IceConnectionState : byte
{
    /// <summary>Nothing to check yet: gathering, or waiting for remote credentials and candidates.</summary>
    New,

    /// <summary>Checking candidate pairs; no usable pair yet.</summary>
    Checking,

    /// <summary>A usable pair carries data; checks or nomination may still be running.</summary>
    Connected,

    /// <summary>Connected, nominated, the remote end-of-candidates received, gathering and checks finished.</summary>
    Completed,

    /// <summary>Was connected, but the selected pair has shown no sign of life for a while (may recover).</summary>
    Disconnected,

    /// <summary>No pair works: every pair failed after end-of-candidates, or consent expired. Only a restart recovers.</summary>
    Failed,

    /// <summary>Closed by the application. Terminal.</summary>
    Closed,
}

/// <summary>Gathering of local candidates (W3C <c>RTCIceGatheringState</c>).</summary>
public enum IceGatheringState : byte
{
    /// <summary>Gathering has not started.</summary>
    New,

    /// <summary>Host candidates are out; server-reflexive ones are being gathered.</summary>
    Gathering,

    /// <summary>Every candidate has been gathered (or its server failed).</summary>
    Complete,
}

/// <summary>States of a candidate pair on the checklist (RFC 8445 section 6.1.2.6).</summary>
public enum IceCandidatePairState : byte
{
    /// <summary>Waiting for a pair of the same foundation to succeed first.</summary>
    Frozen,

    /// <summary>Ready to be checked when the pacer allows.</summary>
    Waiting,

    /// <summary>A check was sent; no final answer yet.</summary>
    InProgress,

    /// <summary>A check succeeded: the pair is valid.</summary>
    Succeeded,

    /// <summary>A check failed or timed out.</summary>
    Failed,
}

/// <summary>What <see cref="IceAgent.Receive"/> did with a datagram.</summary>
public enum IceReceiveResult : byte
{
    /// <summary>A STUN message the agent consumed (a check, a response, a consent check).</summary>
    Consumed,

    /// <summary>Application data (DTLS, SRTP, ...) from a permitted remote: handed back for the next layer.</summary>
    ApplicationData,

    /// <summary>Dropped and counted (malformed, unauthenticated, from an address not permitted, agent closed).</summary>
    Dropped,
}

/// <summary>What <see cref="IceAgent.AddRemoteCandidate"/> did with a candidate.</summary>
public enum IceRemoteCandidateResult : byte
{
    /// <summary>Added; pairs were formed with the local candidates of its address family.</summary>
    Added,

    /// <summary>A candidate with the same address is already known (a peer-reflexive one is upgraded to the signalled one).</summary>
    Duplicate,

    /// <summary>An mDNS name the resolver could not answer yet: kept until <see cref="IceAgent.ResolveHostname"/>.</summary>
    PendingResolution,

    /// <summary>Not usable by this agent: not UDP (Chromium's tcp candidates), another component, or another generation's ufrag.</summary>
    Ignored,

    /// <summary>The cap on remote candidates is reached; dropped.</summary>
    LimitReached,

    /// <summary>Arrived after the remote end-of-candidates (RFC 8838); dropped.</summary>
    AfterEndOfCandidates,

    /// <summary>The address is neither an IP literal nor a resolvable name, or the port is zero.</summary>
    Invalid,
}

/// <summary>Which local candidates an agent uses (W3C <c>RTCIceTransportPolicy</c>).</summary>
public enum IceTransportPolicy : byte
{
    /// <summary>Every candidate: host, server-reflexive, relay.</summary>
    All,

    /// <summary>Relay candidates only (through TURN): the peer never learns or reaches the host addresses.</summary>
    Relay,
}
