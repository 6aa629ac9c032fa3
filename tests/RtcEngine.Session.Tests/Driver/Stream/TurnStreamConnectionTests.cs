using System.Security.Authentication;
using RtcEngine.Primitives;
using RtcEngine.Session.Driver.Stream;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Session.Tests.Driver.Stream;

/// <summary>The TCP/TLS stream transport against an in-process server on loopback.</summary>
public class TurnStreamConnectionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Messages_split_anywhere_by_the_server_arrive_whole_with_the_servers_address()
    {
        await using var server = new LoopbackStreamServer();
        await using TurnStreamConnection connection = TurnStreamConnection.Start(new TurnStreamOptions { RemoteAddress = server.Address });
        System.IO.Stream stream = await server.Stream.WaitAsync(Timeout, Ct);
        byte[][] messages = [StreamMessages.Stun(), StreamMessages.ChannelData(5), StreamMessages.ChannelData(1000), StreamMessages.Stun(attributeLength: 100)];
        byte[] all = [.. messages.SelectMany(m => m)];
        for (int i = 0; i < all.Length; i += 7)
        {
            await stream.WriteAsync(all.AsMemory(i, Math.Min(7, all.Length - i)), Ct);
            await stream.FlushAsync(Ct);
        }

        List<byte[]> received = await StreamMessages.ReceiveAsync(connection, messages.Length, Timeout);
        Assert.Equal(messages, received);
        Assert.Equal(TurnStreamState.Connected, connection.State);
        Assert.Equal(messages.Length, connection.Counters.MessagesReceived);

        // The datagram the engine sees names the server and the transport.
        await stream.WriteAsync(StreamMessages.ChannelData(3), Ct);
        Assert.True(await StreamMessages.WaitAsync(() => Peek(connection, out PeerAddress remote, out TransportProtocol protocol) && remote == server.Address && protocol == TransportProtocol.Tcp, Timeout));
        Assert.Equal(PeerAddress.Parse("127.0.0.1:0").AddressToString(), connection.LocalAddress.AddressToString());
    }

    [Fact]
    public async Task Sends_queued_before_the_connection_is_up_reach_the_server_in_order()
    {
        await using var server = new LoopbackStreamServer();
        await using TurnStreamConnection connection = TurnStreamConnection.Start(new TurnStreamOptions { RemoteAddress = server.Address });
        byte[] first = StreamMessages.Stun();
        byte[] second = StreamMessages.ChannelData(9);
        Assert.True(connection.TrySend(first));
        Assert.True(connection.TrySend(second));

        System.IO.Stream stream = await server.Stream.WaitAsync(Timeout, Ct);
        byte[] read = new byte[first.Length + second.Length];
        await stream.ReadExactlyAsync(read, Ct).AsTask().WaitAsync(Timeout, Ct);
        Assert.Equal([.. first, .. second], read);
        Assert.Equal(2, connection.Counters.MessagesSent);
    }

    [Fact]
    public async Task Tls_with_a_self_signed_certificate_accepted_by_the_callers_callback_carries_messages_both_ways()
    {
        await using var server = new LoopbackStreamServer(tls: true);
        string? seenName = null;
        await using TurnStreamConnection connection = TurnStreamConnection.Start(new TurnStreamOptions
        {
            RemoteAddress = server.Address,
            Protocol = TransportProtocol.Tls,
            ServerName = LoopbackStreamServer.ServerName,
            CertificateValidation = (_, certificate, _, _) =>
            {
                seenName = certificate?.Subject;
                return true;
            },
        });
        await connection.Connected.WaitAsync(Timeout, Ct);
        System.IO.Stream stream = await server.Stream.WaitAsync(Timeout, Ct);
        Assert.Equal("CN=turn.test", seenName);

        Assert.True(connection.TrySend(StreamMessages.ChannelData(6)));
        byte[] read = new byte[12];
        await stream.ReadExactlyAsync(read, Ct).AsTask().WaitAsync(Timeout, Ct);
        Assert.Equal(StreamMessages.ChannelData(6), read);

        await stream.WriteAsync(StreamMessages.Stun(), Ct);
        List<byte[]> received = await StreamMessages.ReceiveAsync(connection, 1, Timeout);
        Assert.Equal(StreamMessages.Stun(), Assert.Single(received));
    }

    [Fact]
    public async Task Tls_without_a_callback_refuses_a_self_signed_certificate()
    {
        await using var server = new LoopbackStreamServer(tls: true);
        await using TurnStreamConnection connection = TurnStreamConnection.Start(new TurnStreamOptions
        {
            RemoteAddress = server.Address,
            Protocol = TransportProtocol.Tls,
            ServerName = LoopbackStreamServer.ServerName,
        });
        await Assert.ThrowsAsync<AuthenticationException>(() => connection.Connected.WaitAsync(Timeout, Ct));
        Assert.Equal(TurnStreamState.Failed, connection.State);
        Assert.IsType<AuthenticationException>(connection.Failure);
        Assert.False(connection.TrySend(StreamMessages.Stun()));
        Assert.Equal(1, connection.Counters.SendsDroppedClosed);
    }

    [Fact]
    public async Task A_refused_connection_fails()
    {
        int port = RealPeers.FreeTcpPort();
        var woken = 0;
        await using TurnStreamConnection connection = TurnStreamConnection.Start(new TurnStreamOptions { RemoteAddress = PeerAddress.Parse($"127.0.0.1:{port}") });
        connection.DataAvailable = () => Interlocked.Increment(ref woken);
        Assert.True(await StreamMessages.WaitAsync(() => connection.State == TurnStreamState.Failed, Timeout));
        Assert.False(connection.TryReceive(out _));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })]
    [InlineData(new byte[] { 0x40, 0x00, 0xFF, 0xFF })] // ChannelData longer than the 2048-byte limit
    public async Task A_server_sending_what_is_not_turn_gets_the_connection_closed(byte[] garbage)
    {
        await using var server = new LoopbackStreamServer();
        await using TurnStreamConnection connection = TurnStreamConnection.Start(new TurnStreamOptions { RemoteAddress = server.Address, MaxMessageLength = 2048, MaxReceiveBuffer = 4096 });
        System.IO.Stream stream = await server.Stream.WaitAsync(Timeout, Ct);
        await stream.WriteAsync(StreamMessages.Stun(), Ct);
        await stream.WriteAsync(garbage, Ct);
        List<byte[]> received = await StreamMessages.ReceiveAsync(connection, 2, TimeSpan.FromSeconds(1));
        Assert.Single(received); // the valid message before it still arrives
        Assert.Equal(TurnStreamState.Failed, connection.State);
        Assert.IsType<InvalidDataException>(connection.Failure);
    }

    [Fact]
    public async Task The_server_closing_the_stream_closes_the_connection()
    {
        await using var server = new LoopbackStreamServer();
        await using TurnStreamConnection connection = TurnStreamConnection.Start(new TurnStreamOptions { RemoteAddress = server.Address });
        System.IO.Stream stream = await server.Stream.WaitAsync(Timeout, Ct);
        await stream.WriteAsync(StreamMessages.Stun(), Ct);
        await stream.WriteAsync(StreamMessages.ChannelData(8).AsMemory(0, 6), Ct); // half a message, then the end
        await stream.DisposeAsync();
        List<byte[]> received = await StreamMessages.ReceiveAsync(connection, 2, TimeSpan.FromSeconds(2));
        Assert.Single(received);
        Assert.True(await StreamMessages.WaitAsync(() => { connection.TryReceive(out _); return connection.State is TurnStreamState.Closed or TurnStreamState.Failed; }, Timeout));
    }

    [Fact]
    public async Task Sends_that_are_not_one_whole_message_are_refused()
    {
        await using var server = new LoopbackStreamServer();
        await using TurnStreamConnection connection = TurnStreamConnection.Start(new TurnStreamOptions { RemoteAddress = server.Address });
        byte[] stun = StreamMessages.Stun();
        Assert.False(connection.TrySend(stun.AsSpan(0, stun.Length - 4)));
        Assert.False(connection.TrySend([.. stun, .. stun]));
        Assert.False(connection.TrySend([0x40, 0x00, 0x00, 0x05, 1, 2, 3, 4, 5])); // ChannelData not padded: would desynchronize the server
        Assert.False(connection.TrySend([]));
        Assert.Equal(4, connection.Counters.SendsDroppedMalformed);
    }

    [Fact]
    public async Task A_flooding_server_cannot_make_the_connection_buffer_beyond_its_limit()
    {
        await using var server = new LoopbackStreamServer();
        const int limit = 64 * 1024;
        await using TurnStreamConnection connection = TurnStreamConnection.Start(new TurnStreamOptions { RemoteAddress = server.Address, MaxMessageLength = 2048, MaxReceiveBuffer = limit });
        System.IO.Stream stream = await server.Stream.WaitAsync(Timeout, Ct);
        byte[] message = StreamMessages.ChannelData(1020);
        byte[] chunk = [.. Enumerable.Range(0, 64).SelectMany(_ => message)];
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        long written = 0;
        Task flood = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await stream.WriteAsync(chunk, stop.Token);
                    Interlocked.Add(ref written, chunk.Length);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, Ct);

        // Nobody reads on the client: the connection stops reading the socket, so the server blocks (TCP flow control).
        await Task.Delay(1000, Ct);
        long buffered = connection.Counters.BytesReceived;
        Assert.InRange(buffered, 1, limit + 64 * 1024); // the pipe's limit plus one read in flight
        Assert.True(Interlocked.Read(ref written) < 64L * 1024 * 1024, "the server was not slowed down");

        // Draining resumes the flow.
        int drained = 0;
        while (connection.TryReceive(out ReceivedDatagram m))
        {
            drained++;
        }

        Assert.True(drained > 10);
        Assert.True(await StreamMessages.WaitAsync(() => connection.Counters.BytesReceived > buffered, Timeout));
        await stop.CancelAsync();
        await flood;
    }

    private static bool Peek(TurnStreamConnection connection, out PeerAddress remote, out TransportProtocol protocol)
    {
        remote = default;
        protocol = default;
        if (!connection.TryReceive(out ReceivedDatagram message))
        {
            return false;
        }

        remote = message.Remote;
        protocol = message.Protocol;
        return true;
    }
}
