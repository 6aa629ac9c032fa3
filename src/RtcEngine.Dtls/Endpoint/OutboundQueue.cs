namespace RtcEngine.Dtls;

/// <summary>
/// Datagrams waiting for <see cref="DtlsEndpoint.TryPollTransmit"/> (alerts, HelloVerifyRequest,
/// application data): a ring of reusable buffers that grows up to a bound, so steady state
/// allocates nothing.
/// </summary>
/// <remarks>Not thread-safe; owned by one endpoint.</remarks>
internal sealed class OutboundQueue
{
    private readonly int _bufferSize;
    private readonly int _capacity;
    private byte[][] _buffers = [];
    private int[] _lengths = [];
    private int _head;
    private int _count;

    public OutboundQueue(int bufferSize, int capacity)
    {
        _bufferSize = bufferSize;
        _capacity = capacity;
    }

    public int Count => _count;

    public bool IsFull => _count >= _capacity;

    /// <summary>A buffer to write the next datagram into; call <see cref="Commit"/> with its length.</summary>
    public Span<byte> Reserve()
    {
        if (_count == _buffers.Length)
        {
            Grow();
        }

        int index = (_head + _count) % _buffers.Length;
        return _buffers[index];
    }

    public void Commit(int length)
    {
        _lengths[(_head + _count) % _buffers.Length] = length;
        _count++;
    }

    public bool TryDequeue(Span<byte> destination, out int length)
    {
        if (_count == 0)
        {
            length = 0;
            return false;
        }

        length = _lengths[_head];
        _buffers[_head].AsSpan(0, length).CopyTo(destination);
        _head = (_head + 1) % _buffers.Length;
        _count--;
        return true;
    }

    public void Clear()
    {
        _head = 0;
        _count = 0;
    }

    private void Grow()
    {
        int newSize = Math.Min(_capacity, Math.Max(4, _buffers.Length * 2));
        var buffers = new byte[newSize][];
        var lengths = new int[newSize];
        for (int i = 0; i < _count; i++)
        {
            int from = (_head + i) % _buffers.Length;
            buffers[i] = _buffers[from];
            lengths[i] = _lengths[from];
        }

        for (int i = _count; i < newSize; i++)
        {
            buffers[i] = new byte[_bufferSize];
        }

        _buffers = buffers;
        _lengths = lengths;
        _head = 0;
    }
}
