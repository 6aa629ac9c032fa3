using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RtcEngine.Primitives;

namespace RtcEngine.Session.Driver.Udp.Linux;

/// <summary>
/// The Linux path: <c>recvmmsg</c>/<c>sendmmsg</c> with <c>MSG_DONTWAIT</c> on the socket's
/// descriptor, <c>poll</c> over the socket and an eventfd (the wake signal), UDP GSO
/// (<c>UDP_SEGMENT</c> control messages) on send and UDP GRO (<c>UDP_GRO</c>) on receive. Every
/// structure handed to the kernel lives in pinned arrays made once; no call allocates.
/// </summary>
/// <remarks>
/// Not thread-safe, except <see cref="SignalWake"/>: one thread receives, one thread sends (they may
/// differ). Every system call holds a reference on the socket's handle, so a concurrent dispose
/// (which shuts the socket down to unblock <c>poll</c>) waits for the call to return.
/// </remarks>
internal sealed unsafe class LinuxBatchPath : UdpPath
{
    private readonly SafeSocketHandle _handle;
    private readonly EventFdHandle _wake;

    // This path alone, for Wait (the one-socket case of WaitMany).
    private readonly LinuxBatchPath[] _self;
    private readonly UdpCounterSet _counters;
    private readonly bool _ipv6;
    private readonly bool _gro;
    private readonly long _sendBlockTicks;

    // Send side: one kernel message per datagram or per GSO run, built by Plan.
    private readonly MMsgHdr[] _sendMessages;
    private readonly IoVec[] _sendIov;
    private readonly byte[] _sendNames;
    private readonly byte[] _sendControl;
    private readonly MMsgHdr* _sendMessagesPointer;
    private readonly IoVec* _sendIovPointer;
    private readonly byte* _sendNamesPointer;
    private readonly byte* _sendControlPointer;
    private readonly int[] _messageFirst;
    private readonly int[] _messageCount;
    private readonly int[] _messageBytes;
    private bool _gso;
    private volatile bool _disposed;

