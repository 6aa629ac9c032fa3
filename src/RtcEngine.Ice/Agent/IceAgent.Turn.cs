using RtcEngine.Ice.Configuration;
using RtcEngine.Ice.Turn;
using RtcEngine.Primitives;

namespace RtcEngine.Ice.Agent;

/// <summary>
/// Relay candidates from TURN servers (RFC 8656, RFC 8445 section 5.1.1.2): the agent owns one
/// <see cref="TurnClient"/> per configured server, starts its allocation with gathering, routes the
/// server's datagrams to it, sends its requests before its own checks, and adds its relay
/// candidate through the relay seam (<see cref="AddRelayCandidate"/>) once allocated.
/// </summary>
public sealed partial class IceAgent
{
    private readonly List<TurnRelay> _turn = [];

    /// <summary>
    /// The TURN clients this agent owns, one per <see cref="IceAgentOptions.TurnServers"/> entry in
    /// order, as a new list (allocates): for their state and counters. The agent drives them; call
    /// nothing on them that changes them.
    /// </summary>
    public IReadOnlyList<TurnClient> TurnClients => _turn.ConvertAll(t => t.Client);

    private void CreateTurnClients()
    {
        IReadOnlyList<IceTurnServer> servers = _options.TurnServers;
        for (int i = 0; i < servers.Count; i++)
        {
            IceTurnServer server = servers[i];
            PeerAddress localBase = server.LocalBaseAmong(_options.HostAddresses);

            var client = new TurnClient(
                new TurnClientOptions
                {
                    ServerAddress = server.Address,
                    Protocol = server.Protocol,
                    LocalAddress = localBase,
                    Username = server.Username,
                    Password = server.Credential,
                    Software = _options.Software,
                    InitialRto = _options.InitialRto,
                    MaxRto = _options.MaxRto,
                },
                _random);

            // Relay over UDP before TCP before TLS (as browsers rank them), then in configured order.
            int rank = server.Protocol switch
            {
                TransportProtocol.Udp => 65535,
                TransportProtocol.Tcp => 49151,
                _ => 32767,
            };
            _turn.Add(new TurnRelay(server, client, (ushort)(rank - i)));
        }
    }

    private void StartTurnAllocations()
    {
        foreach (TurnRelay relay in _turn)
        {
            if (relay.Client.State == TurnAllocationState.New)
            {
                relay.Client.Allocate(_now);
            }
        }

        PumpTurnEvents();
    }

