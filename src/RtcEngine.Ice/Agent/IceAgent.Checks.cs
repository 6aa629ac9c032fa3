using System.Globalization;
using RtcEngine.Ice.Candidates;
using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;

namespace RtcEngine.Ice.Agent;

/// <summary>
/// The checklist (RFC 8445 section 6): remote candidates, pairs and their states, pacing (Ta),
/// triggered checks, retransmissions, regular nomination and role conflicts.
/// </summary>
public sealed partial class IceAgent
{
    /// <inheritdoc />
    public void HandleTimeout(MonoTime now)
    {
        Advance(now);
        HandleTurnTimeouts(); // even when closed: the closing Refresh may need retransmitting
        if (_closed)
        {
            _timeoutValid = false;
            return;
        }

        RetransmitChecks();
        RetransmitServerTransactions();
        if (_now >= _nextPace && TryStartPacedTransaction())
        {
            _nextPace = _now + _options.Ta;
        }

        ConsiderNomination();
        SendConsentChecks();
        AfterInput();
    }

    private IceRemoteCandidateResult AddRemoteCandidateCore(IceCandidate candidate)
    {
        if (!candidate.IsUdp || candidate.Component != ComponentId
            || (candidate.Ufrag is { } ufrag && _generation.Remote is { } remote && !string.Equals(ufrag, remote.Ufrag, StringComparison.Ordinal)))
        {
            Counters.RemoteCandidatesIgnored++;
            return IceRemoteCandidateResult.Ignored;
        }

        if (_remoteEndOfCandidates)
        {
            Counters.RemoteCandidatesIgnored++;
            return IceRemoteCandidateResult.AfterEndOfCandidates;
        }

        if (candidate.TryGetAddress(out PeerAddress address))
        {
            return AddResolvedCandidate(candidate, address);
        }

        if (!candidate.IsMdns)
        {
            Counters.RemoteCandidatesIgnored++;
            return IceRemoteCandidateResult.Invalid;
        }

        if (_options.HostnameResolver is { } resolver && resolver(candidate.Address, out PeerAddress resolved) && !resolved.IsNone)
        {
            return AddResolvedCandidate(candidate, resolved);
        }

        if (_pendingResolution.Count >= _options.MaxPendingResolutions)
        {
            Counters.RemoteCandidatesOverLimit++;
            return IceRemoteCandidateResult.LimitReached;
        }

        _pendingResolution.Add(candidate);
        return IceRemoteCandidateResult.PendingResolution;
    }

    private IceRemoteCandidateResult AddResolvedCandidate(IceCandidate candidate, PeerAddress resolved)
    {
        PeerAddress address = resolved.WithPort(candidate.Port);
        if (address.Port == 0)
        {
            Counters.RemoteCandidatesIgnored++;
            return IceRemoteCandidateResult.Invalid;
        }

        if (candidate.IsMdns)
        {
            candidate = candidate.WithAddress(address.AddressToString(), address.Port);
        }

        foreach (RemoteCandidate existing in _remoteCandidates)
        {
            if (existing.Address == address)
            {
                if (existing.Type == IceCandidateType.PeerReflexive)
                {
                    // The signalled candidate replaces the one learned from a check (RFC 8445 section 7.3.1.3).
                    existing.Candidate = candidate;
                    RecomputePairPriorities();
                }

                return IceRemoteCandidateResult.Duplicate;
            }
        }

        if (_remoteCandidates.Count >= _options.MaxRemoteCandidates)
        {
            Counters.RemoteCandidatesOverLimit++;
            return IceRemoteCandidateResult.LimitReached;
        }

        var remote = new RemoteCandidate(candidate, address);
        _remoteCandidates.Add(remote);
        foreach (LocalCandidate local in _pairable)
        {
            TryAddPair(local, remote);
        }

        return IceRemoteCandidateResult.Added;
    }

    /// <summary>A remote candidate learned from a check's source (RFC 8445 section 7.3.1.3); null at the cap.</summary>
    private RemoteCandidate? LearnPeerReflexive(PeerAddress address, uint priority)
    {
        if (_remoteCandidates.Count >= _options.MaxRemoteCandidates)
        {
            Counters.RemoteCandidatesOverLimit++;
            return null;
        }

        string foundation = "p" + (++_peerReflexiveCount).ToString(CultureInfo.InvariantCulture);
        var candidate = new IceCandidate(foundation, ComponentId, "udp", priority, address.AddressToString(), address.Port, IceCandidateType.PeerReflexive);
        var remote = new RemoteCandidate(candidate, address);
        _remoteCandidates.Add(remote);
        return remote;
    }

    private RemoteCandidate? FindRemote(PeerAddress address)
    {
        foreach (RemoteCandidate remote in _remoteCandidates)
        {
            if (remote.Address == address)
            {
                return remote;
            }
        }

        return null;
    }

