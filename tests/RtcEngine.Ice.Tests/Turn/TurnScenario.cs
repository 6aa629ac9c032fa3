using RtcEngine.Ice.Turn;
using RtcEngine.Primitives;
using RtcEngine.Testing;

namespace RtcEngine.Ice.Tests.Turn;

/// <summary>A TURN client, a fake TURN server and a plain UDP peer on a virtual network.</summary>
internal sealed class TurnScenario
{
    public static readonly PeerAddress ServerAddress = PeerAddress.Parse("198.51.100.10:3478");
    public static readonly PeerAddress ClientAddress = PeerAddress.Parse("10.0.0.1:5000");
    public static readonly PeerAddress PeerAddress1 = PeerAddress.Parse("203.0.113.7:7000");
    public static readonly PeerAddress PeerAddress2 = PeerAddress.Parse("203.0.113.8:7000");

    public TurnScenario(ulong seed = 1, TurnClientOptions? options = null, TransportProtocol protocol = TransportProtocol.Udp, Action<FakeTurnServer>? configure = null)
    {
        Net = new VirtualNetwork(seed);
        PeerAddress[] pool = Enumerable.Range(0, 8).Select(i => PeerAddress.Parse($"198.51.100.10:{50000 + i}")).ToArray();
        Server = new FakeTurnServer(ServerAddress, pool);
        configure?.Invoke(Server);
        Net.Add(Server, [ServerAddress, .. pool]);
        options ??= new TurnClientOptions();
        Client = new TurnEndpoint(
            new TurnClientOptions
            {
                ServerAddress = ServerAddress,
                LocalAddress = ClientAddress,
                Protocol = protocol,
                Username = options.Username.Length == 0 ? "alice" : options.Username,
                Password = options.Password.Length == 0 ? "secret" : options.Password,
                RequestedLifetime = options.RequestedLifetime,
                BindChannels = options.BindChannels,
                MaxPermissions = options.MaxPermissions,
                MaxChannels = options.MaxChannels,
            },
            seed + 100,
            () => Net.Now);
        ClientNode = Net.Add(Client, Client.Events.Add, ClientAddress);
        Peer1 = new UdpPeer();
        Peer2 = new UdpPeer();
        Net.Add(Peer1, PeerAddress1);
        Net.Add(Peer2, PeerAddress2);
    }

    public VirtualNetwork Net { get; }

    public FakeTurnServer Server { get; }

    public TurnEndpoint Client { get; }

    public VirtualNode ClientNode { get; }

    public UdpPeer Peer1 { get; }

    public UdpPeer Peer2 { get; }

    public TurnClient Turn => Client.Client;

    /// <summary>Allocates and runs until allocated (or a minute passed).</summary>
    public TurnScenario Allocated()
    {
        Turn.Allocate(Net.Now);
        Net.Poll();
        if (!Net.RunUntil(() => Turn.State == TurnAllocationState.Allocated, TimeSpan.FromMinutes(1)))
        {
            throw new InvalidOperationException($"not allocated: {Turn.State}");
        }

        return this;
    }

    public void Do(Action<TurnClient, MonoTime> action)
    {
        action(Turn, Net.Now);
        Net.Poll();
    }
}

/// <summary>Host for a <see cref="TurnClient"/>: records events and peer data, sends queued payloads through <see cref="TurnClient.TryWrap"/>.</summary>
internal sealed class TurnEndpoint(TurnClientOptions options, ulong seed, Func<MonoTime> clock) : ISansIoEngine<TurnEvent>
{
    private readonly Queue<(PeerAddress Peer, byte[] Payload)> _toSend = new();

    public TurnClient Client { get; } = new(options, new SeededRandomSource(seed));

    public List<TurnEvent> Events { get; } = [];

    public List<(byte[] Data, PeerAddress From, MonoTime At)> Received { get; } = [];

    public List<(byte[] Data, TransmitInfo Info, MonoTime At)> Sent { get; } = [];

    public int Refused { get; private set; }

    public void Send(PeerAddress peer, byte[] payload) => _toSend.Enqueue((peer, payload));

    public T? Last<T>() where T : TurnEvent => Events.OfType<T>().LastOrDefault();

    public void HandleDatagram(MonoTime now, in ReceivedDatagram datagram)
    {
        if (Client.Receive(now, datagram, out ReceivedDatagram fromPeer) == TurnReceiveResult.PeerData)
        {
            Received.Add((fromPeer.Data.ToArray(), fromPeer.Remote, now));
        }
    }

    public void HandleTimeout(MonoTime now) => Client.HandleTimeout(now);

    public bool TryPollTransmit(Span<byte> destination, out TransmitInfo transmit)
    {
        if (Client.TryPollTransmit(destination, out transmit))
        {
            Sent.Add((destination[..transmit.Length].ToArray(), transmit, clock()));
            return true;
        }

        while (_toSend.TryDequeue(out var item))
        {
            item.Payload.CopyTo(destination[TurnClient.SendHeadroom..]);
            if (Client.TryWrap(destination, TurnClient.SendHeadroom, item.Payload.Length, item.Peer, out int start, out int length))
            {
                destination.Slice(start, length).CopyTo(destination);
                transmit = new TransmitInfo(length, Client.Options.LocalAddress, Client.Options.ServerAddress, Client.Options.Protocol);
                Sent.Add((destination[..length].ToArray(), transmit, clock()));
                return true;
            }

            Refused++;
        }

        return false;
    }

    public bool TryPollEvent(out TurnEvent engineEvent) => Client.TryPollEvent(out engineEvent);

    public MonoTime PollTimeout() => Client.PollTimeout();
}

/// <summary>A plain UDP peer: records what arrives (and from where) and can send or echo.</summary>
internal sealed class UdpPeer : ISansIoEngine
{
    private readonly Queue<(byte[] Data, PeerAddress To)> _out = new();

    public bool Echo { get; set; }

    public List<(byte[] Data, PeerAddress From)> Received { get; } = [];

    public void SendTo(PeerAddress to, byte[] data) => _out.Enqueue((data, to));

    public void HandleDatagram(MonoTime now, in ReceivedDatagram datagram)
    {
        byte[] data = datagram.Data.ToArray();
        Received.Add((data, datagram.Remote));
        if (Echo)
        {
            _out.Enqueue((data, datagram.Remote));
        }
    }

    public void HandleTimeout(MonoTime now)
    {
    }

    public bool TryPollTransmit(Span<byte> destination, out TransmitInfo transmit)
    {
        if (!_out.TryDequeue(out var item))
        {
            transmit = default;
            return false;
        }

        item.Data.CopyTo(destination);
        transmit = new TransmitInfo(item.Data.Length, PeerAddress.None, item.To);
        return true;
    }

    public MonoTime PollTimeout() => MonoTime.Never;
}
