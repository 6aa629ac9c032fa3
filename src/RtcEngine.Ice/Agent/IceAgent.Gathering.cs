using System.Globalization;
using RtcEngine.Ice.Candidates;
using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;

namespace RtcEngine.Ice.Agent;

/// <summary>Gathering: host candidates from the driver's sockets, server-reflexive ones from STUN servers (RFC 8445 section 5.1).</summary>
public sealed partial class IceAgent
{
    private void CreateHostCandidates()
    {
        if (_options.TransportPolicy == IceTransportPolicy.Relay)
        {
            return; // the sockets still carry TURN traffic, but are neither signalled nor paired
        }

        IReadOnlyList<PeerAddress> hosts = _options.HostAddresses;
        for (int i = 0; i < hosts.Count; i++)
        {
            PeerAddress address = hosts[i].UnmapIPv4();

            // The driver's order is its preference (RFC 8421 leaves IPv6/IPv4 ordering to it).
            ushort localPreference = (ushort)(65535 - i);
            var candidate = new IceCandidate(
                Foundation(IceCandidateType.Host, address, PeerAddress.None),
                ComponentId,
                "udp",
                IceCandidate.ComputePriority(IceCandidateType.Host, localPreference, ComponentId),
                address.AddressToString(),
                address.Port,
                IceCandidateType.Host);
            var local = new LocalCandidate(candidate, address, address, localPreference, relay: null);
            _localCandidates.Add(local);
            _pairable.Add(local);
        }
    }

    /// <summary>
    /// Adds a relay candidate backed by a TURN allocation (the seam issue 4 uses): it is reported,
    /// paired with every remote candidate of its family, and checks and data on its pairs go through
    /// the channel's framing. Add it before <see cref="StartGathering"/> (or before gathering
    /// completes) so that it is signalled ahead of end-of-candidates.
    /// </summary>
    internal void AddRelayCandidate(IIceRelayChannel relay, ushort localPreference = 65535)
    {
        ArgumentNullException.ThrowIfNull(relay);
        ThrowIfClosed();
        var candidate = new IceCandidate(
            Foundation(IceCandidateType.Relay, relay.LocalBase, relay.ServerAddress),
            ComponentId,
            "udp",
            IceCandidate.ComputePriority(IceCandidateType.Relay, localPreference, ComponentId),
            relay.RelayedAddress.AddressToString(),
            relay.RelayedAddress.Port,
            IceCandidateType.Relay,
            relay.LocalBase.AddressToString(),
            relay.LocalBase.Port);
        var local = new LocalCandidate(candidate, relay.RelayedAddress, relay.LocalBase, localPreference, relay);
        _localCandidates.Add(local);
        _pairable.Add(local);
        _relayCount++;
        if (_gatheringState != IceGatheringState.New)
        {
            Emit(new IceCandidateGatheredEvent(candidate, relay.LocalBase)); // else StartGathering reports it
        }
        foreach (RemoteCandidate remote in _remoteCandidates)
        {
            TryAddPair(local, remote);
        }

        AfterInput();
    }

    private void BeginGathering()
    {
        _gatheringState = IceGatheringState.Gathering;
        foreach (LocalCandidate local in _localCandidates)
        {
            Emit(new IceCandidateGatheredEvent(local.Candidate, local.Base));
        }

        foreach (LocalCandidate host in _pairable)
        {
            if (host.Relay is not null)
            {
                continue;
            }

            foreach (PeerAddress server in _options.StunServers)
            {
                if (server.UnmapIPv4().IsIPv4 == host.Base.UnmapIPv4().IsIPv4)
                {
                    _serverTransactions.Add(new ServerTransaction(host, server));
                }
            }
        }

        StartTurnAllocations();
        CheckGatheringComplete();
    }

    private void CheckGatheringComplete()
    {
        if (_gatheringState != IceGatheringState.Gathering || !TurnAllocationsSettled())
        {
            return;
        }

        foreach (ServerTransaction transaction in _serverTransactions)
        {
            if (!transaction.Done)
            {
                return;
            }
        }

        _gatheringState = IceGatheringState.Complete;
        Emit(new IceGatheringCompleteEvent());
    }

    /// <summary>Sends the next server request not yet sent; true if one was (it used the pacer's slot).</summary>
    private bool TryStartServerTransaction()
    {
        foreach (ServerTransaction transaction in _serverTransactions)
        {
            if (!transaction.Started)
            {
                transaction.Started = true;
                transaction.TransactionId = StunTransactionId.Create(_random);
                transaction.Transmissions = 1;
                transaction.Rto = _options.InitialRto;
                transaction.NextRetransmit = _now + transaction.Rto;
                EnqueueServerRequest(transaction);
                return true;
            }
        }

        return false;
    }

