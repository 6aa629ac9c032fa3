using System.Runtime.CompilerServices;
using RtcEngine.Primitives;
using RtcEngine.Rtp.Rtcp;

namespace RtcEngine.Rtp;

/// <summary>How to create a receive stream.</summary>
public sealed record RtpReceiveStreamConfig
{
    /// <summary>The remote SSRC.</summary>
    public required uint Ssrc { get; init; }

    /// <summary>Audio or video.</summary>
    public RtpMediaKind Kind { get; init; } = RtpMediaKind.Video;

    /// <summary>The RTP clock rate: 48000 for Opus, 90000 for video.</summary>
    public int ClockRate { get; init; } = 90_000;

    /// <summary>The SSRC of the RTX stream repairing this one (0: none or not known yet).</summary>
    public uint RtxSsrc { get; init; }

    /// <summary>NACK behaviour.</summary>
    public NackOptions Nack { get; init; } = NackOptions.Disabled;

    /// <summary>
    /// Sequential packets needed before the source is valid (RFC 3550 A.1 uses 2). Signalled streams,
    /// already authenticated by SRTP, may use 1.
    /// </summary>
    public int MinSequential { get; init; } = 2;

    /// <summary>Whether a keyframe request uses FIR (RFC 5104) instead of PLI.</summary>
    public bool UseFir { get; init; }

    /// <summary>
    /// Whether a video stream without NACK asks for a keyframe when packets are lost (it has no other
    /// way to repair the picture). With NACK, a keyframe is asked for when NACK gives a packet up.
    /// </summary>
    public bool KeyframeOnLossWithoutNack { get; init; } = true;
}

/// <summary>
/// The state of one remote source: RFC 3550 sequence validation and loss (A.1, A.3), interarrival
/// jitter (A.8), the last sender report for RTT, NACK tracking of gaps, keyframe requests, and the
/// counters behind <see cref="InboundRtpStreamStats"/> and <see cref="RemoteOutboundRtpStreamStats"/>.
/// </summary>
/// <remarks>
/// <see cref="OnPacket"/> is the per-packet hot path: a few branches and integer arithmetic, no
/// allocation. Not thread-safe: owned by the <see cref="RtpSession"/> (or the caller) that feeds it.
/// </remarks>
public sealed class RtpReceiveStream
{
    private long _rtxProbes;
    private RtpSequenceTracker _sequence;
    private bool _haveTransit;
    private uint _transit;
    private uint _jitterQ4; // RFC 3550 A.8 jitter scaled by 16
    private long _expectedPrior;
    private long _receivedPrior;
    private uint _lastTimestamp;
    private bool _haveTimestamp;

    // Last sender report (RTT and remote-outbound stats).
    private uint _lastSrMiddle;
    private MonoTime _lastSrArrival;
    private NtpTime _lastSrNtp;
    private uint _srPacketCount;
    private uint _srOctetCount;
    private long _srCount;
    private double _dlrrRtt;
    private double _dlrrRttTotal;
    private long _dlrrRttCount;

    // Counters.
    private long _bytes;
    private long _headerBytes;
    private long _duplicates;
    private long _rtxPackets;
    private long _rtxBytes;
    private double _audioLevel;
    private double _audioEnergy;
    private double _audioDuration;
    private long _frames;
    private long _keyFrames;
    private int _width;
    private int _height;
    private MonoTime _fpsWindowStart;
    private int _framesInWindow;
    private double _framesPerSecond;

    /// <summary>Creates a stream (the session creates them; tests and benchmarks may too).</summary>
    public RtpReceiveStream(RtpReceiveStreamConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(config.ClockRate);
        Config = config;
        Ssrc = config.Ssrc;
        RtxSsrc = config.RtxSsrc;
        ClockRate = config.ClockRate;
        Kind = config.Kind;
        _sequence = new RtpSequenceTracker(config.MinSequential);
        Nack = config.Nack.Enabled ? new NackTracker(config.Nack) : null;
    }

    /// <summary>The configuration the stream was created with.</summary>
    public RtpReceiveStreamConfig Config { get; }

    /// <summary>The remote SSRC.</summary>
    public uint Ssrc { get; }

    /// <summary>The RTX SSRC repairing this stream (0: none).</summary>
    public uint RtxSsrc { get; internal set; }

