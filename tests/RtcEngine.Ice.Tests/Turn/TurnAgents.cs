using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Configuration;
using RtcEngine.Primitives;
using RtcEngine.Testing;

namespace RtcEngine.Ice.Tests.Turn;

/// <summary>Two agents and a fake TURN server on a virtual network.</summary>
internal static class TurnAgents
{
    public static readonly PeerAddress ServerAddress = PeerAddress.Parse("198.51.100.10:3478");

    public static FakeTurnServer AddServer(VirtualNetwork net, PeerAddress? listen = null, int poolBase = 50000)
    {
        PeerAddress address = listen ?? ServerAddress;
        PeerAddress[] pool = Enumerable.Range(0, 8).Select(i => address.WithPort((ushort)(poolBase + i))).ToArray();
        var server = new FakeTurnServer(address, pool);
        net.Add(server, [address, .. pool]);
        return server;
    }

    public static IceTurnServer Turn(PeerAddress? address = null, TransportProtocol protocol = TransportProtocol.Udp, string username = "alice", string credential = "secret") =>
        new(address ?? ServerAddress, protocol, username, credential);

    public static IceAgentOptions Options(IceRole role, PeerAddress host, IceTransportPolicy policy, params IceTurnServer[] turn) =>
        new() { Role = role, HostAddresses = [host], TransportPolicy = policy, TurnServers = turn };
}
