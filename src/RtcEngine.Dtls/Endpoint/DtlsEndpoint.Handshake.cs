using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RtcEngine.Primitives;

namespace RtcEngine.Dtls;

/// <summary>The handshake's common part: fragments in, messages in order, certificate and key checks, completion.</summary>
public sealed partial class DtlsEndpoint
{
    private readonly byte[] _clientRandom = new byte[KeySchedule.RandomLength];
    private readonly byte[] _serverRandom = new byte[KeySchedule.RandomLength];
    private readonly byte[] _masterSecret = new byte[KeySchedule.MasterSecretLength];
    private readonly byte[]? _cookieSecret;

    private HandshakeStep _step;
    private CipherSuiteInfo _suite;
    private DtlsNamedGroup _group;
    private SrtpProtectionProfile _srtpProfile;
    private bool _extendedMasterSecret;
    private EphemeralKeyExchange? _keyExchange;
    private byte[]? _peerCertificateDer;
    private PeerPublicKey? _peerKey;
    private X509Certificate2? _peerCertificate;
    private bool _awaitingFingerprint;
    private ushort _nextSendSeq;

    private enum HandshakeStep
    {
        ClientIdle,
        ClientWaitServerHello,
        ClientWaitCertificate,
        ClientWaitServerKeyExchange,
        ClientWaitCertificateRequestOrDone,
        ClientWaitServerHelloDone,
        ClientWaitServerFinished,
        ServerWaitClientHello,
        ServerWaitClientCertificate,
        ServerWaitClientKeyExchange,
        ServerWaitCertificateVerify,
        ServerWaitClientFinished,
        Done,
    }

    private void HandleHandshakeRecord(ReadOnlySpan<byte> plaintext, ushort epoch)
    {
        var reader = new HandshakeFragmentReader(plaintext);
        while (reader.TryReadNext(out HandshakeFragment fragment))
        {
            HandleFragment(fragment, epoch);
            if (State is DtlsState.Failed or DtlsState.Closed)
            {
                return;
            }
        }

        if (reader.Malformed)
        {
            Counters.Drop(DtlsDropReason.MalformedHandshake);
        }

        PumpHandshake();
    }

    private void HandleFragment(in HandshakeFragment fragment, ushort epoch)
    {
        if (_step == HandshakeStep.ClientIdle)
        {
            Counters.Drop(DtlsDropReason.UnexpectedHandshake);
            return;
        }

        int maxLength = MaxHandshakeMessageLength;
        if (_step == HandshakeStep.ServerWaitClientHello)
        {
            // Before a ClientHello is accepted only a bounded ClientHello is held; a fragment of a
            // newer attempt (the one carrying the cookie) replaces an incomplete older one.
            if (fragment.Type != HandshakeType.ClientHello || epoch != 0 || fragment.MessageSeq >= HandshakeReassembler.Window)
            {
                Counters.Drop(DtlsDropReason.UnexpectedHandshake);
                return;
            }

            if (fragment.MessageSeq != _reassembler.NextSeq)
            {
                _reassembler.Reset(fragment.MessageSeq);
            }

            maxLength = MaxClientHelloLength;
        }

        switch (_reassembler.Add(fragment, epoch, maxLength))
        {
            case FragmentOutcome.Accepted:
                break;
            case FragmentOutcome.Old:
                Counters.Drop(DtlsDropReason.DuplicateHandshake);
                OnPeerRetransmission();
                break;
            default:
                Counters.Drop(DtlsDropReason.HandshakeFragmentRejected);
                break;
        }
    }

    private void PumpHandshake()
    {
        while (!_awaitingFingerprint
            && State is DtlsState.New or DtlsState.Handshaking or DtlsState.Connected
            && _reassembler.TryPeekComplete(out HandshakeType type, out ReadOnlySpan<byte> body, out ushort epoch, out ushort seq))
        {
            _reassembler.Advance();
            if (_step == HandshakeStep.Done)
            {
                Counters.Drop(DtlsDropReason.UnexpectedHandshake); // no renegotiation
                continue;
            }

            if ((epoch == 1) != (type == HandshakeType.Finished))
            {
                Fail(DtlsFailureReason.ProtocolError, $"{type} arrived in epoch {epoch}.", DtlsAlertDescription.UnexpectedMessage);
                return;
            }

            if (Role == DtlsRole.Client)
            {
                HandleClientMessage(type, body, seq);
            }
            else
            {
                HandleServerMessage(type, body, seq);
            }
        }
    }

