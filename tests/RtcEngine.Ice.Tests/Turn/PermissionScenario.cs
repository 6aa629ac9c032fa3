using RtcEngine.Ice.Stun;
using RtcEngine.Ice.Turn;
using RtcEngine.Primitives;
using Xunit;

namespace RtcEngine.Ice.Tests.Turn;

/// <summary>
/// Permissions (RFC 8656 section 9): one per peer IP, refreshed about every 4 minutes while data
/// flows, left to expire when idle; data indications only from permitted peers.
/// </summary>
public class PermissionScenario
{
    [Fact]
    public void Data_flows_both_ways_in_send_and_data_indications_once_the_permission_is_installed()
    {
        var scenario = new TurnScenario(options: new TurnClientOptions { BindChannels = false }).Allocated();
        PeerAddress relayed = scenario.Turn.RelayedAddress;
        scenario.Do((turn, now) => turn.CreatePermission(now, TurnScenario.PeerAddress1));
        scenario.Net.RunFor(TimeSpan.FromMilliseconds(100));
        TurnPermissionCreatedEvent created = Assert.Single(scenario.Client.Events.OfType<TurnPermissionCreatedEvent>());
        Assert.Equal(TurnScenario.PeerAddress1, created.Peer);

        scenario.Client.Send(TurnScenario.PeerAddress1, [1, 2, 3, 4, 5]);
        scenario.Net.RunFor(TimeSpan.FromMilliseconds(100));
        (byte[] atPeer, PeerAddress from) = Assert.Single(scenario.Peer1.Received);
        Assert.Equal([1, 2, 3, 4, 5], atPeer);
        Assert.Equal(relayed, from);
        Assert.Equal(1, scenario.Turn.Counters.SendIndicationsSent);

        scenario.Peer1.SendTo(relayed, [9, 8, 7]);
        scenario.Net.RunFor(TimeSpan.FromMilliseconds(100));
        (byte[] atClient, PeerAddress fromPeer, MonoTime _) = Assert.Single(scenario.Client.Received);
        Assert.Equal([9, 8, 7], atClient);
        Assert.Equal(TurnScenario.PeerAddress1, fromPeer);
        Assert.Equal(1, scenario.Turn.Counters.DataIndicationsReceived);
    }

    [Fact]
    public void A_permission_in_use_is_refreshed_every_four_minutes_and_an_idle_one_expires()
    {
        var scenario = new TurnScenario(options: new TurnClientOptions { BindChannels = false }).Allocated();
        scenario.Do((turn, now) => turn.CreatePermission(now, TurnScenario.PeerAddress1));
        scenario.Net.RunFor(TimeSpan.FromMilliseconds(100));
        MonoTime installed = scenario.Net.Now;

        // Data every 30 s for 13 minutes: the permission is refreshed at about 4, 8 and 12 minutes.
        for (int i = 0; i < 26; i++)
        {
            scenario.Client.Send(TurnScenario.PeerAddress1, [(byte)i]);
            scenario.Net.Poll();
            scenario.Net.RunFor(TimeSpan.FromSeconds(30));
        }

        TimeSpan[] refreshes = scenario.Server.Requests(StunMethod.CreatePermission).Skip(1).Select(r => r.At - installed).ToArray();
        Assert.Equal(3, refreshes.Length);
        Assert.InRange(refreshes[0], TimeSpan.FromSeconds(239), TimeSpan.FromSeconds(241));
        Assert.InRange(refreshes[1], TimeSpan.FromSeconds(479), TimeSpan.FromSeconds(481));
        Assert.InRange(refreshes[2], TimeSpan.FromSeconds(719), TimeSpan.FromSeconds(721));
        Assert.Equal(3, scenario.Turn.Counters.PermissionRefreshes);
        Assert.Equal(26, scenario.Peer1.Received.Count);
        Assert.Equal(0, scenario.Server.DroppedNoPermission);

        // Idle from 12.5 minutes: refreshed once more at 16 (it was used after the 12-minute refresh),
        // then not again, and forgotten once expired at 21.
        scenario.Net.RunFor(TimeSpan.FromMinutes(10));
        Assert.Equal(4, scenario.Server.Requests(StunMethod.CreatePermission).Count() - 1);
        Assert.Equal(0, scenario.Turn.PermissionCount);
        Assert.True(scenario.Turn.PollTimeout() > scenario.Net.Now);
    }

