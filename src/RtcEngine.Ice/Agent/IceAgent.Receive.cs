using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;

namespace RtcEngine.Ice.Agent;

/// <summary>The receive path: demultiplexing, incoming checks (RFC 8445 section 7.3), permission of application data.</summary>
public sealed partial class IceAgent
{
    /// <summary>
    /// The one entry point for every datagram arriving on the connection's sockets. STUN (checks,
    /// responses, consent) is consumed; anything else is application data (DTLS, SRTP, ...) and is
    /// handed back in <paramref name="application"/>, a slice of the same buffer with the address
    /// it came from, only when that remote is permitted: a pair from it has succeeded, or the peer
    /// has sent an authenticated check from it (RFC 8445 section 11). Everything else is dropped
    /// and counted. Allocation-free for application data and for consent traffic. IPv4-mapped
    /// IPv6 addresses (from dual-mode sockets) are taken as the IPv4 addresses they carry.
    /// </summary>
    /// <param name="now">The current time.</param>
    /// <param name="datagram">The datagram, with the local socket it arrived on and its source.</param>
    /// <param name="application">The application data, when the result is <see cref="IceReceiveResult.ApplicationData"/>.</param>
    public IceReceiveResult Receive(MonoTime now, in ReceivedDatagram datagram, out ReceivedDatagram application)
    {
        application = default;
        Advance(now);

        // Dual-mode sockets report IPv4 peers as ::ffff:a.b.c.d; candidates name them as IPv4.
        PeerAddress local = datagram.Local.UnmapIPv4();
        PeerAddress remote = datagram.Remote.UnmapIPv4();

        // TURN servers first, even when closed: the answer to the closing Refresh still arrives.
        if (_turn.Count > 0 && !datagram.Data.IsEmpty && TryReceiveFromTurn(datagram, local, remote, out IceReceiveResult turnResult, out application))
        {
            return turnResult;
        }

        if (_closed)
        {
            Counters.DroppedInactive++;
            return IceReceiveResult.Dropped;
        }

        Span<byte> data = datagram.Data;
        if (data.IsEmpty)
        {
            Counters.DroppedMalformed++;
            return IceReceiveResult.Dropped;
        }

        if (_relayCount > 0 && FindRelayByServer(local, remote) is { } relayCandidate)
        {
            if (!relayCandidate.Relay!.TryUnwrap(data, out PeerAddress peer, out int offset, out int length))
            {
                return IceReceiveResult.Consumed; // the allocation's own traffic, or dropped by the channel
            }

            return ReceiveFrom(data.Slice(offset, length), relayCandidate.Address, peer.UnmapIPv4(), datagram.Protocol, out application);
        }

        return ReceiveFrom(data, local, remote, datagram.Protocol, out application);
    }

    private IceReceiveResult ReceiveFrom(Span<byte> data, PeerAddress local, PeerAddress remote, TransportProtocol protocol, out ReceivedDatagram application)
    {
        application = default;
        if (data.IsEmpty)
        {
            Counters.DroppedMalformed++;
            return IceReceiveResult.Dropped;
        }

        if (data[0] <= 3)
        {
            // RFC 7983: 0..3 is STUN.
            if (!StunMessageReader.TryRead(data, out StunMessageReader message))
            {
                Counters.DroppedMalformed++;
                return IceReceiveResult.Dropped;
            }

            Counters.StunReceived++;
            bool handled = HandleStun(message, local, remote);
            AfterInput();
            return handled ? IceReceiveResult.Consumed : IceReceiveResult.Dropped;
        }

        if (_failed)
        {
            Counters.DroppedInactive++;
            return IceReceiveResult.Dropped;
        }

        if (!IsPermitted(local, remote))
        {
            Counters.DroppedUnpermitted++;
            return IceReceiveResult.Dropped;
        }

        Counters.ApplicationReceived++;
        application = new ReceivedDatagram(data, local, remote, protocol);
        return IceReceiveResult.ApplicationData;
    }

    private bool IsPermitted(PeerAddress local, PeerAddress remote)
    {
        if (_permittedValid && local == _permittedLocal && remote == _permittedRemote)
        {
            return true;
        }

        bool permitted = _previousPath is { } old && old.Matches(local, remote);
        if (!permitted)
        {
            foreach (CandidatePair pair in _pairs)
            {
                if (pair.Matches(local, remote) && (pair.State == IceCandidatePairState.Succeeded || pair.ReceivedCheck))
                {
                    permitted = true;
                    break;
                }
            }
        }

        if (permitted)
        {
            _permittedLocal = local;
            _permittedRemote = remote;
            _permittedValid = true;
        }

        return permitted;
    }

    private bool HandleStun(in StunMessageReader message, PeerAddress local, PeerAddress remote)
    {
        if (message.Method != StunMethod.Binding)
        {
            Counters.DroppedUnsupportedStun++;
            return false;
        }

        switch (message.Class)
        {
            case StunClass.Request:
                return HandleBindingRequest(message, local, remote);
            case StunClass.SuccessResponse:
            case StunClass.ErrorResponse:
                return HandleBindingResponse(message, local, remote);
            default:
                Counters.DroppedUnsupportedStun++; // binding indications (keepalives) need nothing
                return false;
        }
    }

