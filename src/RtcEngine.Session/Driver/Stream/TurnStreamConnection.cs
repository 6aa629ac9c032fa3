using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using RtcEngine.Primitives;

namespace RtcEngine.Session.Driver.Stream;

/// <summary>
/// A TCP or TLS connection to a TURN server that carries TURN messages framed per RFC 8656
/// section 5 (see <see cref="TurnStreamFramer"/>), built on System.IO.Pipelines: an I/O task reads
/// the socket into a bounded pipe, the host's loop takes whole messages out with
/// <see cref="TryReceive"/> as <see cref="ReceivedDatagram"/>s (Protocol Tcp or Tls, Remote the
/// server) for its sans-IO engine, and writes the engine's transmits with <see cref="TrySend"/>,
/// which another I/O task drains to the socket.
/// </summary>
/// <remarks>
/// <para>
/// Threading: <see cref="TryReceive"/> and <see cref="TrySend"/> belong to one host loop thread (each
/// pipe has one reader and one writer); <see cref="DataAvailable"/> is raised on I/O threads to wake
/// that loop; <see cref="State"/>, <see cref="Counters"/> and <see cref="DisposeAsync"/> are thread-safe.
/// </para>
/// <para>
/// Memory: received bytes come into pooled pipe segments, bounded by
/// <see cref="TurnStreamOptions.MaxReceiveBuffer"/> (beyond it the socket is not read until the
/// host catches up), and a message is handed out where it lies, or copied once into a buffer of
/// <see cref="TurnStreamOptions.MaxMessageLength"/> when it straddles two segments. Steady state
/// allocates nothing per message. A server that sends anything but TURN messages, or one longer
/// than the limit, gets the connection closed (<see cref="TurnStreamState.Failed"/>).
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var turn = TurnStreamConnection.Start(new TurnStreamOptions { RemoteAddress = server, Protocol = TransportProtocol.Tls, ServerName = "turn.example.org" });
/// turn.DataAvailable = wakeLoop;
/// // on the loop: transmits with Protocol Tls to the server
/// turn.TrySend(buffer.AsSpan(0, transmit.Length));
/// // on the loop, when woken:
/// while (turn.TryReceive(out ReceivedDatagram message)) { agent.Receive(now, message, out var application); }
/// </code>
/// </example>
public sealed class TurnStreamConnection : IAsyncDisposable
{
    private readonly TurnStreamOptions _options;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly byte[] _scratch;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Socket? _socket;
    private System.IO.Stream? _stream;
    private volatile int _state;
    private PeerAddress _local;
    private Exception? _failure;
    private bool _disposed;

    // Reader side (loop thread): the message handed out last is released on the next call.
    private SequencePosition _release;
    private bool _holding;
    private bool _inputDone;

    // Writer side (loop thread): a flush still waiting for the output pipe to drain.
    private ValueTask<FlushResult> _pendingFlush;
    private bool _flushPending;

    private long _messagesReceived;
    private long _bytesReceived;
    private long _messagesSent;
    private long _bytesSent;
    private long _droppedFull;
    private long _droppedClosed;
    private long _droppedMalformed;
    private long _copied;

    private TurnStreamConnection(TurnStreamOptions options)
    {
        _options = options;
        _input = new Pipe(new PipeOptions(
            pool: MemoryPool<byte>.Shared,
            pauseWriterThreshold: options.MaxReceiveBuffer,
            resumeWriterThreshold: options.MaxReceiveBuffer / 2,
            minimumSegmentSize: 4096,
            useSynchronizationContext: false));
        _output = new Pipe(new PipeOptions(
            pool: MemoryPool<byte>.Shared,
            pauseWriterThreshold: options.MaxSendBuffer,
            resumeWriterThreshold: options.MaxSendBuffer / 2,
            minimumSegmentSize: 4096,
            useSynchronizationContext: false));
        _scratch = GC.AllocateUninitializedArray<byte>(options.MaxMessageLength);
        _run = Task.Run(RunAsync);
    }

    /// <summary>Raised on an I/O thread when messages may be waiting or the state changed: wake the loop that calls <see cref="TryReceive"/>.</summary>
    public Action? DataAvailable { get; set; }

    /// <summary>The server's address (the <see cref="ReceivedDatagram.Remote"/> of every message).</summary>
    public PeerAddress RemoteAddress => _options.RemoteAddress;

    /// <summary>TCP or TLS (the <see cref="ReceivedDatagram.Protocol"/> of every message).</summary>
    public TransportProtocol Protocol => _options.Protocol;

    /// <summary>The connection's local address once connected (the <see cref="ReceivedDatagram.Local"/> of every message), else <see cref="PeerAddress.None"/>.</summary>
    public PeerAddress LocalAddress => _local;

    /// <summary>Where the connection stands.</summary>
    public TurnStreamState State => (TurnStreamState)_state;

