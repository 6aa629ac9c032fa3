using System.Buffers.Binary;
using System.Security.Cryptography;

namespace RtcEngine.Dtls;

/// <summary>
/// The server side of the full handshake: a stateless cookie exchange (RFC 6347 section 4.2.1),
/// then ServerHello .. ServerHelloDone with a CertificateRequest (WebRTC authenticates both ends),
/// and the final CCS + Finished once the client's flight verifies. DTLS 1.3 offers in the
/// ClientHello (supported_versions, key_share, ...) are ignored and answered with DTLS 1.2.
/// </summary>
public sealed partial class DtlsEndpoint
{
    private const ushort EmptyRenegotiationInfoScsv = 0x00FF;
    private const int CookieLength = 32;

    private void HandleServerMessage(HandshakeType type, ReadOnlySpan<byte> body, ushort seq)
    {
        switch (_step, type)
        {
            case (HandshakeStep.ServerWaitClientHello, HandshakeType.ClientHello):
                HandleClientHello(body, seq);
                return;
            case (HandshakeStep.ServerWaitClientCertificate, HandshakeType.Certificate):
                if (HandlePeerCertificate(body, seq))
                {
                    _step = HandshakeStep.ServerWaitClientKeyExchange;
                }

                return;
            case (HandshakeStep.ServerWaitClientCertificate, HandshakeType.ClientKeyExchange):
                Fail(DtlsFailureReason.NegotiationFailed, "The client sent no certificate; WebRTC needs one on both sides.", DtlsAlertDescription.HandshakeFailure);
                return;
            case (HandshakeStep.ServerWaitClientKeyExchange, HandshakeType.ClientKeyExchange):
                HandleClientKeyExchange(body, seq);
                return;
            case (HandshakeStep.ServerWaitCertificateVerify, HandshakeType.CertificateVerify):
                HandleCertificateVerify(body, seq);
                return;
            case (HandshakeStep.ServerWaitClientFinished, HandshakeType.Finished):
                if (VerifyPeerFinished(body, seq))
                {
                    var flight = new OutgoingFlight();
                    AddChangeCipherSpecAndFinished(flight);
                    SendFlight(flight, final: true); // sent again only when the client repeats its flight
                    Connect();
                }

                return;
            default:
                FailUnexpected(type);
                return;
        }
    }

    private void HandleClientHello(ReadOnlySpan<byte> body, ushort seq)
    {
        if (!ClientHelloMessage.TryParse(body, out ClientHelloMessage hello))
        {
            Counters.Drop(DtlsDropReason.MalformedHandshake); // nothing is known about this sender yet: stay silent
            return;
        }

        if (_options.CookieExchange)
        {
            Span<byte> expected = stackalloc byte[CookieLength];
            ComputeCookie(hello, expected);
            if (hello.Cookie.Length != CookieLength || !CryptographicOperations.FixedTimeEquals(hello.Cookie, expected))
            {
                if (!hello.Cookie.IsEmpty)
                {
                    Counters.Drop(DtlsDropReason.BadCookie);
                }

                SendHelloVerifyRequest(expected, seq);
                return;
            }
        }

        // A DTLS 1.3 client still says 1.2 here (legacy_version); only a 1.0-only client is refused.
        if (hello.ClientVersion != DtlsVersion.Dtls12 && hello.ClientVersion != DtlsVersion.Dtls13)
        {
            StartHandshake();
            Fail(DtlsFailureReason.NegotiationFailed, $"The client offers version 0x{hello.ClientVersion:X4}; DTLS 1.2 is required.", DtlsAlertDescription.ProtocolVersion);
            return;
        }

        StartHandshake();
        if (!HelloExtensions.TryParse(hello.Extensions, out HelloExtensions extensions))
        {
            FailDecode(HandshakeType.ClientHello);
            return;
        }

        if (!Negotiate(hello, extensions, out SignatureScheme scheme))
        {
            return;
        }

        hello.Random.CopyTo(_clientRandom);
        _random.Fill(_serverRandom);
        _transcript.Reset();
        _transcript.Append(HandshakeType.ClientHello, seq, body);
        _nextSendSeq = seq; // RFC 6347 section 4.2.2: a stateless server's message_seq follows the ClientHello's
        _writer.SetEpoch0Sequence(_currentRecordSequence);

        bool renegotiationInfo = extensions.HasRenegotiationInfo || HelloExtensions.ListContains(hello.CipherSuites, EmptyRenegotiationInfoScsv);
        var flight = new OutgoingFlight();
        AddMessage(flight, HandshakeType.ServerHello, HelloMessages.WriteServerHello(
            _serverRandom, _suite.Suite, renegotiationInfo, _extendedMasterSecret, _srtpProfile, extensions.HasEcPointFormats));
        AddMessage(flight, HandshakeType.Certificate, KeyExchangeMessages.WriteCertificate(_options.Certificate.RawData));

        _keyExchange = EphemeralKeyExchange.Create(_group, _random);
        byte[] ecdhParams = KeyExchangeMessages.WriteServerEcdhParams(_group, _keyExchange.PublicKey);
        byte[] signed = new byte[2 * KeySchedule.RandomLength + ecdhParams.Length];
        _clientRandom.CopyTo(signed, 0);
        _serverRandom.CopyTo(signed, KeySchedule.RandomLength);
        ecdhParams.CopyTo(signed, 2 * KeySchedule.RandomLength);
        byte[] signature = _options.Certificate.Sign(scheme, signed);
        AddMessage(flight, HandshakeType.ServerKeyExchange, KeyExchangeMessages.WriteServerKeyExchange(ecdhParams, scheme, signature));
        AddMessage(flight, HandshakeType.CertificateRequest, KeyExchangeMessages.WriteCertificateRequest());
        AddMessage(flight, HandshakeType.ServerHelloDone, []);
        SendFlight(flight, final: false);
        _step = HandshakeStep.ServerWaitClientCertificate;
    }

