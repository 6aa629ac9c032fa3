using RtcEngine.Primitives;

namespace RtcEngine.Session.Driver.Udp;

/// <summary>How <see cref="UdpBatchSocket.Bind"/> sets up a socket. Immutable once built (init-only).</summary>
public sealed class UdpBatchSocketOptions
{
    /// <summary>The defaults: 4 MB kernel buffers, batches of 32, GSO and GRO where the kernel has them.</summary>
    public static UdpBatchSocketOptions Default { get; } = new();

    /// <summary>
    /// Requested kernel receive buffer (SO_RCVBUF), in bytes. Linux caps it at
    /// <c>net.core.rmem_max</c> unless the process may use SO_RCVBUFFORCE, which the socket then tries.
    /// </summary>
    public int ReceiveBufferSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>Requested kernel send buffer (SO_SNDBUF), in bytes; capped like <see cref="ReceiveBufferSize"/>.</summary>
    public int SendBufferSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Datagrams queued per <see cref="UdpBatchSocket.Flush"/> and kernel messages read per receive
    /// system call (1 to 1024). With GRO each message is a 64 KB buffer that may hold up to 64
    /// coalesced datagrams, so a receive batch then pins <c>BatchSize</c> × 64 KB.
    /// </summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>
    /// The longest datagram sent or received, in bytes. A longer received datagram is dropped and
    /// counted (<see cref="UdpSocketCounters.TruncatedDropped"/>); queueing a longer one is misuse.
    /// </summary>
    public int MaxDatagramSize { get; init; } = DatagramLimits.ReceiveBufferSize;

    /// <summary>Whether consecutive equal-size datagrams to one destination go out as one UDP GSO send (Linux only).</summary>
    public bool EnableGso { get; init; } = true;

    /// <summary>Whether the kernel may hand over coalesced datagrams (UDP GRO), split back by the socket (Linux only).</summary>
    public bool EnableGro { get; init; } = true;

    /// <summary>
    /// Use the portable <see cref="System.Net.Sockets.Socket"/> path even where the Linux batched path
    /// works. Setting the environment variable <c>RTCENGINE_UDP_PORTABLE=1</c> does the same for
    /// every socket of the process.
    /// </summary>
    public bool ForcePortable { get; init; }

    /// <summary>For an IPv6 socket: also send to and receive from IPv4 peers (as IPv4-mapped addresses).</summary>
    public bool DualMode { get; init; }

    /// <summary>
    /// How long <see cref="UdpBatchSocket.Flush"/> waits for room when the kernel's send buffer is
    /// full before it drops the rest of the queue (counted in <see cref="UdpSocketCounters.SendDroppedBufferFull"/>).
    /// </summary>
    public TimeSpan SendBlockTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ReceiveBufferSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SendBufferSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(BatchSize, 1024);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDatagramSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxDatagramSize, 65_507);
        ArgumentOutOfRangeException.ThrowIfLessThan(SendBlockTimeout, TimeSpan.Zero);
    }
}
