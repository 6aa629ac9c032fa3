namespace RtcEngine.Dtls;

/// <summary>
/// The client side of the full handshake (RFC 6347 section 4.2.4, RFC 5246 section 7.3):
/// <code>
/// ClientHello                 -->
///                             &lt;--  HelloVerifyRequest (optional)
/// ClientHello (with cookie)   -->
///                             &lt;--  ServerHello, Certificate, ServerKeyExchange,
///                                   CertificateRequest, ServerHelloDone
/// Certificate, ClientKeyExchange, CertificateVerify,
/// [ChangeCipherSpec], Finished -->
///                             &lt;--  [ChangeCipherSpec], Finished
/// </code>
/// </summary>
public sealed partial class DtlsEndpoint
{
    private byte[] _cookie = [];
    private byte[]? _serverPublicKey;
    private bool _certificateRequested;
    private SignatureScheme _clientSignatureScheme;

    private void SendClientHello()
    {
        byte[] body = HelloMessages.WriteClientHello(_clientRandom, _cookie, _options.CipherSuites, _options.NamedGroups, _options.SrtpProfiles);
        _transcript.Reset(); // RFC 6347 section 4.2.6: a ClientHello answered by HelloVerifyRequest is not hashed
        var flight = new OutgoingFlight();
        AddMessage(flight, HandshakeType.ClientHello, body);
        SendFlight(flight, final: false);
        _step = HandshakeStep.ClientWaitServerHello;
    }

    private void HandleClientMessage(HandshakeType type, ReadOnlySpan<byte> body, ushort seq)
    {
        switch (_step, type)
        {
            case (HandshakeStep.ClientWaitServerHello, HandshakeType.HelloVerifyRequest):
                if (!HelloMessages.TryParseHelloVerifyRequest(body, out _, out ReadOnlySpan<byte> cookie) || cookie.IsEmpty)
                {
                    FailDecode(type);
                    return;
                }

                _cookie = cookie.ToArray();
                SendClientHello();
                return;
            case (HandshakeStep.ClientWaitServerHello, HandshakeType.ServerHello):
                if (HandleServerHello(body))
                {
                    _transcript.Append(type, seq, body);
                    _step = HandshakeStep.ClientWaitCertificate;
                }

                return;
            case (HandshakeStep.ClientWaitCertificate, HandshakeType.Certificate):
                if (HandlePeerCertificate(body, seq))
                {
                    _step = HandshakeStep.ClientWaitServerKeyExchange;
                }

                return;
            case (HandshakeStep.ClientWaitServerKeyExchange, HandshakeType.ServerKeyExchange):
                if (HandleServerKeyExchange(body))
                {
                    _transcript.Append(type, seq, body);
                    _step = HandshakeStep.ClientWaitCertificateRequestOrDone;
                }

                return;
            case (HandshakeStep.ClientWaitCertificateRequestOrDone, HandshakeType.CertificateRequest):
                if (HandleCertificateRequest(body))
                {
                    _transcript.Append(type, seq, body);
                    _step = HandshakeStep.ClientWaitServerHelloDone;
                }

                return;
            case (HandshakeStep.ClientWaitCertificateRequestOrDone or HandshakeStep.ClientWaitServerHelloDone, HandshakeType.ServerHelloDone):
                if (!body.IsEmpty)
                {
                    FailDecode(type);
                    return;
                }

                _transcript.Append(type, seq, body);
                SendClientKeyExchangeFlight();
                return;
            case (HandshakeStep.ClientWaitServerFinished, HandshakeType.Finished):
                if (VerifyPeerFinished(body, seq))
                {
                    Connect();
                }

                return;
            default:
                FailUnexpected(type);
                return;
        }
    }

    private bool HandleServerHello(ReadOnlySpan<byte> body)
    {
        if (!ServerHelloMessage.TryParse(body, out ServerHelloMessage hello) || !HelloExtensions.TryParse(hello.Extensions, out HelloExtensions extensions))
        {
            FailDecode(HandshakeType.ServerHello);
            return false;
        }

        if (hello.ServerVersion != DtlsVersion.Dtls12)
        {
            Fail(DtlsFailureReason.NegotiationFailed, $"The server chose version 0x{hello.ServerVersion:X4}; only DTLS 1.2 is spoken.", DtlsAlertDescription.ProtocolVersion);
            return false;
        }

        var suite = (DtlsCipherSuite)hello.CipherSuite;
        if (!_options.CipherSuites.Contains(suite) || !CipherSuiteInfo.TryGet(suite, out _suite) || hello.CompressionMethod != 0)
        {
            Fail(DtlsFailureReason.ProtocolError, $"The server chose suite 0x{hello.CipherSuite:X4} or compression {hello.CompressionMethod}, which were not offered.", DtlsAlertDescription.IllegalParameter);
            return false;
        }

        // A server may only answer extensions the client sent (RFC 5246 section 7.4.1.4).
        if (extensions.UnknownCount > 0 || extensions.HasSupportedGroups || extensions.HasSignatureAlgorithms
            || (extensions.HasUseSrtp && _options.SrtpProfiles.Count == 0))
        {
            Fail(DtlsFailureReason.ProtocolError, "The ServerHello carries an extension that was not offered.", DtlsAlertDescription.UnsupportedExtension);
            return false;
        }

        if (extensions.HasRenegotiationInfo && !extensions.RenegotiationInfo.IsEmpty)
        {
            Fail(DtlsFailureReason.ProtocolError, "renegotiation_info is not empty in an initial handshake.", DtlsAlertDescription.HandshakeFailure);
            return false;
        }

        if (extensions.HasEcPointFormats && !extensions.EcPointFormats.Contains((byte)0))
        {
            Fail(DtlsFailureReason.ProtocolError, "The server does not accept uncompressed points.", DtlsAlertDescription.IllegalParameter);
            return false;
        }

        _extendedMasterSecret = extensions.ExtendedMasterSecret;
        if (!_extendedMasterSecret && _options.RequireExtendedMasterSecret)
        {
            Fail(DtlsFailureReason.NegotiationFailed, "The server did not negotiate the extended master secret (RFC 7627).", DtlsAlertDescription.HandshakeFailure);
            return false;
        }

        _srtpProfile = SrtpProtectionProfile.None;
        if (extensions.HasUseSrtp)
        {
            var profile = extensions.SrtpProfiles.Length == 2 ? (SrtpProtectionProfile)(extensions.SrtpProfiles[0] << 8 | extensions.SrtpProfiles[1]) : SrtpProtectionProfile.None;
            if (!_options.SrtpProfiles.Contains(profile))
            {
                Fail(DtlsFailureReason.ProtocolError, "The server chose an SRTP profile that was not offered.", DtlsAlertDescription.IllegalParameter);
                return false;
            }

            _srtpProfile = profile;
        }
        else if (_options.SrtpProfiles.Count > 0 && _options.RequireSrtp)
        {
            Fail(DtlsFailureReason.NegotiationFailed, "The server did not negotiate an SRTP profile (use_srtp).", DtlsAlertDescription.HandshakeFailure);
            return false;
        }

        hello.Random.CopyTo(_serverRandom);
        return true;
    }

