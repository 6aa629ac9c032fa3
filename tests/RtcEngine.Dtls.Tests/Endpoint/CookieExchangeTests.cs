using System.Buffers.Binary;
using RtcEngine.Dtls;
using RtcEngine.Primitives;
using RtcEngine.Testing;

namespace RtcEngine.Dtls.Tests.Endpoint;

/// <summary>The stateless cookie exchange (RFC 6347 section 4.2.1): cookies bound to address and hello, nothing kept before one verifies.</summary>
public class CookieExchangeTests
{
    private static readonly PeerAddress Local = PeerAddress.FromIPv4(0x7F000001, 50000);

    private static DtlsEndpoint NewServer() => new(new DtlsEndpointOptions
    {
        Role = DtlsRole.Server,
        Certificate = TestCertificates.Server,
        RemoteFingerprints = [TestCertificates.Client.GetFingerprint()],
        Random = new SeededRandomSource(8),
    });

    private static byte[] Hello(byte[] random, byte[] cookie, ushort messageSeq) =>
        WholeHello(ChromiumClientHello.BuildBody(random, cookie), messageSeq);

    private static byte[] WholeHello(byte[] body, ushort messageSeq) =>
        ChromiumClientHello.FragmentDatagram(body, messageSeq, messageSeq, 0, body.Length);

    private static byte[] CookieFrom(List<byte[]> datagrams)
    {
        WireInspector.Fragment hvr = Assert.Single(WireInspector.HandshakeFragments(datagrams));
        Assert.Equal(3, hvr.Type);
        return hvr.Body.AsSpan(3, hvr.Body[2]).ToArray();
    }

    [Fact]
    public void A_wrong_cookie_or_one_from_another_address_gets_a_new_hello_verify_request()
    {
        using DtlsEndpoint server = NewServer();
        PeerAddress alice = PeerAddress.FromIPv4(0x7F000001, 40000);
        PeerAddress mallory = PeerAddress.FromIPv4(0x7F000001, 40001);
        byte[] random = new byte[32];
        random[0] = 1;

        server.HandleDatagram(MonoTime.Zero, new ReceivedDatagram(Hello(random, [], 0), Local, alice));
        byte[] cookie = CookieFrom(WireInspector.Drain(server));
        Assert.Equal(32, cookie.Length);

        byte[] wrong = (byte[])cookie.Clone();
        wrong[5] ^= 1;
        server.HandleDatagram(MonoTime.Zero, new ReceivedDatagram(Hello(random, wrong, 1), Local, alice));
        Assert.Equal(cookie, CookieFrom(WireInspector.Drain(server)));

        server.HandleDatagram(MonoTime.Zero, new ReceivedDatagram(Hello(random, cookie, 1), Local, mallory));
        Assert.NotEqual(cookie, CookieFrom(WireInspector.Drain(server)));

        byte[] otherRandom = (byte[])random.Clone();
        otherRandom[31] = 9;
        server.HandleDatagram(MonoTime.Zero, new ReceivedDatagram(Hello(otherRandom, cookie, 1), Local, alice));
        Assert.Single(WireInspector.Drain(server));

        Assert.Equal(3, server.Counters[DtlsDropReason.BadCookie]);
        Assert.Equal(DtlsState.New, server.State);
        Assert.Equal(MonoTime.Never, server.PollTimeout());

        server.HandleDatagram(MonoTime.Zero, new ReceivedDatagram(Hello(random, cookie, 1), Local, alice));
        Assert.Equal(DtlsState.Handshaking, server.State);
        Assert.True(WireInspector.Drain(server).Count >= 1);
    }

    [Fact]
    public void A_dtls10_only_client_is_refused_with_protocol_version()
    {
        using DtlsEndpoint server = new(new DtlsEndpointOptions
        {
            Role = DtlsRole.Server,
            Certificate = TestCertificates.Server,
            CookieExchange = false,
        });
        byte[] body = ChromiumClientHello.BuildBody(new byte[32], []);
        BinaryPrimitives.WriteUInt16BigEndian(body, 0xFEFF);

        server.HandleDatagram(MonoTime.Zero, new ReceivedDatagram(WholeHello(body, 0), Local, PeerAddress.FromIPv4(0x7F000001, 1)));

        Assert.True(server.TryPollEvent(out DtlsEvent e));
        DtlsFailed failed = Assert.IsType<DtlsFailed>(e);
        Assert.Equal((DtlsFailureReason.NegotiationFailed, DtlsAlertDescription.ProtocolVersion), (failed.Reason, failed.Alert));
        WireInspector.Record alert = Assert.Single(WireInspector.Records(WireInspector.Drain(server)));
        Assert.Equal(new byte[] { 2, 70 }, alert.Fragment);
    }

    [Fact]
    public void A_malformed_hello_is_dropped_silently()
    {
        using DtlsEndpoint server = NewServer();
        byte[] body = ChromiumClientHello.BuildBody(new byte[32], []);
        body[35] = 200; // cookie length far past the end

        server.HandleDatagram(MonoTime.Zero, new ReceivedDatagram(WholeHello(body, 0), Local, PeerAddress.FromIPv4(0x7F000001, 1)));

        Assert.Empty(WireInspector.Drain(server));
        Assert.False(server.TryPollEvent(out _));
        Assert.Equal(1, server.Counters[DtlsDropReason.MalformedHandshake]);
    }
}