    /// <summary>Why the connection failed, when <see cref="State"/> is <see cref="TurnStreamState.Failed"/>.</summary>
    public Exception? Failure => _failure;

    /// <summary>Completes when connected (and the TLS handshake is done); faults when that fails.</summary>
    public Task Connected => _connected.Task;

    /// <summary>The counters, as a snapshot.</summary>
    public TurnStreamCounters Counters => new()
    {
        MessagesReceived = Interlocked.Read(ref _messagesReceived),
        BytesReceived = Interlocked.Read(ref _bytesReceived),
        MessagesSent = Interlocked.Read(ref _messagesSent),
        BytesSent = Interlocked.Read(ref _bytesSent),
        SendsDroppedBufferFull = Interlocked.Read(ref _droppedFull),
        SendsDroppedClosed = Interlocked.Read(ref _droppedClosed),
        SendsDroppedMalformed = Interlocked.Read(ref _droppedMalformed),
        MessagesCopied = Interlocked.Read(ref _copied),
    };

    /// <summary>Starts connecting in the background; sends are accepted at once and leave once connected.</summary>
    public static TurnStreamConnection Start(TurnStreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new TurnStreamConnection(options);
    }

    /// <summary>
    /// Queues one whole TURN message (a STUN message, or ChannelData padded to four) to be written.
    /// Loop thread only. False, counted, when the connection is closed or failed, when
    /// <see cref="TurnStreamOptions.MaxSendBuffer"/> bytes are still waiting, or when
    /// <paramref name="message"/> is not exactly one message (which would desynchronize the server).
    /// </summary>
    public bool TrySend(ReadOnlySpan<byte> message)
    {
        if (State is TurnStreamState.Closed or TurnStreamState.Failed)
        {
            Interlocked.Increment(ref _droppedClosed);
            return false;
        }

        if (!IsOneMessage(message))
        {
            Interlocked.Increment(ref _droppedMalformed);
            return false;
        }

        if (_flushPending)
        {
            if (!_pendingFlush.IsCompleted)
            {
                Interlocked.Increment(ref _droppedFull);
                return false; // the writer is behind by MaxSendBuffer: drop, as a full UDP buffer would
            }

            _flushPending = false;
            if (_pendingFlush.GetAwaiter().GetResult().IsCompleted)
            {
                Interlocked.Increment(ref _droppedClosed);
                return false;
            }
        }

        PipeWriter writer = _output.Writer;
        try
        {
            message.CopyTo(writer.GetSpan(message.Length));
            writer.Advance(message.Length);
            ValueTask<FlushResult> flush = writer.FlushAsync();
            if (flush.IsCompleted)
            {
                flush.GetAwaiter().GetResult();
            }
            else
            {
                _pendingFlush = flush;
                _flushPending = true;
            }
        }
        catch (InvalidOperationException)
        {
            Interlocked.Increment(ref _droppedClosed); // the pipe was completed by a failure meanwhile
            return false;
        }

        Interlocked.Increment(ref _messagesSent);
        return true;
    }

