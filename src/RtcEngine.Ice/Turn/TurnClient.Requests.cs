using System.Diagnostics.CodeAnalysis;
using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;

namespace RtcEngine.Ice.Turn;

/// <summary>Requests: starting them, writing them at poll time, retransmissions, timeouts and the refresh timers.</summary>
public sealed partial class TurnClient
{
    /// <inheritdoc />
    /// <remarks>
    /// Requests are written straight into <paramref name="destination"/> when polled, with the
    /// current NONCE (so a request queued before a 438 leaves with the fresh one).
    /// </remarks>
    public bool TryPollTransmit(Span<byte> destination, out TransmitInfo transmit)
    {
        if (destination.Length < DatagramLimits.MaxDatagramSize)
        {
            ThrowDestinationTooSmall();
        }

        while (_outbox.TryDequeue(out TurnTransaction? transaction))
        {
            transaction.Queued = false;
            if (!transaction.InFlight)
            {
                continue; // settled or cancelled before it left
            }

            if (TryBuild(transaction, destination, out int length))
            {
                transmit = new TransmitInfo(length, _options.LocalAddress, _options.ServerAddress, _options.Protocol);
                return true;
            }

            Counters.RequestsTooLarge++;
            Settle(transaction);
            OnRequestFailed(transaction, TurnErrorCodes.RequestTooLarge, "the request did not fit in a datagram (REALM or NONCE too long)");
        }

        transmit = default;
        return false;
    }

    /// <inheritdoc />
    public void HandleTimeout(MonoTime now)
    {
        if (_disposed)
        {
            return;
        }

        Advance(now);
        CheckTransaction(_allocation);
        for (int i = _permissions.Count - 1; i >= 0; i--)
        {
            CheckTransaction(_permissions[i].Transaction);
        }

        for (int i = _channels.Count - 1; i >= 0; i--)
        {
            CheckTransaction(_channels[i].Transaction);
        }

        if (_state == TurnAllocationState.Allocated)
        {
            if (!_allocation.InFlight && _now >= _refreshAt)
            {
                StartRefresh(_requestedLifetimeSeconds);
            }

            RefreshPeers();
        }

        _timeoutValid = false;
    }

    /// <inheritdoc />
    public MonoTime PollTimeout()
    {
        if (!_timeoutValid)
        {
            _timeout = ComputeTimeout();
            _timeoutValid = true;
        }

        return _timeout;
    }

    /// <summary>Starts a new logical request on <paramref name="transaction"/> (its retry budgets reset).</summary>
    private void BeginRequest(TurnTransaction transaction)
    {
        transaction.StaleNonceRetries = 0;
        Send(transaction);
    }

    /// <summary>Sends the transaction's request under a fresh id (a new transaction, as RFC 8489 asks after 401 and 438).</summary>
    private void Send(TurnTransaction transaction)
    {
        transaction.Id = StunTransactionId.Create(_random);
        transaction.InFlight = true;
        transaction.Transmissions = 1;
        transaction.Rto = _options.InitialRto;
        transaction.NextRetransmit = _now + (IsStream ? _streamTimeout : transaction.Rto);
        Counters.RequestsSent++;
        Enqueue(transaction);
        _timeoutValid = false;
    }

    private void StartIfAllocated(TurnTransaction transaction)
    {
        if (_state == TurnAllocationState.Allocated && !transaction.InFlight)
        {
            BeginRequest(transaction);
        }
    }

    private void StartRefresh(uint lifetimeSeconds)
    {
        _allocation.Kind = TurnRequestKind.Refresh;
        _allocation.Lifetime = lifetimeSeconds;
        BeginRequest(_allocation);
    }

    private void StartClose()
    {
        CancelPeers();
        _state = TurnAllocationState.Closing;
        _refreshAt = MonoTime.Never;
        StartRefresh(0);
    }

    private void Enqueue(TurnTransaction transaction)
    {
        if (!transaction.Queued)
        {
            transaction.Queued = true;
            _outbox.Enqueue(transaction); // at most one entry per transaction: bounded by the caps
        }
    }

    private static void Settle(TurnTransaction transaction)
    {
        transaction.InFlight = false;
        transaction.NextRetransmit = MonoTime.Never;
    }

    /// <summary>Retransmits over UDP when due; gives up after the last transmission (or the stream deadline).</summary>
    private void CheckTransaction(TurnTransaction transaction)
    {
        if (!transaction.InFlight || transaction.NextRetransmit > _now)
        {
            return;
        }

        if (IsStream || transaction.Transmissions >= _options.MaxTransmissions)
        {
            Settle(transaction);
            OnTimeout(transaction);
            return;
        }

        transaction.Transmissions++;
        transaction.Rto = TimeSpan.FromTicks(Math.Min(transaction.Rto.Ticks * 2, _options.MaxRto.Ticks));
        transaction.NextRetransmit = _now + transaction.Rto;
        Counters.Retransmissions++;
        Enqueue(transaction);
    }

    private void OnTimeout(TurnTransaction transaction)
    {
        switch (transaction.Kind)
        {
            case TurnRequestKind.Refresh when _state == TurnAllocationState.Allocated && _now < _expires:
                StartRefresh(_requestedLifetimeSeconds); // keep trying while the allocation lives
                return;
            case TurnRequestKind.CreatePermission when transaction.Permission!.State == TurnBindingState.Active && _now < transaction.Permission.Expires:
            case TurnRequestKind.ChannelBind when transaction.Channel!.State == TurnBindingState.Active && _now < transaction.Channel.Expires:
                BeginRequest(transaction);
                return;
        }

        OnRequestFailed(transaction, TurnErrorCodes.Timeout, "the TURN server did not answer");
    }