    private LinuxBatchPath(Socket socket, EventFdHandle wake, UdpCounterSet counters, bool gso, bool gro, UdpBatchSocketOptions options)
    {
        _handle = socket.SafeHandle;
        _wake = wake;
        _self = [this];
        _counters = counters;
        _ipv6 = socket.AddressFamily == AddressFamily.InterNetworkV6;
        _gso = gso;
        _gro = gro;
        _sendBlockTicks = (long)(options.SendBlockTimeout.TotalSeconds * Stopwatch.Frequency);

        int capacity = options.BatchSize;
        _sendMessages = GC.AllocateArray<MMsgHdr>(capacity, pinned: true);
        _sendIov = GC.AllocateArray<IoVec>(capacity, pinned: true);
        _sendNames = GC.AllocateArray<byte>(capacity * NativeSocketAddress.Stride, pinned: true);
        _sendControl = GC.AllocateArray<byte>(capacity * NativeSocketAddress.SegmentControlSpace, pinned: true);
        _sendMessagesPointer = (MMsgHdr*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_sendMessages));
        _sendIovPointer = (IoVec*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_sendIov));
        _sendNamesPointer = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_sendNames));
        _sendControlPointer = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_sendControl));
        _messageFirst = new int[capacity];
        _messageCount = new int[capacity];
        _messageBytes = new int[capacity];
    }

    public override bool IsLinuxFastPath => true;

    /// <summary>Fault injection for tests (EAGAIN, EIO on GSO, ...): replaces <c>sendmmsg</c> when set; null in production.</summary>
    internal SendMmsgCall? SendOverride { get; set; }

    public override bool GsoActive => _gso;

    public override bool GroActive => _gro;

    /// <summary>
    /// Sets the socket up for the batched path, or returns null when this kernel or sandbox lacks
    /// something it needs (eventfd, recvmmsg, sendmmsg), in which case the socket stays untouched.
    /// GSO and GRO are each used only when the kernel accepts the option.
    /// </summary>
    public static LinuxBatchPath? TryCreate(Socket socket, UdpBatchSocketOptions options, UdpCounterSet counters)
    {
        if (!LinuxNative.IsAvailable || !ProbeBatchCalls(socket))
        {
            return null;
        }

        EventFdHandle? wake = EventFdHandle.TryCreate(out _);
        if (wake is null)
        {
            return null;
        }

        bool gso = options.EnableGso && ProbeGso(socket);
        bool gro = options.EnableGro && TryEnableGro(socket);
        return new LinuxBatchPath(socket, wake, counters, gso, gro, options);
    }

    public override int ReceiveAvailable(UdpReceiveBatch batch, out bool woken)
    {
        woken = false;
        if (batch.HasPending)
        {
            Split(batch);
            return batch.Count;
        }

        bool added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            int fd = (int)_handle.DangerousGetHandle();
            batch.ResetNativeHeaders(batch.DirtyMessages);
            batch.DirtyMessages = 0;
            int received;
            while (true)
            {
                received = LinuxNative.RecvMmsg(fd, batch.MessagesPointer, (uint)batch.MessageCount, LinuxNative.MsgDontWait, out int errno);
                if (received >= 0)
                {
                    break;
                }

                if (errno == LinuxNative.EIntr)
                {
                    continue;
                }

                if (errno == LinuxNative.EAgain)
                {
                    return 0;
                }

                ThrowIfFatal(errno);

                // A pending socket error (an ICMP report, ENOMEM): the call that reports it clears it.
                _counters.ReceiveErrors++;
                return 0;
            }

            batch.DirtyMessages = received;
            if (received > 0)
            {
                _counters.ReceiveCalls++;
            }

            batch.PendingMessageIndex = 0;
            batch.PendingMessageEnd = received;
            batch.PendingSegmentOffset = 0;
            Split(batch);
            return batch.Count;
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    public override WaitOutcome Wait(int timeoutMilliseconds) => WaitMany(_self, timeoutMilliseconds);

    /// <summary>
    /// Blocks until one of <paramref name="paths"/> is readable, the first one's wake signal fires,
    /// or <paramref name="timeoutMilliseconds"/> pass (-1: no limit): one <c>poll</c> over every
    /// socket and the first path's eventfd. At most <see cref="UdpSocketGroup.MaxSockets"/> paths.
    /// </summary>
    public static WaitOutcome WaitMany(LinuxBatchPath[] paths, int timeoutMilliseconds)
    {
        int count = paths.Length;
        LinuxBatchPath first = paths[0];
        Span<bool> added = stackalloc bool[UdpSocketGroup.MaxSockets];
        bool wakeAdded = false;
        try
        {
            PollFd* fds = stackalloc PollFd[UdpSocketGroup.MaxSockets + 1];
            for (int i = 0; i < count; i++)
            {
                LinuxBatchPath path = paths[i];
                if (path._disposed)
                {
                    return WaitOutcome.None;
                }

                path._handle.DangerousAddRef(ref added[i]);
                fds[i] = new PollFd { Fd = (int)path._handle.DangerousGetHandle(), Events = LinuxNative.PollIn };
            }

            first._wake.DangerousAddRef(ref wakeAdded);
            fds[count] = new PollFd { Fd = first._wake.Fd, Events = LinuxNative.PollIn };
            int ready = LinuxNative.Poll(fds, count + 1, timeoutMilliseconds, out int errno);
            if (ready <= 0)
            {
                // Timeout, or EINTR: the caller recomputes its deadline and waits again.
                if (ready < 0 && errno != LinuxNative.EIntr)
                {
                    ThrowIfFatal(errno);
                }

                return WaitOutcome.None;
            }

            WaitOutcome outcome = WaitOutcome.None;
            for (int i = 0; i < count; i++)
            {
                if (fds[i].ReturnedEvents != 0 && !paths[i]._disposed)
                {
                    outcome |= WaitOutcome.Readable;
                }
            }

            if (fds[count].ReturnedEvents != 0)
            {
                outcome |= WaitOutcome.Woken;
            }

            return outcome;
        }
        finally
        {
            if (wakeAdded)
            {
                first._wake.DangerousRelease();
            }

            for (int i = 0; i < count; i++)
            {
                if (added[i])
                {
                    paths[i]._handle.DangerousRelease();
                }
            }
        }
    }

    public override void SignalWake() => _wake.Signal();

    public override void DrainWake() => _wake.Drain();

    public override int Flush(UdpSendQueue queue)
    {
        int count = queue.Count;
        if (count == 0)
        {
            return 0;
        }

        bool added = false;
        int sent = 0;
        try
        {
            _handle.DangerousAddRef(ref added);
            int fd = (int)_handle.DangerousGetHandle();
            int messages = Plan(queue, 0, 0);
            int next = 0;
            long deadline = 0;
            while (next < messages)
            {
                int errno;
                int accepted = SendOverride is { } fake
                    ? fake(fd, _sendMessagesPointer + next, (uint)(messages - next), LinuxNative.MsgDontWait, out errno)
                    : LinuxNative.SendMmsg(fd, _sendMessagesPointer + next, (uint)(messages - next), LinuxNative.MsgDontWait, out errno);
                if (accepted > 0)
                {
                    for (int m = next; m < next + accepted; m++)
                    {
                        sent += _messageCount[m];
                        _counters.BytesSent += _messageBytes[m];
                        if (_messageCount[m] > 1)
                        {
                            _counters.GsoSends++;
                        }
                    }

                    _counters.SendCalls++;
                    next += accepted;
                    continue;
                }

                if (errno == LinuxNative.EIntr)
                {
                    continue;
                }

                if (errno == LinuxNative.EAgain)
                {
                    deadline = deadline == 0 ? Stopwatch.GetTimestamp() + _sendBlockTicks : deadline;
                    if (WaitWritable(fd, deadline))
                    {
                        continue;
                    }

                    for (int m = next; m < messages; m++)
                    {
                        _counters.CountSendFailure(SocketError.WouldBlock, _messageCount[m]);
                    }

                    break;
                }

                ThrowIfFatal(errno);
                int first = _messageFirst[next];
                int datagrams = _messageCount[next];
                if (datagrams > 1 && errno is LinuxNative.EIo or LinuxNative.EInval or LinuxNative.EMsgSize
                    or LinuxNative.EOpNotSupp or LinuxNative.ENotSupp)
                {
                    // The device or route cannot take this GSO send: send the run one by one, and
                    // stop using GSO when the refusal is about the device rather than this run.
                    if (errno is LinuxNative.EIo or LinuxNative.EOpNotSupp or LinuxNative.ENotSupp)
                    {
                        _gso = false;
                    }

                    messages = Plan(queue, first, first + datagrams);
                    next = 0;
                    continue;
                }

                _counters.CountSendFailure(ToSocketError(errno), datagrams);
                next++;
            }
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }

            _counters.DatagramsSent += sent;
            queue.Clear();
        }

        return sent;
    }

    public override void BeginDispose()
    {
        _disposed = true;
        _wake.Signal();
    }

    public override void Dispose() => _wake.Dispose();

    /// <summary>Maps an errno to the <see cref="SocketError"/> the counters report.</summary>
    internal static SocketError ToSocketError(int errno) => errno switch
    {
        LinuxNative.EConnRefused => SocketError.ConnectionRefused,
        LinuxNative.EHostUnreach => SocketError.HostUnreachable,
        LinuxNative.ENetUnreach => SocketError.NetworkUnreachable,
        LinuxNative.EHostDown => SocketError.HostDown,
        LinuxNative.ENetDown => SocketError.NetworkDown,
        LinuxNative.EConnReset => SocketError.ConnectionReset,
        LinuxNative.EAgain => SocketError.WouldBlock,
        LinuxNative.ENoBufs or LinuxNative.ENoMem => SocketError.NoBufferSpaceAvailable,
        LinuxNative.EInval => SocketError.InvalidArgument,
        LinuxNative.EMsgSize => SocketError.MessageSize,
        LinuxNative.EPerm or LinuxNative.EAcces => SocketError.AccessDenied,
        LinuxNative.EAfNoSupport => SocketError.AddressFamilyNotSupported,
        _ => SocketError.SocketError,
    };

    /// <summary>
    /// Builds the kernel messages for queue entries from <paramref name="from"/> on: a GSO message
    /// for each run of datagrams to one destination with one size (the last may be shorter), at most
    /// 64 segments and 64 KB; a plain message otherwise. Entries before <paramref name="noGsoUntil"/>
    /// go out plain (a run the kernel refused as GSO).
    /// </summary>
    private int Plan(UdpSendQueue queue, int from, int noGsoUntil)
    {
        int count = queue.Count;
        int messages = 0;
        int i = from;
        while (i < count)
        {
            int length = queue.LengthAt(i);
            ref readonly PeerAddress remote = ref queue.RemoteAt(i);
            int end = i + 1;
            int total = length;
            if (_gso && i >= noGsoUntil && length > 0)
            {
                while (end < count && end - i < LinuxNative.MaxGsoSegments)
                {
                    int next = queue.LengthAt(end);
                    if (next > length || next == 0 || total + next > LinuxNative.MaxGsoPayload || !queue.RemoteAt(end).Equals(remote))
                    {
                        break;
                    }

                    total += next;
                    end++;
                    if (next < length)
                    {
                        break;
                    }
                }
            }

            MMsgHdr* message = _sendMessagesPointer + messages;
            byte* name = _sendNamesPointer + (messages * NativeSocketAddress.Stride);
            IoVec* iov = _sendIovPointer + messages;
            iov->Base = queue.ArenaPointer + queue.OffsetAt(i);
            iov->Length = (nuint)total;
            message->Header.Name = name;
            message->Header.NameLength = NativeSocketAddress.Write(remote, name, _ipv6);
            message->Header.Iov = iov;
            message->Header.IovLength = 1;
            message->Header.Flags = 0;
            message->Length = 0;
            if (end - i > 1)
            {
                byte* control = _sendControlPointer + (messages * NativeSocketAddress.SegmentControlSpace);
                message->Header.Control = control;
                message->Header.ControlLength = (nuint)NativeSocketAddress.WriteSegmentSize(control, (ushort)length);
            }
            else
            {
                message->Header.Control = null;
                message->Header.ControlLength = 0;
            }

            _messageFirst[messages] = i;
            _messageCount[messages] = end - i;
            _messageBytes[messages] = total;
            messages++;
            i = end;
        }

        return messages;
    }

    /// <summary>Hands out the segments of received messages until the batch is full; the rest waits for the next call.</summary>
    private void Split(UdpReceiveBatch batch)
    {
        MMsgHdr* messages = batch.MessagesPointer;
        int max = batch.MaxDatagramSize;
        for (int i = batch.PendingMessageIndex; i < batch.PendingMessageEnd; i++)
        {
            MMsgHdr* message = messages + i;
            int length = (int)message->Length;
            int offset = batch.PendingSegmentOffset;
            if ((message->Header.Flags & LinuxNative.MsgTrunc) != 0)
            {
                _counters.TruncatedDropped++;
                batch.PendingSegmentOffset = 0;
                continue;
            }

            PeerAddress remote = NativeSocketAddress.Read((byte*)message->Header.Name, message->Header.NameLength);
            int segment = length;
            if (_gro
                && NativeSocketAddress.TryReadGroSegmentSize((byte*)message->Header.Control, message->Header.ControlLength, out int groSegment)
                && groSegment < length)
            {
                segment = groSegment;
                if (offset == 0)
                {
                    _counters.CoalescedReceived++;
                }
            }

            int bufferOffset = i * batch.Stride;
            do
            {
                if (batch.IsFull)
                {
                    batch.PendingMessageIndex = i;
                    batch.PendingSegmentOffset = offset;
                    return;
                }

                int segmentLength = Math.Min(segment, length - offset);
                if (segmentLength > max)
                {
                    _counters.TruncatedDropped++;
                }
                else
                {
                    batch.Add(bufferOffset + offset, segmentLength, remote);
                    _counters.DatagramsReceived++;
                    _counters.BytesReceived += segmentLength;
                }

                offset += segment;
            }
            while (offset < length);

            batch.PendingSegmentOffset = 0;
        }

        batch.PendingMessageIndex = batch.PendingMessageEnd;
    }

    private static bool WaitWritable(int fd, long deadline)
    {
        while (true)
        {
            long remaining = deadline - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return false;
            }

            var pollFd = new PollFd { Fd = fd, Events = LinuxNative.PollOut };
            int milliseconds = (int)Math.Max(1, Math.Min(int.MaxValue, remaining * 1000 / Stopwatch.Frequency));
            int ready = LinuxNative.Poll(&pollFd, 1, milliseconds, out int errno);
            if (ready > 0)
            {
                return true;
            }

            if (ready < 0 && errno != LinuxNative.EIntr)
            {
                return false;
            }
        }
    }

    /// <summary>Errors that mean a bug or a closed descriptor, never network conditions.</summary>
    private static void ThrowIfFatal(int errno)
    {
        if (errno is LinuxNative.EBadF or LinuxNative.EFault or LinuxNative.ENotSock)
        {
            ThrowFatal(errno);
        }
    }

    [DoesNotReturn]
    private static void ThrowFatal(int errno) =>
        throw new SocketException(errno == LinuxNative.EBadF ? (int)SocketError.OperationAborted : (int)SocketError.SocketError);

    private static bool ProbeBatchCalls(Socket socket)
    {
        // Zero-length batches: ENOSYS (or a seccomp EPERM) here means the calls are unavailable.
        int fd = (int)socket.SafeHandle.DangerousGetHandle();
        MMsgHdr probe = default;
        return LinuxNative.RecvMmsg(fd, &probe, 0, LinuxNative.MsgDontWait, out _) >= 0
            && LinuxNative.SendMmsg(fd, &probe, 0, LinuxNative.MsgDontWait, out _) >= 0;
    }

    private static bool ProbeGso(Socket socket)
    {
        // UDP_SEGMENT is readable on every kernel that supports it (4.18+); setting it would make
        // every send GSO, so only read it.
        Span<byte> value = stackalloc byte[sizeof(int)];
        try
        {
            return socket.GetRawSocketOption(LinuxNative.SolUdp, LinuxNative.UdpSegment, value) == sizeof(int);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool TryEnableGro(Socket socket)
    {
        Span<byte> one = stackalloc byte[sizeof(int)];
        MemoryMarshal.Write(one, 1); // host order, as setsockopt takes an int
        try
        {
            socket.SetRawSocketOption(LinuxNative.SolUdp, LinuxNative.UdpGro, one);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

/// <summary>The shape of <c>sendmmsg</c> with its errno, for <see cref="LinuxBatchPath.SendOverride"/>.</summary>
internal unsafe delegate int SendMmsgCall(int fd, MMsgHdr* messages, uint count, int flags, out int errno);
