using System.Diagnostics.CodeAnalysis;
using System.Text;
using RtcEngine.Ice.Agent;
using RtcEngine.Primitives;

namespace RtcEngine.Ice.Turn;

/// <summary>
/// A sans-IO TURN client (RFC 8656) for one allocation on one server: Allocate with long-term
/// credentials (the 401 challenge, 438 stale nonce), Refresh before expiry and with lifetime 0 on
/// close, CreatePermission per peer address (refreshed every ~4 minutes while in use), ChannelBind
/// (refreshed while in use) and ChannelData framing, Send and Data indications before a channel exists.
/// Time and randomness are inputs; the client never reads a clock or touches a socket.
/// </summary>
/// <remarks>
/// <para>
/// Transport-agnostic: over UDP it retransmits requests (RFC 8489 section 6.2.1); over a stream
/// (<see cref="TransportProtocol.Tcp"/>, <see cref="TransportProtocol.Tls"/>) each request goes once and
/// the host frames messages per RFC 8656 section 5 (STUN by its length, ChannelData padded to four).
/// Everything it sends names <see cref="TurnClientOptions.LocalAddress"/>, the server and the protocol
/// in its <see cref="TransmitInfo"/>, so a host routes by those alone.
/// </para>
/// <para>
/// The data path is zero-copy and allocation-free: <see cref="TryWrap"/> frames a payload in the
/// headroom before it (ChannelData on a bound channel, else a Send indication), and
/// <see cref="Receive"/> hands back a peer's data as a slice of the received buffer.
/// </para>
/// <para>
/// Security: success responses must carry valid MESSAGE-INTEGRITY with the long-term key; error
/// responses with a wrong one are dropped; Data indications and ChannelData are accepted only from
/// peers with a permission or channel we asked for. Remote input never creates state; permissions
/// and channels are capped (<see cref="TurnClientOptions"/>); REALM and NONCE are bounded. Every drop
/// is counted in <see cref="Counters"/>.
/// </para>
/// <para>
/// Inside an <see cref="IceAgent"/> (given <see cref="IceAgentOptions.TurnServers"/>) the agent owns
/// and drives the client and pairs its relay candidate. Threading: not thread-safe; one host loop
/// owns the client and makes every call.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var turn = new TurnClient(new TurnClientOptions { ServerAddress = server, LocalAddress = socketAddress, Username = "alice", Password = "secret" }, CryptoRandomSource.Shared);
/// turn.Allocate(now);                                   // TurnAllocatedEvent with the relayed address
/// turn.CreatePermission(now, peer);                     // TurnPermissionCreatedEvent
/// // send: payload written at TurnClient.SendHeadroom
/// if (turn.TryWrap(buffer, TurnClient.SendHeadroom, length, peer, out int start, out int framed)) { socket.SendTo(buffer.Slice(start, framed), server); }
/// // receive: every datagram from the server
/// if (turn.Receive(now, datagram, out ReceivedDatagram fromPeer) == TurnReceiveResult.PeerData) { Handle(fromPeer.Remote, fromPeer.Data); }
/// // after every input: drain TryPollTransmit and TryPollEvent, then wait for PollTimeout().
/// </code>
/// </example>
public sealed partial class TurnClient : ISansIoEngine<TurnEvent>, IIceRelayChannel, IDisposable
{
    /// <summary>
    /// Bytes to leave before a payload given to <see cref="TryWrap"/>: a Send indication to an IPv6
    /// peer (header 20, XOR-PEER-ADDRESS 24, DATA header 4). The same as <see cref="IceAgent.SendHeadroom"/>.
    /// </summary>
    public const int SendHeadroom = 48;

    /// <summary>Bytes to leave after a payload given to <see cref="TryWrap"/>: padding to four bytes.</summary>
    public const int SendTailroom = 3;

    private const int MaxStaleNonceRetries = 3;

    private readonly TurnClientOptions _options;
    private readonly IRandomSource _random;
    private readonly TurnCredentials _credentials;
    private readonly TurnTransaction _allocation = new(TurnRequestKind.Allocate);
    private readonly List<TurnPermission> _permissions = [];
    private readonly List<TurnChannel> _channels = [];
    private readonly Queue<TurnTransaction> _outbox = new();
    private readonly Queue<TurnEvent> _events = new();
    private readonly byte[]? _software;
    private readonly uint _requestedLifetimeSeconds;
    private readonly TimeSpan _streamTimeout;
    private readonly ulong _indicationIdHigh;
    private uint _indicationIdLow;