    private void FailUnexpected(HandshakeType type) =>
        Fail(DtlsFailureReason.ProtocolError, $"Unexpected {type} in state {_step}.", DtlsAlertDescription.UnexpectedMessage);

    private void FailDecode(HandshakeType type) =>
        Fail(DtlsFailureReason.ProtocolError, $"Malformed {type}.", DtlsAlertDescription.DecodeError);

    /// <summary>Reads the peer's Certificate message; holds when no fingerprint is known yet. False when the handshake failed.</summary>
    private bool HandlePeerCertificate(ReadOnlySpan<byte> body, ushort seq)
    {
        if (!KeyExchangeMessages.TryParseCertificate(body, out ReadOnlySpan<byte> endEntity))
        {
            FailDecode(HandshakeType.Certificate);
            return false;
        }

        if (endEntity.IsEmpty)
        {
            Fail(DtlsFailureReason.NegotiationFailed, "The peer sent no certificate; WebRTC needs one on both sides.", DtlsAlertDescription.HandshakeFailure);
            return false;
        }

        _peerCertificateDer = endEntity.ToArray();
        _peerKey?.Dispose();
        if (!PeerPublicKey.TryRead(_peerCertificateDer, out _peerKey))
        {
            Fail(DtlsFailureReason.ProtocolError, "The peer's certificate does not parse or has no ECDSA or RSA key.", DtlsAlertDescription.BadCertificate);
            return false;
        }

        _transcript.Append(HandshakeType.Certificate, seq, body);
        if (_remoteFingerprints.Count == 0)
        {
            // Hold here (no timer retransmissions) until the session hands us the peer's SDP fingerprints.
            _awaitingFingerprint = true;
            _retransmitAt = MonoTime.Never;
            return true;
        }

        return VerifyFingerprint();
    }

    private bool VerifyFingerprint()
    {
        foreach (CertificateFingerprint fingerprint in _remoteFingerprints)
        {
            if (fingerprint.Matches(_peerCertificateDer))
            {
                return true;
            }
        }

        string expected = string.Join(", ", _remoteFingerprints);
        string actual = CertificateFingerprint.Compute(_peerCertificateDer, _remoteFingerprints[0].Algorithm).ToString();
        Fail(DtlsFailureReason.FingerprintMismatch, $"The peer's certificate ({actual}) matches no fingerprint from its SDP ({expected}).", DtlsAlertDescription.BadCertificate);
        return false;
    }

    /// <summary>Whether the peer's certificate key suits a signature scheme.</summary>
    private bool PeerKeyFits(SignatureScheme scheme) => _peerKey is not null && _peerKey.Fits(scheme);

    /// <summary>The peer's certificate as an X509Certificate2, parsed on first use (the handshake itself needs only its key); null if the platform cannot parse it.</summary>
    private X509Certificate2? LoadPeerCertificate()
    {
        if (_peerCertificate is null && _peerCertificateDer is not null)
        {
            try
            {
                _peerCertificate = X509CertificateLoader.LoadCertificate(_peerCertificateDer);
            }
            catch (CryptographicException)
            {
                return null;
            }
        }

        return _peerCertificate;
    }

    /// <summary>Derives the master secret (after ClientKeyExchange is in the transcript) and the epoch 1 ciphers.</summary>
    private void DeriveKeys(ReadOnlySpan<byte> preMasterSecret)
    {
        Span<byte> sessionHash = stackalloc byte[48];
        int hashLength = _transcript.Hash(_suite.Sha384, sessionHash);
        KeySchedule.DeriveMasterSecret(_suite.Sha384, preMasterSecret, _extendedMasterSecret, sessionHash[..hashLength], _clientRandom, _serverRandom, _masterSecret);
        (RecordCipher clientWrite, RecordCipher serverWrite) = KeySchedule.DeriveRecordCiphers(_suite, _masterSecret, _clientRandom, _serverRandom);
        _readEpoch1?.Dispose();
        _readEpoch1 = Role == DtlsRole.Client ? serverWrite : clientWrite;
        _writer.SetEpoch1(Role == DtlsRole.Client ? clientWrite : serverWrite);
        _replayWindow = default;
    }

