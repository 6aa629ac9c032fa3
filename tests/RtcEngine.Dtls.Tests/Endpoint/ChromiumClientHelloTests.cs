using System.Buffers.Binary;
using RtcEngine.Dtls;
using RtcEngine.Primitives;
using RtcEngine.Testing;

namespace RtcEngine.Dtls.Tests.Endpoint;

/// <summary>A DTLS 1.3-first, post-quantum, two-datagram ClientHello (Chromium 156's shape) gets a DTLS 1.2 answer.</summary>
public class ChromiumClientHelloTests
{
    private static readonly PeerAddress Chromium = PeerAddress.FromIPv4(0x7F000001, 40000);
    private static readonly PeerAddress Local = PeerAddress.FromIPv4(0x7F000001, 50000);

    private static DtlsEndpoint NewServer(bool cookies) => new(new DtlsEndpointOptions
    {
        Role = DtlsRole.Server,
        Certificate = TestCertificates.Server,
        RemoteFingerprints = [TestCertificates.Client.GetFingerprint()],
        CookieExchange = cookies,
        Random = new SeededRandomSource(3),
    });

    private static void Deliver(DtlsEndpoint server, byte[] datagram, MonoTime now) =>
        server.HandleDatagram(now, new ReceivedDatagram(datagram, Local, Chromium));

    private static void SendFragmented(DtlsEndpoint server, byte[] body, ushort messageSeq, ulong firstRecord, bool reversed, MonoTime now)
    {
        byte[] first = ChromiumClientHello.FragmentDatagram(body, messageSeq, firstRecord, 0, ChromiumClientHello.FirstFragmentLength);
        byte[] second = ChromiumClientHello.FragmentDatagram(body, messageSeq, firstRecord + 1, ChromiumClientHello.FirstFragmentLength, body.Length - ChromiumClientHello.FirstFragmentLength);
        Deliver(server, reversed ? second : first, now);
        Assert.Empty(WireInspector.Drain(server)); // nothing until the whole hello is in
        Deliver(server, reversed ? first : second, now);
    }

    [Fact]
    public void Shape_matches_the_capture()
    {
        byte[] body = ChromiumClientHello.BuildBody(new byte[32], []);
        Assert.Equal(1413, body.Length);
        Assert.Equal(238, body.Length - ChromiumClientHello.FirstFragmentLength);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Server_answers_with_dtls12_server_hello_choosing_x25519_without_cookie_exchange(bool reversed)
    {
        using DtlsEndpoint server = NewServer(cookies: false);
        byte[] body = ChromiumClientHello.BuildBody(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray(), []);

        SendFragmented(server, body, messageSeq: 0, firstRecord: 0, reversed, MonoTime.FromMilliseconds(10));

        AssertServerHelloFlight(server, expectedFirstMessageSeq: 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Server_verifies_a_cookie_with_a_dtls10_hello_verify_request_then_answers_with_dtls12(bool reversed)
    {
        using DtlsEndpoint server = NewServer(cookies: true);
        byte[] random = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();

        SendFragmented(server, ChromiumClientHello.BuildBody(random, []), messageSeq: 0, firstRecord: 0, reversed, MonoTime.FromMilliseconds(10));

        List<byte[]> verify = WireInspector.Drain(server);
        WireInspector.Record record = Assert.Single(WireInspector.Records(verify));
        Assert.Equal(0xFEFF, record.Version); // RFC 6347 section 4.2.1
        Assert.Equal(0, record.Epoch);
        Assert.Equal(reversed ? 0UL : 1UL, record.Sequence); // copied from the record that completed the ClientHello
        WireInspector.Fragment hvr = Assert.Single(WireInspector.HandshakeFragments(verify));
        Assert.Equal(3, hvr.Type);
        Assert.Equal(0, hvr.MessageSeq);
        Assert.Equal(0xFEFF, BinaryPrimitives.ReadUInt16BigEndian(hvr.Body));
        byte[] cookie = hvr.Body.AsSpan(3, hvr.Body[2]).ToArray();
        Assert.Equal(DtlsState.New, server.State); // stateless until the cookie comes back

        SendFragmented(server, ChromiumClientHello.BuildBody(random, cookie), messageSeq: 1, firstRecord: 2, reversed, MonoTime.FromMilliseconds(20));

        AssertServerHelloFlight(server, expectedFirstMessageSeq: 1);
    }

    private static void AssertServerHelloFlight(DtlsEndpoint server, ushort expectedFirstMessageSeq)
    {
        Assert.Equal(DtlsState.Handshaking, server.State);
        List<byte[]> flight = WireInspector.Drain(server);
        Assert.All(flight, d => Assert.True(d.Length <= DatagramLimits.DefaultMtu));
        List<WireInspector.Fragment> fragments = WireInspector.HandshakeFragments(flight);
        Assert.Equal(expectedFirstMessageSeq, fragments[0].MessageSeq);
        Assert.All(fragments, f => Assert.Equal(0xFEFD, f.RecordVersion));
        Dictionary<byte, byte[]> messages = WireInspector.Messages(flight);
        Assert.Equal(new byte[] { 2, 11, 12, 13, 14 }, messages.Keys.Order().ToArray());

        byte[] serverHello = messages[2];
        Assert.Equal(0xFEFD, BinaryPrimitives.ReadUInt16BigEndian(serverHello));
        int at = 2 + 32;
        at += 1 + serverHello[at]; // session id
        Assert.Equal(0xC02B, BinaryPrimitives.ReadUInt16BigEndian(serverHello.AsSpan(at)));
        at += 3;
        var extensions = new Dictionary<ushort, byte[]>();
        int end = at + 2 + BinaryPrimitives.ReadUInt16BigEndian(serverHello.AsSpan(at));
        for (at += 2; at < end;)
        {
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(serverHello.AsSpan(at));
            int length = BinaryPrimitives.ReadUInt16BigEndian(serverHello.AsSpan(at + 2));
            extensions[type] = serverHello.AsSpan(at + 4, length).ToArray();
            at += 4 + length;
        }

        Assert.Equal(end, serverHello.Length);
        Assert.Equal(new byte[] { 0, 2, 0, 7, 0 }, extensions[14]); // use_srtp: SRTP_AEAD_AES_128_GCM (our first preference)
        Assert.Empty(extensions[23]); // extended_master_secret
        Assert.Equal(new byte[] { 0 }, extensions[0xFF01]); // renegotiation_info
        Assert.DoesNotContain((ushort)43, extensions.Keys); // no supported_versions: this is DTLS 1.2
        Assert.DoesNotContain((ushort)51, extensions.Keys); // no key_share

        byte[] keyExchange = messages[12];
        Assert.Equal(3, keyExchange[0]); // named_curve
        Assert.Equal(0x001D, BinaryPrimitives.ReadUInt16BigEndian(keyExchange.AsSpan(1))); // x25519
        Assert.Equal(32, keyExchange[3]);
    }
}
