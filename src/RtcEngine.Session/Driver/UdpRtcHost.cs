using System.Collections.Concurrent;
using System.Text;
using RtcEngine.Ice.Agent;
using RtcEngine.Primitives;
using RtcEngine.Session.Driver.Stream;
using RtcEngine.Session.Driver.Udp;

namespace RtcEngine.Session.Driver;

/// <summary>Settings of a <see cref="UdpRtcHost"/>.</summary>
/// <remarks>Immutable once given to the host (init-only).</remarks>
public sealed class UdpRtcHostOptions
{
    /// <summary>
    /// The address to bind (port 0 for any free port), when <see cref="LocalAddresses"/> is not set.
    /// The host serves every connection on this one socket.
    /// </summary>
    public PeerAddress LocalAddress { get; init; } = PeerAddress.Parse("127.0.0.1:0");

    /// <summary>
    /// Several addresses to bind, one socket each (for example <c>127.0.0.1:0</c> and <c>[::1]:0</c>,
    /// or one per interface), served by the one loop thread; every connection gets a host candidate
    /// on each. Null or empty: <see cref="LocalAddress"/> alone. At most 16.
    /// </summary>
    public IReadOnlyList<PeerAddress>? LocalAddresses { get; init; }

    /// <summary>Where time comes from (the system's monotonic clock by default; a fake one in tests).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Socket settings (buffer sizes, batch size, Linux fast path).</summary>
    public UdpBatchSocketOptions SocketOptions { get; init; } = new();

    /// <summary>
    /// For demonstrations and tests: the probability in [0, 1] that a datagram the host would send is
    /// dropped instead (a lossy path, to watch NACK/RTX and the statistics at work). Zero in production.
    /// </summary>
    public double SimulatedLoss { get; init; }

    /// <summary>
    /// Validates TURN servers' certificates for <c>turns:</c> (TLS) connections; null uses the
    /// platform's default validation (the server name is the URL's host).
    /// </summary>
    public System.Net.Security.RemoteCertificateValidationCallback? TurnCertificateValidation { get; init; }

    /// <summary>Where the simulated loss draws from.</summary>
    public IRandomSource LossRandom { get; init; } = CryptoRandomSource.Shared;

    /// <summary>The longest the loop sleeps without a timer (it wakes sooner for datagrams and posted work).</summary>
    public TimeSpan MaxIdleWait { get; init; } = TimeSpan.FromMilliseconds(200);
}

/// <summary>
/// The UDP driver: one bound socket per local address (one by default), one loop thread, any number
/// of connections. The loop receives datagrams in batches into the sockets' pinned buffers, hands
/// each to its connection (found by remote address, or for a first contact by the local ICE username
/// fragment in a STUN binding request), drains every transmit into the send batch of the socket its
/// source is bound to, fires the connections' timers, and runs work posted by application threads.
/// Steady-state media allocates nothing. A connection whose work throws is isolated, never the loop.
/// </summary>
/// <remarks>
/// Threading: the public methods are thread-safe; every call on a connection happens on the loop
/// thread, which also raises the connections' events (handlers must not block).
/// </remarks>
public sealed class UdpRtcHost : IAsyncDisposable
{
    private readonly UdpRtcHostOptions _options;
    private readonly UdpBatchSocket[] _sockets;
    private readonly UdpReceiveBatch[] _batches;
    private readonly PeerAddress[] _localAddresses;

    // The first socket: its Wake wakes the loop. Alone, the loop waits in its Receive; with others,
    // in the group's wait over all of them.
    private readonly UdpBatchSocket _socket;
    private readonly UdpReceiveBatch _batch;
    private readonly UdpSocketGroup? _group;
    private readonly Thread _thread;
    private readonly ConcurrentQueue<Action> _work = new();
    private readonly OutboundSendRing _sends = new(capacity: 1024, slotSize: DatagramLimits.MaxDatagramSize);
    private readonly List<HostedConnection> _connections = [];
    private readonly Dictionary<PeerAddress, HostedConnection> _byRemote = [];
    private readonly Dictionary<string, HostedConnection> _byUfrag = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HostedConnection>.AlternateLookup<ReadOnlySpan<char>> _byUfragSpan;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopping;

    // 1 while the loop may block in Receive: posters wake it only then (a wake is a syscall).
    private int _mayBlock;

    // 1 when a TURN stream connection has data for the loop (set from I/O threads).
    private int _streamDataPending;

    // Set by Fault: a faulted connection waits in the list for ReapFaulted.
    private bool _anyFaulted;