    private CandidatePair? FindPair(PeerAddress local, PeerAddress remote)
    {
        foreach (CandidatePair pair in _pairs)
        {
            if (pair.Matches(local, remote))
            {
                return pair;
            }
        }

        return null;
    }

    /// <summary>Forms a pair when the families match; at the cap, evicts the lowest-priority pair not yet checked, or gives up.</summary>
    private CandidatePair? TryAddPair(LocalCandidate local, RemoteCandidate remote)
    {
        if (local.Address.UnmapIPv4().IsIPv4 != remote.Address.UnmapIPv4().IsIPv4 || FindPair(local.ReceiveAddress, remote.Address) is not null)
        {
            return null;
        }

        var pair = new CandidatePair(local, remote, _generation);
        pair.ComputePriority(_role);
        if (_pairs.Count >= _options.MaxPairs)
        {
            CandidatePair? lowest = null;
            foreach (CandidatePair existing in _pairs)
            {
                if (existing.State is IceCandidatePairState.Frozen or IceCandidatePairState.Waiting && !existing.InTriggeredQueue
                    && (lowest is null || existing.Priority < lowest.Priority))
                {
                    lowest = existing;
                }
            }

            if (lowest is null || lowest.Priority >= pair.Priority)
            {
                Counters.PairsOverLimit++;
                return null;
            }

            _pairs.Remove(lowest);
            _permittedValid = false;
            Counters.PairsOverLimit++;
        }

        // One pair per foundation starts Waiting, the others wait Frozen for it (RFC 8445 section 6.1.2.6).
        string foundation = pair.Foundation;
        bool sibling = false;
        foreach (CandidatePair existing in _pairs)
        {
            if (existing.State != IceCandidatePairState.Failed && existing.Foundation == foundation)
            {
                sibling = true;
                break;
            }
        }

        pair.State = sibling ? IceCandidatePairState.Frozen : IceCandidatePairState.Waiting;
        _pairs.Add(pair);
        local.Relay?.PreparePeer(remote.Address); // a TURN permission ahead of the first check
        return pair;
    }

    private void RecomputePairPriorities()
    {
        foreach (CandidatePair pair in _pairs)
        {
            pair.ComputePriority(_role);
        }
    }

    private void EnqueueTriggered(CandidatePair pair)
    {
        if (pair.State != IceCandidatePairState.Succeeded && pair.State != IceCandidatePairState.InProgress)
        {
            pair.State = IceCandidatePairState.Waiting;
        }

        if (!pair.InTriggeredQueue)
        {
            pair.InTriggeredQueue = true;
            _triggered.Enqueue(pair);
        }
    }

    /// <summary>
    /// The pacer's slot (one every Ta): a server request, else a triggered check, else the
    /// highest-priority Waiting pair, else a Frozen one (RFC 8445 section 6.1.4.2).
    /// </summary>
    private bool TryStartPacedTransaction()
    {
        if (TryStartServerTransaction())
        {
            return true;
        }

        if (_options.Lite || _generation.RemoteKey is null)
        {
            return false;
        }

        while (_triggered.TryDequeue(out CandidatePair? triggered))
        {
            triggered.InTriggeredQueue = false;
            if (_pairs.Contains(triggered) && triggered.State != IceCandidatePairState.Failed)
            {
                StartCheck(triggered);
                return true;
            }
        }

        CandidatePair? best = null;
        foreach (IceCandidatePairState wanted in (ReadOnlySpan<IceCandidatePairState>)[IceCandidatePairState.Waiting, IceCandidatePairState.Frozen])
        {
            foreach (CandidatePair pair in _pairs)
            {
                if (pair.State == wanted && (best is null || pair.Priority > best.Priority))
                {
                    best = pair;
                }
            }

            if (best is not null)
            {
                StartCheck(best);
                return true;
            }
        }

        return false;
    }

    private bool HasPacedWork()
    {
        foreach (ServerTransaction transaction in _serverTransactions)
        {
            if (!transaction.Started)
            {
                return true;
            }
        }

        if (_options.Lite || _generation.RemoteKey is null)
        {
            return false;
        }

        if (_triggered.Count > 0)
        {
            return true;
        }

        foreach (CandidatePair pair in _pairs)
        {
            if (pair.State is IceCandidatePairState.Waiting or IceCandidatePairState.Frozen)
            {
                return true;
            }
        }

        return false;
    }

    private void StartCheck(CandidatePair pair)
    {
        if (pair.CheckInFlight)
        {
            pair.PreviousTransactionId = pair.TransactionId; // its response still counts
            pair.PreviousCheckSentAt = pair.CheckSentAt;
        }

        pair.TransactionId = StunTransactionId.Create(_random);
        pair.CheckInFlight = true;
        pair.CheckRole = _role;
        pair.CheckCarriesUseCandidate = _role == IceRole.Controlling && pair.NominationRequested;
        pair.Transmissions = 1;
        pair.CheckSentAt = _now;
        pair.RequestsSent++;
        pair.Rto = _options.InitialRto;
        pair.NextRetransmit = _now + pair.Rto;
        if (pair.State != IceCandidatePairState.Succeeded)
        {
            pair.State = IceCandidatePairState.InProgress;
        }

        EnqueueCheck(pair, PendingKind.Check, pair.TransactionId, pair.CheckCarriesUseCandidate);
    }