    /// <summary>The Finished message (verify_data over the transcript so far) for one side.</summary>
    private byte[] ComputeFinished(bool client)
    {
        Span<byte> hash = stackalloc byte[48];
        int hashLength = _transcript.Hash(_suite.Sha384, hash);
        byte[] verifyData = new byte[KeyExchangeMessages.VerifyDataLength];
        KeySchedule.ComputeVerifyData(_suite.Sha384, _masterSecret, client, hash[..hashLength], verifyData);
        return verifyData;
    }

    /// <summary>Checks the peer's Finished; false when the handshake failed.</summary>
    private bool VerifyPeerFinished(ReadOnlySpan<byte> body, ushort seq)
    {
        byte[] expected = ComputeFinished(client: Role == DtlsRole.Server);
        if (body.Length != KeyExchangeMessages.VerifyDataLength || !CryptographicOperations.FixedTimeEquals(body, expected))
        {
            Fail(DtlsFailureReason.VerificationFailed, "The peer's Finished does not verify: the handshake was tampered with.", DtlsAlertDescription.DecryptError);
            return false;
        }

        _transcript.Append(HandshakeType.Finished, seq, body);
        return true;
    }

    /// <summary>Adds this side's CCS and Finished to a flight, and switches sending to epoch 1.</summary>
    private void AddChangeCipherSpecAndFinished(OutgoingFlight flight)
    {
        flight.Add(new FlightMessage(DtlsContentType.ChangeCipherSpec, 0, 0, [1], 0));
        byte[] finished = ComputeFinished(client: Role == DtlsRole.Client);
        ushort seq = _nextSendSeq++;
        _transcript.Append(HandshakeType.Finished, seq, finished);
        if (CorruptFinishedForTesting)
        {
            finished[0] ^= 0x55;
        }

        flight.Add(new FlightMessage(DtlsContentType.Handshake, HandshakeType.Finished, seq, finished, 1));
        _writer.CurrentEpoch = 1;
    }

    private void AddMessage(OutgoingFlight flight, HandshakeType type, byte[] body)
    {
        ushort seq = _nextSendSeq++;
        _transcript.Append(type, seq, body);
        flight.Add(new FlightMessage(DtlsContentType.Handshake, type, seq, body, 0));
    }

    private void Connect()
    {
        _step = HandshakeStep.Done;
        State = DtlsState.Connected;
        EndHandshakeTimers();
        DtlsKeyingMaterial? keyingMaterial = null;
        if (_srtpProfile != SrtpProtectionProfile.None)
        {
            int length = 2 * (SrtpProtectionProfiles.MasterKeyLength(_srtpProfile) + SrtpProtectionProfiles.MasterSaltLength(_srtpProfile));
            Span<byte> exported = stackalloc byte[88];
            exported = exported[..length];
            KeySchedule.Export(_suite.Sha384, _masterSecret, KeySchedule.SrtpExporterLabel, _clientRandom, _serverRandom, exported);
            keyingMaterial = new DtlsKeyingMaterial(_srtpProfile, Role, exported);
            CryptographicOperations.ZeroMemory(exported);
        }

        _options.KeyLog?.Invoke($"CLIENT_RANDOM {Convert.ToHexString(_clientRandom)} {Convert.ToHexString(_masterSecret)}");
        if (Role == DtlsRole.Client)
        {
            _flight = null; // the client's last flight needs no answer once the server's Finished is in
        }

        _events.Enqueue(new DtlsConnected(_suite.Suite, _group, _srtpProfile, keyingMaterial, _peerCertificateDer!, _extendedMasterSecret));
        WipeHandshakeSecrets();
    }

    private void WipeHandshakeSecrets()
    {
        CryptographicOperations.ZeroMemory(_masterSecret);
        _keyExchange?.Dispose();
        _keyExchange = null;
        _peerKey?.Dispose();
        _peerKey = null;
    }
}
