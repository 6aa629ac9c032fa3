using System.Buffers.Binary;
using RtcEngine.Dtls;

namespace RtcEngine.Dtls.Tests.Codec;

public class HandshakeCodecTests
{
    private static readonly byte[] Random32 = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    private static byte[] OurClientHello(byte[]? cookie = null) => HelloMessages.WriteClientHello(
        Random32, cookie ?? [], DtlsEndpointOptions.DefaultCipherSuites, [DtlsNamedGroup.X25519, DtlsNamedGroup.Secp256r1], DtlsEndpointOptions.DefaultSrtpProfiles);

    private delegate bool Parser(ReadOnlySpan<byte> body);

    public static TheoryData<string> MessageKinds =>
        ["ClientHello", "ChromiumClientHello", "ServerHello", "HelloVerifyRequest", "Certificate", "ServerKeyExchange", "CertificateRequest", "ClientKeyExchange", "CertificateVerify"];

    private static (byte[] Body, Parser Parse) Sample(string kind) => kind switch
    {
        "ClientHello" => (OurClientHello([1, 2, 3]), b => ClientHelloMessage.TryParse(b, out ClientHelloMessage m) && HelloExtensions.TryParse(m.Extensions, out _)),
        "ChromiumClientHello" => (ChromiumClientHello.BuildBody(Random32, []), b => ClientHelloMessage.TryParse(b, out ClientHelloMessage m) && HelloExtensions.TryParse(m.Extensions, out _)),
        "ServerHello" => (HelloMessages.WriteServerHello(Random32, DtlsCipherSuite.EcdheEcdsaWithAes128GcmSha256, true, true, SrtpProtectionProfile.AeadAes128Gcm, true),
            b => ServerHelloMessage.TryParse(b, out ServerHelloMessage m) && HelloExtensions.TryParse(m.Extensions, out _)),
        "HelloVerifyRequest" => (HelloMessages.WriteHelloVerifyRequest(new byte[32]), b => HelloMessages.TryParseHelloVerifyRequest(b, out _, out _)),
        "Certificate" => (KeyExchangeMessages.WriteCertificate(TestCertificates.Server.RawData), b => KeyExchangeMessages.TryParseCertificate(b, out _)),
        "ServerKeyExchange" => (KeyExchangeMessages.WriteServerKeyExchange(KeyExchangeMessages.WriteServerEcdhParams(DtlsNamedGroup.X25519, new byte[32]), SignatureScheme.EcdsaSecp256r1Sha256, new byte[71]),
            b => KeyExchangeMessages.TryParseServerKeyExchange(b, out _, out _, out _, out _, out _)),
        "CertificateRequest" => (KeyExchangeMessages.WriteCertificateRequest(), b => KeyExchangeMessages.TryParseCertificateRequest(b, out _, out _)),
        "ClientKeyExchange" => (KeyExchangeMessages.WriteClientKeyExchange(new byte[65]), b => KeyExchangeMessages.TryParseClientKeyExchange(b, out _)),
        _ => (KeyExchangeMessages.WriteCertificateVerify(SignatureScheme.EcdsaSecp256r1Sha256, new byte[70]), b => KeyExchangeMessages.TryParseCertificateVerify(b, out _, out _)),
    };

    [Theory]
    [MemberData(nameof(MessageKinds))]
    public void Every_truncation_of_every_message_parses_or_is_refused_without_throwing(string kind)
    {
        (byte[] body, Parser parse) = Sample(kind);
        Assert.True(parse(body));
        int accepted = 0;
        for (int length = 0; length < body.Length; length++)
        {
            accepted += parse(body.AsSpan(0, length)) ? 1 : 0;
        }

        // Only a hello cut exactly before its optional extensions block is still a valid message.
        Assert.True(accepted <= 1, $"{accepted} truncations of {kind} parsed");
    }

    [Theory]
    [MemberData(nameof(MessageKinds))]
    public void Random_garbage_and_flipped_bytes_never_throw(string kind)
    {
        (byte[] body, Parser parse) = Sample(kind);
        var random = new Random(kind.Length);
        for (int i = 0; i < 2000; i++)
        {
            byte[] mutated = (byte[])body.Clone();
            mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            parse(mutated);
            byte[] garbage = new byte[random.Next(200)];
            random.NextBytes(garbage);
            parse(garbage);
        }
    }