    private void StartHandshake()
    {
        State = DtlsState.Handshaking;
        if (_handshakeDeadline.IsNever)
        {
            _handshakeDeadline = _now + _options.HandshakeTimeout;
        }
    }

    /// <summary>Chooses suite, group, signature scheme and SRTP profile by this server's preference; false when the handshake failed.</summary>
    private bool Negotiate(in ClientHelloMessage hello, in HelloExtensions extensions, out SignatureScheme scheme)
    {
        scheme = default;
        _suite = default;
        foreach (DtlsCipherSuite suite in _options.CipherSuites)
        {
            if (CipherSuiteInfo.TryGet(suite, out CipherSuiteInfo info) && info.UsesEcdsa == _options.Certificate.IsEcdsa
                && HelloExtensions.ListContains(hello.CipherSuites, (ushort)suite))
            {
                _suite = info;
                break;
            }
        }

        if (_suite.Suite == DtlsCipherSuite.None || !hello.CompressionMethods.Contains((byte)0))
        {
            return NegotiationFailed("No cipher suite in common.");
        }

        bool groupFound = false;
        foreach (DtlsNamedGroup group in _options.NamedGroups)
        {
            // Without supported_groups the client accepts any group (RFC 8422 section 4): P-256 is the safe pick.
            if (extensions.HasSupportedGroups ? HelloExtensions.ListContains(extensions.SupportedGroups, (ushort)group) : group == DtlsNamedGroup.Secp256r1)
            {
                _group = group;
                groupFound = true;
                break;
            }
        }

        if (!groupFound)
        {
            return NegotiationFailed("No ECDHE group in common.");
        }

        bool schemeFound = false;
        foreach (ushort candidate in SignatureVerifier.Supported)
        {
            if (_options.Certificate.CanSign((SignatureScheme)candidate)
                && (!extensions.HasSignatureAlgorithms || HelloExtensions.ListContains(extensions.SignatureAlgorithms, candidate)))
            {
                scheme = (SignatureScheme)candidate;
                schemeFound = true;
                break;
            }
        }

        if (!schemeFound)
        {
            return NegotiationFailed("The client accepts no signature scheme this certificate can sign with.");
        }

        if (extensions.HasEcPointFormats && !extensions.EcPointFormats.Contains((byte)0))
        {
            Fail(DtlsFailureReason.ProtocolError, "The client does not accept uncompressed points.", DtlsAlertDescription.IllegalParameter);
            return false;
        }

        if (extensions.HasRenegotiationInfo && !extensions.RenegotiationInfo.IsEmpty)
        {
            return NegotiationFailed("renegotiation_info is not empty in an initial handshake.");
        }

        _extendedMasterSecret = extensions.ExtendedMasterSecret;
        if (!_extendedMasterSecret && _options.RequireExtendedMasterSecret)
        {
            return NegotiationFailed("The client does not offer the extended master secret (RFC 7627).");
        }

        _srtpProfile = SrtpProtectionProfile.None;
        if (extensions.HasUseSrtp)
        {
            foreach (SrtpProtectionProfile profile in _options.SrtpProfiles)
            {
                if (HelloExtensions.ListContains(extensions.SrtpProfiles, (ushort)profile))
                {
                    _srtpProfile = profile;
                    break;
                }
            }
        }

        if (_srtpProfile == SrtpProtectionProfile.None && _options.SrtpProfiles.Count > 0 && _options.RequireSrtp)
        {
            return NegotiationFailed("No SRTP profile in common (use_srtp).");
        }

        return true;
    }

