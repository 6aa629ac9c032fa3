using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Turn;
using RtcEngine.Primitives;

namespace RtcEngine.Interop.Tests.Turn;

/// <summary>Hosts a <see cref="TurnClient"/> for a runner: events and peer data recorded, payloads sent through <see cref="TurnClient.TryWrap"/>.</summary>
internal sealed class TurnClientHost(TurnClient client) : ISansIoEngine<TurnEvent>
{
    private readonly Queue<(PeerAddress Peer, byte[] Payload)> _toSend = new();

    public TurnClient Client { get; } = client;

    public List<TurnEvent> Events { get; } = [];

    public List<(byte[] Data, PeerAddress From)> Received { get; } = [];

    public void Send(PeerAddress peer, byte[] payload) => _toSend.Enqueue((peer, payload));

    public void HandleDatagram(MonoTime now, in ReceivedDatagram datagram)
    {
        if (Client.Receive(now, datagram, out ReceivedDatagram fromPeer) == TurnReceiveResult.PeerData)
        {
            Received.Add((fromPeer.Data.ToArray(), fromPeer.Remote));
        }
    }

    public void HandleTimeout(MonoTime now) => Client.HandleTimeout(now);

    public bool TryPollTransmit(Span<byte> destination, out TransmitInfo transmit)
    {
        if (Client.TryPollTransmit(destination, out transmit))
        {
            return true;
        }

        while (_toSend.TryDequeue(out var item))
        {
            item.Payload.CopyTo(destination[TurnClient.SendHeadroom..]);
            if (Client.TryWrap(destination, TurnClient.SendHeadroom, item.Payload.Length, item.Peer, out int start, out int length))
            {
                destination.Slice(start, length).CopyTo(destination);
                transmit = new TransmitInfo(length, Client.Options.LocalAddress, Client.Options.ServerAddress, Client.Options.Protocol);
                return true;
            }
        }

        return false;
    }

    public bool TryPollEvent(out TurnEvent engineEvent)
    {
        if (Client.TryPollEvent(out engineEvent))
        {
            Events.Add(engineEvent);
            return true;
        }

        return false;
    }

    public MonoTime PollTimeout() => Client.PollTimeout();
}

/// <summary>Hosts an <see cref="IceAgent"/>: application data through Receive and TryPrepareSend, as a session would.</summary>
internal sealed class AgentHost(IceAgent agent) : ISansIoEngine<IceEvent>
{
    private readonly Queue<byte[]> _toSend = new();

    public IceAgent Agent { get; } = agent;

    public List<IceEvent> Events { get; } = [];

    public List<(byte[] Data, PeerAddress From)> Received { get; } = [];

    public void Send(byte[] payload) => _toSend.Enqueue(payload);

    public void HandleDatagram(MonoTime now, in ReceivedDatagram datagram)
    {
        if (Agent.Receive(now, datagram, out ReceivedDatagram application) == IceReceiveResult.ApplicationData)
        {
            Received.Add((application.Data.ToArray(), application.Remote));
        }
    }

    public void HandleTimeout(MonoTime now) => Agent.HandleTimeout(now);

    public bool TryPollTransmit(Span<byte> destination, out TransmitInfo transmit)
    {
        if (Agent.TryPollTransmit(destination, out transmit))
        {
            return true;
        }

        if (_toSend.TryPeek(out byte[]? payload))
        {
            payload.CopyTo(destination[IceAgent.SendHeadroom..]);
            if (Agent.TryPrepareSend(destination, IceAgent.SendHeadroom, payload.Length, out transmit, out int start))
            {
                _toSend.Dequeue();
                destination.Slice(start, transmit.Length).CopyTo(destination);
                return true;
            }
        }

        return false;
    }

    public bool TryPollEvent(out IceEvent engineEvent)
    {
        if (Agent.TryPollEvent(out engineEvent))
        {
            Events.Add(engineEvent);
            return true;
        }

        return false;
    }

    public MonoTime PollTimeout() => Agent.PollTimeout();
}