    /// <summary>The RTP clock rate.</summary>
    public int ClockRate { get; }

    /// <summary>Audio or video.</summary>
    public RtpMediaKind Kind { get; }

    /// <summary>The NACK tracker, when NACK is enabled.</summary>
    public NackTracker? Nack { get; }

    /// <summary>The sequence state (RFC 3550 A.1).</summary>
    public ref readonly RtpSequenceTracker Sequence => ref _sequence;

    /// <summary>When the last packet arrived (<see cref="MonoTime.Zero"/> before any).</summary>
    public MonoTime LastPacketTime { get; private set; }

    /// <summary>The payload type of the last packet not restored from RTX (0xFF before any).</summary>
    public byte LastPayloadType { get; private set; } = 0xFF;

    /// <summary>Whether a packet arrived since the last report block was made.</summary>
    public bool HasPacketsSinceLastReport { get; private set; }

    /// <summary>The interarrival jitter in RTP timestamp units (RFC 3550 A.8).</summary>
    public uint Jitter => _jitterQ4 >> 4;

    /// <summary>Set when a keyframe should be requested (application demand or unrecoverable loss); the session clears it.</summary>
    public bool KeyframeRequestPending { get; internal set; }

    /// <summary>When the next keyframe request may go (requests are rate-limited).</summary>
    internal MonoTime KeyframeRequestAllowedAt { get; set; }

    /// <summary>NACK packets sent for this stream.</summary>
    public long NackCount { get; internal set; }

    /// <summary>PLI packets sent for this stream.</summary>
    public long PliCount { get; internal set; }

    /// <summary>FIR packets sent for this stream.</summary>
    public long FirCount { get; internal set; }

    /// <summary>The FIR request sequence number (RFC 5104), incremented per new request.</summary>
    internal byte FirSequence { get; set; }

    /// <summary>
    /// Accounts for one packet: sequence, loss, jitter, byte counters and NACK tracking.
    /// </summary>
    /// <param name="now">Arrival time.</param>
    /// <param name="packet">The packet (after SRTP; for a repaired packet, the restored original).</param>
    /// <param name="repaired">Whether it was restored from an RTX retransmission.</param>
    /// <returns>What the sequence tracker made of it.</returns>
    public RtpSequenceOutcome OnPacket(MonoTime now, in RtpPacketReader packet, bool repaired = false)
    {
        long previousHighest = _sequence.ExtendedHighest;
        bool wasValid = _sequence.IsValid;
        RtpSequenceOutcome outcome = _sequence.Update(packet.SequenceNumber);
        LastPacketTime = now;
        HasPacketsSinceLastReport = true;
        if (!repaired)
        {
            LastPayloadType = packet.PayloadType;
        }

        int payloadLength = packet.Payload.Length;
        switch (outcome)
        {
            case RtpSequenceOutcome.InOrder:
                _bytes += payloadLength;
                _headerBytes += packet.Packet.Length - payloadLength;
                if (!repaired)
                {
                    UpdateJitter(now, packet.Timestamp);
                }

                if (wasValid && _sequence.ExtendedHighest != previousHighest + 1)
                {
                    OnGap(previousHighest, now);
                }

                break;
            case RtpSequenceOutcome.Late:
                _bytes += payloadLength;
                _headerBytes += packet.Packet.Length - payloadLength;
                Nack?.OnLatePacket(_sequence.LastExtended);
                break;
            case RtpSequenceOutcome.Duplicate:
                if (repaired)
                {
                    _sequence.UncountDuplicate(); // not a packet of the stream: counted as a probe
                    _rtxProbes++;
                }
                else
                {
                    _duplicates++;
                }

                break;
            case RtpSequenceOutcome.Restarted:
                _bytes += payloadLength;
                _headerBytes += packet.Packet.Length - payloadLength;
                _haveTransit = false;
                Nack?.Clear();
                break;
            default:
                break;
        }

        if (repaired && outcome is RtpSequenceOutcome.Late or RtpSequenceOutcome.InOrder)
        {
            _rtxPackets++;
            _rtxBytes += payloadLength;
        }

        return outcome;
    }

    /// <summary>Counts an RTX packet that carried only padding (a bandwidth probe of the sender).</summary>
    public void OnRtxProbe(MonoTime now)
    {
        _rtxProbes++;
        LastPacketTime = now;
    }

