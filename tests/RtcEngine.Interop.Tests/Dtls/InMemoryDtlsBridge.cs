using System.Collections.Concurrent;
using System.Diagnostics;
using Org.BouncyCastle.Tls;
using RtcEngine.Dtls;
using RtcEngine.Primitives;

namespace RtcEngine.Interop.Tests.Dtls;

/// <summary>
/// Connects a <see cref="DtlsEndpoint"/> to BouncyCastle's blocking DTLS through memory: the
/// endpoint runs on a loop thread with wall-clock time, BouncyCastle reads and writes a
/// <see cref="DatagramTransport"/> backed by queues.
/// </summary>
internal sealed class InMemoryDtlsBridge : IDisposable
{
    private readonly BlockingCollection<byte[]> _toPeer = new();
    private readonly ConcurrentQueue<byte[]> _toEngine = new();
    private readonly Lock _gate = new();
    private readonly List<DtlsEvent> _events = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Thread _thread;
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _sendBuffer = new byte[DatagramLimits.MaxDatagramSize];
    private Exception? _failure;

    public InMemoryDtlsBridge(DtlsEndpointOptions options)
    {
        Endpoint = new DtlsEndpoint(options);
        PeerTransport = new Transport(this);
        _thread = new Thread(Loop) { IsBackground = true, Name = "DTLS bridge" };
        _thread.Start();
    }

    public DtlsEndpoint Endpoint { get; }

    /// <summary>The transport to hand to BouncyCastle.</summary>
    public DatagramTransport PeerTransport { get; }

    public MonoTime Now => MonoTime.FromTicks(_clock.Elapsed.Ticks);

    public T Invoke<T>(Func<DtlsEndpoint, T> action)
    {
        lock (_gate)
        {
            T result = action(Endpoint);
            Drain();
            return result;
        }
    }

    public List<DtlsEvent> Events()
    {
        lock (_gate)
        {
            return [.. _events];
        }
    }

    public async Task<DtlsConnected> WaitConnectedAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (_failure is not null)
            {
                throw new InvalidOperationException("The endpoint loop threw.", _failure);
            }

            DtlsState state = Invoke(e => e.State);
            if (state == DtlsState.Connected)
            {
                return Events().OfType<DtlsConnected>().Single();
            }

            if (state == DtlsState.Failed)
            {
                break;
            }

            await Task.Delay(5);
        }

        throw new Xunit.Sdk.XunitException($"Not connected: {Invoke(e => e.State)}; events: {string.Join("; ", Events())}; counters: {Invoke(e => e.Counters.ToString())}");
    }

    public void Dispose()
    {
        _stop.Cancel();
        _toPeer.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(5));
        Endpoint.Dispose();
    }

    private void Loop()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                lock (_gate)
                {
                    MonoTime now = Now;
                    while (_toEngine.TryDequeue(out byte[]? datagram))
                    {
                        Endpoint.HandleDatagram(now, new ReceivedDatagram(datagram, PeerAddress.None, PeerAddress.None));
                        Drain();
                    }

                    if (Endpoint.PollTimeout() <= now)
                    {
                        Endpoint.HandleTimeout(now);
                    }

                    Drain();
                }

                Thread.Sleep(1);
            }
        }
        catch (Exception ex)
        {
            _failure = ex;
        }
    }

    private void Drain()
    {
        bool progress = true;
        while (progress)
        {
            progress = false;
            while (Endpoint.TryPollTransmit(_sendBuffer, out TransmitInfo transmit))
            {
                progress = true;
                if (!_toPeer.IsAddingCompleted)
                {
                    _toPeer.Add(_sendBuffer.AsSpan(0, transmit.Length).ToArray());
                }
            }

            while (Endpoint.TryPollEvent(out DtlsEvent e))
            {
                progress = true;
                _events.Add(e);
            }
        }
    }

    private sealed class Transport(InMemoryDtlsBridge bridge) : DatagramTransport
    {
        public int GetReceiveLimit() => 1500;

        public int GetSendLimit() => 1200;

        public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

        public int Receive(Span<byte> buffer, int waitMillis)
        {
            try
            {
                if (!bridge._toPeer.TryTake(out byte[]? datagram, waitMillis, bridge._stop.Token))
                {
                    return -1;
                }

                int length = Math.Min(datagram.Length, buffer.Length);
                datagram.AsSpan(0, length).CopyTo(buffer);
                return length;
            }
            catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException)
            {
                throw new IOException("The bridge closed.", ex);
            }
        }

        public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

        public void Send(ReadOnlySpan<byte> buffer) => bridge._toEngine.Enqueue(buffer.ToArray());

        public void Close()
        {
        }
    }
}
