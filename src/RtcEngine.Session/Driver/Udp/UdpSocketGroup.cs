using System.Net.Sockets;
using RtcEngine.Session.Driver.Udp.Linux;
using RtcEngine.Session.Driver.Udp.Portable;

namespace RtcEngine.Session.Driver.Udp;

/// <summary>
/// Waits on several <see cref="UdpBatchSocket"/>s at once, for one loop thread that serves them all
/// (a host bound to an IPv4 and an IPv6 address, say). The wait ends when any socket is readable,
/// when the first socket's <see cref="UdpBatchSocket.Wake"/> fires, or at the timeout; the caller
/// then receives from each socket without waiting (<see cref="UdpBatchSocket.Receive"/> with
/// <see cref="TimeSpan.Zero"/>). Allocation-free after construction.
/// </summary>
/// <remarks>
/// On Linux, one <c>poll</c> covers every socket and the first one's eventfd. On the portable path,
/// <c>Socket.Select</c> covers the sockets (the portable wake signal is a datagram to the
/// first socket). Sockets on different paths (rare: the fast path refused for one of them) are
/// waited on in short slices of the first socket. Loop thread only.
/// </remarks>
internal sealed class UdpSocketGroup
{
    /// <summary>The most sockets one group (one host) serves.</summary>
    public const int MaxSockets = 16;

    // Bounds a mixed-path wait, during which the other sockets are not watched.
    private const int MixedSliceMilliseconds = 2;

    // As the portable path's own waits: bounded, in case its wake socket could not be made.
    private const int PortableSliceMilliseconds = PortablePath.WaitSliceMilliseconds;

    private readonly UdpBatchSocket[] _sockets;
    private readonly LinuxBatchPath[]? _linux;
    private readonly List<Socket>? _selectList;

    public UdpSocketGroup(UdpBatchSocket[] sockets)
    {
        ArgumentOutOfRangeException.ThrowIfZero(sockets.Length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sockets.Length, MaxSockets);
        _sockets = sockets;
        if (sockets.All(s => s.Path is LinuxBatchPath))
        {
            _linux = [.. sockets.Select(s => (LinuxBatchPath)s.Path)];
        }
        else if (sockets.All(s => !s.IsLinuxFastPath))
        {
            _selectList = new List<Socket>(sockets.Length);
        }
    }

    /// <summary>Blocks until a socket is readable, the first socket is woken, or <paramref name="timeout"/> passes.</summary>
    public void Wait(TimeSpan timeout)
    {
        UdpBatchSocket first = _sockets[0];
        if (first.TryConsumeWake() || timeout == TimeSpan.Zero)
        {
            return;
        }

        int milliseconds = timeout == Timeout.InfiniteTimeSpan ? -1 : (int)Math.Min(int.MaxValue, Math.Ceiling(timeout.TotalMilliseconds));
        try
        {
            if (_linux is not null)
            {
                if ((LinuxBatchPath.WaitMany(_linux, milliseconds) & WaitOutcome.Woken) != 0)
                {
                    first.ConsumeWake();
                }
            }
            else if (_selectList is not null)
            {
                // The wake datagram lands on the first socket, which the receive after this consumes.
                int slice = milliseconds < 0 ? PortableSliceMilliseconds : Math.Min(milliseconds, PortableSliceMilliseconds);
                _selectList.Clear();
                foreach (UdpBatchSocket socket in _sockets)
                {
                    _selectList.Add(socket.Socket);
                }

                Socket.Select(_selectList, null, null, slice * 1000);
            }
            else if ((first.Path.Wait(milliseconds < 0 ? MixedSliceMilliseconds : Math.Min(milliseconds, MixedSliceMilliseconds)) & WaitOutcome.Woken) != 0)
            {
                first.ConsumeWake();
            }
        }
        catch (ObjectDisposedException)
        {
            // A socket closed under the wait (the host is stopping): the loop sees it.
        }
    }
}
