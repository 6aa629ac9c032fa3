using System.Diagnostics;

namespace RtcEngine.Primitives.Buffers;

/// <summary>
/// A buffer for one datagram: a pinned array (sockets can use it without pinning per call) and the
/// bookkeeping a driver needs between receiving it and handing it to an engine.
/// </summary>
public sealed class DatagramBuffer
{
    internal DatagramBuffer(int capacity, DatagramBufferPool? owner)
    {
        Array = GC.AllocateArray<byte>(capacity, pinned: true);
        Owner = owner;
    }

    /// <summary>The pinned backing array.</summary>
    public byte[] Array { get; }

    /// <summary>Number of meaningful bytes at the start of <see cref="Array"/>.</summary>
    public int Length { get; set; }

    /// <summary>The local address the datagram arrived on or leaves from.</summary>
    public PeerAddress Local { get; set; }

    /// <summary>The remote address the datagram came from or goes to.</summary>
    public PeerAddress Remote { get; set; }

    /// <summary>The whole buffer.</summary>
    public Span<byte> Capacity => Array;

    /// <summary>The meaningful bytes.</summary>
    public Span<byte> Data => Array.AsSpan(0, Length);

    internal DatagramBufferPool? Owner { get; }

    internal bool Rented { get; set; }
}

/// <summary>
/// A bounded pool of pinned datagram buffers. Renting and returning allocate nothing once the pool
/// has warmed up: buffers are kept on an array-backed stack under a short lock. When the pool is
/// empty, <see cref="Rent"/> makes a new buffer (counted in <see cref="Created"/>); a returned buffer
/// beyond <see cref="MaxRetained"/> is left to the garbage collector.
/// </summary>
/// <remarks>Thread-safe: drivers rent on one thread and return on another.</remarks>
public sealed class DatagramBufferPool
{
    private readonly DatagramBuffer?[] _stack;
    private readonly Lock _lock = new();
    private int _count;
    private long _created;

    /// <summary>Creates a pool.</summary>
    /// <param name="bufferSize">Capacity of each buffer.</param>
    /// <param name="maxRetained">How many idle buffers the pool keeps.</param>
    /// <param name="preallocate">How many buffers to create now, so that steady state never allocates.</param>
    public DatagramBufferPool(int bufferSize = DatagramLimits.ReceiveBufferSize, int maxRetained = 1024, int preallocate = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRetained);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(preallocate, maxRetained);
        BufferSize = bufferSize;
        _stack = new DatagramBuffer?[maxRetained];
        for (int i = 0; i < preallocate; i++)
        {
            _stack[_count++] = new DatagramBuffer(bufferSize, this);
            _created++;
        }
    }

    /// <summary>Capacity of each buffer.</summary>
    public int BufferSize { get; }

    /// <summary>How many idle buffers the pool keeps at most.</summary>
    public int MaxRetained => _stack.Length;

    /// <summary>How many buffers the pool has made since it was created.</summary>
    public long Created => Interlocked.Read(ref _created);

    /// <summary>How many idle buffers the pool holds now.</summary>
    public int Available
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>Takes a buffer (length zero, addresses cleared).</summary>
    public DatagramBuffer Rent()
    {
        DatagramBuffer? buffer = null;
        lock (_lock)
        {
            if (_count > 0)
            {
                buffer = _stack[--_count];
                _stack[_count] = null;
            }
        }

        if (buffer is null)
        {
            Interlocked.Increment(ref _created);
            buffer = new DatagramBuffer(BufferSize, this);
        }

        Debug.Assert(!buffer.Rented, "a buffer on the stack is never also rented");
        buffer.Rented = true;
        buffer.Length = 0;
        buffer.Local = default;
        buffer.Remote = default;
        return buffer;
    }

    /// <summary>Gives a buffer back. Returning a buffer twice, or to another pool, is misuse.</summary>
    public void Return(DatagramBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (!ReferenceEquals(buffer.Owner, this) || !buffer.Rented)
        {
            throw new InvalidOperationException("The buffer was not rented from this pool, or was returned twice.");
        }

        buffer.Rented = false;
        lock (_lock)
        {
            if (_count < _stack.Length)
            {
                _stack[_count++] = buffer;
            }
        }
    }
}
