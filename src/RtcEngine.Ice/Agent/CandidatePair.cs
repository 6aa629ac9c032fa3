using RtcEngine.Ice.Candidates;
using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;

namespace RtcEngine.Ice.Agent;

/// <summary>A pair on the checklist, with its check transaction and its liveness bookkeeping.</summary>
internal sealed class CandidatePair(LocalCandidate local, RemoteCandidate remote, IceGeneration generation)
{
    /// <summary>Consent transactions remembered per pair, so late responses still count.</summary>
    public const int ConsentSlots = 4;

    private readonly StunTransactionId[] _consent = new StunTransactionId[ConsentSlots];
    private int _consentNext;

    public LocalCandidate Local { get; } = local;

    /// <summary>
    /// The local peer-reflexive candidate a successful check revealed (RFC 8445 section 7.2.5.3.1):
    /// the check's XOR-MAPPED-ADDRESS named an address none of our candidates has (a NAT between us
    /// and the peer). It is the valid pair's local candidate; it sends from <see cref="Local"/>'s base.
    /// </summary>
    public IceCandidate? LocalReflexive { get; set; }

    public RemoteCandidate Remote { get; } = remote;

    public IceGeneration Generation { get; } = generation;

    public ulong Priority { get; set; }

    public IceCandidatePairState State { get; set; } = IceCandidatePairState.Frozen;

    public string Foundation => Local.Candidate.Foundation + ":" + Remote.Candidate.Foundation;

    /// <summary>Controlled: the peer nominated it. Controlling: our USE-CANDIDATE check succeeded.</summary>
    public bool Nominated { get; set; }

    /// <summary>Controlling: the next check on this pair carries USE-CANDIDATE.</summary>
    public bool NominationRequested { get; set; }

    /// <summary>Controlled: USE-CANDIDATE arrived before our own check succeeded (RFC 8445 section 7.3.1.5).</summary>
    public bool NominateOnSuccess { get; set; }

    public bool InTriggeredQueue { get; set; }

    /// <summary>An authenticated check from the peer arrived on this pair: data from its remote is accepted.</summary>
    public bool ReceivedCheck { get; set; }

    // The current check transaction.
    public StunTransactionId TransactionId { get; set; }

    /// <summary>A superseded transaction (a triggered check replaced it) whose response still counts.</summary>
    public StunTransactionId PreviousTransactionId { get; set; }

    public bool CheckCarriesUseCandidate { get; set; }

    public IceRole CheckRole { get; set; }

    /// <summary>A check transaction is outstanding (the pair may already be valid: a nomination check).</summary>
    public bool CheckInFlight { get; set; }

    public int Transmissions { get; set; }

    public TimeSpan Rto { get; set; }

    public MonoTime NextRetransmit { get; set; } = MonoTime.Never;

    // Liveness.
    public MonoTime LastResponse { get; set; }

    public MonoTime LastRequestReceived { get; set; }

    public MonoTime NextConsent { get; set; } = MonoTime.Never;

    public MonoTime LastConsentSent { get; set; }

    // Statistics (W3C RTCIceCandidatePairStats): every response counted in ResponsesReceived adds
    // one round-trip sample, so that totalRoundTripTime / responsesReceived is the average W3C
    // defines. A retransmitted check is timed from its latest transmission: the earlier ones
    // usually went unanswered because the peer was not ready yet (libwebrtc never retransmits a
    // ping, so its samples are of single transmissions too).
    public MonoTime CheckSentAt { get; set; }

    public MonoTime PreviousCheckSentAt { get; set; }

    public TimeSpan? CurrentRoundTripTime { get; set; }

    public TimeSpan TotalRoundTripTime { get; set; }

    public long ResponsesReceived { get; set; }

    public long RequestsReceived { get; set; }

    public long RequestsSent { get; set; }

    public void RecordRoundTrip(TimeSpan rtt)
    {
        if (rtt >= TimeSpan.Zero)
        {
            CurrentRoundTripTime = rtt;
            TotalRoundTripTime += rtt;
        }

        ResponsesReceived++;
    }

    public PeerAddress LocalBase => Local.Base;

    public PeerAddress RemoteAddress => Remote.Address;

    public bool Matches(PeerAddress local, PeerAddress remote) => Local.ReceiveAddress == local && Remote.Address == remote;

    public StunTransactionId NewConsentTransaction(StunTransactionId id)
    {
        _consent[_consentNext] = id;
        _consentNext = (_consentNext + 1) % ConsentSlots;
        return id;
    }

    public bool IsConsentTransaction(ReadOnlySpan<byte> id)
    {
        foreach (StunTransactionId candidate in _consent)
        {
            if (!candidate.IsEmpty && candidate.Matches(id))
            {
                return true;
            }
        }

        return false;
    }

    public bool IsCheckTransaction(ReadOnlySpan<byte> id) =>
        (!TransactionId.IsEmpty && TransactionId.Matches(id)) || (!PreviousTransactionId.IsEmpty && PreviousTransactionId.Matches(id));

    /// <summary>RFC 8445 section 6.1.2.3: 2^32*MIN(G,D) + 2*MAX(G,D) + (G&gt;D?1:0), G the controlling side's priority.</summary>
    public void ComputePriority(IceRole role)
    {
        ulong g = role == IceRole.Controlling ? Local.Priority : Remote.Priority;
        ulong d = role == IceRole.Controlling ? Remote.Priority : Local.Priority;
        Priority = (Math.Min(g, d) << 32) + 2 * Math.Max(g, d) + (g > d ? 1UL : 0UL);
    }

    public override string ToString() => $"{Local.Base} -> {Remote.Address} {State}{(Nominated ? " nominated" : string.Empty)}";
}
