using System.Runtime.InteropServices;

namespace RtcEngine.Session.Driver.Udp.Linux;

/// <summary>
/// An eventfd (non-blocking, close-on-exec) owned as a <see cref="SafeHandle"/>, so that a wake from
/// another thread racing with dispose never writes into a reused descriptor number.
/// </summary>
internal sealed unsafe class EventFdHandle : SafeHandle
{
    private EventFdHandle()
        : base(new IntPtr(-1), ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle.ToInt64() < 0;

    public int Fd => (int)handle;

    /// <summary>A new eventfd, or null (with the errno) when the kernel refuses one.</summary>
    public static EventFdHandle? TryCreate(out int errno)
    {
        int fd = LinuxNative.EventFd(out errno);
        if (fd < 0)
        {
            return null;
        }

        var result = new EventFdHandle();
        result.SetHandle(fd);
        return result;
    }

    /// <summary>Adds one to the counter: the descriptor becomes readable. Thread-safe; a no-op once disposed.</summary>
    public void Signal()
    {
        bool added = false;
        try
        {
            DangerousAddRef(ref added);
            ulong one = 1;
            _ = LinuxNative.Write(Fd, &one, sizeof(ulong));
        }
        catch (ObjectDisposedException)
        {
            // Disposed concurrently: nobody is left to wake.
        }
        finally
        {
            if (added)
            {
                DangerousRelease();
            }
        }
    }

    /// <summary>Resets the counter (reads it), so the descriptor is no longer readable.</summary>
    public void Drain()
    {
        bool added = false;
        try
        {
            DangerousAddRef(ref added);
            ulong value;
            _ = LinuxNative.Read(Fd, &value, sizeof(ulong));
        }
        finally
        {
            if (added)
            {
                DangerousRelease();
            }
        }
    }

    protected override bool ReleaseHandle() => LinuxNative.Close((int)handle) == 0;
}
