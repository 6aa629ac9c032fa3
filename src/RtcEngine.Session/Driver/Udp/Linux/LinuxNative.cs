using System.Runtime.InteropServices;

namespace RtcEngine.Session.Driver.Udp.Linux;

/// <summary>
/// The libc functions and kernel constants of the Linux batched path, reached through function
/// pointers resolved once (so a missing library or symbol means "use the portable path", never a
/// load-time failure). Layouts and constants are those of LP64 Linux on x86_64 and arm64, which
/// share the generic ABI for everything used here.
/// </summary>
internal static unsafe class LinuxNative
{
    public const int AfInet = 2;
    public const int AfInet6 = 10;
    public const int SolSocket = 1;
    public const int SoSndBufForce = 32;
    public const int SoRcvBufForce = 33;
    public const int SolUdp = 17;
    public const int UdpSegment = 103;
    public const int UdpGro = 104;

    public const int MsgCtrunc = 0x08;
    public const int MsgTrunc = 0x20;
    public const int MsgDontWait = 0x40;

    public const short PollIn = 0x001;
    public const short PollOut = 0x004;

    public const int EfdNonBlock = 0x800;
    public const int EfdCloExec = 0x80000;

    /// <summary>UDP_MAX_SEGMENTS in older kernels; newer ones accept more, the driver never sends more.</summary>
    public const int MaxGsoSegments = 64;

    /// <summary>Largest UDP payload of one GSO send: an IPv4 packet is at most 65535 bytes with 28 of headers.</summary>
    public const int MaxGsoPayload = 65_507;

    // errno values (asm-generic, shared by x86_64 and arm64).
    public const int EPerm = 1;
    public const int EIntr = 4;
    public const int EIo = 5;
    public const int EBadF = 9;
    public const int EAgain = 11;
    public const int ENoMem = 12;
    public const int EAcces = 13;
    public const int EFault = 14;
    public const int EInval = 22;
    public const int ENoSys = 38;
    public const int ENotSock = 88;
    public const int EMsgSize = 90;
    public const int EOpNotSupp = 95;
    public const int EAfNoSupport = 97;
    public const int ENetDown = 100;
    public const int ENetUnreach = 101;
    public const int EConnReset = 104;
    public const int ENoBufs = 105;
    public const int EConnRefused = 111;
    public const int EHostDown = 112;
    public const int EHostUnreach = 113;
    public const int ENotSupp = 524; // kernel-internal, seen from GSO on devices without checksum offload

    private static readonly delegate* unmanaged<int, MMsgHdr*, uint, int, void*, int> s_recvmmsg;
    private static readonly delegate* unmanaged<int, MMsgHdr*, uint, int, int> s_sendmmsg;
    private static readonly delegate* unmanaged<PollFd*, nuint, int, int> s_poll;
    private static readonly delegate* unmanaged<uint, int, int> s_eventfd;
    private static readonly delegate* unmanaged<int, void*, nuint, nint> s_read;
    private static readonly delegate* unmanaged<int, void*, nuint, nint> s_write;
    private static readonly delegate* unmanaged<int, int> s_close;

    static LinuxNative()
    {
        if (!OperatingSystem.IsLinux()
            || IntPtr.Size != 8
            || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64)
            || Environment.GetEnvironmentVariable("RTCENGINE_UDP_PORTABLE") == "1")
        {
            return;
        }

        IntPtr library = IntPtr.Zero;
        foreach (string name in (ReadOnlySpan<string>)["libc.so.6", "libc.musl-x86_64.so.1", "libc.musl-aarch64.so.1", "libc"])
        {
            if (NativeLibrary.TryLoad(name, out library))
            {
                break;
            }
        }

        if (library == IntPtr.Zero
            || !NativeLibrary.TryGetExport(library, "recvmmsg", out IntPtr recvmmsg)
            || !NativeLibrary.TryGetExport(library, "sendmmsg", out IntPtr sendmmsg)
            || !NativeLibrary.TryGetExport(library, "poll", out IntPtr poll)
            || !NativeLibrary.TryGetExport(library, "eventfd", out IntPtr eventfd)
            || !NativeLibrary.TryGetExport(library, "read", out IntPtr read)
            || !NativeLibrary.TryGetExport(library, "write", out IntPtr write)
            || !NativeLibrary.TryGetExport(library, "close", out IntPtr close))
        {
            return;
        }

        s_recvmmsg = (delegate* unmanaged<int, MMsgHdr*, uint, int, void*, int>)recvmmsg;
        s_sendmmsg = (delegate* unmanaged<int, MMsgHdr*, uint, int, int>)sendmmsg;
        s_poll = (delegate* unmanaged<PollFd*, nuint, int, int>)poll;
        s_eventfd = (delegate* unmanaged<uint, int, int>)eventfd;
        s_read = (delegate* unmanaged<int, void*, nuint, nint>)read;
        s_write = (delegate* unmanaged<int, void*, nuint, nint>)write;
        s_close = (delegate* unmanaged<int, int>)close;
        IsAvailable = true;
    }

    /// <summary>Whether every function was found (Linux, 64-bit x86 or Arm, a loadable libc).</summary>
    public static bool IsAvailable { get; }

    // Each wrapper reads errno right after the call, as the LibraryImport generator does.
    public static int RecvMmsg(int fd, MMsgHdr* messages, uint count, int flags, out int errno)
    {
        int result = s_recvmmsg(fd, messages, count, flags, null);
        errno = result < 0 ? Marshal.GetLastSystemError() : 0;
        return result;
    }

    public static int SendMmsg(int fd, MMsgHdr* messages, uint count, int flags, out int errno)
    {
        int result = s_sendmmsg(fd, messages, count, flags);
        errno = result < 0 ? Marshal.GetLastSystemError() : 0;
        return result;
    }

    public static int Poll(PollFd* fds, int count, int timeoutMilliseconds, out int errno)
    {
        int result = s_poll(fds, (nuint)count, timeoutMilliseconds);
        errno = result < 0 ? Marshal.GetLastSystemError() : 0;
        return result;
    }

    public static int EventFd(out int errno)
    {
        int result = s_eventfd(0, EfdNonBlock | EfdCloExec);
        errno = result < 0 ? Marshal.GetLastSystemError() : 0;
        return result;
    }

    public static nint Read(int fd, void* buffer, nuint count) => s_read(fd, buffer, count);

    public static nint Write(int fd, void* buffer, nuint count) => s_write(fd, buffer, count);

    public static int Close(int fd) => s_close(fd);
}

/// <summary><c>struct iovec</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IoVec
{
    public void* Base;
    public nuint Length;
}

/// <summary><c>struct msghdr</c> (56 bytes on LP64; the compiler adds the padding after the 32-bit fields).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MsgHdr
{
    public void* Name;
    public uint NameLength;
    public IoVec* Iov;
    public nuint IovLength;
    public void* Control;
    public nuint ControlLength;
    public int Flags;
}

/// <summary><c>struct mmsghdr</c>: a message header and the byte count the kernel fills in (64 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MMsgHdr
{
    public MsgHdr Header;
    public uint Length;
}

/// <summary><c>struct pollfd</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PollFd
{
    public int Fd;
    public short Events;
    public short ReturnedEvents;
}
