namespace RtcEngine.Session.Driver.Udp;

/// <summary>What a wait for input ended with.</summary>
[Flags]
internal enum WaitOutcome
{
    /// <summary>The wait timed out (or was interrupted).</summary>
    None = 0,

    /// <summary>The socket has something to read (or an error to report).</summary>
    Readable = 1,

    /// <summary>The wake signal fired.</summary>
    Woken = 2,
}

/// <summary>
/// One way of moving datagrams through the kernel: the Linux batched path or the portable one.
/// <see cref="UdpBatchSocket"/> holds the policy (timeouts, the wake flag, validation); a path
/// holds the system calls.
/// </summary>
internal abstract class UdpPath : IDisposable
{
    public abstract bool IsLinuxFastPath { get; }

    public abstract bool GsoActive { get; }

    public abstract bool GroActive { get; }

    /// <summary>Fills <paramref name="batch"/> with what is waiting, without blocking; reports a consumed wake signal.</summary>
    public abstract int ReceiveAvailable(UdpReceiveBatch batch, out bool woken);

    /// <summary>Blocks until readable, woken, or <paramref name="timeoutMilliseconds"/> (-1: no limit) pass; may return early.</summary>
    public abstract WaitOutcome Wait(int timeoutMilliseconds);

    /// <summary>Makes a <see cref="Wait"/> return (thread-safe).</summary>
    public abstract void SignalWake();

    /// <summary>Consumes a pending wake signal, if any.</summary>
    public abstract void DrainWake();

    /// <summary>Sends every queued datagram (or counts why not); returns how many the kernel accepted.</summary>
    public abstract int Flush(UdpSendQueue queue);

    /// <summary>First step of dispose, before the socket closes: makes a blocked <see cref="Wait"/> return.</summary>
    public abstract void BeginDispose();

    /// <summary>Last step of dispose, after the socket closed: releases what the path owns.</summary>
    public abstract void Dispose();
}
