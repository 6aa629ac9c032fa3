using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Turn;

/// <summary>
/// An agent whose TURN server is reached over TCP: everything it sends to the server says
/// Protocol Tcp (the host routes it to the stream), ChannelData is padded, and the server's
/// messages come back through Receive with Protocol Tcp.
/// </summary>
public class RelayOverTcpScenario
{
    [Fact]
    public void An_agent_relaying_over_tcp_connects_and_every_datagram_to_the_server_is_marked_tcp()
    {
        var net = new VirtualNetwork(seed: 420);
        FakeTurnServer server = TurnAgents.AddServer(net);
        var toServer = new List<InFlightDatagram>();
        net.Filter = d =>
        {
            if (d.To == TurnAgents.ServerAddress && d.From == IceScenario.AddressA)
            {
                toServer.Add(d);
            }

            return true;
        };
        (IceEndpoint a, IceEndpoint b) = IceScenario.Create(
            net,
            TurnAgents.Options(IceRole.Controlling, IceScenario.AddressA, IceTransportPolicy.Relay, TurnAgents.Turn(protocol: TransportProtocol.Tcp)),
            TurnAgents.Options(IceRole.Controlled, IceScenario.AddressB, IceTransportPolicy.Relay, TurnAgents.Turn()));
        Assert.True(net.RunUntil(() => IceScenario.BothConnected(a, b), TimeSpan.FromSeconds(15)), $"A {a.State}, B {b.State}");

        for (int i = 0; i < 5; i++)
        {
            a.Send([0x17, 1, 2, 3, 4, (byte)i]); // six bytes: ChannelData padded to 12 over TCP
        }

        net.RunFor(TimeSpan.FromMilliseconds(200));
        Assert.Equal(5, b.Application.Count);
        Assert.All(toServer, d => Assert.Equal(TransportProtocol.Tcp, d.Protocol));
        Assert.All(toServer, d => Assert.Equal(0, d.Data.Length % 4)); // STUN and padded ChannelData alike
        Assert.Contains(toServer, d => d.Data[0] == 0x40 && d.Data.Length == 12);
        Assert.True(server.Requests(StunMethod.Allocate).Any());
    }
}
