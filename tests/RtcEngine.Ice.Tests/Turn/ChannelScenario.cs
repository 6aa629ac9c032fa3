using RtcEngine.Ice.Stun;
using RtcEngine.Ice.Turn;
using RtcEngine.Primitives;
using Xunit;

namespace RtcEngine.Ice.Tests.Turn;

/// <summary>
/// Channels (RFC 8656 section 12): bound on the first data after the permission, then ChannelData
/// both ways (padded to four over a stream), rebound about every 9 minutes while in use.
/// </summary>
public class ChannelScenario
{
    [Theory]
    [InlineData(TransportProtocol.Udp)]
    [InlineData(TransportProtocol.Tcp)]
    public void After_the_channel_is_bound_data_flows_both_ways_in_channel_data(TransportProtocol protocol)
    {
        var scenario = new TurnScenario(protocol: protocol).Allocated();
        PeerAddress relayed = scenario.Turn.RelayedAddress;
        scenario.Peer1.Echo = true;
        scenario.Do((turn, now) => turn.CreatePermission(now, TurnScenario.PeerAddress1));
        scenario.Net.RunFor(TimeSpan.FromMilliseconds(100));

        // The first datagram goes in a Send indication and binds a channel.
        scenario.Client.Send(TurnScenario.PeerAddress1, [1, 2, 3]);
        scenario.Net.Poll();
        scenario.Net.RunFor(TimeSpan.FromMilliseconds(100));
        TurnChannelBoundEvent bound = Assert.Single(scenario.Client.Events.OfType<TurnChannelBoundEvent>());
        Assert.Equal(TurnScenario.PeerAddress1, bound.Peer);
        Assert.Equal(0x4000, bound.ChannelNumber);
        Assert.Equal(1, scenario.Turn.Counters.SendIndicationsSent);

        scenario.Client.Send(TurnScenario.PeerAddress1, [4, 5, 6, 7, 8]);
        scenario.Net.Poll();
        scenario.Net.RunFor(TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, scenario.Turn.Counters.ChannelDataSent);
        byte[] channelData = scenario.Client.Sent.Last(s => s.Data[0] == 0x40).Data;
        Assert.Equal(protocol == TransportProtocol.Udp ? 9 : 12, channelData.Length); // padded over a stream
        Assert.Equal([0x40, 0x00, 0x00, 0x05, 4, 5, 6, 7, 8], channelData[..9]);

        Assert.Equal(2, scenario.Peer1.Received.Count);
        Assert.All(scenario.Peer1.Received, r => Assert.Equal(relayed, r.From));
        Assert.Equal(2, scenario.Client.Received.Count);
        Assert.Equal([1, 2, 3], scenario.Client.Received[0].Data); // echo of the first: a Data indication or ChannelData
        Assert.Equal([4, 5, 6, 7, 8], scenario.Client.Received[1].Data);
        Assert.All(scenario.Client.Received, r => Assert.Equal(TurnScenario.PeerAddress1, r.From));
        Assert.True(scenario.Turn.Counters.ChannelDataReceived >= 1);
    }

    [Fact]
    public void Channel_data_padded_over_udp_is_accepted()
    {
        var scenario = new TurnScenario(configure: s => s.PadChannelDataOverUdp = true).Allocated();
        scenario.Do((turn, now) => turn.BindChannel(now, TurnScenario.PeerAddress1));
        scenario.Net.RunFor(TimeSpan.FromMilliseconds(100));
        scenario.Peer1.SendTo(scenario.Turn.RelayedAddress, [1, 2, 3, 4, 5]);
        scenario.Net.RunFor(TimeSpan.FromMilliseconds(100));
        Assert.Equal([1, 2, 3, 4, 5], Assert.Single(scenario.Client.Received).Data);
        Assert.Equal(1, scenario.Turn.Counters.ChannelDataReceived);
    }

    [Fact]
    public void A_channel_in_use_is_rebound_every_nine_minutes_and_keeps_its_permission()
    {
        var scenario = new TurnScenario().Allocated();
        scenario.Do((turn, now) => turn.BindChannel(now, TurnScenario.PeerAddress1));
        scenario.Net.RunFor(TimeSpan.FromMilliseconds(100));
        MonoTime bound = scenario.Net.Now;
        for (int i = 0; i < 40; i++)
        {
            scenario.Client.Send(TurnScenario.PeerAddress1, [(byte)i]);
            scenario.Net.Poll();
            scenario.Net.RunFor(TimeSpan.FromSeconds(30));
        }

        TimeSpan[] rebinds = scenario.Server.Requests(StunMethod.ChannelBind).Skip(1).Select(r => r.At - bound).ToArray();
        Assert.Equal(2, rebinds.Length); // at about 9 and 18 minutes
        Assert.InRange(rebinds[0], TimeSpan.FromSeconds(539), TimeSpan.FromSeconds(541));
        Assert.InRange(rebinds[1], TimeSpan.FromSeconds(1079), TimeSpan.FromSeconds(1081));
        Assert.Equal(2, scenario.Turn.Counters.ChannelRefreshes);
        Assert.True(scenario.Turn.Counters.PermissionRefreshes >= 4);
        Assert.Equal(40, scenario.Peer1.Received.Count);
        Assert.Equal(40, scenario.Turn.Counters.ChannelDataSent);
        Assert.Equal(0, scenario.Server.DroppedNoPermission);
    }

    [Fact]
    public void Channel_data_on_a_channel_never_bound_is_dropped()
    {
        var scenario = new TurnScenario().Allocated();
        scenario.Net.Inject(TurnScenario.ServerAddress, TurnScenario.ClientAddress, [0x40, 0x07, 0x00, 0x02, 0xAA, 0xBB]);
        scenario.Net.RunFor(TimeSpan.FromMilliseconds(10));
        Assert.Empty(scenario.Client.Received);
        Assert.Equal(1, scenario.Turn.Counters.DroppedUnknownChannel);
    }
}