    private bool NegotiationFailed(string message)
    {
        Fail(DtlsFailureReason.NegotiationFailed, message, DtlsAlertDescription.HandshakeFailure);
        return false;
    }

    /// <summary>
    /// cookie = HMAC-SHA256(secret, client address, port, client_version, random, session_id,
    /// cipher_suites, compression_methods): stateless, bound to the address and the hello.
    /// </summary>
    private void ComputeCookie(in ClientHelloMessage hello, Span<byte> cookie)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _cookieSecret!);
        Span<byte> scratch = stackalloc byte[20];
        int addressLength = _currentRemote.WriteAddressBytes(scratch);
        BinaryPrimitives.WriteUInt16BigEndian(scratch[addressLength..], _currentRemote.Port);
        hmac.AppendData(scratch[..(addressLength + 2)]);
        BinaryPrimitives.WriteUInt16BigEndian(scratch, hello.ClientVersion);
        scratch[2] = (byte)hello.SessionId.Length;
        hmac.AppendData(scratch[..3]);
        hmac.AppendData(hello.Random);
        hmac.AppendData(hello.SessionId);
        hmac.AppendData(hello.CipherSuites);
        hmac.AppendData(hello.CompressionMethods);
        hmac.GetHashAndReset(cookie);
    }

    /// <summary>HelloVerifyRequest: record version DTLS 1.0, record sequence and message_seq copied from the ClientHello (RFC 6347 section 4.2.1).</summary>
    private void SendHelloVerifyRequest(ReadOnlySpan<byte> cookie, ushort messageSeq)
    {
        if (_outbound.IsFull)
        {
            return;
        }

        byte[] body = HelloMessages.WriteHelloVerifyRequest(cookie);
        Span<byte> datagram = _outbound.Reserve();
        int length = HandshakeFragmentReader.HeaderLength + body.Length;
        DtlsRecordReader.WriteHeader(datagram, DtlsContentType.Handshake, DtlsVersion.Dtls10, 0, _currentRecordSequence, length);
        HandshakeFragmentReader.WriteHeader(datagram[DtlsRecordReader.HeaderLength..], HandshakeType.HelloVerifyRequest, body.Length, messageSeq, 0, body.Length);
        body.CopyTo(datagram[(DtlsRecordReader.HeaderLength + HandshakeFragmentReader.HeaderLength)..]);
        _outbound.Commit(DtlsRecordReader.HeaderLength + length);
        Counters.HelloVerifyRequestsSent++;
    }

    private void HandleClientKeyExchange(ReadOnlySpan<byte> body, ushort seq)
    {
        if (!KeyExchangeMessages.TryParseClientKeyExchange(body, out ReadOnlySpan<byte> point))
        {
            FailDecode(HandshakeType.ClientKeyExchange);
            return;
        }

        Span<byte> preMasterSecret = stackalloc byte[32];
        if (!_keyExchange!.TryDeriveSharedSecret(point, preMasterSecret))
        {
            Fail(DtlsFailureReason.ProtocolError, "The client's ECDHE public value is invalid.", DtlsAlertDescription.IllegalParameter);
            return;
        }

        _transcript.Append(HandshakeType.ClientKeyExchange, seq, body);
        DeriveKeys(preMasterSecret);
        CryptographicOperations.ZeroMemory(preMasterSecret);
        _step = HandshakeStep.ServerWaitCertificateVerify;
    }

    private void HandleCertificateVerify(ReadOnlySpan<byte> body, ushort seq)
    {
        if (!KeyExchangeMessages.TryParseCertificateVerify(body, out ushort scheme, out ReadOnlySpan<byte> signature))
        {
            FailDecode(HandshakeType.CertificateVerify);
            return;
        }

        if (!PeerKeyFits((SignatureScheme)scheme))
        {
            Fail(DtlsFailureReason.ProtocolError, $"Signature scheme 0x{scheme:X4} was not offered or does not fit the client's key.", DtlsAlertDescription.IllegalParameter);
            return;
        }

        // The signature covers every handshake message before this one (RFC 5246 section 7.4.8).
        if (!_peerKey!.Verify((SignatureScheme)scheme, _transcript.Bytes, signature))
        {
            Fail(DtlsFailureReason.VerificationFailed, "The client's CertificateVerify does not verify.", DtlsAlertDescription.DecryptError);
            return;
        }

        _transcript.Append(HandshakeType.CertificateVerify, seq, body);
        _step = HandshakeStep.ServerWaitClientFinished;
    }
}
