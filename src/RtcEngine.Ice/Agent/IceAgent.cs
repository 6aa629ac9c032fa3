using RtcEngine.Ice.Candidates;
using RtcEngine.Primitives;

namespace RtcEngine.Ice.Agent;

/// <summary>
/// A sans-IO ICE agent (RFC 8445) for one component over UDP, with trickle (RFC 8838), consent
/// freshness (RFC 7675), ICE restart, full and lite modes, and relay candidates from TURN servers
/// reached over UDP, TCP or TLS (<see cref="IceAgentOptions.TurnServers"/>, RFC 8656). Time and
/// randomness are inputs; the agent never reads a clock or touches a socket.
/// </summary>
/// <remarks>
/// <para>
/// How a host drives it: every datagram arriving on the connection's sockets goes to
/// <see cref="Receive"/>, which consumes STUN and hands back application data (DTLS, SRTP) only
/// from remotes the agent permits; application data leaves through <see cref="TryPrepareSend"/>,
/// zero-copy, on the selected pair. After every input (or API call), drain
/// <see cref="TryPollTransmit"/> and <see cref="TryPollEvent"/>, then sleep until
/// <see cref="PollTimeout"/> and call <see cref="HandleTimeout"/>.
/// </para>
/// <para>
/// Security: a check without valid MESSAGE-INTEGRITY for our credentials creates no state and
/// gets at most the error RFC 8489 requires (400 or 401), rate-limited per source; responses to
/// our checks must carry the peer's MESSAGE-INTEGRITY; remote candidates, pairs and pending mDNS
/// names are capped (<see cref="IceAgentOptions"/>). Every drop is counted in <see cref="Counters"/>.
/// </para>
/// <para>Threading: not thread-safe. One host loop owns the agent and makes every call.</para>
/// </remarks>
/// <example>
/// <code>
/// var agent = new IceAgent(new IceAgentOptions { Role = IceRole.Controlled, HostAddresses = [socketAddress] }, CryptoRandomSource.Shared);
/// agent.SetRemoteCredentials(offer.IceUfrag, offer.IcePwd);            // from the remote description
/// foreach (string line in offer.Candidates) { agent.AddRemoteCandidate(IceCandidate.Parse(line)); }
/// agent.StartGathering();                                              // IceCandidateGatheredEvent per local candidate
/// // With IceAgentOptions.TurnServers, transmits to a TURN server say TransmitInfo.Protocol Udp, Tcp or Tls:
/// // send Udp ones from the socket, Tcp/Tls ones on a stream to the server (Session's TurnStreamRouter),
/// // and feed what the stream delivers to Receive like any datagram.
///
/// // per datagram:
/// if (agent.Receive(now, datagram, out ReceivedDatagram app) == IceReceiveResult.ApplicationData) { dtls.HandleDatagram(now, app); }
/// // per outgoing DTLS/SRTP datagram, written at IceAgent.SendHeadroom:
/// if (agent.TryPrepareSend(buffer, IceAgent.SendHeadroom, length, out TransmitInfo t, out int start)) { socket.SendTo(buffer.Slice(start, t.Length), t.Destination); }
/// // after every input: drain agent.TryPollTransmit and agent.TryPollEvent, then wait for agent.PollTimeout().
/// </code>
/// </example>
public sealed partial class IceAgent : ISansIoEngine<IceEvent>, IDisposable
{
    /// <summary>
    /// Bytes to leave before the payload given to <see cref="TryPrepareSend"/>: room for the TURN
    /// framing of a relay pair (a Send indication with an IPv6 XOR-PEER-ADDRESS and a DATA header:
    /// 20 + 24 + 4). Pairs on host, server- and peer-reflexive candidates add nothing.
    /// </summary>
    public const int SendHeadroom = 48;

    /// <summary>Bytes to leave after the payload given to <see cref="TryPrepareSend"/>: the DATA attribute's padding on a relay pair.</summary>
    public const int SendTailroom = 3;

    private const int MaxQueuedTransmits = 256;
    private const int ComponentId = 1;

