using RtcEngine.Dtls;
using RtcEngine.Primitives;
using RtcEngine.Testing;

namespace RtcEngine.Dtls.Tests.Endpoint;

/// <summary>The application data path after the handshake: zero copy in, zero allocation both ways, misuse throws.</summary>
public class ApplicationDataPathTests
{
    [Fact]
    public void Send_transmit_and_receive_in_place_allocate_nothing()
    {
        var pair = new DtlsPair(seed: 50);
        pair.RunHandshake();
        Assert.True(pair.BothConnected);
        int received = 0;
        pair.Server.ApplicationDataHandler = data => received += data.Length;
        byte[] payload = new byte[1100];
        byte[] datagram = new byte[DatagramLimits.MaxDatagramSize];
        MonoTime now = pair.Network.Now;

        AllocationAssert.NoAllocations(
            () =>
            {
                pair.Client.SendApplicationData(payload);
                Assert.True(pair.Client.TryPollTransmit(datagram, out TransmitInfo transmit));
                pair.Server.HandleDatagram(now, new ReceivedDatagram(datagram.AsSpan(0, transmit.Length), DtlsPair.ServerAddress, DtlsPair.ClientAddress));
                Assert.True(pair.Client.TrySealApplicationData(payload, datagram, out int written));
                pair.Server.HandleDatagram(now, new ReceivedDatagram(datagram.AsSpan(0, written), DtlsPair.ServerAddress, DtlsPair.ClientAddress));
            },
            what: "send + receive of application data");
        Assert.Equal(payload.Length * 2 * 3, received);
        Assert.Empty(pair.ServerEvents.OfType<DtlsApplicationData>());
    }

    [Fact]
    public void Misuse_throws_and_hostile_input_does_not()
    {
        var pair = new DtlsPair(seed: 51);
        Assert.Throws<InvalidOperationException>(() => pair.Client.SendApplicationData([1]));
        Assert.False(pair.Client.TrySealApplicationData([1], new byte[100], out _));
        Assert.Throws<ArgumentException>(() => pair.Client.TryPollTransmit(new byte[100], out _));
        pair.RunHandshake();
        Assert.Throws<InvalidOperationException>(() => pair.Client.Start(MonoTime.Zero));
        Assert.Throws<ArgumentException>(() => pair.Client.SendApplicationData(new byte[pair.Client.MaxApplicationDataLength + 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DtlsEndpoint(new DtlsEndpointOptions { Role = DtlsRole.Client, Certificate = TestCertificates.Client, Mtu = 100 }));
        Assert.Throws<ArgumentException>(() => new DtlsEndpoint(new DtlsEndpointOptions
        {
            Role = DtlsRole.Server,
            Certificate = TestCertificates.Rsa,
            CipherSuites = [DtlsCipherSuite.EcdheEcdsaWithAes128GcmSha256],
        }));
    }

    [Fact]
    public void A_client_ignores_handshake_datagrams_before_start_and_time_going_backwards()
    {
        var pair = new DtlsPair(seed: 52);
        byte[] hello = ChromiumClientHello.FragmentDatagram(ChromiumClientHello.BuildBody(new byte[32], []), 0, 0, 0, 100);
        pair.Client.HandleDatagram(MonoTime.FromMilliseconds(5), new ReceivedDatagram(hello, DtlsPair.ClientAddress, DtlsPair.ServerAddress));
        Assert.Equal(1, pair.Client.Counters[DtlsDropReason.UnexpectedHandshake]);

        pair.Client.Start(MonoTime.FromMilliseconds(10_000));
        MonoTime timeout = pair.Client.PollTimeout();
        pair.Client.HandleTimeout(MonoTime.FromMilliseconds(1000));
        Assert.Equal(timeout, pair.Client.PollTimeout());
    }
}
