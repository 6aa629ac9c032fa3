using RtcEngine.Ice.Stun;
using RtcEngine.Ice.Turn;
using RtcEngine.Primitives;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Turn;

/// <summary>
/// What a hostile or broken server (or anyone forging its address) can do to a client: nothing
/// but counted drops. Forged responses, truncated and garbage datagrams, oversized REALM/NONCE.
/// </summary>
public class HostileServerTests
{
    private static readonly PeerAddress Server = PeerAddress.Parse("198.51.100.10:3478");
    private static readonly PeerAddress Local = PeerAddress.Parse("10.0.0.1:5000");
    private static readonly PeerAddress Relayed = PeerAddress.Parse("198.51.100.10:50000");
    private static readonly PeerAddress Peer = PeerAddress.Parse("203.0.113.7:7000");

    [Fact]
    public void An_unsigned_or_wrongly_signed_allocate_success_is_dropped_and_the_request_keeps_waiting()
    {
        var driver = new ClientDriver();
        driver.Client.Allocate(driver.Now);
        byte[] first = driver.TakeSent().Single();
        driver.Deliver(TurnMessages.Challenge(first));
        byte[] authenticated = driver.TakeSent().Single();

        driver.Deliver(TurnMessages.Success(authenticated, Relayed, 600, sign: false));
        driver.Deliver(TurnMessages.Success(authenticated, Relayed, 600, password: "guess"));
        Assert.Equal(2, driver.Client.Counters.DroppedBadIntegrity);
        Assert.Equal(TurnAllocationState.Allocating, driver.Client.State);

        driver.Deliver(TurnMessages.Success(authenticated, Relayed, 600));
        Assert.Equal(TurnAllocationState.Allocated, driver.Client.State);
    }

    [Fact]
    public void A_success_without_a_relayed_address_is_dropped()
    {
        var driver = new ClientDriver();
        driver.Client.Allocate(driver.Now);
        driver.Deliver(TurnMessages.Challenge(driver.TakeSent().Single()));
        driver.Deliver(TurnMessages.Success(driver.TakeSent().Single(), relayed: null, 600));
        Assert.Equal(TurnAllocationState.Allocating, driver.Client.State);
        Assert.Equal(1, driver.Client.Counters.DroppedIncompleteResponse);
    }

    [Fact]
    public void Responses_to_unknown_transactions_and_from_other_addresses_change_nothing()
    {
        ClientDriver driver = ClientDriver.Allocated();
        byte[] stray = TurnMessages.Success(Request(StunMethod.Refresh), lifetime: 0);
        Assert.Equal(TurnReceiveResult.Dropped, driver.Deliver(stray));
        Assert.Equal(1, driver.Client.Counters.DroppedUnknownTransaction);
        Assert.Equal(TurnReceiveResult.NotTurn, driver.Deliver(stray, from: PeerAddress.Parse("198.51.100.99:3478")));
        Assert.Equal(TurnAllocationState.Allocated, driver.Client.State);
    }

    [Fact]
    public void A_challenge_with_a_realm_or_nonce_longer_than_763_bytes_is_not_taken()
    {
        var driver = new ClientDriver();
        driver.Client.Allocate(driver.Now);
        byte[] first = driver.TakeSent().Single();
        driver.Deliver(TurnMessages.Challenge(first, nonce: new string('n', 764)));
        Assert.Equal(1, driver.Client.Counters.DroppedIncompleteResponse);
        TurnAllocationFailedEvent failed = Assert.IsType<TurnAllocationFailedEvent>(Assert.Single(driver.Events));
        Assert.Equal(401, failed.ErrorCode);
    }

    [Fact]
    public void A_realm_and_nonce_that_leave_no_room_fail_the_request_instead_of_overflowing()
    {
        var driver = new ClientDriver();
        driver.Client.Allocate(driver.Now);
        byte[] first = driver.TakeSent().Single();
        driver.Deliver(TurnMessages.Challenge(first, realm: new string('r', 700), nonce: new string('n', 700)));
        Assert.Empty(driver.TakeSent());
        TurnAllocationFailedEvent failed = Assert.IsType<TurnAllocationFailedEvent>(Assert.Single(driver.Events));
        Assert.Equal(TurnErrorCodes.RequestTooLarge, failed.ErrorCode);
        Assert.Equal(1, driver.Client.Counters.RequestsTooLarge);
    }

