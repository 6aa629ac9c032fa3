using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RtcEngine.Primitives;

namespace RtcEngine.Dtls;

/// <summary>
/// A DTLS 1.2 endpoint (RFC 6347) for one peer, with use_srtp (RFC 5764, RFC 7714), the extended
/// master secret (RFC 7627) and secure renegotiation signalling (RFC 5746, never renegotiating),
/// as a sans-IO engine: datagrams and time in, datagrams and <see cref="DtlsEvent"/>s out.
/// </summary>
/// <remarks>
/// <para>
/// The host routes the endpoint's datagrams over the path to its one peer (the ICE selected pair):
/// every <see cref="TransmitInfo"/> it writes has <see cref="PeerAddress.None"/> addresses. A
/// client sends its first flight when the host calls <see cref="Start"/>; a server answers the
/// first ClientHello (calling <see cref="Start"/> on a server only arms the handshake timeout).
/// </para>
/// <para>
/// Both sides authenticate by certificate: the peer's certificate must match one of the
/// fingerprints from its SDP (<see cref="DtlsEndpointOptions.RemoteFingerprints"/> or
/// <see cref="SetRemoteFingerprints"/>), else the handshake fails with
/// <see cref="DtlsFailureReason.FingerprintMismatch"/>. Until fingerprints are known the handshake
/// holds at the peer's certificate.
/// </para>
/// <para>
/// Hostile input is dropped and counted in <see cref="Counters"/>, never thrown; protocol
/// violations during the handshake end it with a fatal alert and <see cref="DtlsFailed"/>. Sealing
/// and opening application data allocate nothing (set <see cref="ApplicationDataHandler"/> to
/// receive in place).
/// </para>
/// <para>Threading: not thread-safe. One host loop owns the endpoint and makes every call on it.</para>
/// </remarks>
public sealed partial class DtlsEndpoint : ISansIoEngine<DtlsEvent>, IDisposable
{
    private const int MaxClientHelloLength = 8192;
    private const int MaxHandshakeMessageLength = 32768;
    private const int MaxRecordPlaintext = 16384;

    private readonly DtlsEndpointOptions _options;
    private readonly IRandomSource _random;
    private readonly Queue<DtlsEvent> _events = new();
    private readonly OutboundQueue _outbound;
    private readonly RecordWriter _writer;
    private readonly HandshakeReassembler _reassembler = new(MaxHandshakeMessageLength);
    private readonly HandshakeTranscript _transcript = new();
    private List<CertificateFingerprint> _remoteFingerprints;

    private OutgoingFlight? _flight;
    private bool _flightIsFinal;
    private MonoTime _now;
    private MonoTime _retransmitAt = MonoTime.Never;
    private MonoTime _handshakeDeadline = MonoTime.Never;
    private MonoTime _lastFlightSentAt;
    private TimeSpan _retransmitTimeout;

    // Each flight's first retransmission timeout: the configured one, or derived from a measured
    // round-trip time (SetRoundTripTime).
    private TimeSpan _initialRetransmitTimeout;

    private RecordCipher? _readEpoch1;
    private RecordReplayWindow _replayWindow;

    // Context of the record being processed (a stateless server copies it into HelloVerifyRequest).
    private ulong _currentRecordSequence;
    private PeerAddress _currentRemote;

    /// <summary>Creates an endpoint; nothing is sent until <see cref="Start"/> (client) or a ClientHello arrives (server).</summary>
    public DtlsEndpoint(DtlsEndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _random = options.Random;
        _remoteFingerprints = [.. options.RemoteFingerprints];
        _outbound = new OutboundQueue(options.Mtu, options.MaxQueuedDatagrams);
        _writer = new RecordWriter(MaxRecordPlaintext + 64);
        _retransmitTimeout = options.InitialRetransmissionTimeout;
        _initialRetransmitTimeout = options.InitialRetransmissionTimeout;
        if (options.Role == DtlsRole.Server)
        {
            _cookieSecret = new byte[32];
            _random.Fill(_cookieSecret);
            _step = HandshakeStep.ServerWaitClientHello;
        }
    }

