using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Turn;
using RtcEngine.Primitives;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Turn;

/// <summary>The relayed media path allocates nothing: framing in place on send, a slice of the buffer on receive.</summary>
public class RelayAllocationTests
{
    [Fact]
    public void Sending_and_receiving_through_a_relay_pair_allocates_nothing()
    {
        (IceEndpoint a, IceEndpoint b, VirtualNetwork net) = ConnectedOverRelay();
        IceAgent agent = a.Agent;
        byte[] buffer = new byte[1500];
        Assert.True(agent.TryPrepareSend(buffer, IceAgent.SendHeadroom, 1000, out TransmitInfo first, out int firstStart));
        Assert.Equal(TurnAgents.ServerAddress, first.Destination);
        Assert.Equal(0x40, buffer[firstStart]); // ChannelData: the channel is bound
        byte high = buffer[firstStart];
        byte low = buffer[firstStart + 1];

        // What the server relays from B arrives on A's channel for B's relayed address.
        byte[] incoming = new byte[4 + 1000];
        incoming[0] = high;
        incoming[1] = low;
        incoming[2] = 1000 >> 8;
        incoming[3] = 1000 & 0xFF;
        incoming[4] = 0x80;
        MonoTime now = net.Now;
        PeerAddress relayedB = b.Agent.TurnClients[0].RelayedAddress;
        AllocationAssert.NoAllocations(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                if (!agent.TryPrepareSend(buffer, IceAgent.SendHeadroom, 1000, out TransmitInfo transmit, out int start) || transmit.Length != 1004 || start != IceAgent.SendHeadroom - 4)
                {
                    throw new InvalidOperationException("not framed as ChannelData");
                }

                var datagram = new ReceivedDatagram(incoming, IceScenario.AddressA, TurnAgents.ServerAddress);
                if (agent.Receive(now, datagram, out ReceivedDatagram application) != IceReceiveResult.ApplicationData
                    || application.Data.Length != 1000 || application.Remote != relayedB)
                {
                    throw new InvalidOperationException("not received");
                }

                agent.PollTimeout();
            }
        }, what: "1000 relayed packets in and out");
    }

    [Fact]
    public void Send_and_data_indications_allocate_nothing()
    {
        var scenario = new TurnScenario(options: new TurnClientOptions { BindChannels = false }).Allocated();
        PeerAddress peer = TurnScenario.PeerAddress1;
        scenario.Do((turn, now) => turn.CreatePermission(now, peer));
        scenario.Net.RunFor(TimeSpan.FromMilliseconds(100));
        TurnClient turn = scenario.Turn;
        byte[] buffer = new byte[1500];
        byte[] indication = TurnMessages.DataIndication(peer, new byte[1000]);
        MonoTime now = scenario.Net.Now;
        AllocationAssert.NoAllocations(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                if (!turn.TryWrap(buffer, TurnClient.SendHeadroom, 1000, peer, out _, out int length) || length != 36 + 1000)
                {
                    throw new InvalidOperationException("not framed as a Send indication");
                }

                var datagram = new ReceivedDatagram(indication, TurnScenario.ClientAddress, TurnScenario.ServerAddress);
                if (turn.Receive(now, datagram, out ReceivedDatagram fromPeer) != TurnReceiveResult.PeerData || fromPeer.Data.Length != 1000)
                {
                    throw new InvalidOperationException("not received");
                }

                turn.PollTimeout();
            }
        }, what: "1000 indications in and out");
    }

    private static (IceEndpoint A, IceEndpoint B, VirtualNetwork Net) ConnectedOverRelay()
    {
        var net = new VirtualNetwork(seed: 440);
        TurnAgents.AddServer(net);
        (IceEndpoint a, IceEndpoint b) = IceScenario.Create(
            net,
            TurnAgents.Options(IceRole.Controlling, IceScenario.AddressA, IceTransportPolicy.Relay, TurnAgents.Turn()),
            TurnAgents.Options(IceRole.Controlled, IceScenario.AddressB, IceTransportPolicy.Relay, TurnAgents.Turn()));
        if (!net.RunUntil(() => IceScenario.BothConnected(a, b) && a.Agent.SelectedPair!.Nominated, TimeSpan.FromSeconds(15)))
        {
            throw new InvalidOperationException("not connected");
        }

        a.Send([0x17]); // the first data after the permission binds the channel
        net.RunFor(TimeSpan.FromSeconds(1));
        return (a, b, net);
    }
}
