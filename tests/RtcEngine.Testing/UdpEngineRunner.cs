using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using RtcEngine.Primitives;

namespace RtcEngine.Testing;

/// <summary>
/// Drives one sans-IO engine over real UDP sockets on loopback, on a dedicated thread, with wall
/// clock time: the small runner interop tests use to put an engine in front of a real peer (coturn,
/// openssl, a browser) before the session layer's drivers exist.
/// </summary>
/// <remarks>
/// Every call on the engine happens on the runner's thread; tests reach the engine through
/// <see cref="InvokeAsync{T}(Func{T})"/> and wait with <see cref="WaitUntilAsync"/>, both bounded by
/// wall-clock timeouts. Binds to port 0 unless told otherwise and closes its sockets on dispose.
/// </remarks>
public sealed class UdpEngineRunner : IAsyncDisposable
{
    private readonly ISansIoEngine _engine;
    private readonly Func<bool>? _drainEvent;
    private readonly List<(Socket Socket, PeerAddress Address)> _sockets = [];
    private readonly ConcurrentQueue<Action> _invocations = new();
    private readonly Thread _thread;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopping;
    private Exception? _failure;

    private UdpEngineRunner(ISansIoEngine engine, Func<bool>? drainEvent, IEnumerable<IPEndPoint> bindings)
    {
        _engine = engine;
        _drainEvent = drainEvent;
        foreach (IPEndPoint binding in bindings)
        {
            var socket = new Socket(binding.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(binding);
            _sockets.Add((socket, PeerAddress.FromIPEndPoint((IPEndPoint)socket.LocalEndPoint!)));
        }

        _thread = new Thread(Loop) { IsBackground = true, Name = $"UdpEngineRunner {_sockets[0].Address}" };
    }

    /// <summary>The first socket's bound address.</summary>
    public PeerAddress LocalAddress => _sockets[0].Address;

    /// <summary>Every bound address, in the order given.</summary>
    public IReadOnlyList<PeerAddress> LocalAddresses => _sockets.ConvertAll(s => s.Address);

    /// <summary>Where transmits that name no destination go.</summary>
    public PeerAddress DefaultPeer { get; set; }

    /// <summary>The engine's current time (monotonic, since the runner started).</summary>
    public MonoTime Now => MonoTime.FromTicks(_clock.Elapsed.Ticks);

    /// <summary>Datagrams sent and received.</summary>
    public long Sent { get; private set; }

    /// <summary>Datagrams received.</summary>
    public long Received { get; private set; }

    /// <summary>Starts a runner for an engine whose events go to <paramref name="onEvent"/> (called on the runner's thread).</summary>
    public static UdpEngineRunner Start<TEvent>(ISansIoEngine<TEvent> engine, Action<TEvent>? onEvent, params IPEndPoint[] bindings)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Func<bool> drain = () =>
        {
            if (!engine.TryPollEvent(out TEvent e))
            {
                return false;
            }

            onEvent?.Invoke(e);
            return true;
        };
        return StartCore(engine, drain, bindings);
    }

    /// <summary>Starts a runner for an engine without events.</summary>
    public static UdpEngineRunner Start(ISansIoEngine engine, params IPEndPoint[] bindings) => StartCore(engine, null, bindings);

    /// <summary>Runs <paramref name="action"/> on the runner's thread (then drains the engine).</summary>
    public Task<T> InvokeAsync<T>(Func<T> action)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _invocations.Enqueue(() =>
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

    /// <summary>Runs <paramref name="action"/> on the runner's thread (then drains the engine).</summary>
    public Task InvokeAsync(Action action) => InvokeAsync(() =>
    {
        action();
        return true;
    });

    /// <summary>
    /// Waits until <paramref name="condition"/>, evaluated on the runner's thread, holds; false
    /// after <paramref name="timeout"/> of wall-clock time.
    /// </summary>
    public async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_failure is not null)
            {
                throw new InvalidOperationException("The engine threw on the runner's thread.", _failure);
            }

            if (await InvokeAsync(condition).ConfigureAwait(false))
            {
                return true;
            }

