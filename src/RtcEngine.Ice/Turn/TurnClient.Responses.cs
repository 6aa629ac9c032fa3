using System.Text;
using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;

namespace RtcEngine.Ice.Turn;

/// <summary>The receive path for the client's own traffic: responses, the 401 and 438 flows, and what each success installs.</summary>
public sealed partial class TurnClient
{
    /// <summary>
    /// Every datagram from the TURN server goes here. Responses to the client's requests are
    /// consumed; a peer's data (a Data indication or ChannelData on a channel we bound) is handed back
    /// in <paramref name="peerData"/>, a slice of the same buffer, with <see cref="ReceivedDatagram.Local"/>
    /// the relayed address and <see cref="ReceivedDatagram.Remote"/> the peer. Datagrams that are
    /// not from the server, or are STUN Binding messages, are <see cref="TurnReceiveResult.NotTurn"/>.
    /// Allocation-free for peer data.
    /// </summary>
    public TurnReceiveResult Receive(MonoTime now, in ReceivedDatagram datagram, out ReceivedDatagram peerData)
    {
        peerData = default;
        if (_disposed || datagram.Remote.UnmapIPv4() != _options.ServerAddress.UnmapIPv4() || datagram.Protocol != _options.Protocol)
        {
            return TurnReceiveResult.NotTurn;
        }

        Advance(now);
        TurnReceiveResult result = ReceiveCore(datagram.Data, out PeerAddress peer, out int offset, out int length);
        if (result == TurnReceiveResult.PeerData)
        {
            peerData = new ReceivedDatagram(datagram.Data.Slice(offset, length), _relayed, peer, TransportProtocol.Udp);
        }

        return result;
    }

    /// <summary>Classifies and handles one datagram from the server; for peer data, where its payload lies.</summary>
    internal TurnReceiveResult ReceiveCore(Span<byte> data, out PeerAddress peer, out int payloadOffset, out int payloadLength)
    {
        peer = default;
        payloadOffset = 0;
        payloadLength = 0;
        if (data.IsEmpty)
        {
            Counters.DroppedMalformed++;
            return TurnReceiveResult.Dropped;
        }

        byte first = data[0];
        if (first is >= 0x40 and <= 0x7F)
        {
            return ReceiveChannelData(data, out peer, out payloadOffset, out payloadLength);
        }

        if (first > 3)
        {
            return TurnReceiveResult.NotTurn; // RFC 7983: not STUN, not ChannelData
        }

        if (!StunMessageReader.TryRead(data, out StunMessageReader message))
        {
            Counters.DroppedMalformed++;
            return TurnReceiveResult.Dropped;
        }

        if (message.Method == StunMethod.Binding)
        {
            return TurnReceiveResult.NotTurn; // a STUN server on the same address, or an ICE check
        }

        if (message.HasFingerprint && !message.VerifyFingerprint())
        {
            Counters.DroppedBadFingerprint++;
            return TurnReceiveResult.Dropped;
        }

        if (message.Class == StunClass.Indication && message.Method == StunMethod.Data)
        {
            return ReceiveDataIndication(data, message, out peer, out payloadOffset, out payloadLength);
        }

        if (message.Class is StunClass.SuccessResponse or StunClass.ErrorResponse)
        {
            TurnReceiveResult result = HandleResponse(message);
            _timeoutValid = false;
            return result;
        }

        Counters.DroppedUnexpected++;
        return TurnReceiveResult.Dropped;
    }

    private TurnReceiveResult HandleResponse(in StunMessageReader message)
    {
        TurnTransaction? transaction = FindTransaction(message.TransactionIdBytes);
        if (transaction is null || transaction.Method != message.Method)
        {
            Counters.DroppedUnknownTransaction++;
            return TurnReceiveResult.Dropped;
        }

        // A success must prove the server knows our key; an error may come unauthenticated (401 and
        // 438 cannot be otherwise), but a MESSAGE-INTEGRITY that is there must be right.
        bool success = message.Class == StunClass.SuccessResponse;
        if ((success || message.HasMessageIntegrity)
            && (_credentials.Key is not { } key || !message.HasMessageIntegrity || !message.VerifyMessageIntegrity(key)))
        {
            Counters.DroppedBadIntegrity++;
            return TurnReceiveResult.Dropped;
        }

        if (success)
        {
            return HandleSuccess(transaction, message);
        }

        if (!message.TryGetErrorCode(out int code, out ReadOnlySpan<byte> phrase))
        {
            Counters.DroppedMalformed++;
            return TurnReceiveResult.Dropped;
        }

        Counters.ResponsesReceived++;
        Settle(transaction);
        bool retried = code switch
        {
            StunErrorCodes.Unauthenticated => TryAnswerChallenge(transaction, message),
            StunErrorCodes.StaleNonce => TryRetryStaleNonce(transaction, message),
            _ => false,
        };

        if (!retried)
        {
            OnRequestFailed(transaction, code, Explain(code, phrase, transaction));
        }

        return TurnReceiveResult.Consumed;
    }