    [Fact]
    public void The_first_data_to_a_new_peer_asks_for_its_permission()
    {
        var scenario = new TurnScenario(options: new TurnClientOptions { BindChannels = false }).Allocated();
        scenario.Client.Send(TurnScenario.PeerAddress1, [1]);
        scenario.Net.Poll();
        scenario.Net.RunFor(TimeSpan.FromMilliseconds(100));
        Assert.Single(scenario.Server.Requests(StunMethod.CreatePermission));
        Assert.Equal(1, scenario.Turn.PermissionCount);

        // That first datagram raced its permission and lost (the request was queued behind it); later ones arrive.
        scenario.Client.Send(TurnScenario.PeerAddress1, [2]);
        scenario.Net.Poll();
        scenario.Net.RunFor(TimeSpan.FromMilliseconds(100));
        Assert.Contains(scenario.Peer1.Received, r => r.Data[0] == 2);
    }

    [Fact]
    public void Data_from_a_peer_without_a_permission_never_reaches_the_client()
    {
        var scenario = new TurnScenario().Allocated();
        scenario.Do((turn, now) => turn.CreatePermission(now, TurnScenario.PeerAddress1));
        scenario.Net.RunFor(TimeSpan.FromMilliseconds(100));

        // The server filters; and a Data indication it forwarded anyway (forged) is dropped by the client.
        scenario.Peer2.SendTo(scenario.Turn.RelayedAddress, [6, 6, 6]);
        scenario.Net.RunFor(TimeSpan.FromMilliseconds(100));
        Assert.Empty(scenario.Client.Received);
        Assert.Equal(1, scenario.Server.DroppedNoPermission);

        byte[] forged = TurnMessages.DataIndication(TurnScenario.PeerAddress2, [6, 6, 6]);
        scenario.Net.Inject(TurnScenario.ServerAddress, TurnScenario.ClientAddress, forged);
        scenario.Net.RunFor(TimeSpan.FromMilliseconds(10));
        Assert.Empty(scenario.Client.Received);
        Assert.Equal(1, scenario.Turn.Counters.DroppedNoPermission);
    }

    [Fact]
    public void A_refused_permission_is_reported_and_data_to_that_peer_is_refused()
    {
        var scenario = new TurnScenario().Allocated();
        scenario.Net.Filter = d => !(d.From == TurnScenario.ClientAddress && StunMessageReader.TryRead(d.Data, out StunMessageReader m) && m.Method == StunMethod.CreatePermission);
        scenario.Do((turn, now) => turn.CreatePermission(now, TurnScenario.PeerAddress1));
        scenario.Net.RunFor(TimeSpan.FromSeconds(15));

        TurnPeerRequestFailedEvent failed = Assert.Single(scenario.Client.Events.OfType<TurnPeerRequestFailedEvent>());
        Assert.Equal(StunMethod.CreatePermission, failed.Method);
        Assert.Equal(TurnErrorCodes.Timeout, failed.ErrorCode);
        Assert.Equal(TurnAllocationState.Allocated, scenario.Turn.State);

        byte[] buffer = new byte[100];
        Assert.False(scenario.Turn.TryWrap(buffer, TurnClient.SendHeadroom, 4, TurnScenario.PeerAddress1, out _, out _));
        Assert.Equal(1, scenario.Turn.Counters.SendRefusedNoPermission);
    }

    [Fact]
    public void Permissions_are_capped()
    {
        var scenario = new TurnScenario(options: new TurnClientOptions { MaxPermissions = 2 }).Allocated();
        Assert.True(scenario.Turn.CreatePermission(scenario.Net.Now, PeerAddress.Parse("203.0.113.1:1")));
        Assert.True(scenario.Turn.CreatePermission(scenario.Net.Now, PeerAddress.Parse("203.0.113.2:1")));
        Assert.True(scenario.Turn.CreatePermission(scenario.Net.Now, PeerAddress.Parse("203.0.113.2:2"))); // same IP: same permission
        Assert.False(scenario.Turn.CreatePermission(scenario.Net.Now, PeerAddress.Parse("203.0.113.3:1")));
        Assert.Equal(2, scenario.Turn.PermissionCount);
        Assert.Equal(1, scenario.Turn.Counters.PermissionsOverLimit);
    }
}