    /// <summary>This endpoint's role.</summary>
    public DtlsRole Role => _options.Role;

    /// <summary>Where the endpoint is.</summary>
    public DtlsState State { get; private set; } = DtlsState.New;

    /// <summary>Traffic and drop counters.</summary>
    public DtlsCounters Counters { get; } = new();

    /// <summary>The negotiated suite (<see cref="DtlsCipherSuite.None"/> before ServerHello).</summary>
    public DtlsCipherSuite CipherSuite => _suite.Suite;

    /// <summary>The negotiated SRTP profile.</summary>
    public SrtpProtectionProfile SrtpProfile => _srtpProfile;

    /// <summary>The peer's certificate once received (parsed on first access; null before, or if the platform cannot parse it).</summary>
    public X509Certificate2? RemoteCertificate => LoadPeerCertificate();

    /// <summary>The peer's certificate as DER once received (what its SDP fingerprint hashes).</summary>
    public ReadOnlyMemory<byte> RemoteCertificateDer => _peerCertificateDer;

    /// <summary>
    /// The largest application data <see cref="SendApplicationData"/> accepts: what fits one record in
    /// one datagram of the configured MTU (known once the suite is negotiated).
    /// </summary>
    public int MaxApplicationDataLength =>
        Math.Min(MaxRecordPlaintext, _options.Mtu - DtlsRecordReader.HeaderLength - (_suite.Suite == DtlsCipherSuite.None ? 24 : _suite.RecordOverhead));

    /// <summary>
    /// When set, application data is handed to this delegate in place (a view of the received
    /// datagram, no copy, no allocation) instead of as <see cref="DtlsApplicationData"/> events.
    /// </summary>
    public DtlsApplicationDataHandler? ApplicationDataHandler { get; set; }

    /// <summary>For tests: the next Finished this endpoint sends carries wrong verify_data.</summary>
    internal bool CorruptFinishedForTesting { get; set; }

    /// <summary>
    /// Starts the handshake: a client sends its ClientHello; a server arms the handshake timeout
    /// and keeps waiting for a ClientHello. The session calls it when ICE connects.
    /// </summary>
    public void Start(MonoTime now)
    {
        Touch(now);
        if (Role == DtlsRole.Server)
        {
            if (_handshakeDeadline.IsNever && State is DtlsState.New or DtlsState.Handshaking)
            {
                _handshakeDeadline = _now + _options.HandshakeTimeout;
            }

            return;
        }

        if (State != DtlsState.New)
        {
            ThrowHelper.InvalidOperation("The endpoint was already started.");
        }

        State = DtlsState.Handshaking;
        _handshakeDeadline = _now + _options.HandshakeTimeout;
        _random.Fill(_clientRandom);
        SendClientHello();
    }

    /// <summary>The shortest retransmission timeout <see cref="SetRoundTripTime"/> derives.</summary>
    public static readonly TimeSpan MinimumDerivedRetransmissionTimeout = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Derives the flights' first retransmission timeout from a measured round-trip time to the peer
    /// (the session passes the ICE pair's): three round trips, at least
    /// <see cref="MinimumDerivedRetransmissionTimeout"/> (room for the peer's key exchange and
    /// signature), at most <see cref="DtlsEndpointOptions.MaxRetransmissionTimeout"/>. Without it, the
    /// configured <see cref="DtlsEndpointOptions.InitialRetransmissionTimeout"/> applies. Takes
    /// effect from the next flight sent.
    /// </summary>
    public void SetRoundTripTime(TimeSpan roundTripTime)
    {
        if (roundTripTime <= TimeSpan.Zero)
        {
            return;
        }

        long ticks = Math.Clamp(roundTripTime.Ticks * 3, MinimumDerivedRetransmissionTimeout.Ticks, _options.MaxRetransmissionTimeout.Ticks);
        _initialRetransmitTimeout = TimeSpan.FromTicks(ticks);
    }