    /// <summary>
    /// 401 (RFC 8489 section 9.2.5): to a request without credentials, the challenge: take REALM
    /// and NONCE and send again with them. To a request with credentials it means they are wrong,
    /// unless the server changed the nonce (some servers answer 401 where 438 is meant): one retry.
    /// </summary>
    private bool TryAnswerChallenge(TurnTransaction transaction, in StunMessageReader message)
    {
        bool newNonce = message.TryGetAttribute(StunAttributeType.Nonce, out ReadOnlySpan<byte> nonce) && !_credentials.IsCurrentNonce(nonce);
        if (transaction.Authenticated && (!newNonce || transaction.StaleNonceRetries > 0))
        {
            return false;
        }

        if (!_credentials.TryAccept(message))
        {
            Counters.DroppedIncompleteResponse++;
            return false;
        }

        if (transaction.Authenticated)
        {
            transaction.StaleNonceRetries++;
        }

        Counters.AuthenticationChallenges++;
        Send(transaction);
        return true;
    }

    /// <summary>438 (RFC 8489 section 9.2.5): take the new NONCE and send again, a few times at most.</summary>
    private bool TryRetryStaleNonce(TurnTransaction transaction, in StunMessageReader message)
    {
        if (transaction.StaleNonceRetries >= MaxStaleNonceRetries || !_credentials.TryAccept(message))
        {
            return false;
        }

        transaction.StaleNonceRetries++;
        Counters.StaleNonceRetries++;
        Send(transaction);
        return true;
    }

    private TurnReceiveResult HandleSuccess(TurnTransaction transaction, in StunMessageReader message)
    {
        switch (transaction.Kind)
        {
            case TurnRequestKind.Allocate:
            {
                if (!message.TryGetAddress(StunAttributeType.XorRelayedAddress, xor: true, out PeerAddress relayed))
                {
                    Counters.DroppedIncompleteResponse++;
                    return TurnReceiveResult.Dropped; // keeps waiting: a retransmission may get a proper answer
                }

                Counters.ResponsesReceived++;
                Settle(transaction);
                message.TryGetXorMappedAddress(out PeerAddress mapped);
                _relayed = relayed.UnmapIPv4();
                _mapped = mapped.UnmapIPv4();
                _state = TurnAllocationState.Allocated;
                ScheduleRefresh(ReadLifetime(message));
                Emit(new TurnAllocatedEvent(_relayed, _mapped, _lifetime));
                if (_closeRequested)
                {
                    StartClose();
                    return TurnReceiveResult.Consumed;
                }

                foreach (TurnPermission permission in _permissions)
                {
                    StartIfAllocated(permission.Transaction); // asked for while allocating
                }

                foreach (TurnChannel channel in _channels)
                {
                    StartIfAllocated(channel.Transaction);
                }

                return TurnReceiveResult.Consumed;
            }

            case TurnRequestKind.Refresh:
                Counters.ResponsesReceived++;
                Settle(transaction);
                if (_state == TurnAllocationState.Closing)
                {
                    SetClosed();
                }
                else if (_state == TurnAllocationState.Allocated)
                {
                    ScheduleRefresh(ReadLifetime(message));
                    Counters.AllocationRefreshes++;
                }

                return TurnReceiveResult.Consumed;

            case TurnRequestKind.CreatePermission:
            {
                Counters.ResponsesReceived++;
                Settle(transaction);
                TurnPermission permission = transaction.Permission!;
                Install(permission);
                if (permission.Reported)
                {
                    Counters.PermissionRefreshes++;
                }
                else
                {
                    permission.Reported = true;
                    Emit(new TurnPermissionCreatedEvent(permission.Peer));
                }

                return TurnReceiveResult.Consumed;
            }

            default:
            {
                Counters.ResponsesReceived++;
                Settle(transaction);
                TurnChannel channel = transaction.Channel!;
                channel.State = TurnBindingState.Active;
                channel.Expires = _now + _options.ChannelLifetime;
                channel.RefreshAt = _now + _options.ChannelRefreshInterval;

                // A ChannelBind installs or refreshes the permission of the peer's address too (RFC 8656 section 12.2).
                Install(channel.Permission);

                if (channel.Reported)
                {
                    Counters.ChannelRefreshes++;
                }
                else
                {
                    channel.Reported = true;
                    Emit(new TurnChannelBoundEvent(channel.Peer, channel.Number));
                }

                return TurnReceiveResult.Consumed;
            }
        }
    }

