using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using RtcEngine.Primitives;
using RtcEngine.Session.Driver.Stream;

namespace RtcEngine.Interop.Tests.Turn;

/// <summary>
/// Drives one sans-IO engine over a real UDP socket and TURN stream connections (TCP/TLS, through
/// <see cref="TurnStreamRouter"/>), on a dedicated thread with wall-clock time: transmits go by
/// their <see cref="TransmitInfo.Protocol"/>, and whole messages from the streams come back as
/// datagrams with Protocol Tcp or Tls. The stream counterpart of the foundation's UdpEngineRunner.
/// </summary>
internal sealed class StreamEngineRunner : IAsyncDisposable
{
    private readonly ISansIoEngine _engine;
    private readonly Func<bool>? _drainEvent;
    private readonly Socket _udp;
    private readonly TurnStreamRouter _router;
    private readonly ConcurrentQueue<Action> _invocations = new();
    private readonly Thread _thread;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly AutoResetEvent _wake = new(false);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopping;
    private Exception? _failure;

    private StreamEngineRunner(ISansIoEngine engine, Func<bool>? drainEvent, int udpPort, RemoteCertificateValidationCallback? validation, string? serverName)
    {
        _engine = engine;
        _drainEvent = drainEvent;
        _udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _udp.Bind(new IPEndPoint(IPAddress.Loopback, udpPort));
        LocalAddress = PeerAddress.FromIPEndPoint((IPEndPoint)_udp.LocalEndPoint!);
        _router = new TurnStreamRouter(
            wake: () => _wake.Set(),
            configure: (address, protocol) => new TurnStreamOptions
            {
                RemoteAddress = address,
                Protocol = protocol,
                ServerName = serverName,
                CertificateValidation = validation,
                ConnectTimeout = TimeSpan.FromSeconds(5),
            });
        _thread = new Thread(Loop) { IsBackground = true, Name = $"StreamEngineRunner {LocalAddress}" };
    }

    /// <summary>The UDP socket's address (an agent's host address, a TURN client's local address).</summary>
    public PeerAddress LocalAddress { get; }

    public MonoTime Now => MonoTime.FromTicks(_clock.Elapsed.Ticks);

    /// <summary>The stream connections opened so far (read on the runner's thread via InvokeAsync).</summary>
    public TurnStreamRouter Router => _router;

    public static StreamEngineRunner Start<TEvent>(ISansIoEngine<TEvent> engine, Action<TEvent>? onEvent, int udpPort = 0, RemoteCertificateValidationCallback? validation = null, string? serverName = null)
    {
        Func<bool> drain = () =>
        {
            if (!engine.TryPollEvent(out TEvent e))
            {
                return false;
            }

            onEvent?.Invoke(e);
            return true;
        };
        var runner = new StreamEngineRunner(engine, drain, udpPort, validation, serverName);
        runner._thread.Start();
        return runner;
    }

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
        _wake.Set();
        return completion.Task;
    }

    public Task InvokeAsync(Action action) => InvokeAsync(() =>
    {
        action();
        return true;
    });

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

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        _wake.Set();
        if (_thread.IsAlive)
        {
            await _stopped.Task.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }

        await _router.DisposeAsync().ConfigureAwait(false);
        _udp.Dispose();
        _wake.Dispose();
        if (_failure is not null)
        {
            throw new InvalidOperationException("The engine threw on the runner's thread.", _failure);
        }
    }

    private void Loop()
    {
        byte[] receiveBuffer = GC.AllocateArray<byte>(65536, pinned: true);
        byte[] sendBuffer = GC.AllocateArray<byte>(65536, pinned: true);
        var remote = new SocketAddress(AddressFamily.InterNetwork);
        try
        {
            while (!_stopping)
            {
                while (_invocations.TryDequeue(out Action? invocation))
                {
                    invocation();
                    Drain(sendBuffer);
                }

                if (_engine.PollTimeout() <= Now)
                {
                    _engine.HandleTimeout(Now);
                    Drain(sendBuffer);
                    continue;
                }

                while (_router.TryReceive(out ReceivedDatagram message))
                {
                    _engine.HandleDatagram(Now, in message);
                    Drain(sendBuffer);
                }

                while (_udp.Available > 0)
                {
                    int length;
                    try
                    {
                        length = _udp.ReceiveFrom(receiveBuffer, SocketFlags.None, remote);
                    }
                    catch (SocketException)
                    {
                        break;
                    }

                    var datagram = new ReceivedDatagram(receiveBuffer.AsSpan(0, length), LocalAddress, PeerAddress.FromSocketAddress(remote));
                    _engine.HandleDatagram(Now, in datagram);
                    Drain(sendBuffer);
                }

                // Sleep until a timer, a stream wake-up, or 1 ms (UDP is polled).
                TimeSpan wait = _engine.PollTimeout() - Now;
                _wake.WaitOne((int)Math.Clamp(wait.TotalMilliseconds, 0, 1));
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
                ReadOnlySpan<byte> data = sendBuffer.AsSpan(0, transmit.Length);
                if (transmit.Protocol == TransportProtocol.Udp)
                {
                    try
                    {
                        _udp.SendTo(data, SocketFlags.None, transmit.Destination.ToIPEndPoint());
                    }
                    catch (SocketException)
                    {
                        // lost, as on a real network
                    }
                }
                else
                {
                    _router.TrySend(data, transmit);
                }
            }

            while (_drainEvent?.Invoke() == true)
            {
                progress = true;
            }
        }
    }
}
