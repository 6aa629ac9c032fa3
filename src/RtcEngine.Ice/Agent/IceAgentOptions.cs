using RtcEngine.Ice.Configuration;
using RtcEngine.Primitives;

namespace RtcEngine.Ice.Agent;

/// <summary>
/// Resolves an mDNS host name (<c>&lt;uuid&gt;.local</c>) from a remote candidate to an IP address
/// (the port is ignored). Return false when the answer is not known yet; the agent keeps the
/// candidate until <see cref="IceAgent.ResolveHostname"/> supplies it. Called on the agent's thread;
/// must not block.
/// </summary>
public delegate bool IceHostnameResolver(string hostname, out PeerAddress address);

/// <summary>
/// Configuration of an <see cref="IceAgent"/>. Defaults follow RFC 8445 and RFC 7675 and what
/// browsers do; timers are in the types that say their unit.
/// </summary>
/// <remarks>Immutable once given to the agent (init-only); thread-safe.</remarks>
public sealed class IceAgentOptions
{
    /// <summary>The initial role. A lite agent is controlled; a full agent facing a lite peer becomes controlling.</summary>
    public IceRole Role { get; init; } = IceRole.Controlling;

    /// <summary>Whether this agent is ICE-lite (RFC 8445 section 2.5): host candidates only, no checks of its own.</summary>
    public bool Lite { get; init; }

    /// <summary>The local credentials; null to draw them from the random source.</summary>
    public IceCredentials? LocalCredentials { get; init; }

    /// <summary>
    /// The host addresses, one per local socket, as the driver bound them: each becomes a host
    /// candidate and is the <see cref="TransmitInfo.Source"/> of what leaves that socket. Datagrams
    /// must arrive with <see cref="ReceivedDatagram.Local"/> equal to one of them. IPv4-mapped IPv6
    /// addresses are taken (and reported as sources) in their IPv4 form.
    /// </summary>
    public IReadOnlyList<PeerAddress> HostAddresses { get; init; } = [];

    /// <summary>STUN servers to learn server-reflexive candidates from (full agents only).</summary>
    public IReadOnlyList<PeerAddress> StunServers { get; init; } = [];

    /// <summary>
    /// TURN servers to allocate relay candidates from (full agents only), resolved by the caller
    /// (<see cref="IceServer.Resolve"/> turns W3C <see cref="IceServer"/> entries into these). The
    /// agent owns a <see cref="Turn.TurnClient"/> per server: it sends Allocate and the rest as ordinary
    /// transmits (<see cref="TransmitInfo.Source"/> the host address of the server's family,
    /// <see cref="TransmitInfo.Destination"/> the server, <see cref="TransmitInfo.Protocol"/> the
    /// server's transport) and takes the server's answers and relayed data through
    /// <see cref="IceAgent.Receive"/>. Gathering completes once every server allocated or failed;
    /// failures are reported by <see cref="IceTurnServerErrorEvent"/>.
    /// </summary>
    public IReadOnlyList<IceTurnServer> TurnServers { get; init; } = [];

    /// <summary>
    /// Which local candidates are gathered, paired and signalled (W3C <c>iceTransportPolicy</c>).
    /// <see cref="IceTransportPolicy.Relay"/> keeps only relay candidates: host sockets still carry
    /// the traffic to the TURN servers, but checks to or from them directly are dropped.
    /// </summary>
    public IceTransportPolicy TransportPolicy { get; init; } = IceTransportPolicy.All;

    /// <summary>Resolves mDNS candidates; null leaves them pending until <see cref="IceAgent.ResolveHostname"/>.</summary>
    public IceHostnameResolver? HostnameResolver { get; init; }

    /// <summary>Cap on remote candidates, signalled and peer-reflexive together (remote input never grows state beyond it).</summary>
    public int MaxRemoteCandidates { get; init; } = 64;

    /// <summary>Cap on candidate pairs (RFC 8445 section 6.1.2.5 suggests 100).</summary>
    public int MaxPairs { get; init; } = 100;

    /// <summary>Cap on mDNS candidates waiting for resolution.</summary>
    public int MaxPendingResolutions { get; init; } = 16;