    // Loss: NACK tracks it; without NACK, video cannot be repaired and asks for a keyframe.
    private void OnGap(long previousHighest, MonoTime now)
    {
        if (Nack is not null)
        {
            Nack.OnGap(previousHighest, _sequence.ExtendedHighest, now);
        }
        else if (Kind == RtpMediaKind.Video && Config.KeyframeOnLossWithoutNack)
        {
            KeyframeRequestPending = true;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void UpdateJitter(MonoTime now, uint timestamp)
    {
        // Arrival in RTP units, modulo 2^32 (only differences matter), rounded down exactly:
        // whole seconds times the rate plus the remainder scaled (divisions by a constant).
        long ticks = now.Ticks;
        long seconds = ticks / TimeSpan.TicksPerSecond;
        long remainder = ticks - seconds * TimeSpan.TicksPerSecond;
        uint arrival = (uint)(seconds * ClockRate + remainder * ClockRate / TimeSpan.TicksPerSecond);
        uint transit = arrival - timestamp;
        if (_haveTransit)
        {
            int d = (int)(transit - _transit);
            uint absD = (uint)(d < 0 ? -d : d);
            _jitterQ4 = (uint)(_jitterQ4 + absD - ((_jitterQ4 + 8) >> 4));
        }

        _transit = transit;
        _haveTransit = true;
        LastTimestampAdvance = _haveTimestamp ? (int)(timestamp - _lastTimestamp) : 0;
        _lastTimestamp = timestamp;
        _haveTimestamp = true;
    }

    /// <summary>Records the audio level of the last packet (RFC 6464) and its energy over the packet's duration.</summary>
    /// <param name="level">The level the packet carried.</param>
    /// <param name="samples">
    /// Samples the packet carries (its RTP timestamp advance, <see cref="LastTimestampAdvance"/>: 960 for
    /// 20 ms Opus); clamped to 120 ms, Opus's longest packet, so a silence gap does not count as audio.
    /// </param>
    public void OnAudioLevel(AudioLevel level, int samples)
    {
        double linear = level.LinearLevel;
        double duration = Math.Clamp(samples, 0, ClockRate * 12 / 100) / (double)ClockRate;
        _audioLevel = linear;
        _audioEnergy += linear * linear * duration;
        _audioDuration += duration;
    }

    /// <summary>Records a complete frame (from a depacketizer's frame assembly).</summary>
    /// <param name="now">When it completed.</param>
    /// <param name="keyframe">Whether it is a keyframe.</param>
    /// <param name="width">Its width when known (keyframes), else 0 to keep the last.</param>
    /// <param name="height">Its height when known, else 0.</param>
    public void OnFrame(MonoTime now, bool keyframe, int width = 0, int height = 0)
    {
        _frames++;
        if (keyframe)
        {
            _keyFrames++;
        }

        if (width > 0 && height > 0)
        {
            _width = width;
            _height = height;
        }

        FrameRate.Count(now, ref _fpsWindowStart, ref _framesInWindow, ref _framesPerSecond);
    }

    /// <summary>Records a sender report about this source.</summary>
    public void OnSenderReport(MonoTime now, NtpTime ntp, uint rtpTimestamp, uint packetCount, uint octetCount)
    {
        _lastSrMiddle = ntp.Middle32;
        _lastSrNtp = ntp;
        _lastSrArrival = now;
        _srPacketCount = packetCount;
        _srOctetCount = octetCount;
        _srCount++;
        LastSenderReportRtpTimestamp = rtpTimestamp;
    }

    /// <summary>The RTP timestamp of the last sender report (with its NTP time: lip sync).</summary>
    public uint LastSenderReportRtpTimestamp { get; private set; }

    /// <summary>The NTP time of the last sender report (0 before one).</summary>
    public NtpTime LastSenderReportNtp => _lastSrNtp;

    /// <summary>Records a round-trip time measured through XR DLRR (RFC 3611) for this stream's sender.</summary>
    internal void OnDlrrRoundTrip(TimeSpan rtt)
    {
        _dlrrRtt = rtt.TotalSeconds;
        _dlrrRttTotal += _dlrrRtt;
        _dlrrRttCount++;
    }

    /// <summary>
    /// Makes the reception report block for the next RTCP report (RFC 3550 6.4.1 and A.3) and starts
    /// a new report interval.
    /// </summary>
    public RtcpReportBlock CreateReportBlock(MonoTime now)
    {
        long expected = _sequence.Expected;
        long received = _sequence.Received;
        long expectedInterval = expected - _expectedPrior;
        long receivedInterval = received - _receivedPrior;
        _expectedPrior = expected;
        _receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        byte fraction = expectedInterval == 0 || lostInterval <= 0 ? (byte)0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
        long lost = Math.Clamp(expected - received, RtcpReportBlock.MinCumulativeLost, RtcpReportBlock.MaxCumulativeLost);
        uint dlsr = _srCount == 0 ? 0 : NtpTime.ToCompactUnits(now - _lastSrArrival);
        HasPacketsSinceLastReport = false;
        return new RtcpReportBlock(
            Ssrc,
            fraction,
            (int)lost,
            (uint)_sequence.ExtendedHighest,
            Jitter,
            _srCount == 0 ? 0 : _lastSrMiddle,
            dlsr);
    }

    /// <summary>A snapshot shaped as W3C <c>inbound-rtp</c>; allocates nothing.</summary>
    public InboundRtpStreamStats GetStats(in WallClockAnchor anchor) => new()
    {
        Ssrc = Ssrc,
        Kind = Kind,
        RtxSsrc = RtxSsrc,
        // Every packet the sender sent for this stream, as it counts them (Chromium's packetsSent
        // includes its RTX probes, padding or resends of packets already here, although they are
        // not retransmissions): the media SSRC's packets (duplicates included, RFC 3550 A.3), RTX
        // packets that filled a gap, and RTX probes. Loss stays on unique packets.
        PacketsReceived = _sequence.Received + _rtxProbes,
        PacketsLost = _sequence.Lost,
        Jitter = (double)Jitter / ClockRate,
        BytesReceived = _bytes,
        HeaderBytesReceived = _headerBytes,
        PacketsDuplicated = _duplicates,
        RetransmittedPacketsReceived = _rtxPackets,
        RetransmittedBytesReceived = _rtxBytes,
        NackCount = NackCount,
        PliCount = PliCount,
        FirCount = FirCount,
        FramesReceived = _frames,
        KeyFramesReceived = _keyFrames,
        FrameWidth = _width,
        FrameHeight = _height,
        FramesPerSecond = _framesPerSecond,
        AudioLevel = _audioLevel,
        TotalAudioEnergy = _audioEnergy,
        TotalSamplesDuration = _audioDuration,
        LastPacketReceivedTimestamp = LastPacketTime == MonoTime.Zero ? 0 : anchor.ToUnixTicks(LastPacketTime) / (double)TimeSpan.TicksPerMillisecond,
    };

    /// <summary>A snapshot shaped as W3C <c>remote-outbound-rtp</c> (from the sender's reports); allocates nothing.</summary>
    public RemoteOutboundRtpStreamStats GetRemoteOutboundStats() => new()
    {
        Ssrc = Ssrc,
        PacketsSent = _srPacketCount,
        BytesSent = _srOctetCount,
        RemoteTimestamp = _srCount == 0 ? 0 : _lastSrNtp.ToUnixTicks() / (double)TimeSpan.TicksPerMillisecond,
        ReportsSent = _srCount,
        RoundTripTime = _dlrrRtt,
        TotalRoundTripTime = _dlrrRttTotal,
        RoundTripTimeMeasurements = _dlrrRttCount,
    };

    /// <summary>How far the RTP timestamp advanced with the last in-order packet (its audio duration in samples).</summary>
    public int LastTimestampAdvance { get; private set; }
}

/// <summary>Frames-per-second over whole one-second windows, shared by send and receive streams.</summary>
internal static class FrameRate
{
    public static void Count(MonoTime now, ref MonoTime windowStart, ref int framesInWindow, ref double framesPerSecond)
    {
        if (framesInWindow == 0 && windowStart == MonoTime.Zero)
        {
            windowStart = now;
        }

        TimeSpan elapsed = now - windowStart;
        if (elapsed.Ticks >= TimeSpan.TicksPerSecond)
        {
            framesPerSecond = framesInWindow / elapsed.TotalSeconds;
            windowStart = now;
            framesInWindow = 0;
        }

        framesInWindow++;
    }
}