    private readonly IceAgentOptions _options;
    private readonly IRandomSource _random;
    private readonly List<LocalCandidate> _localCandidates = [];
    private readonly List<LocalCandidate> _pairable = [];
    private readonly List<RemoteCandidate> _remoteCandidates = [];
    private readonly List<CandidatePair> _pairs = [];
    private readonly Queue<CandidatePair> _triggered = new();
    private readonly List<ServerTransaction> _serverTransactions = [];
    private readonly Queue<PendingTransmit> _outbox = new();
    private readonly Queue<IceEvent> _events = new();
    private readonly List<IceCandidate> _pendingResolution = [];
    private readonly Dictionary<string, string> _foundations = new(StringComparer.Ordinal);
    private readonly SourceRateLimiter _limiter;

    private IceGeneration _generation;
    private IceGeneration? _previousGeneration;
    private CandidatePair? _previousPath;
    private CandidatePair? _selected;
    private CandidatePair? _nominated;
    private CandidatePair? _nominating;
    private IceRole _role;
    private readonly ulong _tieBreaker;
    private IceConnectionState _state;
    private IceGatheringState _gatheringState;
    private bool _remoteEndOfCandidates;
    private bool _failed;
    private bool _closed;
    private bool _disposed;
    private MonoTime _now;
    private MonoTime _nextPace;
    private MonoTime _firstValid = MonoTime.Never;
    private int _peerReflexiveCount;
    private int _localPeerReflexiveCount;

    // The last (local, remote) that application data was accepted from: the common case is one.
    private PeerAddress _permittedLocal;
    private PeerAddress _permittedRemote;
    private bool _permittedValid;

    /// <summary>Makes an agent. Host candidates exist at once (checks can be answered); call <see cref="StartGathering"/> to report them.</summary>
    /// <param name="options">Configuration; validated here.</param>
    /// <param name="random">Where credentials, the tie-breaker, transaction ids and jitter come from.</param>
    public IceAgent(IceAgentOptions options, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        options.Validate();
        _options = options;
        _random = random;
        _role = options.Lite ? IceRole.Controlled : options.Role;
        _tieBreaker = random.NextUInt64();
        _generation = new IceGeneration(options.LocalCredentials ?? IceCredentials.Generate(random));
        _limiter = new SourceRateLimiter(options.UnauthenticatedBurst, options.UnauthenticatedPerSecond);
        CreateHostCandidates();
        CreateTurnClients();
    }

    /// <summary>The current role.</summary>
    public IceRole Role => _role;

    /// <summary>Whether this agent is ICE-lite.</summary>
    public bool IsLite => _options.Lite;

    /// <summary>The local credentials of the current generation (signal them as ice-ufrag / ice-pwd).</summary>
    public IceCredentials LocalCredentials => _generation.Local;

    /// <summary>The remote credentials of the current generation, once set.</summary>
    public IceCredentials? RemoteCredentials => _generation.Remote;

    /// <summary>The connection state (W3C RTCIceConnectionState semantics).</summary>
    public IceConnectionState ConnectionState => _state;

    /// <summary>The gathering state.</summary>
    public IceGatheringState GatheringState => _gatheringState;

    /// <summary>The tie-breaker this agent sends in ICE-CONTROLLING / ICE-CONTROLLED.</summary>
    public ulong TieBreaker => _tieBreaker;

    /// <summary>Counters of what was received, sent and dropped (with a reason per drop).</summary>
    public IceAgentCounters Counters { get; } = new();

    /// <summary>The local candidates gathered so far (host, relay, server-reflexive); a snapshot (allocates).</summary>
    public IReadOnlyList<IceCandidate> LocalCandidates => _localCandidates.ConvertAll(c => c.Candidate);

    /// <summary>Number of remote candidates known (signalled and peer-reflexive).</summary>
    public int RemoteCandidateCount => _remoteCandidates.Count;

    /// <summary>Number of candidate pairs on the checklist.</summary>
    public int PairCount => _pairs.Count;

