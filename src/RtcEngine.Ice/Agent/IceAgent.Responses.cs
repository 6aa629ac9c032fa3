using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;

namespace RtcEngine.Ice.Agent;

/// <summary>Responses to our checks, consent checks and server requests (RFC 8445 section 7.2.5).</summary>
public sealed partial class IceAgent
{
    private bool HandleBindingResponse(in StunMessageReader message, PeerAddress local, PeerAddress remote)
    {
        if (HandleServerResponse(message, local, remote))
        {
            return true;
        }

        ReadOnlySpan<byte> id = message.TransactionIdBytes;
        CandidatePair? pair = null;
        bool consent = false;
        foreach (CandidatePair candidate in _pairs)
        {
            if (candidate.CheckInFlight && candidate.IsCheckTransaction(id))
            {
                pair = candidate;
                break;
            }

            if (candidate.IsConsentTransaction(id))
            {
                pair = candidate;
                consent = true;
                break;
            }
        }

        if (pair is null && _previousPath is { } old && old.IsConsentTransaction(id))
        {
            pair = old;
            consent = true;
        }

        if (pair?.Generation.RemoteKey is not { } key)
        {
            Counters.DroppedUnknownTransaction++;
            return false;
        }

        if (message.HasFingerprint && !message.VerifyFingerprint())
        {
            Counters.DroppedBadFingerprint++;
            return false;
        }

        // A response must prove the peer knows its password; anything else is a forgery and changes nothing.
        if (!message.HasMessageIntegrity || !message.VerifyMessageIntegrity(key))
        {
            Counters.DroppedBadResponseIntegrity++;
            return false;
        }

        if (consent)
        {
            if (message.Class == StunClass.SuccessResponse && pair.Matches(local, remote))
            {
                pair.RecordRoundTrip(_now - pair.LastConsentSent);
                pair.LastResponse = _now;
                Counters.ConsentResponses++;
            }

            return true;
        }

        bool current = pair.TransactionId.Matches(id);
        if (current)
        {
            pair.CheckInFlight = false;
            pair.NextRetransmit = MonoTime.Never;
        }
        else
        {
            pair.PreviousTransactionId = default; // the superseded check answered; the current one continues
        }

        // Non-symmetric responses fail the pair (RFC 8445 section 7.2.5.2.1).
        if (!pair.Matches(local, remote))
        {
            pair.CheckInFlight = false;
            pair.NextRetransmit = MonoTime.Never;
            OnCheckFailed(pair);
            return true;
        }

        if (message.Class == StunClass.ErrorResponse)
        {
            message.TryGetErrorCode(out int code, out _);
            if (code == StunErrorCodes.RoleConflict)
            {
                // RFC 8445 section 7.2.5.1: switch role (unless already switched) and check again.
                Counters.RoleConflicts++;
                if (pair.CheckRole == _role)
                {
                    SetRole(_role == IceRole.Controlling ? IceRole.Controlled : IceRole.Controlling);
                }

                EnqueueTriggered(pair);
            }
            else
            {
                OnCheckFailed(pair);
            }

            return true;
        }

        pair.RecordRoundTrip(_now - (current ? pair.CheckSentAt : pair.PreviousCheckSentAt));

        pair.LastResponse = _now;
        LearnLocalPeerReflexive(pair, message);
        MarkValid(pair);
        if (current && pair.CheckCarriesUseCandidate && _role == IceRole.Controlling)
        {
            Nominate(pair);
        }
        else if (pair.NominateOnSuccess && _role == IceRole.Controlled)
        {
            Nominate(pair);
        }

        UpdateSelected();
        return true;
    }

    // RFC 8445 section 7.2.5.3.1: a mapped address unlike every local candidate's is a local
    // peer-reflexive candidate, with the PRIORITY our check carried and the pair's base. One per
    // pair (pairs are capped), never for a relay candidate (the server maps the relayed address).
    private void LearnLocalPeerReflexive(CandidatePair pair, in StunMessageReader message)
    {
        if (pair.LocalReflexive is not null || pair.Local.Relay is not null
            || !message.TryGetXorMappedAddress(out PeerAddress mapped) || mapped == pair.Local.Address)
        {
            return;
        }

        foreach (LocalCandidate known in _localCandidates)
        {
            if (known.Address == mapped)
            {
                return;
            }
        }

        string foundation = "q" + (++_localPeerReflexiveCount).ToString(System.Globalization.CultureInfo.InvariantCulture);
        pair.LocalReflexive = new Candidates.IceCandidate(
            foundation, ComponentId, "udp", pair.Local.PeerReflexivePriority, mapped.AddressToString(), mapped.Port,
            Candidates.IceCandidateType.PeerReflexive, pair.Local.Base.AddressToString(), pair.Local.Base.Port);
        Counters.LocalPeerReflexiveLearned++;
    }

    private void OnCheckFailed(CandidatePair pair)
    {
        if (pair.State == IceCandidatePairState.Succeeded && pair != _nominating)
        {
            return;
        }

        OnCheckTimedOut(pair);
    }

    /// <summary>A pair became valid: note the first one (nomination timer) and thaw its foundation (RFC 8445 section 7.2.5.3.3).</summary>
    private void MarkValid(CandidatePair pair)
    {
        if (pair.State == IceCandidatePairState.Succeeded)
        {
            return;
        }

        pair.State = IceCandidatePairState.Succeeded;
        if (_firstValid.IsNever)
        {
            _firstValid = _now;
        }

        string foundation = pair.Foundation;
        foreach (CandidatePair other in _pairs)
        {
            if (other.State == IceCandidatePairState.Frozen && other.Foundation == foundation)
            {
                other.State = IceCandidatePairState.Waiting;
            }
        }
    }
}
