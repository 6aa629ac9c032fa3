using System.Net;
using System.Net.Sockets;
using RtcEngine.Primitives;

namespace RtcEngine.Session.Driver.Udp.Portable;

/// <summary>
/// The portable path: <see cref="Socket.ReceiveFrom(Span{byte}, SocketFlags, SocketAddress)"/> and
/// <see cref="Socket.SendTo(ReadOnlySpan{byte}, SocketFlags, SocketAddress)"/> one datagram at a time
/// (the allocation-free overloads), with <see cref="Socket.Poll(int, SelectMode)"/> to wait. The wake
/// signal is an empty datagram from a private loopback socket, recognised by its source address and
/// never delivered; waits are cut into short slices as well, so a wake datagram lost to a full
/// receive buffer delays a wake by one slice at most.
/// </summary>
/// <remarks>Not thread-safe, except <see cref="SignalWake"/>: one thread receives, one thread sends.</remarks>
internal sealed class PortablePath : UdpPath
{
    /// <summary>Longest single poll: the bound on a wake's delay when its datagram was lost.</summary>
    internal const int WaitSliceMilliseconds = 50;

    private readonly Socket _socket;
    private readonly UdpCounterSet _counters;
    private readonly SocketAddress _receiveAddress;
    private readonly SocketAddress _sendAddress;
    private readonly Socket? _wakeSocket;
    private readonly SocketAddress? _wakeTarget;
    private readonly PeerAddress _wakeSource;

    public PortablePath(Socket socket, PeerAddress local, UdpBatchSocketOptions options, UdpCounterSet counters)
    {
        _socket = socket;
        _counters = counters;
        _receiveAddress = new SocketAddress(socket.AddressFamily);
        _sendAddress = new SocketAddress(socket.AddressFamily);
        _socket.SendTimeout = Math.Max(1, (int)Math.Min(int.MaxValue, options.SendBlockTimeout.TotalMilliseconds));
        (_wakeSocket, _wakeTarget, _wakeSource) = CreateWakeSocket(local);
    }

    public override bool IsLinuxFastPath => false;

    public override bool GsoActive => false;

    public override bool GroActive => false;

    public override int ReceiveAvailable(UdpReceiveBatch batch, out bool woken)
    {
        woken = false;
        int max = batch.MaxDatagramSize;
        for (int i = 0; i < batch.MessageCount; i++)
        {
            // Available answers for a datagram with bytes; Poll also sees an empty one.
            if (_socket.Available == 0 && !_socket.Poll(0, SelectMode.SelectRead))
            {
                break;
            }

            int length;
            try
            {
                length = _socket.ReceiveFrom(batch.PortableBuffer(i), SocketFlags.None, _receiveAddress);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.MessageSize)
            {
                _counters.TruncatedDropped++;
                continue;
            }
            catch (SocketException)
            {
                // ICMP reports surfacing on receive (Windows' WSAECONNRESET), and the like.
                _counters.ReceiveErrors++;
                continue;
            }

            _counters.ReceiveCalls++;
            if (!PeerAddress.TryFromSocketAddress(_receiveAddress, out PeerAddress remote))
            {
                continue;
            }

            if (_wakeSocket is not null && remote == _wakeSource)
            {
                woken = true;
                continue;
            }

            // The buffer is one byte longer than the limit: filling it means the datagram was longer.
            if (length > max)
            {
                _counters.TruncatedDropped++;
                continue;
            }

            batch.Add(i * batch.Stride, length, remote);
            _counters.DatagramsReceived++;
            _counters.BytesReceived += length;
        }

        return batch.Count;
    }

    public override WaitOutcome Wait(int timeoutMilliseconds)
    {
        int slice = timeoutMilliseconds < 0 ? WaitSliceMilliseconds : Math.Min(timeoutMilliseconds, WaitSliceMilliseconds);
        try
        {
            return _socket.Poll(slice * 1000, SelectMode.SelectRead) ? WaitOutcome.Readable : WaitOutcome.None;
        }
        catch (ObjectDisposedException)
        {
            return WaitOutcome.None;
        }
    }

    public override void SignalWake()
    {
        if (_wakeSocket is null)
        {
            return;
        }

        try
        {
            _wakeSocket.SendTo(ReadOnlySpan<byte>.Empty, SocketFlags.None, _wakeTarget!);
        }
        catch (SocketException)
        {
            // The slice bound still applies.
        }
        catch (ObjectDisposedException)
        {
            // Disposed concurrently: nobody is left to wake.
        }
    }

    public override void DrainWake()
    {
        // The wake datagram is dropped when ReceiveAvailable reads it.
    }

    public override int Flush(UdpSendQueue queue)
    {
        int sent = 0;
        try
        {
            for (int i = 0; i < queue.Count; i++)
            {
                queue.RemoteAt(i).WriteTo(_sendAddress);
                ReadOnlySpan<byte> data = queue.DataAt(i);
                try
                {
                    _socket.SendTo(data, SocketFlags.None, _sendAddress);
                }
                catch (SocketException e)
                {
                    _counters.CountSendFailure(e.SocketErrorCode, 1);
                    continue;
                }

                sent++;
                _counters.SendCalls++;
                _counters.BytesSent += data.Length;
            }
        }
        finally
        {
            _counters.DatagramsSent += sent;
            queue.Clear();
        }

        return sent;
    }

    public override void BeginDispose() => SignalWake();

    public override void Dispose() => _wakeSocket?.Dispose();

    /// <summary>
    /// A socket that sends the wake datagram to the main socket over loopback (or over the main
    /// socket's own address when it is bound to one), and the source address that identifies it.
    /// Null when none can be made (no loopback of that family): waits then rely on their slices.
    /// </summary>
    private static (Socket? Socket, SocketAddress? Target, PeerAddress Source) CreateWakeSocket(PeerAddress local)
    {
        IPAddress any = local.IsIPv4 ? IPAddress.Any : IPAddress.IPv6Any;
        IPAddress loopback = local.IsIPv4 ? IPAddress.Loopback : IPAddress.IPv6Loopback;
        IPAddress bound = local.ToIPAddress();
        IPAddress target = bound.Equals(any) ? loopback : bound;
        Socket? socket = null;
        try
        {
            socket = new Socket(local.Family, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(target, 0));
            PeerAddress source = PeerAddress.FromIPEndPoint((IPEndPoint)socket.LocalEndPoint!);
            return (socket, PeerAddress.FromIPEndPoint(new IPEndPoint(target, local.Port)).ToSocketAddress(), source);
        }
        catch (SocketException)
        {
            socket?.Dispose();
            return (null, null, PeerAddress.None);
        }
    }
}