    /// <summary>An incoming check: authenticate, answer, learn (RFC 8445 section 7.3, RFC 8489 section 9.1.3).</summary>
    private bool HandleBindingRequest(in StunMessageReader message, PeerAddress localAddress, PeerAddress remote)
    {
        LocalCandidate? local = FindLocal(localAddress);
        if (local is null)
        {
            Counters.DroppedUnknownLocal++;
            return false;
        }

        if (message.HasFingerprint && !message.VerifyFingerprint())
        {
            Counters.DroppedBadFingerprint++;
            return false;
        }

        if (!message.TryGetUsername(out ReadOnlySpan<byte> username) || !message.HasMessageIntegrity)
        {
            Counters.RejectedBadRequest++;
            RejectUnauthenticated(StunErrorCodes.BadRequest, local, remote, message.TransactionId);
            return false;
        }

        IceGeneration? generation = MatchUsername(username);
        if (generation is null || !message.VerifyMessageIntegrity(generation.LocalKey))
        {
            Counters.RejectedUnauthenticated++;
            RejectUnauthenticated(StunErrorCodes.Unauthenticated, local, remote, message.TransactionId);
            return false;
        }

        // Authenticated from here on.
        if (message.HasUnknownComprehensionRequired)
        {
            Counters.RejectedUnknownAttribute++;
            Span<ushort> unknown = stackalloc ushort[4];
            int count = message.GetUnknownComprehensionRequired(unknown);
            EnqueueError(StunErrorCodes.UnknownAttribute, generation, local, remote, message.TransactionId, unknown[..count]);
            return true;
        }

        if (!message.TryGetPriority(out uint priority))
        {
            Counters.RejectedBadRequest++;
            EnqueueError(StunErrorCodes.BadRequest, generation, local, remote, message.TransactionId, default);
            return true;
        }

        if (generation != _generation)
        {
            // The old generation during a restart: answer, keep the old path alive, learn nothing.
            EnqueueResponse(generation, local, remote, message.TransactionId);
            if (_previousPath is { } old && old.Matches(localAddress, remote))
            {
                old.LastRequestReceived = _now;
            }

            return true;
        }

        if (ResolveRoleConflict(message))
        {
            EnqueueError(StunErrorCodes.RoleConflict, generation, local, remote, message.TransactionId, default);
            return true;
        }

        EnqueueResponse(generation, local, remote, message.TransactionId);
        if (_failed)
        {
            return true; // answered, but a failed agent revives only by restart
        }

        RemoteCandidate? remoteCandidate = FindRemote(remote) ?? LearnPeerReflexive(remote, priority);
        if (remoteCandidate is null)
        {
            return true; // at the cap: answered without keeping state
        }

        CandidatePair? pair = FindPair(localAddress, remote) ?? TryAddPair(local, remoteCandidate);
        if (pair is null)
        {
            return true;
        }

        pair.ReceivedCheck = true;
        pair.LastRequestReceived = _now;
        pair.RequestsReceived++;
        bool useCandidate = message.HasUseCandidate && _role == IceRole.Controlled;
        if (_options.Lite)
        {
            // A lite agent sends no checks: a pair is valid once the peer's check arrives on it.
            MarkValid(pair);
            if (useCandidate)
            {
                Nominate(pair);
            }
        }
        else
        {
            if (pair.State != IceCandidatePairState.Succeeded)
            {
                EnqueueTriggered(pair); // RFC 8445 section 7.3.1.4
            }

            if (useCandidate)
            {
                if (pair.State == IceCandidatePairState.Succeeded)
                {
                    Nominate(pair);
                }
                else
                {
                    pair.NominateOnSuccess = true; // nominated when our own check succeeds
                }
            }
        }

        UpdateSelected();
        return true;
    }

    private void RejectUnauthenticated(int code, LocalCandidate local, PeerAddress remote, StunTransactionId transactionId)
    {
        if (!_limiter.TryTake(remote, _now))
        {
            Counters.DroppedRateLimited++;
            return;
        }

        EnqueueError(code, generation: null, local, remote, transactionId, default);
    }

    /// <summary>
    /// The generation whose credentials a USERNAME "LFRAG:RFRAG" names: LFRAG must be our ufrag; RFRAG,
    /// when the peer's ufrag is known, must be it. Null when neither generation matches.
    /// </summary>
    private IceGeneration? MatchUsername(ReadOnlySpan<byte> username)
    {
        int colon = username.IndexOf((byte)':');
        if (colon <= 0)
        {
            return null;
        }

        ReadOnlySpan<byte> localPart = username[..colon];
        ReadOnlySpan<byte> remotePart = username[(colon + 1)..];
        if (Matches(_generation, localPart, remotePart))
        {
            return _generation;
        }

        return _previousGeneration is { } previous && Matches(previous, localPart, remotePart) ? previous : null;

        static bool Matches(IceGeneration generation, ReadOnlySpan<byte> localPart, ReadOnlySpan<byte> remotePart) =>
            localPart.SequenceEqual(generation.LocalUfrag)
            && (generation.Remote is null || remotePart.SequenceEqual(generation.RemoteUfrag));
    }

    private LocalCandidate? FindLocal(PeerAddress address)
    {
        foreach (LocalCandidate local in _pairable)
        {
            if (local.ReceiveAddress == address)
            {
                return local;
            }
        }

        return null;
    }

    private LocalCandidate? FindRelayByServer(PeerAddress local, PeerAddress remote)
    {
        foreach (LocalCandidate candidate in _pairable)
        {
            // TURN clients of the agent's own are routed before (TryReceiveFromTurn); this serves other channels.
            if (candidate.Relay is { } relay and not Turn.TurnClient && relay.ServerAddress == remote && relay.LocalBase == local)
            {
                return candidate;
            }
        }

        return null;
    }
}