    private TurnAllocationState _state;
    private PeerAddress _relayed;
    private PeerAddress _mapped;
    private TimeSpan _lifetime;
    private MonoTime _expires = MonoTime.Never;
    private MonoTime _refreshAt = MonoTime.Never;
    private bool _closeRequested;
    private ushort _nextChannel = ChannelDataReader.MinChannelNumber;
    private TurnChannel? _lastChannel;
    private MonoTime _now;
    private MonoTime _timeout;
    private bool _timeoutValid;
    private bool _disposed;

    /// <summary>Makes a client; nothing is sent until <see cref="Allocate"/>.</summary>
    /// <param name="options">Configuration; validated here.</param>
    /// <param name="random">Where transaction ids come from.</param>
    public TurnClient(TurnClientOptions options, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        options.Validate();
        _options = options;
        _random = random;
        _credentials = new TurnCredentials(options.Username, options.Password);
        _software = options.Software is null ? null : Encoding.UTF8.GetBytes(options.Software);
        _requestedLifetimeSeconds = (uint)Math.Clamp(options.RequestedLifetime.TotalSeconds, 1, uint.MaxValue);
        _indicationIdHigh = random.NextUInt64();
        _indicationIdLow = random.NextUInt32();

        // Over a stream a request goes once and waits as long as the UDP schedule would in total.
        TimeSpan rto = options.InitialRto;
        for (int i = 0; i < options.MaxTransmissions; i++)
        {
            _streamTimeout += rto;
            rto = TimeSpan.FromTicks(Math.Min(rto.Ticks * 2, options.MaxRto.Ticks));
        }
    }

    /// <summary>The configuration.</summary>
    public TurnClientOptions Options => _options;

    /// <summary>Where the allocation stands.</summary>
    public TurnAllocationState State => _state;

    /// <summary>The relayed transport address once allocated (the relay candidate's address), else <see cref="PeerAddress.None"/>.</summary>
    public PeerAddress RelayedAddress => _relayed;

    /// <summary>The client's address as the server saw it (XOR-MAPPED-ADDRESS), once allocated.</summary>
    public PeerAddress MappedAddress => _mapped;

    /// <summary>The lifetime the server granted last (Allocate or Refresh).</summary>
    public TimeSpan Lifetime => _lifetime;

    /// <summary>When the allocation expires unless refreshed (<see cref="MonoTime.Never"/> when not allocated).</summary>
    public MonoTime ExpiresAt => _state == TurnAllocationState.Allocated ? _expires : MonoTime.Never;

    /// <summary>Counters of what was sent, received and dropped.</summary>
    public TurnClientCounters Counters { get; } = new();

    /// <summary>Number of permissions held (pending, installed or failed).</summary>
    public int PermissionCount => _permissions.Count;

    /// <summary>Number of channels held (binding, bound or failed).</summary>
    public int ChannelCount => _channels.Count;

    /// <summary>Whether the client's transport to the server is a stream (TCP or TLS).</summary>
    public bool IsStream => _options.Protocol != TransportProtocol.Udp;

    PeerAddress IIceRelayChannel.LocalBase => _options.LocalAddress;

    PeerAddress IIceRelayChannel.ServerAddress => _options.ServerAddress;

    PeerAddress IIceRelayChannel.RelayedAddress => _relayed;

    TransportProtocol IIceRelayChannel.Protocol => _options.Protocol;

    /// <summary>Starts the allocation (Allocate, answered by a 401 challenge, then the authenticated Allocate).</summary>
    /// <exception cref="InvalidOperationException">Called twice, or after <see cref="Close"/>.</exception>
    public void Allocate(MonoTime now)
    {
        ThrowIfDisposed();
        Advance(now);
        if (_state != TurnAllocationState.New)
        {
            throw new InvalidOperationException($"Allocate was already called (the allocation is {_state}).");
        }

        _state = TurnAllocationState.Allocating;
        _allocation.Kind = TurnRequestKind.Allocate;
        BeginRequest(_allocation);
    }