    private bool HandleServerKeyExchange(ReadOnlySpan<byte> body)
    {
        if (!KeyExchangeMessages.TryParseServerKeyExchange(body, out ushort group, out ReadOnlySpan<byte> point, out ReadOnlySpan<byte> signedParams, out ushort scheme, out ReadOnlySpan<byte> signature))
        {
            FailDecode(HandshakeType.ServerKeyExchange);
            return false;
        }

        if (!_options.NamedGroups.Contains((DtlsNamedGroup)group))
        {
            Fail(DtlsFailureReason.ProtocolError, $"The server chose group 0x{group:X4}, which was not offered.", DtlsAlertDescription.IllegalParameter);
            return false;
        }

        var signatureScheme = (SignatureScheme)scheme;
        if (!PeerKeyFits(signatureScheme) || SignatureVerifier.IsEcdsa(signatureScheme) != _suite.UsesEcdsa)
        {
            Fail(DtlsFailureReason.ProtocolError, $"Signature scheme 0x{scheme:X4} does not fit the suite or the server's key.", DtlsAlertDescription.IllegalParameter);
            return false;
        }

        // The signature covers ClientHello.random + ServerHello.random + ServerECDHParams (RFC 8422 section 5.4).
        byte[] signed = new byte[2 * KeySchedule.RandomLength + signedParams.Length];
        _clientRandom.CopyTo(signed, 0);
        _serverRandom.CopyTo(signed, KeySchedule.RandomLength);
        signedParams.CopyTo(signed.AsSpan(2 * KeySchedule.RandomLength));
        if (!_peerKey!.Verify(signatureScheme, signed, signature))
        {
            Fail(DtlsFailureReason.VerificationFailed, "The ServerKeyExchange signature does not verify.", DtlsAlertDescription.DecryptError);
            return false;
        }

        _group = (DtlsNamedGroup)group;
        _serverPublicKey = point.ToArray();
        return true;
    }

    private bool HandleCertificateRequest(ReadOnlySpan<byte> body)
    {
        if (!KeyExchangeMessages.TryParseCertificateRequest(body, out _, out ReadOnlySpan<byte> schemes))
        {
            FailDecode(HandshakeType.CertificateRequest);
            return false;
        }

        foreach (ushort candidate in SignatureVerifier.Supported)
        {
            if (HelloExtensions.ListContains(schemes, candidate) && _options.Certificate.CanSign((SignatureScheme)candidate))
            {
                _certificateRequested = true;
                _clientSignatureScheme = (SignatureScheme)candidate;
                return true;
            }
        }

        Fail(DtlsFailureReason.NegotiationFailed, "The server accepts no signature scheme this certificate can sign with.", DtlsAlertDescription.HandshakeFailure);
        return false;
    }

    private void SendClientKeyExchangeFlight()
    {
        _keyExchange = EphemeralKeyExchange.Create(_group, _random);
        Span<byte> preMasterSecret = stackalloc byte[32];
        if (!_keyExchange.TryDeriveSharedSecret(_serverPublicKey, preMasterSecret))
        {
            Fail(DtlsFailureReason.ProtocolError, "The server's ECDHE public value is invalid.", DtlsAlertDescription.IllegalParameter);
            return;
        }

        var flight = new OutgoingFlight();
        if (_certificateRequested)
        {
            AddMessage(flight, HandshakeType.Certificate, KeyExchangeMessages.WriteCertificate(_options.Certificate.RawData));
        }

        AddMessage(flight, HandshakeType.ClientKeyExchange, KeyExchangeMessages.WriteClientKeyExchange(_keyExchange.PublicKey));
        DeriveKeys(preMasterSecret);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(preMasterSecret);
        if (_certificateRequested)
        {
            byte[] signature = _options.Certificate.Sign(_clientSignatureScheme, _transcript.Bytes);
            AddMessage(flight, HandshakeType.CertificateVerify, KeyExchangeMessages.WriteCertificateVerify(_clientSignatureScheme, signature));
        }

        AddChangeCipherSpecAndFinished(flight);
        SendFlight(flight, final: false);
        _step = HandshakeStep.ClientWaitServerFinished;
    }
}
