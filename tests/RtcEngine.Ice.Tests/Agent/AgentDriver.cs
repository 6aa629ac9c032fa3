using RtcEngine.Ice.Agent;
using RtcEngine.Primitives;
using RtcEngine.Testing;

namespace RtcEngine.Ice.Tests.Agent;

/// <summary>Drives one agent by hand in virtual time: deliver bytes, run timers, collect what it sends.</summary>
internal sealed class AgentDriver
{
    public static readonly PeerAddress Local = PeerAddress.Parse("10.0.0.1:5000");
    public static readonly PeerAddress Remote = PeerAddress.Parse("10.0.0.2:6000");
    public static readonly IceCredentials PeerCredentials = new("Peer", "peerpasswordpeerpassword");

    private readonly byte[] _buffer = new byte[2048];

    public AgentDriver(IceAgentOptions options, ulong seed = 1)
    {
        Agent = new IceAgent(options, new SeededRandomSource(seed));
    }

    public AgentDriver(IceRole role = IceRole.Controlled, bool lite = false, bool remoteCredentials = true)
        : this(new IceAgentOptions { Role = role, Lite = lite, HostAddresses = [Local] })
    {
        if (remoteCredentials)
        {
            Agent.SetRemoteCredentials(PeerCredentials);
        }
    }

    public IceAgent Agent { get; }

    public VirtualClock Clock { get; } = new();

    public List<IceEvent> Events { get; } = [];

    public List<(byte[] Data, TransmitInfo Info)> Sent { get; } = [];

    public IceReceiveResult Deliver(byte[] data, PeerAddress? from = null, PeerAddress? to = null)
    {
        var datagram = new ReceivedDatagram(data, to ?? Local, from ?? Remote);
        IceReceiveResult result = Agent.Receive(Clock.Now, datagram, out _);
        Drain();
        return result;
    }

    /// <summary>Runs timers up to <paramref name="span"/> from now.</summary>
    public void Run(TimeSpan span)
    {
        MonoTime end = Clock.Now + span;
        Drain();
        while (Agent.PollTimeout() is var due && due <= end)
        {
            Clock.AdvanceTo(due);
            Agent.HandleTimeout(Clock.Now);
            Drain();
        }

        Clock.AdvanceTo(end);
    }

    public List<(byte[] Data, TransmitInfo Info)> TakeSent()
    {
        Drain();
        var sent = new List<(byte[] Data, TransmitInfo Info)>(Sent);
        Sent.Clear();
        return sent;
    }

    public void Drain()
    {
        while (Agent.TryPollTransmit(_buffer, out TransmitInfo transmit))
        {
            Sent.Add((_buffer.AsSpan(0, transmit.Length).ToArray(), transmit));
        }

        while (Agent.TryPollEvent(out IceEvent e))
        {
            Events.Add(e);
        }
    }
}