    /// <summary>The pair application data goes out on, if any (allocates a snapshot).</summary>
    public IceCandidatePairInfo? SelectedPair => SendingPath is { } path ? Describe(path) : null;

    /// <summary>Whether application data can be sent now (a selected pair, consent not expired, not closed).</summary>
    public bool CanSend => SendingPath is not null && !_failed && !_closed;

    private CandidatePair? SendingPath => _selected ?? _previousPath;

    /// <summary>
    /// Reports the local candidates (<see cref="IceCandidateGatheredEvent"/>) and starts
    /// server-reflexive gathering; gathering completes when every STUN server answered or failed.
    /// Calling it again does nothing until a restart.
    /// </summary>
    public void StartGathering()
    {
        ThrowIfClosed();
        if (_gatheringState != IceGatheringState.New)
        {
            return;
        }

        BeginGathering();
        AfterInput();
    }

    /// <summary>
    /// Sets the peer's credentials (from its offer or answer). New credentials while others are
    /// set mean the peer restarted ICE: the agent restarts too (new local credentials, reported by
    /// <see cref="IceLocalCredentialsChangedEvent"/>), keeping media on the old pair until a new one is selected.
    /// </summary>
    /// <param name="credentials">The peer's ice-ufrag and ice-pwd.</param>
    /// <param name="remoteIsLite">Whether the peer declared a=ice-lite: a full agent then takes the controlling role.</param>
    public void SetRemoteCredentials(IceCredentials credentials, bool remoteIsLite = false)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ThrowIfClosed();
        if (_generation.Remote is { } current)
        {
            if (current == credentials)
            {
                return;
            }

            RestartCore();
        }

        _generation.SetRemote(credentials, remoteIsLite);
        if (remoteIsLite && !_options.Lite && _role != IceRole.Controlling)
        {
            SetRole(IceRole.Controlling);
        }

