using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using RtcEngine.Primitives;
using RtcEngine.Session.Driver.Udp.Linux;
using RtcEngine.Session.Driver.Udp.Portable;

namespace RtcEngine.Session.Driver.Udp;

/// <summary>
/// A UDP socket that moves datagrams in batches without allocating: on Linux (x86_64, arm64) through
/// <c>recvmmsg</c>/<c>sendmmsg</c> with UDP GSO and GRO, elsewhere (or when the kernel refuses any
/// of it, or with <see cref="UdpBatchSocketOptions.ForcePortable"/>) through the portable
/// <see cref="Socket"/> calls; both behind this one API.
/// </summary>
/// <remarks>
/// <para>Receive: <see cref="Receive"/> fills a <see cref="UdpReceiveBatch"/> (waiting up to a
/// timeout); coalesced GRO datagrams come out as their original datagrams, and datagrams longer than
/// <see cref="UdpBatchSocketOptions.MaxDatagramSize"/> are dropped and counted.</para>
/// <para>Send: <see cref="TryQueue"/> (a copy) or <see cref="TryGetSendBuffer"/> +
/// <see cref="CommitSend"/> (written in place) queue datagrams; <see cref="Flush"/> hands the queue
/// to the kernel, as one GSO message per run of equal-size datagrams to one destination where GSO is
/// active. A datagram the network refuses (ECONNREFUSED, EHOSTUNREACH, ...) is counted as lost, as
/// on a real network, never thrown.</para>
/// <para>Threading: not thread-safe, with two exceptions. One thread at a time receives
/// (<see cref="Receive"/>) and one thread at a time sends (the queue methods and
/// <see cref="Flush"/>); they may be the same thread or two. <see cref="Wake"/>,
/// <see cref="Counters"/> and the properties may be used from any thread. Dispose after the
/// receiving and sending threads are done (a concurrent dispose makes a blocked receive return).</para>
/// </remarks>
/// <example>
/// <code>
/// using var socket = UdpBatchSocket.Bind(PeerAddress.Parse("127.0.0.1:0"), UdpBatchSocketOptions.Default);
/// UdpReceiveBatch batch = socket.CreateReceiveBatch();
/// int count = socket.Receive(batch, TimeSpan.FromMilliseconds(20));
/// for (int i = 0; i &lt; count; i++)
/// {
///     ReceivedDatagram datagram = batch[i];       // engine.HandleDatagram(now, datagram)
/// }
/// while (socket.TryGetSendBuffer(out Span&lt;byte&gt; buffer) &amp;&amp; engine.TryPollTransmit(buffer, out TransmitInfo t))
/// {
///     socket.CommitSend(t.Length, t.Destination.IsNone ? defaultPeer : t.Destination);
///     if (socket.QueuedCount == socket.QueueCapacity) socket.Flush();
/// }
/// socket.Flush();
/// // Another thread, after posting work for the loop: socket.Wake();
/// </code>
/// </example>
public sealed class UdpBatchSocket : IDisposable
{
    private readonly Socket _socket;
    private readonly UdpPath _path;
    private readonly UdpSendQueue _queue;
    private readonly UdpCounterSet _counters;
    private readonly UdpBatchSocketOptions _options;
    private int _wakePending;
    private int _disposed;

    private UdpBatchSocket(Socket socket, PeerAddress local, UdpPath path, UdpCounterSet counters, UdpBatchSocketOptions options)
    {
        _socket = socket;
        LocalAddress = local;
        _path = path;
        _counters = counters;
        _options = options;
        _queue = new UdpSendQueue(options.BatchSize, options.MaxDatagramSize);
    }

    /// <summary>The path in use (tests reach the Linux path's fault injection through it).</summary>
    internal UdpPath Path => _path;

    /// <summary>The platform socket (for <see cref="UdpSocketGroup"/>'s portable wait).</summary>
    internal Socket Socket => _socket;