    /// <summary>
    /// Sets the fingerprints from the peer's SDP (replacing any given before). If the handshake was
    /// holding at the peer's certificate, it is checked now and the handshake goes on (or fails)
    /// at the time of the last input; drain transmits and events afterwards.
    /// </summary>
    public void SetRemoteFingerprints(IEnumerable<CertificateFingerprint> fingerprints)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        _remoteFingerprints = [.. fingerprints];
        if (_awaitingFingerprint && _remoteFingerprints.Count > 0)
        {
            _awaitingFingerprint = false;
            if (!VerifyFingerprint())
            {
                return;
            }

            if (_flight is not null && !_flightIsFinal)
            {
                _retransmitAt = _now + _retransmitTimeout;
            }

            PumpHandshake();
        }
    }

    /// <summary>Queues application data as one record (<see cref="MaxApplicationDataLength"/> at most).</summary>
    /// <exception cref="InvalidOperationException">Not connected, or the host has not drained <see cref="TryPollTransmit"/>.</exception>
    public void SendApplicationData(ReadOnlySpan<byte> data)
    {
        if (State != DtlsState.Connected)
        {
            ThrowHelper.InvalidOperation("Application data can be sent only once connected.");
        }

        if (data.Length > MaxApplicationDataLength)
        {
            ThrowHelper.Argument(nameof(data), "Application data longer than one record fits in the MTU.");
        }

        if (_outbound.IsFull)
        {
            ThrowHelper.InvalidOperation("Too many datagrams wait to be sent: drain TryPollTransmit.");
        }

        Span<byte> buffer = _outbound.Reserve();
        _outbound.Commit(_writer.Write(DtlsContentType.ApplicationData, 1, data, buffer));
        Counters.ApplicationRecordsSent++;
    }

    /// <summary>
    /// Seals application data straight into a datagram the caller sends on this endpoint's path
    /// (no queue, no copy); false when not connected.
    /// </summary>
    public bool TrySealApplicationData(ReadOnlySpan<byte> data, Span<byte> destination, out int written)
    {
        written = 0;
        if (State != DtlsState.Connected)
        {
            return false;
        }

        if (data.Length > MaxRecordPlaintext || destination.Length < DtlsRecordReader.HeaderLength + data.Length + _suite.RecordOverhead)
        {
            ThrowHelper.Argument(nameof(destination), "The destination cannot hold the record.");
        }

        written = _writer.Write(DtlsContentType.ApplicationData, 1, data, destination);
        Counters.ApplicationRecordsSent++;
        return true;
    }

    /// <summary>Sends close_notify and closes; harmless when already closed or failed.</summary>
    public void Close()
    {
        if (State is DtlsState.Closed or DtlsState.Failed)
        {
            return;
        }

        if (State != DtlsState.New)
        {
            QueueAlert(DtlsAlertLevel.Warning, DtlsAlertDescription.CloseNotify);
        }

        EndHandshakeTimers();
        _flight = null;
        State = DtlsState.Closed;
        _events.Enqueue(new DtlsClosed(byPeer: false));
        WipeHandshakeSecrets();
    }

    /// <inheritdoc />
    public void HandleDatagram(MonoTime now, in ReceivedDatagram datagram)
    {
        Touch(now);
        Counters.DatagramsReceived++;
        if (State is DtlsState.Closed or DtlsState.Failed)
        {
            Counters.Drop(DtlsDropReason.AfterClose);
            return;
        }

        _currentRemote = datagram.Remote;
        var reader = new DtlsRecordReader(datagram.Data);
        while (reader.TryReadNext(out DtlsRecord record))
        {
            HandleRecord(record);
            if (State is DtlsState.Closed or DtlsState.Failed)
            {
                return;
            }
        }

        if (reader.Malformed)
        {
            Counters.Drop(DtlsDropReason.MalformedRecord);
        }
    }

    /// <inheritdoc />
    public void HandleTimeout(MonoTime now)
    {
        Touch(now);
        if (State is not (DtlsState.New or DtlsState.Handshaking))
        {
            return;
        }

        if (_now >= _handshakeDeadline)
        {
            Fail(DtlsFailureReason.HandshakeTimeout, $"The handshake did not complete within {_options.HandshakeTimeout.TotalSeconds:0.###} s.", null);
            return;
        }

        if (_now >= _retransmitAt && _flight is not null)
        {
            _retransmitTimeout = TimeSpan.FromTicks(Math.Min(_retransmitTimeout.Ticks * 2, _options.MaxRetransmissionTimeout.Ticks));
            _retransmitAt = _now + _retransmitTimeout;
            RetransmitFlight();
        }
    }

    /// <inheritdoc />
    public bool TryPollTransmit(Span<byte> destination, out TransmitInfo transmit)
    {
        if (destination.Length < _options.Mtu)
        {
            ThrowHelper.Argument(nameof(destination), "The destination is shorter than the configured MTU.");
        }

        int length = 0;
        if (_flight is { Pending: true })
        {
            length = _flight.WriteDatagram(destination, _options.Mtu, _writer);
        }

        if (length == 0 && _outbound.TryDequeue(destination, out int queued))
        {
            length = queued;
        }

        if (length == 0)
        {
            transmit = default;
            return false;
        }

        Counters.DatagramsSent++;
        transmit = TransmitInfo.ToDefaultPath(length);
        return true;
    }

    /// <inheritdoc />
    public bool TryPollEvent(out DtlsEvent engineEvent) => _events.TryDequeue(out engineEvent!);

    /// <inheritdoc />
    public MonoTime PollTimeout() =>
        State is DtlsState.New or DtlsState.Handshaking ? MonoTime.Min(_retransmitAt, _handshakeDeadline) : MonoTime.Never;

    /// <summary>Wipes secrets and releases the ciphers.</summary>
    public void Dispose()
    {
        WipeHandshakeSecrets();
        _peerCertificate?.Dispose();
        _readEpoch1?.Dispose();
        _writer.Dispose();
        if (_cookieSecret is not null)
        {
            CryptographicOperations.ZeroMemory(_cookieSecret);
        }
    }

    private void Touch(MonoTime now)
    {
        if (now > _now)
        {
            _now = now; // time that goes backwards is ignored
        }
    }

    private void HandleRecord(DtlsRecord record)
    {
        if (record.Version is not (DtlsVersion.Dtls12 or DtlsVersion.Dtls10))
        {
            Counters.Drop(DtlsDropReason.UnsupportedVersion);
            return;
        }

        Span<byte> plaintext;
        bool authenticated = false;
        if (record.Epoch == 0)
        {
            plaintext = record.Fragment;
        }
        else if (record.Epoch == 1 && _readEpoch1 is not null)
        {
            if (!_replayWindow.MayAccept(record.SequenceNumber))
            {
                Counters.Drop(DtlsDropReason.Replayed);
                return;
            }

            if (!_readEpoch1.TryOpen(record.Type, record.Version, 1, record.SequenceNumber, record.Fragment, out plaintext))
            {
                Counters.Drop(DtlsDropReason.BadRecordMac);
                return;
            }

            _replayWindow.Mark(record.SequenceNumber);
            authenticated = true;
        }
        else
        {
            Counters.Drop(DtlsDropReason.UnexpectedEpoch);
            return;
        }

        if (plaintext.Length > MaxRecordPlaintext)
        {
            Counters.Drop(DtlsDropReason.MalformedRecord);
            return;
        }

        _currentRecordSequence = record.SequenceNumber;
        switch (record.Type)
        {
            case DtlsContentType.Handshake:
                HandleHandshakeRecord(plaintext, record.Epoch);
                break;
            case DtlsContentType.Alert:
                HandleAlert(plaintext, authenticated);
                break;
            case DtlsContentType.ChangeCipherSpec:
                // The epoch switch is read from the records themselves; a CCS only has to be well formed.
                if (plaintext.Length != 1 || plaintext[0] != 1 || record.Epoch != 0)
                {
                    Counters.Drop(DtlsDropReason.UnexpectedChangeCipherSpec);
                }

                break;
            case DtlsContentType.ApplicationData:
                if (!authenticated || State != DtlsState.Connected)
                {
                    Counters.Drop(DtlsDropReason.EarlyApplicationData);
                    break;
                }

                Counters.ApplicationRecordsReceived++;
                if (ApplicationDataHandler is { } handler)
                {
                    handler(plaintext);
                }
                else
                {
                    _events.Enqueue(new DtlsApplicationData(plaintext.ToArray()));
                }

                break;
            default:
                Counters.Drop(DtlsDropReason.UnknownContentType);
                break;
        }
    }

    private void HandleAlert(ReadOnlySpan<byte> plaintext, bool authenticated)
    {
        // Once connected, an unprotected alert could come from anyone on the path.
        if (plaintext.Length != 2 || (!authenticated && State == DtlsState.Connected))
        {
            Counters.Drop(DtlsDropReason.IgnoredAlert);
            return;
        }

        var level = (DtlsAlertLevel)plaintext[0];
        var description = (DtlsAlertDescription)plaintext[1];
        _events.Enqueue(new DtlsAlertReceived(level, description));
        if (description == DtlsAlertDescription.CloseNotify)
        {
            QueueAlert(DtlsAlertLevel.Warning, DtlsAlertDescription.CloseNotify);
            EndHandshakeTimers();
            _flight = null;
            State = DtlsState.Closed;
            _events.Enqueue(new DtlsClosed(byPeer: true));
            WipeHandshakeSecrets();
        }
        else if (level != DtlsAlertLevel.Warning)
        {
            Fail(DtlsFailureReason.FatalAlertReceived, $"The peer sent a fatal alert: {description}.", null, description);
        }
    }

    private void QueueAlert(DtlsAlertLevel level, DtlsAlertDescription description)
    {
        if (_outbound.IsFull)
        {
            return;
        }

        Span<byte> alert = [(byte)level, (byte)description];
        ushort epoch = _writer.CurrentEpoch;
        Span<byte> buffer = _outbound.Reserve();
        _outbound.Commit(_writer.Write(DtlsContentType.Alert, epoch, alert, buffer));
    }

    private void SendFlight(OutgoingFlight flight, bool final)
    {
        _flight = flight;
        _flightIsFinal = final;
        flight.Rewind();
        _lastFlightSentAt = _now;
        _retransmitTimeout = _initialRetransmitTimeout;
        _retransmitAt = final ? MonoTime.Never : _now + _retransmitTimeout;
    }

    private void RetransmitFlight()
    {
        if (_flight is null)
        {
            return;
        }

        _flight.Rewind();
        _lastFlightSentAt = _now;
        Counters.FlightRetransmissions++;
    }

    /// <summary>The peer repeated an earlier flight: ours was probably lost, send it again (at most every half initial timeout).</summary>
    private void OnPeerRetransmission()
    {
        if (_flight is null || _awaitingFingerprint || _now - _lastFlightSentAt < _initialRetransmitTimeout / 2)
        {
            return;
        }

        if (State == DtlsState.Handshaking || (State == DtlsState.Connected && _flightIsFinal))
        {
            RetransmitFlight();
        }
    }

    private void EndHandshakeTimers()
    {
        _retransmitAt = MonoTime.Never;
        _handshakeDeadline = MonoTime.Never;
    }

    private void Fail(DtlsFailureReason reason, string message, DtlsAlertDescription? alertToSend, DtlsAlertDescription? alertReceived = null)
    {
        if (State is DtlsState.Failed or DtlsState.Closed)
        {
            return;
        }

        if (alertToSend is { } alert)
        {
            QueueAlert(DtlsAlertLevel.Fatal, alert);
        }

        EndHandshakeTimers();
        _flight = null;
        State = DtlsState.Failed;
        _events.Enqueue(new DtlsFailed(reason, message, alertReceived ?? alertToSend));
        WipeHandshakeSecrets();
    }
}

/// <summary>Throw helpers kept out of the callers' bodies.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void InvalidOperation(string message) => throw new InvalidOperationException(message);

    [DoesNotReturn]
    public static void Argument(string name, string message) => throw new ArgumentException(message, name);
}
