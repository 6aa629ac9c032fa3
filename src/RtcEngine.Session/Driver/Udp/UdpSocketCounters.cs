using System.Net.Sockets;

namespace RtcEngine.Session.Driver.Udp;

/// <summary>
/// A snapshot of a <see cref="UdpBatchSocket"/>'s counters: what went through, how many system
/// calls it took, and every datagram dropped, by reason. Read without allocating; a plain value,
/// safe to pass between threads. Each counter is read atomically, but not all at one instant.
/// </summary>
public readonly record struct UdpSocketCounters
{
    /// <summary>Datagrams delivered by <see cref="UdpBatchSocket.Receive"/> (GRO segments counted one by one).</summary>
    public long DatagramsReceived { get; init; }

    /// <summary>Bytes of the delivered datagrams.</summary>
    public long BytesReceived { get; init; }

    /// <summary>Receive system calls that returned data (<c>recvmmsg</c> or <c>recvfrom</c>).</summary>
    public long ReceiveCalls { get; init; }

    /// <summary>Kernel messages that carried several coalesced datagrams (UDP GRO), split by the socket.</summary>
    public long CoalescedReceived { get; init; }

    /// <summary>Datagrams dropped because they were longer than <see cref="UdpBatchSocketOptions.MaxDatagramSize"/> (MSG_TRUNC).</summary>
    public long TruncatedDropped { get; init; }

    /// <summary>Receive calls that failed with an error other than "nothing to read" (counted, then retried).</summary>
    public long ReceiveErrors { get; init; }

    /// <summary>Datagrams the kernel accepted.</summary>
    public long DatagramsSent { get; init; }

    /// <summary>Bytes of the datagrams the kernel accepted.</summary>
    public long BytesSent { get; init; }

    /// <summary>Send system calls that the kernel accepted (<c>sendmmsg</c> or <c>sendto</c>).</summary>
    public long SendCalls { get; init; }

    /// <summary>Messages sent with UDP GSO (several datagrams in one kernel message).</summary>
    public long GsoSends { get; init; }

    /// <summary>Datagrams dropped because the destination was unreachable (ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, ...).</summary>
    public long SendUnreachable { get; init; }

    /// <summary>Datagrams the kernel refused for another reason (EINVAL such as port 0, EMSGSIZE, EPERM from a firewall, ...).</summary>
    public long SendRejected { get; init; }

    /// <summary>Datagrams dropped because the send buffer stayed full past <see cref="UdpBatchSocketOptions.SendBlockTimeout"/> (or ENOBUFS).</summary>
    public long SendDroppedBufferFull { get; init; }

    /// <summary>The error of the last failed send, or <see cref="SocketError.Success"/>.</summary>
    public SocketError LastSendError { get; init; }
}

/// <summary>The live counters behind <see cref="UdpSocketCounters"/>: each field written by one owner thread.</summary>
internal sealed class UdpCounterSet
{
    public long DatagramsReceived;
    public long BytesReceived;
    public long ReceiveCalls;
    public long CoalescedReceived;
    public long TruncatedDropped;
    public long ReceiveErrors;
    public long DatagramsSent;
    public long BytesSent;
    public long SendCalls;
    public long GsoSends;
    public long SendUnreachable;
    public long SendRejected;
    public long SendDroppedBufferFull;
    public int LastSendError;

    public UdpSocketCounters Snapshot() => new()
    {
        DatagramsReceived = Volatile.Read(ref DatagramsReceived),
        BytesReceived = Volatile.Read(ref BytesReceived),
        ReceiveCalls = Volatile.Read(ref ReceiveCalls),
        CoalescedReceived = Volatile.Read(ref CoalescedReceived),
        TruncatedDropped = Volatile.Read(ref TruncatedDropped),
        ReceiveErrors = Volatile.Read(ref ReceiveErrors),
        DatagramsSent = Volatile.Read(ref DatagramsSent),
        BytesSent = Volatile.Read(ref BytesSent),
        SendCalls = Volatile.Read(ref SendCalls),
        GsoSends = Volatile.Read(ref GsoSends),
        SendUnreachable = Volatile.Read(ref SendUnreachable),
        SendRejected = Volatile.Read(ref SendRejected),
        SendDroppedBufferFull = Volatile.Read(ref SendDroppedBufferFull),
        LastSendError = (SocketError)Volatile.Read(ref LastSendError),
    };

    /// <summary>Counts <paramref name="datagrams"/> lost to a send error, by reason.</summary>
    public void CountSendFailure(SocketError error, int datagrams)
    {
        switch (error)
        {
            case SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable
                or SocketError.HostDown or SocketError.NetworkDown or SocketError.ConnectionReset:
                SendUnreachable += datagrams;
                break;
            case SocketError.WouldBlock or SocketError.NoBufferSpaceAvailable or SocketError.TimedOut:
                SendDroppedBufferFull += datagrams;
                break;
            default:
                SendRejected += datagrams;
                break;
        }

        Volatile.Write(ref LastSendError, (int)error);
    }
}