    /// <summary>Refreshes permissions and channels in use when due; forgets those unused until they expire.</summary>
    private void RefreshPeers()
    {
        for (int i = _channels.Count - 1; i >= 0; i--)
        {
            TurnChannel channel = _channels[i];
            if (channel.State != TurnBindingState.Active || channel.Transaction.InFlight)
            {
                continue;
            }

            if (_now >= channel.Expires)
            {
                RemoveChannelAt(i);
            }
            else if (_now >= channel.RefreshAt)
            {
                if (channel.Used)
                {
                    channel.Used = false;
                    channel.Permission.Used = true; // the permission lives as long as its channel does
                    BeginRequest(channel.Transaction);
                }
                else
                {
                    channel.RefreshAt = MonoTime.Never; // idle: let it expire
                }
            }
        }

        for (int i = _permissions.Count - 1; i >= 0; i--)
        {
            TurnPermission permission = _permissions[i];
            if (permission.State != TurnBindingState.Active || permission.Transaction.InFlight)
            {
                continue;
            }

            if (_now >= permission.Expires)
            {
                RemovePermissionAt(i);
            }
            else if (_now >= permission.RefreshAt)
            {
                if (permission.Used)
                {
                    permission.Used = false;
                    BeginRequest(permission.Transaction);
                }
                else
                {
                    permission.RefreshAt = MonoTime.Never;
                }
            }
        }
    }

    private void RemoveChannelAt(int index)
    {
        TurnChannel channel = _channels[index];
        Settle(channel.Transaction);
        _channels.RemoveAt(index);
        if (_lastChannel == channel)
        {
            _lastChannel = null;
        }
    }

    private void RemovePermissionAt(int index)
    {
        TurnPermission permission = _permissions[index];
        Settle(permission.Transaction);
        _permissions.RemoveAt(index);
        for (int i = _channels.Count - 1; i >= 0; i--)
        {
            if (_channels[i].Permission == permission)
            {
                RemoveChannelAt(i); // a channel is useless once its permission lapsed
            }
        }
    }

    /// <summary>Drops every permission and channel (close, failure).</summary>
    private void CancelPeers()
    {
        foreach (TurnPermission permission in _permissions)
        {
            Settle(permission.Transaction);
        }

        foreach (TurnChannel channel in _channels)
        {
            Settle(channel.Transaction);
        }

        _permissions.Clear();
        _channels.Clear();
        _lastChannel = null;
    }

    private MonoTime ComputeTimeout()
    {
        if (_disposed)
        {
            return MonoTime.Never;
        }

        MonoTime next = _allocation.InFlight ? _allocation.NextRetransmit : MonoTime.Never;
        if (_state != TurnAllocationState.Allocated)
        {
            return next;
        }

        if (!_allocation.InFlight)
        {
            next = MonoTime.Min(next, _refreshAt);
        }

        foreach (TurnPermission permission in _permissions)
        {
            next = MonoTime.Min(next, permission.Transaction.InFlight ? permission.Transaction.NextRetransmit
                : permission.State == TurnBindingState.Active ? MonoTime.Min(permission.RefreshAt, permission.Expires) : MonoTime.Never);
        }

        foreach (TurnChannel channel in _channels)
        {
            next = MonoTime.Min(next, channel.Transaction.InFlight ? channel.Transaction.NextRetransmit
                : channel.State == TurnBindingState.Active ? MonoTime.Min(channel.RefreshAt, channel.Expires) : MonoTime.Never);
        }

        return next;
    }

    /// <summary>Writes the transaction's request (RFC 8656 sections 7.1, 7.2, 9.1, 12.1); false when it does not fit.</summary>
    private bool TryBuild(TurnTransaction transaction, Span<byte> destination, out int length)
    {
        // Never more than a datagram, whatever span the host gave.
        var writer = new StunMessageWriter(destination[..DatagramLimits.MaxDatagramSize], new StunMessageType(transaction.Method, StunClass.Request), transaction.Id);
        bool written = transaction.Kind switch
        {
            // REQUESTED-TRANSPORT: protocol 17 (UDP) and three reserved bytes.
            TurnRequestKind.Allocate => writer.TryAddAttribute(StunAttributeType.RequestedTransport, [17, 0, 0, 0])
                && writer.TryAddUInt32(StunAttributeType.Lifetime, _requestedLifetimeSeconds),
            TurnRequestKind.Refresh => writer.TryAddUInt32(StunAttributeType.Lifetime, transaction.Lifetime),
            TurnRequestKind.CreatePermission => writer.TryAddXorAddress(StunAttributeType.XorPeerAddress, transaction.Permission!.Peer),

            // CHANNEL-NUMBER: the number, then two reserved bytes.
            _ => writer.TryAddUInt32(StunAttributeType.ChannelNumber, (uint)transaction.Channel!.Number << 16)
                && writer.TryAddXorAddress(StunAttributeType.XorPeerAddress, transaction.Channel.Peer),
        };

        if (_software is not null)
        {
            written &= writer.TryAddAttribute(StunAttributeType.Software, _software);
        }

        transaction.Authenticated = _credentials.Key is not null;
        if (transaction.Authenticated)
        {
            written &= _credentials.TryAddTo(ref writer);
        }

        written &= writer.TryAddFingerprint();
        length = writer.Length;
        return written;
    }

    [DoesNotReturn]
    private static void ThrowDestinationTooSmall() =>
        throw new ArgumentException($"The destination span must hold {DatagramLimits.MaxDatagramSize} bytes.", "destination");
}