    private void RetransmitChecks()
    {
        foreach (CandidatePair pair in _pairs)
        {
            if (!pair.CheckInFlight || pair.NextRetransmit > _now)
            {
                continue;
            }

            if (pair.Transmissions >= _options.MaxCheckTransmissions)
            {
                pair.CheckInFlight = false;
                pair.NextRetransmit = MonoTime.Never;
                OnCheckTimedOut(pair);
                continue;
            }

            pair.Transmissions++;
            pair.CheckSentAt = _now; // the latest transmission is the one an answer most likely answers
            pair.Rto = TimeSpan.FromTicks(Math.Min(pair.Rto.Ticks * 2, _options.MaxRto.Ticks));
            pair.NextRetransmit = _now + pair.Rto;
            EnqueueCheck(pair, PendingKind.Check, pair.TransactionId, pair.CheckCarriesUseCandidate);
        }
    }

    private void OnCheckTimedOut(CandidatePair pair)
    {
        if (pair.State == IceCandidatePairState.Succeeded && pair != _nominating)
        {
            return; // a repeat check on a valid pair: consent decides whether the path still lives
        }

        pair.State = IceCandidatePairState.Failed;
        pair.NominationRequested = false;
        _permittedValid = false;
        if (pair == _nominating)
        {
            _nominating = null;
        }

        if (pair == _selected)
        {
            _selected = null;
            UpdateSelected();
        }
    }

    /// <summary>
    /// Regular nomination (RFC 8445 section 8.1.1): once a pair is valid, the controlling agent
    /// waits for better pairs still being checked (at most <see cref="IceAgentOptions.NominationTimeout"/>),
    /// then repeats the check on the best valid pair with USE-CANDIDATE.
    /// </summary>
    private void ConsiderNomination()
    {
        if (_options.Lite || _role != IceRole.Controlling || _nominated is not null || _nominating is not null || _generation.RemoteKey is null)
        {
            return;
        }

        CandidatePair? best = BestValidPair();
        if (best is null)
        {
            return;
        }

        bool betterPending = false;
        foreach (CandidatePair pair in _pairs)
        {
            if (pair.Priority > best.Priority && pair.State is IceCandidatePairState.Frozen or IceCandidatePairState.Waiting or IceCandidatePairState.InProgress)
            {
                betterPending = true;
                break;
            }
        }

        if (betterPending && _now < _firstValid + _options.NominationTimeout)
        {
            return;
        }

        _nominating = best;
        best.NominationRequested = true;
        EnqueueTriggered(best);
    }

    private CandidatePair? BestValidPair()
    {
        CandidatePair? best = null;
        foreach (CandidatePair pair in _pairs)
        {
            if (pair.State == IceCandidatePairState.Succeeded && (best is null || pair.Priority > best.Priority))
            {
                best = pair;
            }
        }

        return best;
    }

    private void Nominate(CandidatePair pair)
    {
        pair.Nominated = true;
        pair.NominationRequested = false;
        pair.NominateOnSuccess = false;
        if (_nominated is not null && _nominated != pair)
        {
            _nominated.Nominated = false; // the latest nomination wins
        }

        _nominated = pair;
        if (_nominating == pair)
        {
            _nominating = null;
        }

        UpdateSelected();
    }

    /// <summary>Switches role (a 487 conflict, or a lite peer): pair priorities follow, nomination restarts on the new side.</summary>
    private void SetRole(IceRole role)
    {
        if (_role == role)
        {
            return;
        }

        _role = role;
        RecomputePairPriorities();
        if (_nominating is not null)
        {
            _nominating.NominationRequested = false;
            _nominating = null;
        }

        Emit(new IceRoleChangedEvent(role));
    }

    /// <summary>Resolves a conflict seen in a request (RFC 8445 section 7.3.1.1); true when we must answer 487.</summary>
    private bool ResolveRoleConflict(in StunMessageReader message)
    {
        if (_role == IceRole.Controlling && message.TryGetIceControlling(out ulong theirs))
        {
            Counters.RoleConflicts++;
            if (_tieBreaker >= theirs)
            {
                return true;
            }

            SetRole(IceRole.Controlled);
        }
        else if (_role == IceRole.Controlled && message.TryGetIceControlled(out theirs))
        {
            Counters.RoleConflicts++;
            if (_tieBreaker >= theirs)
            {
                SetRole(IceRole.Controlling);
            }
            else
            {
                return true;
            }
        }

        return false;
    }
}
