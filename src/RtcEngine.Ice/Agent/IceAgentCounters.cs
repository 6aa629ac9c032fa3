namespace RtcEngine.Ice.Agent;

/// <summary>
/// What the agent received, sent and dropped, with a reason per drop. Plain counters read without
/// allocating; owned and written by the agent's thread (read them there, or accept torn reads).
/// </summary>
public sealed class IceAgentCounters
{
    /// <summary>STUN messages consumed.</summary>
    public long StunReceived { get; internal set; }

    /// <summary>Application datagrams handed back from permitted remotes.</summary>
    public long ApplicationReceived { get; internal set; }

    /// <summary>Datagrams built by <see cref="IceAgent.TryPollTransmit"/>.</summary>
    public long StunSent { get; internal set; }

    /// <summary>Application datagrams prepared by <see cref="IceAgent.TryPrepareSend"/>.</summary>
    public long ApplicationSent { get; internal set; }

    /// <summary>Dropped: application data from an address with no authenticated pair.</summary>
    public long DroppedUnpermitted { get; internal set; }

    /// <summary>Dropped: empty, or a first byte in the STUN range that is not a valid STUN message.</summary>
    public long DroppedMalformed { get; internal set; }

    /// <summary>Dropped: FINGERPRINT present but wrong.</summary>
    public long DroppedBadFingerprint { get; internal set; }

    /// <summary>Dropped: arrived on a local address that is not one of the agent's sockets.</summary>
    public long DroppedUnknownLocal { get; internal set; }

    /// <summary>Requests answered 400: USERNAME, MESSAGE-INTEGRITY or PRIORITY missing or malformed.</summary>
    public long RejectedBadRequest { get; internal set; }

    /// <summary>Requests answered 401: unknown ufrag or wrong MESSAGE-INTEGRITY (no state kept).</summary>
    public long RejectedUnauthenticated { get; internal set; }

    /// <summary>Requests answered 420: an unknown comprehension-required attribute.</summary>
    public long RejectedUnknownAttribute { get; internal set; }

    /// <summary>Unauthenticated requests dropped without an answer by the per-source rate limit.</summary>
    public long DroppedRateLimited { get; internal set; }

    /// <summary>Responses whose transaction id matches nothing outstanding.</summary>
    public long DroppedUnknownTransaction { get; internal set; }

    /// <summary>Responses to our checks with missing or wrong MESSAGE-INTEGRITY (forgeries): ignored.</summary>
    public long DroppedBadResponseIntegrity { get; internal set; }

    /// <summary>STUN this agent does not act on (indications, methods other than Binding).</summary>
    public long DroppedUnsupportedStun { get; internal set; }

    /// <summary>Datagrams dropped because the agent is closed or failed.</summary>
    public long DroppedInactive { get; internal set; }

    /// <summary>Role conflicts (487) seen, sent or received.</summary>
    public long RoleConflicts { get; internal set; }

    /// <summary>Remote candidates not used: not UDP, another component, stale generation, invalid address.</summary>
    public long RemoteCandidatesIgnored { get; internal set; }

    /// <summary>Remote candidates (signalled or peer-reflexive) dropped because the cap was reached.</summary>
    public long RemoteCandidatesOverLimit { get; internal set; }

    /// <summary>Local peer-reflexive candidates learned from the mapped address of our checks' responses.</summary>
    public long LocalPeerReflexiveLearned { get; internal set; }

    /// <summary>Pairs not formed because the cap was reached.</summary>
    public long PairsOverLimit { get; internal set; }

    /// <summary>Outgoing messages dropped because the transmit queue was full.</summary>
    public long TransmitQueueOverflow { get; internal set; }

    /// <summary>Consent checks sent on the selected pair.</summary>
    public long ConsentChecksSent { get; internal set; }

    /// <summary>Authenticated responses received to consent checks.</summary>
    public long ConsentResponses { get; internal set; }
}