    /// <summary>
    /// Asks for a permission for <paramref name="peer"/>'s IP address (any port), sent at once when
    /// allocated or as soon as the allocation exists. Returns false when the permission table is full
    /// or the client is closed or failed. A failed permission is asked for again.
    /// </summary>
    public bool CreatePermission(MonoTime now, PeerAddress peer)
    {
        ThrowIfDisposed();
        RequirePeer(peer);
        Advance(now);
        TurnPermission? permission = RequestPermission(peer.UnmapIPv4());
        if (permission is { State: TurnBindingState.Failed } && !permission.Transaction.InFlight)
        {
            permission.State = TurnBindingState.Pending;
            StartIfAllocated(permission.Transaction);
        }

        _timeoutValid = false;
        return permission is not null;
    }

    /// <summary>
    /// Binds a channel to <paramref name="peer"/> (which also installs the permission for its
    /// address); data to and from it uses ChannelData once bound. Returns false when no channel is
    /// left, the permission table is full, or the client is closed or failed. Data sent before the
    /// binding succeeds goes in Send indications.
    /// </summary>
    public bool BindChannel(MonoTime now, PeerAddress peer)
    {
        ThrowIfDisposed();
        RequirePeer(peer);
        Advance(now);
        peer = peer.UnmapIPv4();
        if (FindChannel(peer) is not null)
        {
            return true;
        }

        TurnPermission? permission = RequestPermission(peer);
        bool bound = permission is not null && TryStartChannel(peer, permission);
        _timeoutValid = false;
        return bound;
    }

    /// <summary>Refreshes the allocation now instead of at its scheduled time (no-op unless allocated and idle).</summary>
    public void Refresh(MonoTime now)
    {
        ThrowIfDisposed();
        Advance(now);
        if (_state == TurnAllocationState.Allocated && !_allocation.InFlight)
        {
            StartRefresh(_requestedLifetimeSeconds);
        }
    }

    /// <summary>
    /// Releases the allocation: a Refresh with LIFETIME 0 (RFC 8656 section 7), then
    /// <see cref="TurnClosedEvent"/>. Data is refused from now on. Idempotent.
    /// </summary>
    public void Close(MonoTime now)
    {
        if (_disposed)
        {
            return;
        }

        Advance(now);
        switch (_state)
        {
            case TurnAllocationState.New:
                SetClosed();
                break;
            case TurnAllocationState.Allocating:
                _closeRequested = true; // released once the Allocate answers
                break;
            case TurnAllocationState.Allocated:
                StartClose();
                break;
        }

        _timeoutValid = false;
    }

    /// <inheritdoc />
    public bool TryPollEvent(out TurnEvent engineEvent) => _events.TryDequeue(out engineEvent!);

    /// <summary>The engine-contract input: the same as <see cref="Receive"/>, with peer data dropped.</summary>
    public void HandleDatagram(MonoTime now, in ReceivedDatagram datagram) => Receive(now, datagram, out _);

    /// <summary>Wipes the key and nonce. Does not send anything: call <see cref="Close"/> first to release the allocation.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _credentials.Dispose();
        _outbox.Clear();
    }

    bool IIceRelayChannel.TryUnwrap(Span<byte> datagram, out PeerAddress peer, out int payloadOffset, out int payloadLength) =>
        ReceiveCore(datagram, out peer, out payloadOffset, out payloadLength) == TurnReceiveResult.PeerData;

    void IIceRelayChannel.PreparePeer(PeerAddress peer)
    {
        if (!_disposed && !peer.IsNone && _state is TurnAllocationState.Allocating or TurnAllocationState.Allocated)
        {
            RequestPermission(peer.UnmapIPv4());
            _timeoutValid = false;
        }
    }

    /// <summary>Lets an owner that already advanced its clock give the client the same time before an API call without one.</summary>
    internal void Advance(MonoTime now)
    {
        if (now > _now)
        {
            _now = now; // time that goes backwards is ignored
        }
    }

    private void Emit(TurnEvent turnEvent) => _events.Enqueue(turnEvent);

    private void SetClosed()
    {
        _state = TurnAllocationState.Closed;
        _relayed = PeerAddress.None;
        _expires = MonoTime.Never;
        _refreshAt = MonoTime.Never;
        CancelPeers();
        Emit(new TurnClosedEvent());
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private static void RequirePeer(PeerAddress peer)
    {
        if (peer.IsNone)
        {
            ThrowNoPeer();
        }
    }

    [DoesNotReturn]
    private static void ThrowNoPeer() => throw new ArgumentException("A peer address is required.", "peer");
}
