using System.Net;
using System.Net.Sockets;
using RtcEngine.Ice.Stun;
using RtcEngine.Ice.Turn;
using RtcEngine.Primitives;
using Xunit;

namespace RtcEngine.Interop.Tests.Turn;

/// <summary>Our TURN client against coturn over UDP, TCP and TLS: allocation, permission, channel, data both ways, refresh, close.</summary>
public class CoturnTurnClientTests
{
    [Theory]
    [InlineData(TransportProtocol.Udp)]
    [InlineData(TransportProtocol.Tcp)]
    [InlineData(TransportProtocol.Tls)]
    public async Task Allocation_permission_channel_and_data_both_ways_refresh_and_close_through_coturn(TransportProtocol protocol)
    {
        await using Coturn coturn = await Coturn.StartAsync(new CoturnOptions { Tls = protocol == TransportProtocol.Tls });
        using var peer = new UdpPeerSocket();
        PeerAddress local = EngineRun.NewLocalAddress();
        var host = new TurnClientHost(NewClient(coturn, local, protocol, bindChannels: false));
        TurnClient turn = host.Client;
        await using EngineRun run = EngineRun.Start(host, local, protocol);

        // Allocation: the 401 challenge, then the authenticated Allocate.
        await run.InvokeAsync(() => turn.Allocate(run.Now));
        Assert.True(await run.WaitUntilAsync(() => turn.State != TurnAllocationState.Allocating), coturn.Output);
        Assert.Equal(TurnAllocationState.Allocated, turn.State);
        PeerAddress relayed = await run.InvokeAsync(() => turn.RelayedAddress);
        Assert.Equal("127.0.0.1", relayed.AddressToString());
        Assert.InRange(relayed.Port, coturn.MinRelayPort, coturn.MaxRelayPort);
        Assert.Equal(1, await run.InvokeAsync(() => turn.Counters.AuthenticationChallenges));

        // Permission, then data in Send and Data indications.
        await run.InvokeAsync(() => turn.CreatePermission(run.Now, peer.Address));
        Assert.True(await run.WaitUntilAsync(() => host.Events.OfType<TurnPermissionCreatedEvent>().Any()), coturn.Output);
        await run.InvokeAsync(() => host.Send(peer.Address, [1, 2, 3, 4, 5]));
        (byte[] atPeer, PeerAddress from) = await peer.ReceiveAsync();
        Assert.Equal([1, 2, 3, 4, 5], atPeer);
        Assert.Equal(relayed, from);
        peer.SendTo(relayed, [9, 8, 7]);
        Assert.True(await run.WaitUntilAsync(() => host.Received.Count == 1));
        Assert.Equal(([9, 8, 7], peer.Address), await run.InvokeAsync(() => (host.Received[0].Data, host.Received[0].From)), Comparer.Instance);
        Assert.Equal(1, await run.InvokeAsync(() => turn.Counters.SendIndicationsSent));
        Assert.Equal(1, await run.InvokeAsync(() => turn.Counters.DataIndicationsReceived));

        // A channel, then ChannelData both ways (padded to four over TCP and TLS).
        await run.InvokeAsync(() => turn.BindChannel(run.Now, peer.Address));
        Assert.True(await run.WaitUntilAsync(() => host.Events.OfType<TurnChannelBoundEvent>().Any()), coturn.Output);
        await run.InvokeAsync(() => host.Send(peer.Address, [0x17, 0xFE, 0xFD, 0x00, 0x01]));
        (atPeer, from) = await peer.ReceiveAsync();
        Assert.Equal([0x17, 0xFE, 0xFD, 0x00, 0x01], atPeer);
        Assert.Equal(relayed, from);
        peer.SendTo(relayed, [0x80, 0x60, 0x00]);
        Assert.True(await run.WaitUntilAsync(() => host.Received.Count == 2));
        Assert.Equal([0x80, 0x60, 0x00], await run.InvokeAsync(() => host.Received[1].Data));
        Assert.Equal(1, await run.InvokeAsync(() => turn.Counters.ChannelDataSent));
        Assert.Equal(1, await run.InvokeAsync(() => turn.Counters.ChannelDataReceived));

        // Refresh, then release with lifetime 0.
        await run.InvokeAsync(() => turn.Refresh(run.Now));
        Assert.True(await run.WaitUntilAsync(() => turn.Counters.AllocationRefreshes == 1), coturn.Output);
        await run.InvokeAsync(() => turn.Close(run.Now));
        Assert.True(await run.WaitUntilAsync(() => turn.State == TurnAllocationState.Closed), coturn.Output);
        Assert.DoesNotContain(host.Events, e => e is TurnAllocationFailedEvent or TurnPeerRequestFailedEvent);
        Assert.Equal(0, await run.InvokeAsync(() => turn.Counters.DroppedBadIntegrity + turn.Counters.DroppedMalformed + turn.Counters.DroppedUnknownTransaction));
    }

