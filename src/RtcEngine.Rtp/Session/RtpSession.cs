using System.Text;
using RtcEngine.Primitives;
using RtcEngine.Rtp.Rtcp;

namespace RtcEngine.Rtp;

/// <summary>
/// The RTP session of one connection, sans-IO: it owns the send and receive streams, takes received
/// RTP (after SRTP unprotect) and RTCP, and produces RTCP on its timers (reports on the RFC 3550
/// interval, NACK, PLI/FIR, transport-wide feedback, REMB, XR), retransmissions from the RTX caches,
/// and events (keyframe requests, transport feedback, new and removed streams).
/// </summary>
/// <remarks>
/// <para>
/// The host's loop (the connection): after each input, drain <see cref="TryPollRetransmission"/>,
/// <see cref="TryPollRtcp"/> and <see cref="TryPollEvent"/>, then sleep until <see cref="PollTimeout"/>.
/// Outgoing bytes are plaintext RTP/RTCP for the host to protect with SRTP/SRTCP. Time comes in as
/// <see cref="MonoTime"/>; NTP times come from the <see cref="WallClockAnchor"/>; randomness (SSRCs,
/// initial sequence numbers, RTCP interval jitter, the default CNAME) from the <see cref="IRandomSource"/>.
/// </para>
/// <para>
/// It also implements <see cref="ISansIoEngine{TEvent}"/> over plaintext datagrams (RTP and RTCP
/// multiplexed, RFC 5761), so two sessions can run against each other on a virtual network in tests;
/// delivered packets then go to <see cref="PacketSink"/>.
/// </para>
/// <para>Not thread-safe: one loop owns it. The per-packet paths allocate nothing.</para>
/// </remarks>
public sealed partial class RtpSession : ISansIoEngine<RtpSessionEvent>
{
    /// <summary>Most per-packet results kept from one transport-wide feedback message (further entries are ignored).</summary>
    public const int MaxTransportResults = 2048;

    private readonly RtpSessionOptions _options;
    private readonly IRandomSource _random;
    private readonly byte[] _cname;
    private readonly List<RtpSendStream> _send = [];
    private readonly List<RtpReceiveStream> _receive = [];
    private readonly List<bool> _receiveAutoCreated = [];
    private readonly RtpPayloadTypeInfo?[] _payloadTypes = new RtpPayloadTypeInfo?[128];
    private readonly RtpSessionEvent[] _events;
    private readonly TransportFeedbackRecorder _twccRecorder;
    private readonly TransportFeedbackHistory _twccHistory = new();
    private readonly TransportPacketResult[] _twccResults = new TransportPacketResult[MaxTransportResults];
    private readonly ReceiveBitrateEstimator _incoming = new();
    private readonly int[] _retransmitStream;
    private readonly ushort[] _retransmitSequence;
    private int _eventHead;
    private int _eventCount;
    private int _retransmitHead;
    private int _retransmitCount;
    private int _twccResultCount;
    private ushort _nextTransportSequence;
    private RtpReceiveStream? _lastHit;

    private bool _started;
    private MonoTime _now;