    /// <summary>
    /// Consumes a pending <see cref="Wake"/> as a <see cref="Receive"/> would before waiting: true
    /// when there was one (the caller returns to its loop instead of waiting).
    /// </summary>
    internal bool TryConsumeWake()
    {
        if (Volatile.Read(ref _wakePending) == 0)
        {
            return false;
        }

        ConsumeWake();
        return true;
    }

    /// <summary>Drains the wake signal and clears the flag, so that the next <see cref="Wake"/> signals again.</summary>
    internal void ConsumeWake()
    {
        _path.DrainWake();
        Volatile.Write(ref _wakePending, 0);
    }

    /// <summary>The bound address (with the port the kernel chose when bound to port 0).</summary>
    public PeerAddress LocalAddress { get; }

    /// <summary>Whether the Linux batched path (<c>recvmmsg</c>/<c>sendmmsg</c>) is in use.</summary>
    public bool IsLinuxFastPath => _path.IsLinuxFastPath;

    /// <summary>Whether sends use UDP GSO (it turns off by itself if the kernel refuses a GSO send with EIO).</summary>
    public bool GsoActive => _path.GsoActive;

    /// <summary>Whether the kernel may deliver coalesced datagrams (UDP GRO), which the socket splits.</summary>
    public bool GroActive => _path.GroActive;

    /// <summary>The kernel's receive buffer as it reports it (Linux reports twice the usable figure).</summary>
    public int ReceiveBufferSize => _socket.ReceiveBufferSize;

    /// <summary>The kernel's send buffer as it reports it.</summary>
    public int SendBufferSize => _socket.SendBufferSize;

    /// <summary>The longest datagram sent or received (<see cref="UdpBatchSocketOptions.MaxDatagramSize"/>).</summary>
    public int MaxDatagramSize => _options.MaxDatagramSize;

    /// <summary>How many datagrams wait for <see cref="Flush"/>.</summary>
    public int QueuedCount => _queue.Count;

    /// <summary>How many datagrams the send queue holds (<see cref="UdpBatchSocketOptions.BatchSize"/>).</summary>
    public int QueueCapacity => _queue.Capacity;

    /// <summary>A snapshot of the counters (thread-safe, allocation-free).</summary>
    public UdpSocketCounters Counters => _counters.Snapshot();