    [Fact]
    public void Client_hello_round_trips_with_the_extensions_webrtc_needs()
    {
        byte[] body = OurClientHello([9, 9]);

        Assert.True(ClientHelloMessage.TryParse(body, out ClientHelloMessage hello));
        Assert.Equal(0xFEFD, hello.ClientVersion);
        Assert.Equal(Random32, hello.Random.ToArray());
        Assert.Equal(new byte[] { 9, 9 }, hello.Cookie.ToArray());
        Assert.True(HelloExtensions.ListContains(hello.CipherSuites, 0xC02B));
        Assert.True(HelloExtensions.TryParse(hello.Extensions, out HelloExtensions extensions));
        Assert.True(extensions.ExtendedMasterSecret);
        Assert.True(extensions.HasRenegotiationInfo);
        Assert.True(extensions.RenegotiationInfo.IsEmpty);
        Assert.True(HelloExtensions.ListContains(extensions.SupportedGroups, 0x001D));
        Assert.True(HelloExtensions.ListContains(extensions.SrtpProfiles, 0x0007));
        Assert.True(HelloExtensions.ListContains(extensions.SignatureAlgorithms, 0x0403));
        Assert.Equal(new byte[] { 0 }, extensions.EcPointFormats.ToArray());
    }

    [Fact]
    public void Dtls13_only_extensions_of_chromium_are_skipped_as_unknown()
    {
        Assert.True(ClientHelloMessage.TryParse(ChromiumClientHello.BuildBody(Random32, []), out ClientHelloMessage hello));
        Assert.True(HelloExtensions.TryParse(hello.Extensions, out HelloExtensions extensions));
        Assert.Equal(3, extensions.UnknownCount); // session_ticket, key_share, supported_versions
        Assert.Equal(new byte[] { 0, 1, 0, 8, 0, 7 }, extensions.SrtpProfiles.ToArray());
    }

    [Fact]
    public void A_repeated_extension_makes_the_list_malformed()
    {
        byte[] twice = [0, 23, 0, 0, 0, 23, 0, 0];
        Assert.False(HelloExtensions.TryParse(twice, out _));
        Assert.True(HelloExtensions.TryParse(twice.AsSpan(0, 4), out _));
    }

    [Fact]
    public void Handshake_fragments_are_read_with_their_header_and_bounds_checked()
    {
        byte[] record = new byte[12 + 5 + 12 + 0];
        HandshakeFragmentReader.WriteHeader(record, HandshakeType.ClientHello, 100, 3, 10, 5);
        HandshakeFragmentReader.WriteHeader(record.AsSpan(17), HandshakeType.ServerHelloDone, 0, 4, 0, 0);
        var reader = new HandshakeFragmentReader(record);
        Assert.True(reader.TryReadNext(out HandshakeFragment first));
        Assert.Equal((HandshakeType.ClientHello, 100, (ushort)3, 10, 5), (first.Type, first.Length, first.MessageSeq, first.FragmentOffset, first.Body.Length));
        Assert.True(reader.TryReadNext(out HandshakeFragment second));
        Assert.Equal(HandshakeType.ServerHelloDone, second.Type);
        Assert.False(reader.TryReadNext(out _));
        Assert.False(reader.Malformed);

        // A fragment that claims to run past its message is refused.
        HandshakeFragmentReader.WriteHeader(record, HandshakeType.ClientHello, 12, 3, 10, 5);
        reader = new HandshakeFragmentReader(record.AsSpan(0, 17));
        Assert.False(reader.TryReadNext(out _));
        Assert.True(reader.Malformed);
        for (int length = 1; length < 12; length++)
        {
            reader = new HandshakeFragmentReader(record.AsSpan(0, length));
            Assert.False(reader.TryReadNext(out _));
            Assert.True(reader.Malformed);
        }
    }

    [Fact]
    public void Certificate_message_carries_the_der_and_server_key_exchange_signs_the_params()
    {
        byte[] der = TestCertificates.Client.RawData.ToArray();
        Assert.True(KeyExchangeMessages.TryParseCertificate(KeyExchangeMessages.WriteCertificate(der), out ReadOnlySpan<byte> parsed));
        Assert.Equal(der, parsed.ToArray());
        Assert.True(KeyExchangeMessages.TryParseCertificate([0, 0, 0], out ReadOnlySpan<byte> none));
        Assert.True(none.IsEmpty);

        byte[] ecdhParams = KeyExchangeMessages.WriteServerEcdhParams(DtlsNamedGroup.Secp256r1, new byte[65]);
        byte[] body = KeyExchangeMessages.WriteServerKeyExchange(ecdhParams, SignatureScheme.EcdsaSecp256r1Sha256, [1, 2, 3]);
        Assert.True(KeyExchangeMessages.TryParseServerKeyExchange(body, out ushort group, out ReadOnlySpan<byte> point, out ReadOnlySpan<byte> signed, out ushort scheme, out ReadOnlySpan<byte> signature));
        Assert.Equal(0x0017, group);
        Assert.Equal(65, point.Length);
        Assert.Equal(ecdhParams, signed.ToArray());
        Assert.Equal(0x0403, scheme);
        Assert.Equal(new byte[] { 1, 2, 3 }, signature.ToArray());
        Assert.Equal(0x0403, BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(ecdhParams.Length)));
    }
}