    [Fact]
    public void Every_truncation_of_every_server_message_is_dropped_without_throwing()
    {
        ClientDriver driver = ClientDriver.Allocated(bindChannel: true);
        byte[][] messages =
        [
            TurnMessages.DataIndication(Peer, [1, 2, 3, 4, 5]),
            [0x40, 0x00, 0x00, 0x05, 1, 2, 3, 4, 5],
            TurnMessages.Success(Request(StunMethod.Refresh), lifetime: 600),
            TurnMessages.Challenge(Request(StunMethod.CreatePermission), code: StunErrorCodes.StaleNonce),
        ];
        foreach (byte[] message in messages)
        {
            for (int length = 0; length < message.Length; length++)
            {
                TurnReceiveResult result = driver.Deliver(message[..length]);
                Assert.NotEqual(TurnReceiveResult.PeerData, result);
                Assert.NotEqual(TurnReceiveResult.Consumed, result);
            }
        }

        Assert.Equal(TurnAllocationState.Allocated, driver.Client.State);
        Assert.Empty(driver.Received);
    }

    [Fact]
    public void Random_garbage_from_the_server_address_is_dropped_without_throwing()
    {
        ClientDriver driver = ClientDriver.Allocated(bindChannel: true);
        var random = new SeededRandomSource(7);
        byte[] buffer = new byte[300];
        for (int i = 0; i < 5000; i++)
        {
            int length = random.NextInt32(buffer.Length);
            random.Fill(buffer.AsSpan(0, length));
            if (length > 0 && i % 3 == 0)
            {
                buffer[0] = (byte)random.NextInt32(0x80); // aim at the STUN and ChannelData ranges
            }

            driver.Deliver(buffer[..length]);
        }

        Assert.Equal(TurnAllocationState.Allocated, driver.Client.State);
        Assert.True(driver.Client.Counters.DroppedMalformed + driver.Client.Counters.DroppedUnknownChannel > 1000);
    }

    [Fact]
    public void Peer_data_is_handed_back_as_a_slice_of_the_received_buffer()
    {
        ClientDriver driver = ClientDriver.Allocated(bindChannel: true);
        byte[] indication = TurnMessages.DataIndication(Peer, [7, 7, 7]);
        var datagram = new ReceivedDatagram(indication, Local, Server);
        Assert.Equal(TurnReceiveResult.PeerData, driver.Client.Receive(driver.Now, datagram, out ReceivedDatagram fromPeer));
        Assert.Equal(Peer, fromPeer.Remote);
        Assert.Equal(Relayed, fromPeer.Local);
        Assert.True(fromPeer.Data.Overlaps(indication));
        Assert.Equal([7, 7, 7], fromPeer.Data.ToArray());
    }

    private static byte[] Request(StunMethod method)
    {
        var buffer = new byte[100];
        var writer = new StunMessageWriter(buffer, new StunMessageType(method, StunClass.Request), StunTransactionId.Create(new SeededRandomSource(99)));
        return writer.Written.ToArray();
    }

    /// <summary>Drives one client by hand: deliver bytes as if from the server, collect what it sends.</summary>
    private sealed class ClientDriver
    {
        private readonly byte[] _buffer = new byte[2048];

        public ClientDriver(bool bindChannels = true)
        {
            Client = new TurnClient(
                new TurnClientOptions { ServerAddress = Server, LocalAddress = Local, Username = "alice", Password = "secret", BindChannels = bindChannels },
                new SeededRandomSource(3));
        }

        public TurnClient Client { get; }

        public MonoTime Now { get; set; } = MonoTime.FromMilliseconds(1000);

        public List<TurnEvent> Events { get; } = [];

        public List<byte[]> Received { get; } = [];

        public static ClientDriver Allocated(bool bindChannel = false)
        {
            var driver = new ClientDriver();
            driver.Client.Allocate(driver.Now);
            driver.Deliver(TurnMessages.Challenge(driver.TakeSent().Single()));
            driver.Deliver(TurnMessages.Success(driver.TakeSent().Single(), Relayed, 600));
            driver.Client.CreatePermission(driver.Now, Peer);
            driver.Deliver(TurnMessages.Success(driver.TakeSent().Single()));
            if (bindChannel)
            {
                driver.Client.BindChannel(driver.Now, Peer);
                driver.Deliver(TurnMessages.Success(driver.TakeSent().Single()));
            }

            driver.Events.Clear();
            return driver;
        }

        public TurnReceiveResult Deliver(byte[] data, PeerAddress? from = null)
        {
            var datagram = new ReceivedDatagram(data, Local, from ?? Server);
            TurnReceiveResult result = Client.Receive(Now, datagram, out ReceivedDatagram fromPeer);
            if (result == TurnReceiveResult.PeerData)
            {
                Received.Add(fromPeer.Data.ToArray());
            }

            while (Client.TryPollEvent(out TurnEvent e))
            {
                Events.Add(e);
            }

            return result;
        }

        public List<byte[]> TakeSent()
        {
            var sent = new List<byte[]>();
            while (Client.TryPollTransmit(_buffer, out TransmitInfo transmit))
            {
                sent.Add(_buffer[..transmit.Length]);
            }

            while (Client.TryPollEvent(out TurnEvent e))
            {
                Events.Add(e);
            }

            return sent;
        }
    }
}
