using System.Buffers.Binary;
using RtcEngine.Primitives;

namespace RtcEngine.Testing.Tests;

/// <summary>
/// A tiny sans-IO engine for testing the harness: sends numbered datagrams to a peer at a fixed
/// interval, echoes datagrams it receives (when asked to), and records what arrived.
/// </summary>
internal sealed class PingEngine : ISansIoEngine<int>
{
    private readonly Queue<(byte[] Data, PeerAddress To)> _outbox = new();
    private readonly Queue<int> _events = new();
    private readonly PeerAddress _peer;
    private readonly TimeSpan _interval;
    private readonly int _count;
    private readonly int _size;
    private MonoTime _next;
    private int _sent;

    public PingEngine(PeerAddress peer, int count, TimeSpan interval, int size = 100, bool echo = false)
    {
        _peer = peer;
        _count = count;
        _interval = interval;
        _size = size;
        Echo = echo;
        _next = count > 0 ? MonoTime.Zero : MonoTime.Never;
    }

    public bool Echo { get; }

    public List<(MonoTime At, int Number, PeerAddress From)> Received { get; } = [];

    public void HandleDatagram(MonoTime now, in ReceivedDatagram datagram)
    {
        int number = datagram.Data.Length >= 4 ? BinaryPrimitives.ReadInt32BigEndian(datagram.Data) : -1;
        Received.Add((now, number, datagram.Remote));
        _events.Enqueue(number);
        if (Echo)
        {
            _outbox.Enqueue((datagram.Data.ToArray(), datagram.Remote));
        }
    }

    public void HandleTimeout(MonoTime now)
    {
        while (_sent < _count && _next <= now)
        {
            var data = new byte[_size];
            BinaryPrimitives.WriteInt32BigEndian(data, _sent++);
            _outbox.Enqueue((data, _peer));
            _next += _interval;
        }

        if (_sent >= _count)
        {
            _next = MonoTime.Never;
        }
    }

    public bool TryPollTransmit(Span<byte> destination, out TransmitInfo transmit)
    {
        if (_outbox.TryDequeue(out (byte[] Data, PeerAddress To) item))
        {
            item.Data.CopyTo(destination);
            transmit = new TransmitInfo(item.Data.Length, PeerAddress.None, item.To);
            return true;
        }

        transmit = default;
        return false;
    }

    public bool TryPollEvent(out int engineEvent) => _events.TryDequeue(out engineEvent);

    public MonoTime PollTimeout() => _next;
}

/// <summary>An engine with a timer bug: it always wants a timeout now and never moves it.</summary>
internal sealed class StuckEngine : ISansIoEngine
{
    public void HandleDatagram(MonoTime now, in ReceivedDatagram datagram)
    {
    }

    public void HandleTimeout(MonoTime now)
    {
    }

    public bool TryPollTransmit(Span<byte> destination, out TransmitInfo transmit)
    {
        transmit = default;
        return false;
    }

    public MonoTime PollTimeout() => MonoTime.Zero;
}