    private bool TurnAllocationsSettled()
    {
        foreach (TurnRelay relay in _turn)
        {
            if (!relay.Settled)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Gives a datagram from a TURN server to its client. True when the client took it (a response,
    /// or a peer's data, which continues as if it arrived on the relayed address); false when it is
    /// not from a TURN server or not TURN traffic (a STUN server sharing the address), for the usual path.
    /// </summary>
    private bool TryReceiveFromTurn(in ReceivedDatagram datagram, PeerAddress local, PeerAddress remote, out IceReceiveResult result, out ReceivedDatagram application)
    {
        result = IceReceiveResult.Dropped;
        application = default;
        TurnRelay? relay = FindTurn(local, remote, datagram.Protocol);
        if (relay is null)
        {
            return false;
        }

        Span<byte> data = datagram.Data;
        switch (relay.Client.ReceiveCore(data, out PeerAddress peer, out int offset, out int length))
        {
            case TurnReceiveResult.NotTurn:
                return false;
            case TurnReceiveResult.PeerData:
                if (_closed || !relay.CandidateAdded)
                {
                    Counters.DroppedInactive++;
                    return true;
                }

                result = ReceiveFrom(data.Slice(offset, length), relay.Client.RelayedAddress, peer, datagram.Protocol, out application);
                return true;
            case TurnReceiveResult.Consumed:
                PumpTurnEvents();
                AfterInput();
                result = IceReceiveResult.Consumed;
                return true;
            default:
                return true; // dropped and counted by the client
        }
    }

    private TurnRelay? FindTurn(PeerAddress local, PeerAddress remote, TransportProtocol protocol)
    {
        foreach (TurnRelay relay in _turn)
        {
            TurnClientOptions options = relay.Client.Options;

            // Over UDP the 5-tuple names the allocation; a stream is one connection per server and transport.
            if (options.Protocol == protocol && options.ServerAddress == remote
                && (protocol != TransportProtocol.Udp || options.LocalAddress == local))
            {
                return relay;
            }
        }

        return null;
    }

    /// <summary>The TURN clients' requests go first: an Allocate or a permission should precede the checks that need it.</summary>
    private bool TryPollTurnTransmit(Span<byte> destination, out TransmitInfo transmit)
    {
        foreach (TurnRelay relay in _turn)
        {
            if (relay.Client.TryPollTransmit(destination, out transmit))
            {
                return true;
            }
        }

        PumpTurnEvents(); // a request that could not be written fails at poll time
        transmit = default;
        return false;
    }

    private void HandleTurnTimeouts()
    {
        if (_turn.Count == 0)
        {
            return;
        }

        foreach (TurnRelay relay in _turn)
        {
            if (relay.Client.PollTimeout() <= _now)
            {
                relay.Client.HandleTimeout(_now);
            }
        }

        PumpTurnEvents();
    }

    private MonoTime TurnTimeout()
    {
        MonoTime next = MonoTime.Never;
        foreach (TurnRelay relay in _turn)
        {
            next = MonoTime.Min(next, relay.Client.PollTimeout());
        }

        return next;
    }

    /// <summary>Releases every allocation (Refresh with lifetime 0); the host keeps draining transmits to let them leave.</summary>
    private void CloseTurn()
    {
        foreach (TurnRelay relay in _turn)
        {
            relay.Client.Close(_now);
        }

        PumpTurnEvents();
    }

    private void DisposeTurn()
    {
        foreach (TurnRelay relay in _turn)
        {
            relay.Client.Dispose();
        }
    }

    /// <summary>Turns the clients' events into the agent's: relay candidates, and errors per server.</summary>
    private void PumpTurnEvents()
    {
        foreach (TurnRelay relay in _turn)
        {
            while (relay.Client.TryPollEvent(out TurnEvent turnEvent))
            {
                switch (turnEvent)
                {
                    case TurnAllocatedEvent allocated:
                        relay.Settled = true;
                        Emit(new IceTurnAllocatedEvent(relay.Server, allocated.RelayedAddress, allocated.MappedAddress));
                        if (!_closed)
                        {
                            relay.CandidateAdded = true;
                            AddRelayCandidate(relay.Client, relay.LocalPreference);
                        }

                        CheckGatheringComplete();
                        break;
                    case TurnAllocationFailedEvent failed:
                        relay.Settled = true;
                        Emit(new IceTurnServerErrorEvent(relay.Server, failed.Method, failed.ErrorCode, failed.Reason));
                        CheckGatheringComplete();
                        break;
                    case TurnPeerRequestFailedEvent peerFailed:
                        Emit(new IceTurnServerErrorEvent(relay.Server, peerFailed.Method, peerFailed.ErrorCode, $"{peerFailed.Reason} (peer {peerFailed.Peer})"));
                        break;
                }
            }
        }
    }

    /// <summary>One configured TURN server and the client that holds its allocation.</summary>
    private sealed class TurnRelay(IceTurnServer server, TurnClient client, ushort localPreference)
    {
        public IceTurnServer Server { get; } = server;

        public TurnClient Client { get; } = client;

        public ushort LocalPreference { get; } = localPreference;

        /// <summary>The allocation succeeded or failed: gathering no longer waits for it.</summary>
        public bool Settled { get; set; }

        /// <summary>The relay candidate was added (relayed data is accepted only then).</summary>
        public bool CandidateAdded { get; set; }
    }
}