    /// <summary>Pacing: one new check or server request every Ta (RFC 8445 section 14.2: 50 ms).</summary>
    public TimeSpan Ta { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Initial retransmission timeout of a check or server request (RFC 8489: 500 ms), doubled each time.</summary>
    public TimeSpan InitialRto { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The retransmission timeout stops doubling here.</summary>
    public TimeSpan MaxRto { get; init; } = TimeSpan.FromMilliseconds(1600);

    /// <summary>Transmissions of one check before the pair fails (RFC 8489 Rc: 7).</summary>
    public int MaxCheckTransmissions { get; init; } = 7;

    /// <summary>Transmissions of one server request before the server is reported unreachable.</summary>
    public int MaxServerTransmissions { get; init; } = 5;

    /// <summary>
    /// Controlling agent: how long after the first valid pair to wait for better pairs before
    /// nominating the best valid one (nomination happens at once when no better pair is pending).
    /// </summary>
    public TimeSpan NominationTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Consent checks on the selected pair every this long, jittered by ±20% (RFC 7675: 5 s).</summary>
    public TimeSpan ConsentInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Consent expires this long after the last authenticated response (RFC 7675: 30 s): the state becomes failed.</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The state becomes disconnected when the selected pair shows no sign of life (an authenticated
    /// response, or an authenticated check from the peer) for this long; it recovers when one arrives.
    /// </summary>
    public TimeSpan DisconnectedTimeout { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// When false (the default), authenticated checks arriving from the peer on the selected pair
    /// also hold off consent expiry: browsers were seen to stop answering some checks while still
    /// sending their own, and failing such a connection would be wrong. When true, only responses to
    /// our own checks keep consent (RFC 7675 to the letter).
    /// </summary>
    public bool StrictConsent { get; init; }

    /// <summary>Unauthenticated error responses (400, 401) per source address: burst size.</summary>
    public int UnauthenticatedBurst { get; init; } = 5;

    /// <summary>Unauthenticated error responses per source address: sustained rate per second.</summary>
    public double UnauthenticatedPerSecond { get; init; } = 2;

    /// <summary>A SOFTWARE attribute for outgoing messages; null (the default) sends none.</summary>
    public string? Software { get; init; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(HostAddresses);
        ArgumentNullException.ThrowIfNull(StunServers);
        if (HostAddresses.Count == 0)
        {
            throw new ArgumentException("An agent needs at least one host address (one per local socket).", nameof(HostAddresses));
        }

        if (HostAddresses.Count > 256)
        {
            throw new ArgumentException("At most 256 host addresses.", nameof(HostAddresses));
        }

        foreach (PeerAddress address in HostAddresses)
        {
            if (address.IsNone || address.Port == 0)
            {
                throw new ArgumentException("Host addresses are bound socket addresses with a port.", nameof(HostAddresses));
            }
        }

        if (HostAddresses.Distinct().Count() != HostAddresses.Count)
        {
            throw new ArgumentException("Host addresses must be distinct.", nameof(HostAddresses));
        }

        if (Lite && StunServers.Count > 0)
        {
            throw new ArgumentException("An ICE-lite agent has host candidates only: give it no STUN servers.", nameof(StunServers));
        }

        foreach (PeerAddress server in StunServers)
        {
            if (server.IsNone || server.Port == 0)
            {
                throw new ArgumentException("STUN servers need an address and a port.", nameof(StunServers));
            }
        }

        ValidateTurn();

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRemoteCandidates, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPairs, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxPendingResolutions);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCheckTransmissions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxServerTransmissions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(UnauthenticatedBurst, 0);
        RequirePositive(Ta, nameof(Ta));
        RequirePositive(InitialRto, nameof(InitialRto));
        RequirePositive(MaxRto, nameof(MaxRto));
        RequirePositive(ConsentInterval, nameof(ConsentInterval));
        RequirePositive(ConsentTimeout, nameof(ConsentTimeout));
        RequirePositive(DisconnectedTimeout, nameof(DisconnectedTimeout));
        ArgumentOutOfRangeException.ThrowIfNegative(NominationTimeout.Ticks, nameof(NominationTimeout));
    }

    private void ValidateTurn()
    {
        ArgumentNullException.ThrowIfNull(TurnServers);
        if (!Enum.IsDefined(TransportPolicy))
        {
            throw new ArgumentOutOfRangeException(nameof(TransportPolicy), TransportPolicy, "Unknown policy.");
        }

        if (Lite && (TurnServers.Count > 0 || TransportPolicy == IceTransportPolicy.Relay))
        {
            throw new ArgumentException("An ICE-lite agent has host candidates only: no TURN servers, no relay policy.", nameof(TurnServers));
        }

        if (TurnServers.Count > 32)
        {
            throw new ArgumentException("At most 32 TURN servers.", nameof(TurnServers));
        }

        var seen = new HashSet<(PeerAddress, TransportProtocol)>();
        foreach (IceTurnServer server in TurnServers)
        {
            ArgumentNullException.ThrowIfNull(server, nameof(TurnServers));

            // One allocation per 5-tuple (RFC 8656 section 2.2): a second one from the same socket would be refused with 437.
            if (!seen.Add((server.Address, server.Protocol)))
            {
                throw new ArgumentException($"TURN server {server} is listed twice (one allocation per server address and transport).", nameof(TurnServers));
            }

            if (server.LocalBaseAmong(HostAddresses).IsNone)
            {
                throw new ArgumentException($"No host address of the family of TURN server {server} to send from.", nameof(TurnServers));
            }
        }
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be positive.");
        }
    }
}