    private UdpRtcHost(UdpRtcHostOptions options)
    {
        _options = options;
        PeerAddress[] addresses = options.LocalAddresses is { Count: > 0 } list ? [.. list] : [options.LocalAddress];
        if (addresses.Length > UdpSocketGroup.MaxSockets)
        {
            throw new ArgumentException($"At most {UdpSocketGroup.MaxSockets} local addresses.", nameof(options));
        }

        _sockets = new UdpBatchSocket[addresses.Length];
        try
        {
            for (int i = 0; i < addresses.Length; i++)
            {
                _sockets[i] = UdpBatchSocket.Bind(addresses[i], options.SocketOptions);
            }
        }
        catch
        {
            foreach (UdpBatchSocket? socket in _sockets)
            {
                socket?.Dispose();
            }

            throw;
        }

        _batches = [.. _sockets.Select(socket => socket.CreateReceiveBatch())];
        _localAddresses = [.. _sockets.Select(socket => socket.LocalAddress)];
        _socket = _sockets[0];
        _batch = _batches[0];
        _group = _sockets.Length > 1 ? new UdpSocketGroup(_sockets) : null;
        _byUfragSpan = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
        _thread = new Thread(Loop) { IsBackground = true, Name = $"UdpRtcHost {_socket.LocalAddress}" };
    }

    /// <summary>The first bound address (with the port the system chose).</summary>
    public PeerAddress LocalAddress => _socket.LocalAddress;

    /// <summary>Every bound address, in the order of <see cref="UdpRtcHostOptions.LocalAddresses"/>.</summary>
    public IReadOnlyList<PeerAddress> LocalAddresses => _localAddresses;

    /// <summary>Whether the Linux batched-syscall path is in use.</summary>
    public bool IsLinuxFastPath => _socket.IsLinuxFastPath;

    /// <summary>Datagrams dropped on purpose by <see cref="UdpRtcHostOptions.SimulatedLoss"/>.</summary>
    public long SimulatedDrops { get; private set; }

    /// <summary>Datagrams dropped because no connection claimed them.</summary>
    public long DroppedUnroutable { get; private set; }

    /// <summary>How many remote addresses the loop routes to a connection (loop thread: read through <see cref="InvokeAsync{T}"/>).</summary>
    internal int RoutedRemoteCount => _byRemote.Count;

    /// <summary>
    /// Connections the host isolated because an exception escaped their work on the loop (an
    /// application sink or event handler threw, or a defect): each ended as failed with
    /// <see cref="RtcFailureReason.Faulted"/>; the loop and the other connections carried on.
    /// </summary>
    public long ConnectionFaults { get; private set; }

    /// <summary>Datagrams a connection sent to an address family none of the host's sockets reaches.</summary>
    public long DroppedNoSocket { get; private set; }

    /// <summary>The first socket's counters.</summary>
    public UdpSocketCounters SocketCounters => _socket.Counters;

    /// <summary>The counters of the socket bound to <see cref="LocalAddresses"/>[<paramref name="index"/>].</summary>
    public UdpSocketCounters GetSocketCounters(int index) => _sockets[index].Counters;

    /// <summary>The host's current time.</summary>
    public MonoTime Now => MonoTime.FromTimestamp(_options.TimeProvider.GetTimestamp(), _options.TimeProvider.TimestampFrequency);

    /// <summary>Binds the socket and starts the loop thread.</summary>
    public static UdpRtcHost Start(UdpRtcHostOptions? options = null)
    {
        var host = new UdpRtcHost(options ?? new UdpRtcHostOptions());
        host._thread.Start();
        return host;
    }