            await Task.Delay(5).ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>Stops the loop and closes the sockets.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        if (_thread.IsAlive)
        {
            await _stopped.Task.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }

        foreach ((Socket socket, _) in _sockets)
        {
            socket.Dispose();
        }

        if (_failure is not null)
        {
            throw new InvalidOperationException("The engine threw on the runner's thread.", _failure);
        }
    }

    private static UdpEngineRunner StartCore(ISansIoEngine engine, Func<bool>? drain, IPEndPoint[] bindings)
    {
        if (bindings.Length == 0)
        {
            bindings = [new IPEndPoint(IPAddress.Loopback, 0)];
        }

        var runner = new UdpEngineRunner(engine, drain, bindings);
        runner._thread.Start();
        return runner;
    }

    private void Loop()
    {
        byte[] receiveBuffer = GC.AllocateArray<byte>(65536, pinned: true);
        byte[] sendBuffer = GC.AllocateArray<byte>(65536, pinned: true);
        var remote = new List<SocketAddress>();
        foreach ((Socket socket, _) in _sockets)
        {
            remote.Add(new SocketAddress(socket.AddressFamily));
        }

        var readable = new List<Socket>();
        try
        {
            while (!_stopping)
            {
                while (_invocations.TryDequeue(out Action? invocation))
                {
                    invocation();
                    Drain(sendBuffer);
                }

                MonoTime now = Now;
                if (_engine.PollTimeout() <= now)
                {
                    _engine.HandleTimeout(now);
                    Drain(sendBuffer);
                    continue;
                }

                // Wait for a datagram, the next timer, or 2 ms (to pick up invocations promptly).
                TimeSpan wait = _engine.PollTimeout() - now;
                int waitMicros = (int)Math.Clamp(wait.Ticks / TimeSpan.TicksPerMicrosecond, 0, 2000);
                readable.Clear();
                foreach ((Socket socket, _) in _sockets)
                {
                    readable.Add(socket);
                }

                Socket.Select(readable, null, null, waitMicros);
                for (int i = 0; i < _sockets.Count; i++)
                {
                    (Socket socket, PeerAddress local) = _sockets[i];
                    while (socket.Available > 0)
                    {
                        int length;
                        try
                        {
                            length = socket.ReceiveFrom(receiveBuffer, SocketFlags.None, remote[i]);
                        }
                        catch (SocketException)
                        {
                            break; // ICMP port unreachable surfaces here on some platforms: ignore it
                        }

                        Received++;
                        var datagram = new ReceivedDatagram(receiveBuffer.AsSpan(0, length), local, PeerAddress.FromSocketAddress(remote[i]));
                        _engine.HandleDatagram(Now, in datagram);
                        Drain(sendBuffer);
                    }
                }
            }
        }
        catch (Exception ex)
        {
            _failure = ex;
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    private void Drain(byte[] sendBuffer)
    {
        bool progress = true;
        while (progress)
        {
            progress = false;
            while (_engine.TryPollTransmit(sendBuffer, out TransmitInfo transmit))
            {
                progress = true;
                Send(sendBuffer.AsSpan(0, transmit.Length), transmit);
            }

            while (_drainEvent?.Invoke() == true)
            {
                progress = true;
            }
        }
    }

    private void Send(ReadOnlySpan<byte> data, TransmitInfo transmit)
    {
        PeerAddress destination = transmit.Destination.IsNone ? DefaultPeer : transmit.Destination;
        if (destination.IsNone)
        {
            return;
        }

        Socket socket = _sockets[0].Socket;
        if (!transmit.Source.IsNone)
        {
            foreach ((Socket s, PeerAddress address) in _sockets)
            {
                if (address == transmit.Source)
                {
                    socket = s;
                    break;
                }
            }
        }

        try
        {
            socket.SendTo(data, SocketFlags.None, destination.ToIPEndPoint());
            Sent++;
        }
        catch (SocketException)
        {
            // A send to an unreachable peer is a lost datagram, as on a real network.
        }
    }
}