    private void Install(TurnPermission permission)
    {
        permission.State = TurnBindingState.Active;
        permission.Expires = _now + _options.PermissionLifetime;
        permission.RefreshAt = _now + _options.PermissionRefreshInterval;
    }

    /// <summary>A request failed for good (an error answer that no retry fixes, or no answer).</summary>
    private void OnRequestFailed(TurnTransaction transaction, int code, string reason)
    {
        switch (transaction.Kind)
        {
            case TurnRequestKind.Allocate:
                if (_closeRequested)
                {
                    SetClosed();
                    return;
                }

                Fail(StunMethod.Allocate, code, reason, wasAllocated: false);
                return;
            case TurnRequestKind.Refresh:
                if (_state == TurnAllocationState.Closing)
                {
                    SetClosed(); // 437 and friends mean it is gone already; a timeout, that we tried
                }
                else if (_state == TurnAllocationState.Allocated)
                {
                    Fail(StunMethod.Refresh, code, reason, wasAllocated: true);
                }

                return;
            case TurnRequestKind.CreatePermission:
                transaction.Permission!.State = TurnBindingState.Failed;
                Emit(new TurnPeerRequestFailedEvent(StunMethod.CreatePermission, transaction.Permission.Peer, code, reason));
                return;
            default:
                transaction.Channel!.State = TurnBindingState.Failed;
                Emit(new TurnPeerRequestFailedEvent(StunMethod.ChannelBind, transaction.Channel.Peer, code, reason));
                return;
        }
    }

    private void Fail(StunMethod method, int code, string reason, bool wasAllocated)
    {
        _state = TurnAllocationState.Failed;
        _relayed = PeerAddress.None;
        _expires = MonoTime.Never;
        _refreshAt = MonoTime.Never;
        Settle(_allocation);
        CancelPeers();
        Emit(new TurnAllocationFailedEvent(method, code, reason, wasAllocated));
    }

    private void ScheduleRefresh(TimeSpan lifetime)
    {
        _lifetime = lifetime;
        TimeSpan margin = lifetime > _options.RefreshMargin + _options.RefreshMargin ? _options.RefreshMargin : lifetime / 2;
        _expires = _now + lifetime;
        _refreshAt = _now + (lifetime - margin);
    }

    private TimeSpan ReadLifetime(in StunMessageReader message) =>
        message.TryGetUInt32(StunAttributeType.Lifetime, out uint seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(_requestedLifetimeSeconds);

    private TurnTransaction? FindTransaction(ReadOnlySpan<byte> id)
    {
        if (_allocation.InFlight && _allocation.Id.Matches(id))
        {
            return _allocation;
        }

        foreach (TurnPermission permission in _permissions)
        {
            if (permission.Transaction.InFlight && permission.Transaction.Id.Matches(id))
            {
                return permission.Transaction;
            }
        }

        foreach (TurnChannel channel in _channels)
        {
            if (channel.Transaction.InFlight && channel.Transaction.Id.Matches(id))
            {
                return channel.Transaction;
            }
        }

        return null;
    }

    /// <summary>A message for people: the server's code and phrase, and what they mean here.</summary>
    private string Explain(int code, ReadOnlySpan<byte> phrase, TurnTransaction transaction)
    {
        string server = phrase.IsEmpty ? StunErrorCodes.ReasonPhrase(code) : Encoding.UTF8.GetString(phrase);
        string meaning = code switch
        {
            StunErrorCodes.Unauthenticated => $"wrong username or password for realm \"{_credentials.RealmText}\"",
            StunErrorCodes.WrongCredentials => "the credentials differ from those the allocation was made with",
            StunErrorCodes.StaleNonce => "the server kept refusing the nonce",
            StunErrorCodes.AllocationQuotaReached => "the user has as many allocations as the server allows",
            StunErrorCodes.InsufficientCapacity => "the server has no relay capacity left",
            StunErrorCodes.AllocationMismatch => transaction.Kind == TurnRequestKind.Allocate
                ? "an allocation already exists for this client address"
                : "the server has no allocation for this client address (it expired or the connection changed)",
            StunErrorCodes.Forbidden => transaction.Kind is TurnRequestKind.CreatePermission or TurnRequestKind.ChannelBind
                ? "the server does not allow relaying to this peer"
                : "the server refused the request",
            StunErrorCodes.TryAlternate => "the server redirects to another server (ALTERNATE-SERVER is not followed)",
            StunErrorCodes.UnsupportedTransportProtocol => "the server does not relay UDP",
            _ => "the request was refused",
        };
        return $"{transaction.Method} failed with {code} ({server}): {meaning}";
    }
}
