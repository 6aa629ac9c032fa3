using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;

namespace RtcEngine.Ice.Agent;

/// <summary>
/// The selected pair, consent freshness (RFC 7675), the connection state machine and the timer.
/// </summary>
public sealed partial class IceAgent
{
    private MonoTime _timeout;
    private bool _timeoutValid;

    /// <inheritdoc />
    public MonoTime PollTimeout()
    {
        if (!_timeoutValid)
        {
            _timeout = ComputeTimeout();
            _timeoutValid = true;
        }

        // TURN clients keep their own (cached) timers, which sends through a relay may move; they run
        // on through failure (a restart reuses the allocations) and close (the release).
        return _turn.Count == 0 ? _timeout : MonoTime.Min(_timeout, TurnTimeout());
    }

    /// <summary>After every input: nomination, selection and state follow, and the timer is recomputed.</summary>
    private void AfterInput()
    {
        if (!_closed && !_failed)
        {
            ConsiderNomination();
        }

        UpdateState();
        _timeoutValid = false;
    }

    /// <summary>
    /// The pair data goes out on: the latest nominated pair, else the best valid one (RFC 8445
    /// allows data on a valid pair before nomination). A new generation's first pair ends the old path.
    /// </summary>
    private void UpdateSelected()
    {
        CandidatePair? best = _nominated is { State: IceCandidatePairState.Succeeded } nominated ? nominated : BestValidPair();
        if (best is null || best == _selected)
        {
            return;
        }

        _selected = best;
        if (_previousPath is not null)
        {
            _previousPath = null;
            Retire(_previousGeneration);
            _previousGeneration = null;
            _permittedValid = false;
        }

        if (best.NextConsent.IsNever || best.NextConsent < _now)
        {
            best.NextConsent = _now + _random.Jitter(_options.ConsentInterval, 0.8, 1.2);
        }

        Emit(new IceSelectedPairChangedEvent(Describe(best)));
    }

    /// <summary>
    /// Consent checks on the path in use (RFC 7675 section 5.1): every interval ±20%, sooner (every
    /// second) while the last one is unanswered, so that recovery is seen quickly.
    /// </summary>
    private void SendConsentChecks()
    {
        if (_options.Lite || _failed || SendingPath is not { } path || path.Generation.RemoteKey is null || path.NextConsent > _now)
        {
            return;
        }

        bool answered = path.LastResponse >= path.LastConsentSent;
        StunTransactionId id = path.NewConsentTransaction(StunTransactionId.Create(_random));
        path.LastConsentSent = _now;
        path.RequestsSent++;
        EnqueueCheck(path, PendingKind.Consent, id, useCandidate: false);
        Counters.ConsentChecksSent++;
        TimeSpan interval = answered ? _random.Jitter(_options.ConsentInterval, 0.8, 1.2) : TimeSpan.FromTicks(Math.Min(TimeSpan.TicksPerSecond, _options.ConsentInterval.Ticks));
        path.NextConsent = _now + interval;
    }

    /// <summary>When the selected path last proved alive: a response to us, or (not lite only) a check from the peer.</summary>
    private MonoTime LastSignOfLife(CandidatePair path) =>
        _options.Lite ? path.LastRequestReceived : MonoTime.Max(path.LastResponse, path.LastRequestReceived);

    /// <summary>What consent expiry counts from: responses only when strict, any sign of life otherwise.</summary>
    private MonoTime ConsentBase(CandidatePair path) =>
        _options.StrictConsent && !_options.Lite ? path.LastResponse : LastSignOfLife(path);

    private void UpdateState()
    {
        if (_closed)
        {
            return;
        }

        IceConnectionState next;
        if (SendingPath is { } path && !_failed)
        {
            if (_now - ConsentBase(path) >= _options.ConsentTimeout)
            {
                Fail();
                next = IceConnectionState.Failed;
            }
            else if (_now - LastSignOfLife(path) >= _options.DisconnectedTimeout)
            {
                next = IceConnectionState.Disconnected;
            }
            else
            {
                next = IsCompleted() ? IceConnectionState.Completed : IceConnectionState.Connected;
            }
        }
        else if (_failed)
        {
            next = IceConnectionState.Failed;
        }
        else if (ChecklistFailed())
        {
            Fail();
            next = IceConnectionState.Failed;
        }
        else
        {
            next = _pairs.Count > 0 ? IceConnectionState.Checking : IceConnectionState.New;
        }

        SetState(next);
    }

    private void SetState(IceConnectionState next)
    {
        if (next == _state)
        {
            return;
        }

        IceConnectionState previous = _state;
        _state = next;
        Emit(new IceConnectionStateChangedEvent(next, previous));
    }

    private void Fail()
    {
        _failed = true;
        _triggered.Clear();
        _permittedValid = false;
        foreach (CandidatePair pair in _pairs)
        {
            pair.CheckInFlight = false;
            pair.InTriggeredQueue = false;
            pair.NextRetransmit = MonoTime.Never;
        }
    }

    private bool IsCompleted()
    {
        if (_nominated is null || _selected != _nominated || !_remoteEndOfCandidates || _gatheringState != IceGatheringState.Complete || _triggered.Count > 0)
        {
            return false;
        }

        foreach (CandidatePair pair in _pairs)
        {
            if (pair.State is IceCandidatePairState.Frozen or IceCandidatePairState.Waiting or IceCandidatePairState.InProgress)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Every pair failed after the peer's end-of-candidates, and nothing is pending. With no pair
    /// at all the agent keeps waiting: a peer-reflexive candidate may still come from a check.
    /// </summary>
    private bool ChecklistFailed()
    {
        if (_options.Lite || !_remoteEndOfCandidates || _generation.RemoteKey is null || _pendingResolution.Count > 0 || _triggered.Count > 0 || _pairs.Count == 0)
        {
            return false;
        }

        foreach (CandidatePair pair in _pairs)
        {
            if (pair.State != IceCandidatePairState.Failed || pair.CheckInFlight)
            {
                return false;
            }
        }

        return true;
    }

    private MonoTime ComputeTimeout()
    {
        if (_closed)
        {
            return MonoTime.Never;
        }

        MonoTime next = MonoTime.Never;
        if (_failed)
        {
            return next;
        }

        if (HasPacedWork())
        {
            next = MonoTime.Max(_nextPace, _now);
        }

        foreach (CandidatePair pair in _pairs)
        {
            if (pair.CheckInFlight)
            {
                next = MonoTime.Min(next, pair.NextRetransmit);
            }
        }

        foreach (ServerTransaction transaction in _serverTransactions)
        {
            if (transaction.Started && !transaction.Done)
            {
                next = MonoTime.Min(next, transaction.NextRetransmit);
            }
        }

        if (!_options.Lite && _role == IceRole.Controlling && _nominated is null && _nominating is null && !_firstValid.IsNever
            && _firstValid + _options.NominationTimeout > _now)
        {
            next = MonoTime.Min(next, _firstValid + _options.NominationTimeout);
        }

        if (SendingPath is { } path)
        {
            if (!_options.Lite && path.Generation.RemoteKey is not null)
            {
                next = MonoTime.Min(next, path.NextConsent);
            }

            MonoTime disconnectAt = LastSignOfLife(path) + _options.DisconnectedTimeout;
            if (disconnectAt > _now)
            {
                next = MonoTime.Min(next, disconnectAt);
            }

            next = MonoTime.Min(next, MonoTime.Max(_now, ConsentBase(path) + _options.ConsentTimeout));
        }

        return next;
    }
}