    [Fact]
    public async Task Allocation_permission_and_channel_are_refreshed_past_coturns_short_lifetimes()
    {
        // coturn made to expire everything quickly; the client told the same lifetimes.
        await using Coturn coturn = await Coturn.StartAsync(new CoturnOptions { MaxAllocateLifetime = 12, PermissionLifetime = 8, ChannelLifetime = 10 });
        using var peer = new UdpPeerSocket();
        PeerAddress local = EngineRun.NewLocalAddress();
        var client = new TurnClient(
            new TurnClientOptions
            {
                ServerAddress = coturn.Address,
                LocalAddress = local,
                Username = Coturn.Username,
                Password = Coturn.Password,
                PermissionLifetime = TimeSpan.FromSeconds(8),
                PermissionRefreshInterval = TimeSpan.FromSeconds(5),
                ChannelLifetime = TimeSpan.FromSeconds(10),
                ChannelRefreshInterval = TimeSpan.FromSeconds(7),
            },
            CryptoRandomSource.Shared);
        var host = new TurnClientHost(client);
        await using EngineRun run = EngineRun.Start(host, local, TransportProtocol.Udp);
        await run.InvokeAsync(() => client.Allocate(run.Now));
        Assert.True(await run.WaitUntilAsync(() => client.State == TurnAllocationState.Allocated), coturn.Output);
        Assert.Equal(TimeSpan.FromSeconds(12), await run.InvokeAsync(() => client.Lifetime));
        PeerAddress relayed = await run.InvokeAsync(() => client.RelayedAddress);
        await run.InvokeAsync(() => client.BindChannel(run.Now, peer.Address));
        Assert.True(await run.WaitUntilAsync(() => host.Events.OfType<TurnChannelBoundEvent>().Any()), coturn.Output);

        // Data once a second for 16 s, echoed back: past every lifetime.
        for (int i = 0; i < 16; i++)
        {
            byte[] payload = [0x17, (byte)i];
            await run.InvokeAsync(() => host.Send(peer.Address, payload));
            (byte[] atPeer, PeerAddress from) = await peer.ReceiveAsync();
            Assert.Equal(payload, atPeer);
            peer.SendTo(from, atPeer);
            Assert.True(await run.WaitUntilAsync(() => host.Received.Count == i + 1), $"echo {i} lost\n{coturn.Output}");
            await Task.Delay(1000, TestContext.Current.CancellationToken);
        }

        TurnClientCounters counters = await run.InvokeAsync(() => client.Counters);
        Assert.True(counters.AllocationRefreshes >= 2, $"{counters.AllocationRefreshes} allocation refreshes");
        Assert.True(counters.PermissionRefreshes >= 2, $"{counters.PermissionRefreshes} permission refreshes");
        Assert.True(counters.ChannelRefreshes >= 1, $"{counters.ChannelRefreshes} channel refreshes");
        Assert.Equal(16, counters.ChannelDataSent);
        Assert.Equal(TurnAllocationState.Allocated, await run.InvokeAsync(() => client.State));
        Assert.Equal(relayed, await run.InvokeAsync(() => client.RelayedAddress));
        Assert.DoesNotContain(host.Events, e => e is TurnAllocationFailedEvent or TurnPeerRequestFailedEvent);
    }

    [Fact]
    public async Task Nonce_expiry_is_recovered_without_losing_the_allocation()
    {
        await using Coturn coturn = await Coturn.StartAsync(new CoturnOptions { StaleNonceSeconds = 2 });
        using var peer = new UdpPeerSocket();
        PeerAddress local = EngineRun.NewLocalAddress();
        var host = new TurnClientHost(NewClient(coturn, local, TransportProtocol.Udp));
        TurnClient turn = host.Client;
        await using EngineRun run = EngineRun.Start(host, local, TransportProtocol.Udp);
        await run.InvokeAsync(() => turn.Allocate(run.Now));
        Assert.True(await run.WaitUntilAsync(() => turn.State == TurnAllocationState.Allocated), coturn.Output);
        PeerAddress relayed = await run.InvokeAsync(() => turn.RelayedAddress);

        await Task.Delay(3000, TestContext.Current.CancellationToken); // the nonce is stale now
        await run.InvokeAsync(() => turn.CreatePermission(run.Now, peer.Address));
        Assert.True(await run.WaitUntilAsync(() => host.Events.OfType<TurnPermissionCreatedEvent>().Any()), coturn.Output);
        await Task.Delay(3000, TestContext.Current.CancellationToken);
        await run.InvokeAsync(() => turn.Refresh(run.Now));
        Assert.True(await run.WaitUntilAsync(() => turn.Counters.AllocationRefreshes == 1), coturn.Output);

        Assert.True(await run.InvokeAsync(() => turn.Counters.StaleNonceRetries) >= 2, coturn.Output);
        Assert.Equal(TurnAllocationState.Allocated, turn.State);
        Assert.Equal(relayed, await run.InvokeAsync(() => turn.RelayedAddress));
        await run.InvokeAsync(() => host.Send(peer.Address, [0x42]));
        Assert.Equal([0x42], (await peer.ReceiveAsync()).Data);
        Assert.DoesNotContain(host.Events, e => e is TurnAllocationFailedEvent or TurnPeerRequestFailedEvent);
    }