    private void RetransmitServerTransactions()
    {
        foreach (ServerTransaction transaction in _serverTransactions)
        {
            if (transaction.Done || !transaction.Started || transaction.NextRetransmit > _now)
            {
                continue;
            }

            if (transaction.Transmissions >= _options.MaxServerTransmissions)
            {
                transaction.Done = true;
                transaction.NextRetransmit = MonoTime.Never;
                Emit(new IceStunServerErrorEvent(transaction.Server, transaction.Host.Base, IceStunServerErrorEvent.Unreachable, "STUN server did not answer"));
                continue;
            }

            transaction.Transmissions++;
            transaction.Rto = TimeSpan.FromTicks(Math.Min(transaction.Rto.Ticks * 2, _options.MaxRto.Ticks));
            transaction.NextRetransmit = _now + transaction.Rto;
            EnqueueServerRequest(transaction);
        }

        CheckGatheringComplete();
    }

    /// <summary>A response from a STUN server; true when it matched one of our transactions.</summary>
    private bool HandleServerResponse(in StunMessageReader message, PeerAddress local, PeerAddress remote)
    {
        ServerTransaction? transaction = null;
        foreach (ServerTransaction candidate in _serverTransactions)
        {
            if (!candidate.Done && candidate.Started && candidate.TransactionId.Matches(message.TransactionIdBytes))
            {
                transaction = candidate;
                break;
            }
        }

        if (transaction is null)
        {
            return false;
        }

        if (remote != transaction.Server || local != transaction.Host.Base || (message.HasFingerprint && !message.VerifyFingerprint()))
        {
            Counters.DroppedUnknownTransaction++;
            return true; // not from the server we asked: ignored, the transaction keeps waiting
        }

        transaction.Done = true;
        transaction.NextRetransmit = MonoTime.Never;
        if (message.Class == StunClass.ErrorResponse)
        {
            message.TryGetErrorCode(out int code, out ReadOnlySpan<byte> reason);
            Emit(new IceStunServerErrorEvent(transaction.Server, transaction.Host.Base, code, System.Text.Encoding.UTF8.GetString(reason)));
        }
        else if (message.TryGetXorMappedAddress(out PeerAddress mapped) || message.TryGetMappedAddress(out mapped))
        {
            Emit(new IceStunServerRespondedEvent(transaction.Server, transaction.Host.Base, mapped));
            AddServerReflexive(transaction, mapped);
        }
        else
        {
            Emit(new IceStunServerErrorEvent(transaction.Server, transaction.Host.Base, StunErrorCodes.BadRequest, "response without a mapped address"));
        }

        CheckGatheringComplete();
        return true;
    }

    private void AddServerReflexive(ServerTransaction transaction, PeerAddress mapped)
    {
        LocalCandidate host = transaction.Host;

        // A candidate is redundant when its address and base equal another's (RFC 8445 section 5.1.3).
        foreach (LocalCandidate existing in _localCandidates)
        {
            if (existing.Address == mapped && existing.Base == host.Base)
            {
                return;
            }
        }

        var candidate = new IceCandidate(
            Foundation(IceCandidateType.ServerReflexive, host.Base, transaction.Server),
            ComponentId,
            "udp",
            IceCandidate.ComputePriority(IceCandidateType.ServerReflexive, host.LocalPreference, ComponentId),
            mapped.AddressToString(),
            mapped.Port,
            IceCandidateType.ServerReflexive,
            host.Base.AddressToString(),
            host.Base.Port);

        // Not pairable: checks from it leave from its base, which the host candidate's pairs cover (RFC 8445 section 6.1.2.4).
        _localCandidates.Add(new LocalCandidate(candidate, mapped, host.Base, host.LocalPreference, relay: null));
        Emit(new IceCandidateGatheredEvent(candidate, host.Base));
    }

    /// <summary>
    /// Candidates share a foundation when they have the same type, base IP and server (RFC 8445
    /// section 5.1.1.3); foundations are small numbers handed out in order.
    /// </summary>
    private string Foundation(IceCandidateType type, PeerAddress baseAddress, PeerAddress server)
    {
        string key = string.Create(CultureInfo.InvariantCulture, $"{type}|{baseAddress.AddressToString()}|{(server.IsNone ? string.Empty : server.AddressToString())}");
        if (!_foundations.TryGetValue(key, out string? foundation))
        {
            foundation = (_foundations.Count + 1).ToString(CultureInfo.InvariantCulture);
            _foundations.Add(key, foundation);
        }

        return foundation;
    }
}