    /// <summary>
    /// Opens a UDP socket bound to <paramref name="local"/> (IPv4 or IPv6; port 0 lets the kernel
    /// choose), with kernel buffers as large as allowed, on the best path available.
    /// </summary>
    public static UdpBatchSocket Bind(PeerAddress local, UdpBatchSocketOptions? options = null)
    {
        options ??= UdpBatchSocketOptions.Default;
        options.Validate();
        if (local.IsNone)
        {
            throw new ArgumentException("A local address is required (use 0.0.0.0:0 or [::]:0 for any).", nameof(local));
        }

        var socket = new Socket(local.Family, SocketType.Dgram, ProtocolType.Udp);
        UdpPath? path = null;
        try
        {
            if (local.IsIPv6)
            {
                socket.DualMode = options.DualMode;
            }

            SetBufferSize(socket, SocketOptionName.ReceiveBuffer, options.ReceiveBufferSize);
            SetBufferSize(socket, SocketOptionName.SendBuffer, options.SendBufferSize);
            socket.Bind(local.ToIPEndPoint());
            PeerAddress bound = PeerAddress.FromIPEndPoint((IPEndPoint)socket.LocalEndPoint!);
            var counters = new UdpCounterSet();
            path = options.ForcePortable ? null : LinuxBatchPath.TryCreate(socket, options, counters);
            path ??= new PortablePath(socket, bound, options, counters);
            return new UdpBatchSocket(socket, bound, path, counters, options);
        }
        catch
        {
            path?.Dispose();
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A receive batch sized for this socket (its batch size, and 64 KB buffers when GRO is active).</summary>
    public UdpReceiveBatch CreateReceiveBatch() =>
        new(_options.BatchSize, _options.MaxDatagramSize, _path.IsLinuxFastPath, _path.GroActive);

    /// <summary>
    /// Receives what is waiting into <paramref name="batch"/>, waiting up to
    /// <paramref name="timeout"/> for the first datagram (<see cref="TimeSpan.Zero"/>: do not wait;
    /// <see cref="Timeout.InfiniteTimeSpan"/>: no limit). Returns early, possibly with 0, after
    /// <see cref="Wake"/>. The datagrams stay valid until the next receive into the same batch.
    /// </summary>
    /// <returns>The number of datagrams in the batch (<see cref="UdpReceiveBatch.Count"/>).</returns>
    public int Receive(UdpReceiveBatch batch, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (batch.IsNative != _path.IsLinuxFastPath || (_path.GroActive && !batch.IsGro) || batch.MaxDatagramSize < _options.MaxDatagramSize)
        {
            ThrowForeignBatch();
        }

        if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            ThrowBadTimeout(timeout);
        }

        batch.Clear();
        batch.Local = LocalAddress;
        try
        {
            return ReceiveCore(batch, timeout);
        }
        catch (ObjectDisposedException) when (Volatile.Read(ref _disposed) != 0)
        {
            // Disposed while this call waited: it ends with what it had.
            return batch.Count;
        }
    }

    /// <summary>
    /// Makes a <see cref="Receive"/> that is blocked (or the next one, if none is) return promptly, so
    /// that the receiving loop can run work other threads posted. Thread-safe; repeated calls before
    /// the receive returns cost nothing more.
    /// </summary>
    public void Wake()
    {
        if (Volatile.Read(ref _disposed) == 0 && Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            _path.SignalWake();
        }
    }

    /// <summary>Copies <paramref name="datagram"/> into the send queue for <paramref name="remote"/>; false when the queue is full (flush first).</summary>
    /// <exception cref="ArgumentException">The datagram is longer than <see cref="MaxDatagramSize"/>, or the address cannot be reached from this socket's family.</exception>
    public bool TryQueue(ReadOnlySpan<byte> datagram, PeerAddress remote)
    {
        if (datagram.Length > _queue.MaxDatagramSize)
        {
            ThrowTooLong(datagram.Length);
        }

        ValidateRemote(remote);
        if (!_queue.TryGetBuffer(out Span<byte> buffer))
        {
            return false;
        }

        datagram.CopyTo(buffer);
        _queue.Commit(datagram.Length, remote);
        return true;
    }

    /// <summary>
    /// The space for the next queued datagram (<see cref="MaxDatagramSize"/> bytes), to be written in
    /// place and then committed with <see cref="CommitSend"/>; false when the queue is full. Writing
    /// nothing and not committing is fine: the next call returns the same space.
    /// </summary>
    public bool TryGetSendBuffer(out Span<byte> buffer) => _queue.TryGetBuffer(out buffer);

    /// <summary>Queues the first <paramref name="length"/> bytes written into the span <see cref="TryGetSendBuffer"/> gave.</summary>
    /// <exception cref="InvalidOperationException">The queue is full (no buffer was handed out).</exception>
    public void CommitSend(int length, PeerAddress remote)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, _queue.MaxDatagramSize);
        ValidateRemote(remote);
        if (_queue.IsFull)
        {
            throw new InvalidOperationException("The send queue is full: call TryGetSendBuffer (and Flush) first.");
        }