        AfterInput();
    }

    /// <summary>Sets the peer's credentials from the signalled strings.</summary>
    public void SetRemoteCredentials(string ufrag, string password, bool remoteIsLite = false) =>
        SetRemoteCredentials(new IceCredentials(ufrag, password), remoteIsLite);

    /// <summary>
    /// Adds a remote candidate (trickled or from the SDP), parsed with
    /// <see cref="IceCandidate.TryParse(string?, out IceCandidate?)"/>. Checks on the new pairs start at once, even
    /// while gathering. Candidates that are not UDP, of another component, or carrying another
    /// generation's ufrag are ignored; mDNS names go through the resolver.
    /// </summary>
    public IceRemoteCandidateResult AddRemoteCandidate(IceCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ThrowIfClosed();
        IceRemoteCandidateResult result = AddRemoteCandidateCore(candidate);
        AfterInput();
        return result;
    }

    /// <summary>
    /// Supplies the address of an mDNS name a remote candidate used (for resolvers that answer later).
    /// Returns how many pending candidates it resolved.
    /// </summary>
    public int ResolveHostname(string hostname, PeerAddress address)
    {
        ArgumentNullException.ThrowIfNull(hostname);
        ThrowIfClosed();
        int resolved = 0;
        for (int i = _pendingResolution.Count - 1; i >= 0; i--)
        {
            IceCandidate pending = _pendingResolution[i];
            if (pending.Address.Equals(hostname, StringComparison.OrdinalIgnoreCase))
            {
                _pendingResolution.RemoveAt(i);
                AddResolvedCandidate(pending, address);
                resolved++;
            }
        }

        AfterInput();
        return resolved;
    }

    /// <summary>The peer signalled end-of-candidates (RFC 8838): the checklist can now fail or complete.</summary>
    public void SetRemoteEndOfCandidates()
    {
        ThrowIfClosed();
        _remoteEndOfCandidates = true;
        AfterInput();
    }

    /// <summary>
    /// Restarts ICE (RFC 8445 section 9): new local credentials (reported by
    /// <see cref="IceLocalCredentialsChangedEvent"/> and <see cref="LocalCredentials"/>), candidates
    /// gathered again, a fresh checklist once the peer's new credentials arrive. Media stays on the
    /// old pair, with consent, until a pair of the new generation is selected.
    /// </summary>
    public void Restart()
    {
        ThrowIfClosed();
        RestartCore();
        AfterInput();
    }

    /// <summary>Closes the agent: no more checks, consent or data; the state becomes closed. Idempotent.</summary>
    public void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _outbox.Clear();
        _triggered.Clear();
        CloseTurn();
        SetState(IceConnectionState.Closed);
    }

    /// <summary>Snapshot of the checklist, for statistics and tests (allocates).</summary>
    public IReadOnlyList<IceCandidatePairInfo> GetPairs() => _pairs.ConvertAll(Describe);

    /// <inheritdoc />
    public bool TryPollEvent(out IceEvent engineEvent) => _events.TryDequeue(out engineEvent!);

    /// <summary>
    /// The engine-contract input: the same path as <see cref="Receive"/>, with application data
    /// dropped (hosts that carry application data call <see cref="Receive"/> instead).
    /// </summary>
    public void HandleDatagram(MonoTime now, in ReceivedDatagram datagram) => Receive(now, datagram, out _);

    /// <summary>Closes the agent and wipes its keys.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Close();
        DisposeTurn();
        _generation.Dispose();
        _previousGeneration?.Dispose();
    }

    private void ThrowIfClosed()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_closed)
        {
            throw new InvalidOperationException("The ICE agent is closed.");
        }
    }

    private void Advance(MonoTime now)
    {
        if (now > _now)
        {
            _now = now; // time that goes backwards is ignored
        }
    }

    private void Emit(IceEvent engineEvent) => _events.Enqueue(engineEvent);

    private IceCandidatePairInfo Describe(CandidatePair pair) => new(
        pair.LocalReflexive ?? pair.Local.Candidate,
        pair.Remote.Candidate,
        pair.Local.Relay is null ? pair.Local.Base : pair.Local.Address,
        pair.Remote.Address,
        pair.State,
        pair.Nominated,
        pair.Priority)
    {
        CurrentRoundTripTime = pair.CurrentRoundTripTime,
        TotalRoundTripTime = pair.TotalRoundTripTime,
        RequestsSent = pair.RequestsSent,
        RequestsReceived = pair.RequestsReceived,
        ResponsesReceived = pair.ResponsesReceived,
    };

    /// <summary>Wipes a generation's keys, first dropping queued messages that would be signed with them.</summary>
    private void Retire(IceGeneration? generation)
    {
        if (generation is null)
        {
            return;
        }

        for (int i = _outbox.Count; i > 0; i--)
        {
            PendingTransmit pending = _outbox.Dequeue();
            if (pending.Generation != generation)
            {
                _outbox.Enqueue(pending);
            }
        }

        generation.Dispose();
    }

    private void RestartCore()
    {
        CandidatePair? keep = _failed ? null : SendingPath;
        if (keep is null)
        {
            Retire(_generation);
            Retire(_previousGeneration);
            _previousGeneration = null;
        }
        else if (keep.Generation == _generation)
        {
            Retire(_previousGeneration);
            _previousGeneration = _generation;
        }
        else
        {
            // Restarted again before the last restart selected a pair: the old path stays.
            Retire(_generation);
        }

        _previousPath = keep;
        _generation = new IceGeneration(IceCredentials.Generate(_random));
        _pairs.Clear();
        _triggered.Clear();
        _remoteCandidates.Clear();
        _pendingResolution.Clear();
        _selected = null;
        _nominated = null;
        _nominating = null;
        _firstValid = MonoTime.Never;
        _remoteEndOfCandidates = false;
        _failed = false;
        _permittedValid = false;
        _serverTransactions.Clear();
        _localCandidates.RemoveAll(c => c.Type == IceCandidateType.ServerReflexive);
        Emit(new IceLocalCredentialsChangedEvent(_generation.Local));
        if (_gatheringState != IceGatheringState.New)
        {
            _gatheringState = IceGatheringState.New;
            BeginGathering();
        }
    }
}