    /// <summary>Creates a session.</summary>
    /// <param name="options">Settings, including the negotiated header extension map.</param>
    /// <param name="random">Where SSRCs, sequence numbers and timer jitter come from.</param>
    /// <param name="anchor">Maps monotonic time to NTP for sender reports, abs-send-time and RTT.</param>
    public RtpSession(RtpSessionOptions options, IRandomSource random, WallClockAnchor anchor)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Mtu, 128);
        _options = options;
        _random = random;
        Anchor = anchor;
        if (options.Cname is { } cname)
        {
            _cname = Encoding.UTF8.GetBytes(cname);
        }
        else
        {
            Span<char> chars = stackalloc char[16];
            random.FillFromAlphabet(chars, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
            _cname = Encoding.ASCII.GetBytes(chars.ToArray());
        }

        if (_cname.Length > 255)
        {
            throw new ArgumentException("The CNAME is longer than 255 bytes.", nameof(options));
        }

        ReceiverSsrc = NewSsrc();
        _events = new RtpSessionEvent[Math.Max(8, options.MaxPendingEvents)];
        _retransmitStream = new int[Math.Max(8, options.MaxPendingRetransmissions)];
        _retransmitSequence = new ushort[_retransmitStream.Length];
        _twccRecorder = new TransportFeedbackRecorder(4096, options.Mtu);
        _nackScratch = new ushort[256];
        _blockScratch = new RtcpReportBlock[Math.Max(31, options.MaxReceiveStreams)];
        _ssrcScratch = new uint[31];
        _nextTransportSequence = random.NextUInt16();
        RoundTripTime = options.InitialRoundTripTime;
    }

    /// <summary>The negotiated header extensions.</summary>
    public RtpHeaderExtensionMap ExtensionMap => _options.ExtensionMap;

    /// <summary>The clock anchor.</summary>
    public WallClockAnchor Anchor { get; }

    /// <summary>The settings.</summary>
    public RtpSessionOptions Options => _options;

    /// <summary>Our SSRC in RTCP when we send no media (receiver reports, feedback).</summary>
    public uint ReceiverSsrc { get; }

    /// <summary>The CNAME sent in SDES.</summary>
    public ReadOnlySpan<byte> Cname => _cname;

    /// <summary>Streams we send.</summary>
    public IReadOnlyList<RtpSendStream> SendStreams => _send;

    /// <summary>Streams we receive.</summary>
    public IReadOnlyList<RtpReceiveStream> ReceiveStreams => _receive;

    /// <summary>Drop and error counters.</summary>
    public RtpSessionCounters Counters { get; } = new();

    /// <summary>The latest round-trip time measured (receiver reports or XR DLRR); the initial guess before one.</summary>
    public TimeSpan RoundTripTime { get; private set; }

    /// <summary>
    /// The per-packet results of the last transport-wide feedback received (see
    /// <see cref="RtpSessionEventKind.TransportFeedback"/>); valid until the next RTCP input.
    /// </summary>
    public ReadOnlySpan<TransportPacketResult> LastTransportFeedback => _twccResults.AsSpan(0, _twccResultCount);

    /// <summary>The receive-side estimate REMB carries (bits per second).</summary>
    public long ReceiveBitrateEstimate => _incoming.Estimate;

    /// <summary>Receives delivered packets when the session is driven through <see cref="HandleDatagram"/>.</summary>
    public RtpPacketSink? PacketSink { get; set; }

    /// <summary>Records what a negotiated payload type is (for streams created by incoming packets, and RTX restoration).</summary>
    public void RegisterPayloadType(RtpPayloadTypeInfo info)
    {
        if (info.PayloadType > 127)
        {
            throw new ArgumentOutOfRangeException(nameof(info), "Payload types are 0..127.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(info.ClockRate);
        _payloadTypes[info.PayloadType] = info;
    }

    /// <summary>Adds a stream we send; its SSRC (when 0) and first sequence numbers are drawn at random.</summary>
    /// <exception cref="ArgumentException">The SSRC is already in use.</exception>
    public RtpSendStream AddSendStream(RtpSendStreamConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(config.ClockRate);
        uint ssrc = config.Ssrc != 0 ? config.Ssrc : NewSsrc();
        if (IsLocalSsrc(ssrc) || (config.RtxSsrc != 0 && IsLocalSsrc(config.RtxSsrc)))
        {
            throw new ArgumentException($"SSRC {ssrc} is already a local stream.", nameof(config));
        }

        var stream = new RtpSendStream(this, config, ssrc, _random.NextUInt16(), _random.NextUInt16());
        _send.Add(stream);
        return stream;
    }

    /// <summary>Adds a stream we expect (an SSRC signalled in SDP).</summary>
    /// <exception cref="ArgumentException">A stream with that SSRC exists.</exception>
    public RtpReceiveStream AddReceiveStream(RtpReceiveStreamConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (FindReceive(config.Ssrc, out _) is not null)
        {
            throw new ArgumentException($"A receive stream for SSRC {config.Ssrc} exists.", nameof(config));
        }

        var stream = new RtpReceiveStream(config);
        _receive.Add(stream);
        _receiveAutoCreated.Add(false);
        return stream;
    }

    /// <summary>Removes a receive stream (the track went away).</summary>
    public bool RemoveReceiveStream(uint ssrc)
    {
        for (int i = 0; i < _receive.Count; i++)
        {
            if (_receive[i].Ssrc == ssrc)
            {
                RemoveReceiveAt(i);
                return true;
            }
        }

        return false;
    }

    /// <summary>Says that <paramref name="rtxSsrc"/> repairs <paramref name="mediaSsrc"/> (from <c>a=ssrc-group:FID</c> or a packet's rrid).</summary>
    /// <returns>False when no receive stream has <paramref name="mediaSsrc"/>.</returns>
    public bool AssociateRtx(uint rtxSsrc, uint mediaSsrc)
    {
        foreach (RtpReceiveStream stream in _receive)
        {
            if (stream.Ssrc == mediaSsrc)
            {
                stream.RtxSsrc = rtxSsrc;
                _lastHit = null;
                return true;
            }
        }

        return false;
    }

    /// <summary>The receive stream of a remote SSRC.</summary>
    public bool TryGetReceiveStream(uint ssrc, out RtpReceiveStream stream)
    {
        foreach (RtpReceiveStream s in _receive)
        {
            if (s.Ssrc == ssrc)
            {
                stream = s;
                return true;
            }
        }

        stream = null!;
        return false;
    }

    /// <summary>The send stream of a local SSRC.</summary>
    public bool TryGetSendStream(uint ssrc, out RtpSendStream stream)
    {
        foreach (RtpSendStream s in _send)
        {
            if (s.Ssrc == ssrc)
            {
                stream = s;
                return true;
            }
        }

        stream = null!;
        return false;
    }

    /// <summary>Asks the sender of <paramref name="remoteSsrc"/> for a keyframe (PLI, or FIR when the stream uses FIR) at the next opportunity.</summary>
    public bool RequestKeyframe(uint remoteSsrc)
    {
        if (!TryGetReceiveStream(remoteSsrc, out RtpReceiveStream stream))
        {
            return false;
        }

        stream.KeyframeRequestPending = true;
        return true;
    }

    /// <summary>Starts the report timer (any input does this too).</summary>
    public void Start(MonoTime now)
    {
        Advance(now);
    }

    /// <summary>Sends BYE for every local stream with the next RTCP, then stops reporting.</summary>
    public void Close()
    {
        _byePending = true;
    }

    /// <summary>The next event, in order.</summary>
    public bool TryPollEvent(out RtpSessionEvent engineEvent)
    {
        if (_eventCount == 0)
        {
            engineEvent = default;
            return false;
        }

        engineEvent = _events[_eventHead];
        _eventHead = (_eventHead + 1) % _events.Length;
        _eventCount--;
        return true;
    }

    /// <inheritdoc />
    public void HandleDatagram(MonoTime now, in ReceivedDatagram datagram)
    {
        Span<byte> data = datagram.Data;
        if (RtcpHeader.IsRtcp(data))
        {
            ReceiveRtcp(now, data);
            return;
        }

        RtpReceiveResult result = ReceiveRtp(now, data, out RtpPacketReader packet);
        if (result.ShouldDeliver || result.Status == RtpReceiveStatus.Probation)
        {
            PacketSink?.Invoke(packet, result);
        }
    }

    /// <inheritdoc />
    public bool TryPollTransmit(Span<byte> destination, out TransmitInfo transmit)
    {
        if (TryPollRetransmission(destination, out int written) || TryPollRtcp(destination, out written))
        {
            transmit = TransmitInfo.ToDefaultPath(written);
            return true;
        }

        transmit = default;
        return false;
    }

    internal ushort PeekTransportSequence() => _nextTransportSequence;

    internal void OnMediaSent(MonoTime now) => Advance(now);

    internal void OnTransportPacketSent(ushort transportSequence, MonoTime now, int size, uint ssrc, ushort sequenceNumber, bool retransmission)
    {
        _nextTransportSequence = (ushort)(transportSequence + 1);
        _twccHistory.OnSent(transportSequence, now, size, ssrc, sequenceNumber, retransmission);
        Advance(now);
    }

    private void Advance(MonoTime now)
    {
        if (now > _now)
        {
            _now = now;
        }

        if (!_started)
        {
            _started = true;
            _lastReportTime = now;
            _nextReportTime = now + RtcpInterval.Randomize(ComputeDeterministicInterval(initial: true), _random.NextDouble());
            _nextTwccTime = now;
            _nextRembTime = now + _options.RembInterval;
        }
    }

    private void Enqueue(RtpSessionEvent e)
    {
        if (_eventCount == _events.Length)
        {
            Counters.EventQueueFull++;
            return;
        }

        _events[(_eventHead + _eventCount) % _events.Length] = e;
        _eventCount++;
    }

    private uint NewSsrc()
    {
        while (true)
        {
            uint ssrc = _random.NextUInt32();
            if (ssrc != 0 && !IsLocalSsrc(ssrc))
            {
                return ssrc;
            }
        }
    }

    private bool IsLocalSsrc(uint ssrc)
    {
        if (ssrc == ReceiverSsrc)
        {
            return true;
        }

        foreach (RtpSendStream s in _send)
        {
            if (s.Ssrc == ssrc || (s.RtxSsrc != 0 && s.RtxSsrc == ssrc))
            {
                return true;
            }
        }

        return false;
    }

    private void RemoveReceiveAt(int index)
    {
        if (ReferenceEquals(_lastHit, _receive[index]))
        {
            _lastHit = null;
        }

        _receive.RemoveAt(index);
        _receiveAutoCreated.RemoveAt(index);
    }
}