    [Fact]
    public async Task A_wrong_password_gets_a_clear_401_error()
    {
        await using Coturn coturn = await Coturn.StartAsync();
        PeerAddress local = EngineRun.NewLocalAddress();
        var client = new TurnClient(
            new TurnClientOptions { ServerAddress = coturn.Address, LocalAddress = local, Username = Coturn.Username, Password = "not-the-secret" },
            CryptoRandomSource.Shared);
        var host = new TurnClientHost(client);
        await using EngineRun run = EngineRun.Start(host, local, TransportProtocol.Udp);
        await run.InvokeAsync(() => client.Allocate(run.Now));
        Assert.True(await run.WaitUntilAsync(() => client.State == TurnAllocationState.Failed), coturn.Output);

        TurnAllocationFailedEvent failed = Assert.Single(await run.InvokeAsync(() => host.Events.OfType<TurnAllocationFailedEvent>().ToArray()));
        Assert.Equal(StunErrorCodes.Unauthenticated, failed.ErrorCode);
        Assert.Contains("wrong username or password", failed.Reason, StringComparison.Ordinal);
        Assert.Contains(Coturn.Realm, failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_over_its_quota_gets_486()
    {
        await using Coturn coturn = await Coturn.StartAsync(new CoturnOptions { UserQuota = 1 });
        PeerAddress firstLocal = EngineRun.NewLocalAddress();
        var first = new TurnClientHost(NewClient(coturn, firstLocal, TransportProtocol.Udp));
        await using EngineRun firstRun = EngineRun.Start(first, firstLocal, TransportProtocol.Udp);
        await firstRun.InvokeAsync(() => first.Client.Allocate(firstRun.Now));
        Assert.True(await firstRun.WaitUntilAsync(() => first.Client.State == TurnAllocationState.Allocated), coturn.Output);

        PeerAddress secondLocal = EngineRun.NewLocalAddress();
        var second = new TurnClientHost(NewClient(coturn, secondLocal, TransportProtocol.Udp));
        await using EngineRun secondRun = EngineRun.Start(second, secondLocal, TransportProtocol.Udp);
        await secondRun.InvokeAsync(() => second.Client.Allocate(secondRun.Now));
        Assert.True(await secondRun.WaitUntilAsync(() => second.Client.State == TurnAllocationState.Failed), coturn.Output);
        TurnAllocationFailedEvent failed = Assert.Single(await secondRun.InvokeAsync(() => second.Events.OfType<TurnAllocationFailedEvent>().ToArray()));
        Assert.Equal(StunErrorCodes.AllocationQuotaReached, failed.ErrorCode);
    }

    private static TurnClient NewClient(Coturn coturn, PeerAddress local, TransportProtocol protocol, bool bindChannels = true) =>
        new(
            new TurnClientOptions
            {
                ServerAddress = coturn.AddressFor(protocol),
                Protocol = protocol,
                LocalAddress = local,
                Username = Coturn.Username,
                Password = Coturn.Password,
                BindChannels = bindChannels,
                Software = "RtcEngine tests",
            },
            CryptoRandomSource.Shared);

    private sealed class Comparer : IEqualityComparer<(byte[] Data, PeerAddress From)>
    {
        public static readonly Comparer Instance = new();

        public bool Equals((byte[] Data, PeerAddress From) x, (byte[] Data, PeerAddress From) y) => x.Data.SequenceEqual(y.Data) && x.From == y.From;

        public int GetHashCode((byte[] Data, PeerAddress From) obj) => obj.From.GetHashCode();
    }
}

/// <summary>A plain UDP peer on loopback for the relay to talk to.</summary>
internal sealed class UdpPeerSocket : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public UdpPeerSocket()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Address = PeerAddress.FromIPEndPoint((IPEndPoint)_socket.LocalEndPoint!);
    }

    public PeerAddress Address { get; }

    public void SendTo(PeerAddress to, byte[] data) => _socket.SendTo(data, to.ToIPEndPoint());

    public async Task<(byte[] Data, PeerAddress From)> ReceiveAsync()
    {
        byte[] buffer = new byte[2048];
        using var timeout = new CancellationTokenSource(EngineRun.Timeout);
        SocketReceiveFromResult result = await _socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
        return (buffer[..result.ReceivedBytes], PeerAddress.FromIPEndPoint((IPEndPoint)result.RemoteEndPoint));
    }

    public void Dispose() => _socket.Dispose();
}