    /// <summary>
    /// The next whole message from the server, if one has arrived: a view valid until the next call
    /// (the engine may work on it in place). Loop thread only. False when none is complete yet.
    /// </summary>
    public bool TryReceive(out ReceivedDatagram message)
    {
        message = default;
        PipeReader reader = _input.Reader;
        if (_holding)
        {
            _holding = false;
            reader.AdvanceTo(_release);
        }

        if (_inputDone || !reader.TryRead(out ReadResult result))
        {
            return false;
        }

        ReadOnlySequence<byte> buffer = result.Buffer;
        switch (TurnStreamFramer.TryReadFrame(buffer, _options.MaxMessageLength, out int length))
        {
            case TurnFrameStatus.Complete:
            {
                ReadOnlySequence<byte> frame = buffer.Slice(0, length);
                Span<byte> data;
                if (frame.IsSingleSegment)
                {
                    // The pipe's own pooled memory: ours until released, so the engine may write to it.
                    data = MemoryMarshal.AsMemory(frame.First).Span;
                }
                else
                {
                    frame.CopyTo(_scratch);
                    data = _scratch.AsSpan(0, length);
                    Interlocked.Increment(ref _copied);
                }

                _release = frame.End;
                _holding = true;
                Interlocked.Increment(ref _messagesReceived);
                message = new ReceivedDatagram(data, _local, _options.RemoteAddress, _options.Protocol);
                return true;
            }

            case TurnFrameStatus.Incomplete:
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    FinishInput(); // the stream ended; a partial message is dropped with it
                }

                return false;
            default:
                reader.AdvanceTo(buffer.Start, buffer.End);
                Fail(new InvalidDataException("The TURN server sent bytes that are not a TURN message (or one over the length limit)."));
                FinishInput();
                return false;
        }
    }

    /// <summary>
    /// Closes the connection (pending sends are abandoned) and waits for its I/O tasks. Call it from
    /// the loop thread, or once the loop no longer calls <see cref="TrySend"/> and <see cref="TryReceive"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        SetState(TurnStreamState.Closed, onlyIfOpen: true);
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket?.Dispose();
        try
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // the socket is gone; the tasks end on their own
        }

        _stop.Dispose();
    }

    private static bool IsOneMessage(ReadOnlySpan<byte> message)
    {
        return TurnStreamFramer.TryReadFrame(message, TurnStreamFramer.MaxMessageLength, out int length) == TurnFrameStatus.Complete
            && length == message.Length;
    }

    private void FinishInput()
    {
        _inputDone = true;
        _input.Reader.Complete();
        SetState(TurnStreamState.Closed, onlyIfOpen: true);
    }

    private async Task RunAsync()
    {
        CancellationToken stop = _stop.Token;
        try
        {
            await ConnectAsync(stop).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Refused, timed out, handshake or certificate rejected, disposed: all end the connection.
            Fail(ex);
            _connected.TrySetException(ex);
            _ = _connected.Task.Exception; // observed here: a host that never awaits Connected learns it from State
            _input.Writer.Complete();
            _output.Reader.Complete();
            return;
        }

        _connected.TrySetResult();
        SetState(TurnStreamState.Connected, onlyIfOpen: true);
        Raise();
        Task reading = ReadLoopAsync(stop);
        Task writing = WriteLoopAsync(stop);
        await Task.WhenAll(reading, writing).ConfigureAwait(false);
    }

    private async Task ConnectAsync(CancellationToken stop)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(_options.ConnectTimeout);
        var socket = new Socket(_options.RemoteAddress.Family, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _socket = socket;
        await socket.ConnectAsync(_options.RemoteAddress.ToIPEndPoint(), timeout.Token).ConfigureAwait(false);
        _local = PeerAddress.FromIPEndPoint((System.Net.IPEndPoint)socket.LocalEndPoint!).UnmapIPv4();
        System.IO.Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (_options.Protocol == TransportProtocol.Tls)
        {
            var tls = new SslStream(stream, leaveInnerStreamOpen: false);
            stream = tls;
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = _options.ServerName ?? _options.RemoteAddress.AddressToString(),
                    RemoteCertificateValidationCallback = _options.CertificateValidation,
                },
                timeout.Token).ConfigureAwait(false);
        }

        _stream = stream;
    }

    /// <summary>Socket to the input pipe; the pipe's threshold stops reading while the loop is behind.</summary>
    private async Task ReadLoopAsync(CancellationToken stop)
    {
        PipeWriter writer = _input.Writer;
        System.IO.Stream stream = _stream!;
        try
        {
            while (true)
            {
                Memory<byte> memory = writer.GetMemory(4096);
                int read = await stream.ReadAsync(memory, stop).ConfigureAwait(false);
                if (read == 0)
                {
                    break; // the server closed the stream
                }

                writer.Advance(read);
                Interlocked.Add(ref _bytesReceived, read);
                ValueTask<FlushResult> flush = writer.FlushAsync(stop);
                Raise(); // the bytes are visible to the reader even while the flush waits for room
                if ((await flush.ConfigureAwait(false)).IsCompleted)
                {
                    break; // the loop stopped reading (failure or dispose)
                }
            }
        }
        catch (Exception ex)
        {
            Fail(ex); // an I/O task records every failure; nothing escapes it unobserved
        }
        finally
        {
            await writer.CompleteAsync().ConfigureAwait(false);
            Raise();
        }
    }

    /// <summary>Output pipe to the socket.</summary>
    private async Task WriteLoopAsync(CancellationToken stop)
    {
        PipeReader reader = _output.Reader;
        System.IO.Stream stream = _stream!;
        try
        {
            while (true)
            {
                ReadResult result = await reader.ReadAsync(stop).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                foreach (ReadOnlyMemory<byte> segment in buffer)
                {
                    await stream.WriteAsync(segment, stop).ConfigureAwait(false);
                    Interlocked.Add(ref _bytesSent, segment.Length);
                }

                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private void Fail(Exception ex)
    {
        if (SetState(TurnStreamState.Failed, onlyIfOpen: true))
        {
            _failure = ex;
            _socket?.Dispose();
        }

        Raise();
    }

    private bool SetState(TurnStreamState state, bool onlyIfOpen)
    {
        while (true)
        {
            int current = _state;
            if (onlyIfOpen && current is (int)TurnStreamState.Closed or (int)TurnStreamState.Failed)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _state, (int)state, current) == current)
            {
                return true;
            }
        }
    }

    private void Raise() => DataAvailable?.Invoke();
}