    /// <summary>Creates a connection served by this host (a host candidate on each of the host's addresses).</summary>
    public RtcPeerConnection CreateConnection(RtcConfiguration? configuration = null)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        var connection = new RtcConnection(configuration ?? new RtcConfiguration(), _localAddresses);
        var peer = new RtcPeerConnection(this, connection);
        Post(() =>
        {
            var hosted = new HostedConnection(connection, peer);
            _connections.Add(hosted);
            peer.Hosted = hosted;
            Register(hosted);
        });
        return peer;
    }

    /// <summary>Runs <paramref name="action"/> on the loop thread and completes with its result.</summary>
    public Task<T> InvokeAsync<T>(Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            try
            {
                completion.SetResult(action());
            }
            catch (Exception ex)
            {
                completion.SetException(ex);
            }
        });
        return completion.Task;
    }

    /// <summary>Runs <paramref name="action"/> on the loop thread.</summary>
    public Task InvokeAsync(Action action) => InvokeAsync(() =>
    {
        action();
        return true;
    });

    /// <summary>Stops the loop, closes every connection and the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        _socket.Wake();
        if (_thread.IsAlive)
        {
            await _stopped.Task.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }

        foreach (UdpBatchSocket socket in _sockets)
        {
            socket.Dispose();
        }
    }

    internal void Post(Action action)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        _work.Enqueue(action);
        WakeIfSleeping();
    }

    internal bool PostSend(RtcPeerConnection peer, RtcRtpTransceiver transceiver, ReadOnlySpan<byte> payload, uint rtpTimestamp, bool marker, int payloadType, string? rid)
    {
        if (!_sends.TryAdd(peer, transceiver, payload, rtpTimestamp, marker, payloadType, rid))
        {
            return false;
        }

        WakeIfSleeping();
        return true;
    }

    private void WakeIfSleeping()
    {
        Interlocked.MemoryBarrier(); // the item is published before the flag is read
        if (Volatile.Read(ref _mayBlock) == 1)
        {
            _socket.Wake();
        }
    }

    internal void Remove(HostedConnection hosted)
    {
        _connections.Remove(hosted);
        if (hosted.Streams is { } streams)
        {
            _ = streams.DisposeAsync().AsTask();
        }

        if (hosted.Ufrag is not null)
        {
            _byUfrag.Remove(hosted.Ufrag);
        }

        foreach (PeerAddress remote in hosted.Remotes)
        {
            _byRemote.Remove(remote);
        }
    }

    private void Loop()
    {
        try
        {
            while (!_stopping)
            {
                MonoTime now = Now;
                RunPostedWork();
                FireTimers(now);
                ReceiveFromStreams();

                // Send what timers and posted work queued before blocking: a datagram left in the
                // batch would wait for the next arrival (inflating RTTs, delaying RTCP and sends).
                FlushAll();

                // Announce the possible sleep before looking at the queues: a poster that adds
                // after this sees the flag and wakes us; one that added before is seen by NextWait.
                Volatile.Write(ref _mayBlock, 1);
                Interlocked.MemoryBarrier();
                TimeSpan wait = NextWait(Now);
                if (_group is null)
                {
                    int count = _socket.Receive(_batch, wait);
                    Volatile.Write(ref _mayBlock, 0);
                    DispatchBatch(_batch, count);
                }
                else
                {
                    _group.Wait(wait);
                    Volatile.Write(ref _mayBlock, 0);
                    for (int s = 0; s < _sockets.Length; s++)
                    {
                        DispatchBatch(_batches[s], _sockets[s].Receive(_batches[s], TimeSpan.Zero));
                    }
                }

                FlushAll();
            }

            foreach (HostedConnection hosted in _connections.ToArray())
            {
                try
                {
                    if (!hosted.Faulted)
                    {
                        hosted.Connection.Close();
                        Drain(hosted);
                    }
                }
                catch (Exception ex)
                {
                    Fault(hosted, ex);
                }

                hosted.Connection.Dispose();
                if (hosted.Streams is { } streams)
                {
                    streams.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(2));
                }
            }

            FlushAll();
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    private void DispatchBatch(UdpReceiveBatch batch, int count)
    {
        MonoTime now = Now;
        for (int i = 0; i < count; i++)
        {
            Dispatch(now, batch[i]);
        }
    }

    private void FlushAll()
    {
        foreach (UdpBatchSocket socket in _sockets)
        {
            socket.Flush();
        }
    }

    // The socket a transmit leaves from: the one bound to its source (the ICE candidate's base), or
    // for a transmit without one, the first whose family reaches the destination; none when no
    // socket's family does (a TURN server of the other family, say), and the datagram is dropped.
    private UdpBatchSocket? SocketFor(PeerAddress source, PeerAddress destination)
    {
        foreach (UdpBatchSocket socket in _sockets)
        {
            if (socket.LocalAddress == source && socket.CanReach(destination))
            {
                return socket;
            }
        }

        foreach (UdpBatchSocket socket in _sockets)
        {
            if (socket.CanReach(destination))
            {
                return socket;
            }
        }

        return null;
    }

    private void RunPostedWork()
    {
        while (_work.TryDequeue(out Action? action))
        {
            // Posted work completes its own task (exceptions included); draining runs application
            // event handlers, which DrainAll guards per connection.
            action();
            DrainAll();
        }

        while (_sends.TryTake(out RtcPeerConnection? peer, out RtcRtpTransceiver? transceiver, out ReadOnlySpan<byte> payload, out uint timestamp, out bool marker, out int payloadType, out string? rid))
        {
            if (peer.Hosted is { Removed: false } hosted)
            {
                try
                {
                    hosted.Connection.SendRtp(transceiver, payload, timestamp, marker, payloadType, rid);
                    Drain(hosted);
                }
                catch (Exception ex)
                {
                    Fault(hosted, ex);
                }
            }

            _sends.Release();
        }
    }

    // Timers: each connection's next deadline is cached after every drain; the loop scans them.
    // A scan is allocation-free and cheap next to the datagrams each iteration handles.
    private void FireTimers(MonoTime now)
    {
        for (int i = 0; i < _connections.Count; i++)
        {
            HostedConnection hosted = _connections[i];
            if (hosted.Deadline <= now)
            {
                try
                {
                    hosted.Connection.HandleTimeout(now);
                    Drain(hosted);
                }
                catch (Exception ex)
                {
                    Fault(hosted, ex);
                }
            }
        }

        ReapFaulted();
    }

    private TimeSpan NextWait(MonoTime now)
    {
        if (!_work.IsEmpty || !_sends.IsEmpty || Volatile.Read(ref _streamDataPending) == 1)
        {
            return TimeSpan.Zero;
        }

        MonoTime next = now + _options.MaxIdleWait;
        foreach (HostedConnection hosted in _connections)
        {
            next = MonoTime.Min(next, hosted.Deadline);
        }

        return next > now ? next - now : TimeSpan.Zero;
    }

    // TURN over TCP/TLS: each connection's stream router hands whole messages to its connection.
    private void ReceiveFromStreams()
    {
        if (Interlocked.Exchange(ref _streamDataPending, 0) == 0)
        {
            return;
        }

        MonoTime now = Now;
        foreach (HostedConnection hosted in _connections)
        {
            if (hosted.Streams is not { } streams)
            {
                continue;
            }

            try
            {
                bool any = false;
                while (!hosted.Removed && streams.TryReceive(out ReceivedDatagram message))
                {
                    hosted.Connection.HandleDatagram(now, message);
                    any = true;
                }

                if (any)
                {
                    Drain(hosted);
                }
            }
            catch (Exception ex)
            {
                Fault(hosted, ex);
            }
        }

        ReapFaulted();
    }

    private TurnStreamRouter StreamsFor(HostedConnection hosted) => hosted.Streams ??= new TurnStreamRouter(
        wake: () =>
        {
            Volatile.Write(ref _streamDataPending, 1);
            WakeIfSleeping();
        },
        configure: (address, protocol) => new TurnStreamOptions
        {
            RemoteAddress = address,
            Protocol = protocol,
            ServerName = hosted.Connection.TurnServers.FirstOrDefault(s => s.Address == address && s.Protocol == protocol)?.ServerName,
            CertificateValidation = _options.TurnCertificateValidation,
        });

    private void Dispatch(MonoTime now, ReceivedDatagram datagram)
    {
        if (!_byRemote.TryGetValue(datagram.Remote, out HostedConnection? hosted) && !TryRouteFirstContact(datagram.Data, out hosted))
        {
            DroppedUnroutable++;
            return;
        }

        try
        {
            hosted.Connection.HandleDatagram(now, datagram);
            Drain(hosted);
        }
        catch (Exception ex)
        {
            Fault(hosted, ex);
        }
    }

    // A first contact is a STUN binding request whose USERNAME starts with our local ufrag (RFC 8445 7.2.2).
    private bool TryRouteFirstContact(ReadOnlySpan<byte> datagram, out HostedConnection hosted)
    {
        hosted = null!;
        if (!IceRouting.TryGetLocalUfrag(datagram, out ReadOnlySpan<byte> ufrag) || ufrag.Length > 256)
        {
            return false;
        }

        Span<char> chars = stackalloc char[ufrag.Length];
        int length = Encoding.ASCII.GetChars(ufrag, chars);
        return _byUfragSpan.TryGetValue(chars[..length], out hosted!);
    }

    private void DrainAll()
    {
        foreach (HostedConnection hosted in _connections)
        {
            if (hosted.Faulted)
            {
                continue;
            }

            try
            {
                Drain(hosted);
            }
            catch (Exception ex)
            {
                Fault(hosted, ex);
            }
        }

        ReapFaulted();
    }

    // An exception escaped a connection's work (an application callback threw, or a defect): take
    // the connection out of every table so it is never driven again, tell its application handle
    // (state failed, reason Faulted), and carry on with the others. Removal from the list waits for
    // ReapFaulted, since callers may be iterating it.
    private void Fault(HostedConnection hosted, Exception exception)
    {
        if (hosted.Faulted)
        {
            return;
        }

        ConnectionFaults++;
        hosted.Faulted = true;
        hosted.Removed = true;
        hosted.Deadline = MonoTime.Never;
        _anyFaulted = true;
        if (hosted.Ufrag is not null)
        {
            _byUfrag.Remove(hosted.Ufrag);
        }

        foreach (PeerAddress remote in hosted.Remotes)
        {
            _byRemote.Remove(remote);
        }

        if (hosted.Streams is { } streams)
        {
            hosted.Streams = null;
            _ = streams.DisposeAsync().AsTask();
        }

        hosted.Peer.OnFaulted(exception);
    }

    private void ReapFaulted()
    {
        if (_anyFaulted)
        {
            _anyFaulted = false;
            _connections.RemoveAll(static hosted => hosted.Faulted);
        }
    }

    private void Drain(HostedConnection hosted)
    {
        RtcConnection connection = hosted.Connection;
        bool progress = true;
        while (progress)
        {
            progress = false;
            while (true)
            {
                if (!_socket.TryGetSendBuffer(out Span<byte> buffer))
                {
                    _socket.Flush();
                    if (!_socket.TryGetSendBuffer(out buffer))
                    {
                        break;
                    }
                }

                if (!connection.TryPollTransmit(buffer, out TransmitInfo transmit))
                {
                    break;
                }

                progress = true;
                PeerAddress destination = transmit.Destination;
                if (transmit.Protocol != TransportProtocol.Udp)
                {
                    // TURN over TCP or TLS: the stream router frames it on the connection to the server.
                    StreamsFor(hosted).TrySend(buffer[..transmit.Length], transmit);
                    continue;
                }

                if (_options.SimulatedLoss > 0 && _options.LossRandom.NextDouble() < _options.SimulatedLoss)
                {
                    SimulatedDrops++;
                    continue;
                }

                if (SocketFor(transmit.Source, destination) is not { } socket)
                {
                    DroppedNoSocket++;
                    continue;
                }

                if (ReferenceEquals(socket, _socket))
                {
                    _socket.CommitSend(transmit.Length, destination);
                }
                else if (!socket.TryQueue(buffer[..transmit.Length], destination))
                {
                    // Written into the first socket's buffer before the source was known: copied over,
                    // after a flush when that socket's queue is full.
                    socket.Flush();
                    socket.TryQueue(buffer[..transmit.Length], destination);
                }

                // A route is kept for peers the connection talks to, never for the source of a
                // request it refused (an error response): forged sources would grow the table.
                if (!destination.IsNone && !_byRemote.ContainsKey(destination) && !IceRouting.IsStunErrorResponse(buffer[..transmit.Length]))
                {
                    _byRemote[destination] = hosted;
                    hosted.Remotes.Add(destination);
                }
            }

            while (connection.TryPollEvent(out RtcConnectionEvent connectionEvent))
            {
                progress = true;
                hosted.Peer.Dispatch(connectionEvent);
            }
        }

        Register(hosted);
        hosted.Deadline = hosted.Removed ? MonoTime.Never : connection.PollTimeout();
    }

    private void Register(HostedConnection hosted)
    {
        string ufrag = hosted.Connection.LocalIceUfrag;
        if (!ReferenceEquals(ufrag, hosted.Ufrag))
        {
            if (hosted.Ufrag is not null)
            {
                _byUfrag.Remove(hosted.Ufrag);
            }

            hosted.Ufrag = ufrag;
            _byUfrag[ufrag] = hosted;
        }
    }
}

/// <summary>The host's bookkeeping for one connection (loop thread only).</summary>
internal sealed class HostedConnection(RtcConnection connection, RtcPeerConnection peer)
{
    public RtcConnection Connection { get; } = connection;

    public RtcPeerConnection Peer { get; } = peer;

    public string? Ufrag { get; set; }

    public List<PeerAddress> Remotes { get; } = [];

    public MonoTime Deadline { get; set; } = MonoTime.Never;

    public bool Removed { get; set; }

    /// <summary>An exception escaped this connection's work; the host isolated it.</summary>
    public bool Faulted { get; set; }

    /// <summary>TCP/TLS connections to TURN servers, created on the first stream transmit.</summary>
    public TurnStreamRouter? Streams { get; set; }
}