        _queue.Commit(length, remote);
    }

    /// <summary>
    /// Hands every queued datagram to the kernel (in <c>sendmmsg</c> batches and GSO runs on Linux)
    /// and empties the queue. A datagram the kernel refuses is counted by reason, not thrown; when the
    /// send buffer stays full past <see cref="UdpBatchSocketOptions.SendBlockTimeout"/> the rest is
    /// dropped and counted.
    /// </summary>
    /// <returns>How many datagrams the kernel accepted.</returns>
    public int Flush()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _path.Flush(_queue);
    }

    /// <summary>Closes the socket; a <see cref="Receive"/> blocked on another thread returns.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _path.BeginDispose();
        _socket.Dispose();
        _path.Dispose();
    }

    private int ReceiveCore(UdpReceiveBatch batch, TimeSpan timeout)
    {
        int count = _path.ReceiveAvailable(batch, out bool woken);
        if (woken)
        {
            Volatile.Write(ref _wakePending, 0);
        }

        if (count > 0 || woken || timeout == TimeSpan.Zero)
        {
            return count;
        }

        long start = Stopwatch.GetTimestamp();
        while (Volatile.Read(ref _disposed) == 0)
        {
            // The flag is cleared only right before returning, after the signal was consumed: a
            // Wake that finds it set can rely on this receive returning (see Wake).
            if (Volatile.Read(ref _wakePending) != 0)
            {
                _path.DrainWake();
                Volatile.Write(ref _wakePending, 0);
                return 0;
            }

            int remaining = RemainingMilliseconds(start, timeout);
            if (remaining == 0)
            {
                return 0;
            }

            WaitOutcome outcome = _path.Wait(remaining);
            if (Volatile.Read(ref _disposed) != 0)
            {
                break;
            }

            if ((outcome & WaitOutcome.Woken) != 0)
            {
                _path.DrainWake();
                Volatile.Write(ref _wakePending, 0);
                return _path.ReceiveAvailable(batch, out _);
            }

            if ((outcome & WaitOutcome.Readable) != 0)
            {
                count = _path.ReceiveAvailable(batch, out woken);
                if (woken)
                {
                    Volatile.Write(ref _wakePending, 0);
                }

                if (count > 0 || woken)
                {
                    return count;
                }
            }
        }

        return 0;
    }

    /// <summary>Whether this socket's address family can send to <paramref name="remote"/>.</summary>
    public bool CanReach(PeerAddress remote) => LocalAddress.IsIPv4
        ? remote.IsIPv4 || remote.IsIPv4Mapped
        : remote.IsIPv6 || (remote.IsIPv4 && _options.DualMode);

    private void ValidateRemote(PeerAddress remote)
    {
        if (!CanReach(remote))
        {
            ThrowUnreachableFamily(remote);
        }
    }

    private static int RemainingMilliseconds(long start, TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return -1;
        }

        double remaining = (timeout - Stopwatch.GetElapsedTime(start)).TotalMilliseconds;
        return remaining <= 0 ? 0 : (int)Math.Min(int.MaxValue, Math.Ceiling(remaining));
    }

    private static void SetBufferSize(Socket socket, SocketOptionName option, int size)
    {
        socket.SetSocketOption(SocketOptionLevel.Socket, option, size);
        if (OperatingSystem.IsLinux() && (int)socket.GetSocketOption(SocketOptionLevel.Socket, option)! < size)
        {
            // Above net.core.[rw]mem_max the kernel caps the request; the FORCE variants ignore the
            // cap where the process has CAP_NET_ADMIN. Without it, the capped size stands.
            int force = option == SocketOptionName.ReceiveBuffer ? LinuxNative.SoRcvBufForce : LinuxNative.SoSndBufForce;
            Span<byte> value = stackalloc byte[sizeof(int)];
            System.Runtime.InteropServices.MemoryMarshal.Write(value, size);
            try
            {
                socket.SetRawSocketOption(LinuxNative.SolSocket, force, value);
            }
            catch (SocketException)
            {
                // Not permitted: keep what the kernel granted.
            }
        }
    }

    [DoesNotReturn]
    private static void ThrowBadTimeout(TimeSpan timeout) =>
        throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "Use a positive timeout, zero, or Timeout.InfiniteTimeSpan.");

    [DoesNotReturn]
    private static void ThrowForeignBatch() =>
        throw new ArgumentException("The batch was made for another kind of socket: use this socket's CreateReceiveBatch().", "batch");

    [DoesNotReturn]
    private void ThrowTooLong(int length) =>
        throw new ArgumentException($"A datagram of {length} bytes exceeds MaxDatagramSize ({_queue.MaxDatagramSize}).", "datagram");

    [DoesNotReturn]
    private void ThrowUnreachableFamily(PeerAddress remote) =>
        throw new ArgumentException($"Cannot send to {remote} from a socket bound to {LocalAddress}.", nameof(remote));
}
