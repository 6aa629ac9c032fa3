using RtcEngine.Primitives;

namespace RtcEngine.Session.Driver.Stream;

/// <summary>
/// What a host needs for TURN over TCP and TLS: transmits whose <see cref="TransmitInfo.Protocol"/>
/// is <see cref="TransportProtocol.Tcp"/> or <see cref="TransportProtocol.Tls"/> go to
/// <see cref="TrySend"/>, which keeps one <see cref="TurnStreamConnection"/> per server address and
/// protocol (opened on first use, opened again after it failed); <see cref="TryReceive"/> hands back
/// the servers' messages, in turn from each connection, for the engine's receive path.
/// </summary>
/// <remarks>
/// Threading: <see cref="TrySend"/> and <see cref="TryReceive"/> belong to the host's loop thread;
/// the wake callback is raised on I/O threads. Connections are capped, so a misbehaving engine
/// cannot make the router open sockets without limit.
/// </remarks>
/// <example>
/// <code>
/// var streams = new TurnStreamRouter(wake: loop.Wake, configure: (address, protocol) =&gt; new TurnStreamOptions
///     { RemoteAddress = address, Protocol = protocol, ServerName = "turn.example.org" });
/// // draining the agent:
/// while (agent.TryPollTransmit(buffer, out TransmitInfo t))
/// {
///     if (t.Protocol == TransportProtocol.Udp) { udp.SendTo(buffer[..t.Length], t.Destination); } else { streams.TrySend(buffer[..t.Length], t); }
/// }
/// // when woken:
/// while (streams.TryReceive(out ReceivedDatagram message)) { agent.Receive(now, message, out ReceivedDatagram application); }
/// </code>
/// </example>
public sealed class TurnStreamRouter : IAsyncDisposable
{
    private readonly Func<PeerAddress, TransportProtocol, TurnStreamOptions> _configure;
    private readonly Action? _wake;
    private readonly int _maxConnections;
    private readonly List<TurnStreamConnection> _connections = [];
    private int _next;

    /// <summary>Makes a router; no connection is opened until something is sent.</summary>
    /// <param name="wake">Raised on an I/O thread when a connection has messages or changed state.</param>
    /// <param name="configure">Options for a new connection to an address over a protocol; null connects with the defaults (TLS checked against the address).</param>
    /// <param name="maxConnections">Cap on connections open at once.</param>
    public TurnStreamRouter(Action? wake = null, Func<PeerAddress, TransportProtocol, TurnStreamOptions>? configure = null, int maxConnections = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConnections, 1);
        _wake = wake;
        _configure = configure ?? ((address, protocol) => new TurnStreamOptions { RemoteAddress = address, Protocol = protocol });
        _maxConnections = maxConnections;
    }

    /// <summary>The connections, as a snapshot (allocates).</summary>
    public IReadOnlyList<TurnStreamConnection> Connections => [.. _connections];

    /// <summary>Sends refused because the connection cap was reached.</summary>
    public long DroppedTooManyConnections { get; private set; }

    /// <summary>
    /// Sends one whole TURN message on the connection to <see cref="TransmitInfo.Destination"/> over
    /// <see cref="TransmitInfo.Protocol"/>. Loop thread only. False (counted by the connection or the
    /// router) when it could not be queued.
    /// </summary>
    /// <exception cref="ArgumentException">The transmit is not TCP or TLS, or names no destination.</exception>
    public bool TrySend(ReadOnlySpan<byte> message, in TransmitInfo transmit)
    {
        if (transmit.Protocol == TransportProtocol.Udp || transmit.Destination.IsNone)
        {
            throw new ArgumentException("Only TCP and TLS transmits with a destination go to a stream.", nameof(transmit));
        }

        TurnStreamConnection? connection = Find(transmit.Destination, transmit.Protocol);
        if (connection is null || connection.State is TurnStreamState.Closed or TurnStreamState.Failed)
        {
            if (connection is not null)
            {
                _connections.Remove(connection);
                _ = connection.DisposeAsync(); // its I/O tasks are done or ending; nothing to wait for here
            }

            if (_connections.Count >= _maxConnections)
            {
                DroppedTooManyConnections++;
                return false;
            }

            TurnStreamOptions options = _configure(transmit.Destination, transmit.Protocol);
            if (options.RemoteAddress != transmit.Destination || options.Protocol != transmit.Protocol)
            {
                throw new InvalidOperationException("The configure callback must keep the address and protocol it was given.");
            }

            connection = TurnStreamConnection.Start(options);
            connection.DataAvailable = _wake;
            _connections.Add(connection);
        }

        return connection.TrySend(message);
    }

    /// <summary>The next whole message from any server (a view valid until the next call). Loop thread only.</summary>
    public bool TryReceive(out ReceivedDatagram message)
    {
        int count = _connections.Count;
        for (int i = 0; i < count; i++)
        {
            int index = (_next + i) % count;
            if (_connections[index].TryReceive(out message))
            {
                _next = index + 1; // in turn: a busy server does not starve the others
                return true;
            }
        }

        _next = count == 0 ? 0 : (_next + 1) % count;
        message = default;
        return false;
    }

    /// <summary>Closes every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (TurnStreamConnection connection in _connections)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _connections.Clear();
    }

    private TurnStreamConnection? Find(PeerAddress address, TransportProtocol protocol)
    {
        address = address.UnmapIPv4();
        foreach (TurnStreamConnection connection in _connections)
        {
            if (connection.RemoteAddress.UnmapIPv4() == address && connection.Protocol == protocol)
            {
                return connection;
            }
        }

        return null;
    }
}
