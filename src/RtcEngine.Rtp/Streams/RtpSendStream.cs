using System.Text;
using RtcEngine.Primitives;
using RtcEngine.Rtp.Rtcp;

namespace RtcEngine.Rtp;

/// <summary>A media payload type and the RTX payload type that repairs it (SDP <c>a=fmtp:&lt;rtx&gt; apt=&lt;media&gt;</c>).</summary>
/// <param name="MediaPayloadType">The codec's payload type.</param>
/// <param name="RtxPayloadType">The RTX payload type.</param>
public readonly record struct RtxPayloadTypeMapping(byte MediaPayloadType, byte RtxPayloadType);

/// <summary>How to create a send stream.</summary>
public sealed record RtpSendStreamConfig
{
    /// <summary>Our SSRC (0: drawn from the session's random source).</summary>
    public uint Ssrc { get; init; }

    /// <summary>Audio or video.</summary>
    public RtpMediaKind Kind { get; init; } = RtpMediaKind.Video;

    /// <summary>The RTP clock rate: 48000 for Opus, 90000 for video.</summary>
    public int ClockRate { get; init; } = 90_000;

    /// <summary>The payload type used when a packet names none.</summary>
    public byte PayloadType { get; init; } = 96;

    /// <summary>The RTX SSRC (0: no RTX; NACKed packets are then resent as they were, RFC 4585).</summary>
    public uint RtxSsrc { get; init; }

    /// <summary>Media to RTX payload types (<c>apt</c>).</summary>
    public IReadOnlyList<RtxPayloadTypeMapping> RtxPayloadTypes { get; init; } = [];

    /// <summary>The m-section's mid, stamped in every packet when the map has the mid extension (null: none).</summary>
    public string? Mid { get; init; }

    /// <summary>The simulcast rid, stamped as rid (and as rrid on RTX) when mapped (null: none).</summary>
    public string? Rid { get; init; }

    /// <summary>Packets kept for retransmission (0: no cache, NACKs are ignored).</summary>
    public int RtxCacheCapacity { get; init; } = 512;

    /// <summary>Oldest packet retransmitted.</summary>
    public TimeSpan RtxMaxAge { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest packet written (and cached).</summary>
    public int MaxPacketSize { get; init; } = DatagramLimits.MaxDatagramSize;
}

/// <summary>What to put in one packet's header besides the stream's constants.</summary>
/// <param name="Timestamp">The RTP timestamp (the media clock of the frame's capture).</param>
/// <param name="Marker">The marker bit (last packet of a video frame; first of an audio talkspurt).</param>
/// <param name="PayloadType">The payload type, or null for the stream's default.</param>
/// <param name="AudioLevel">The audio level to stamp (when the map has the extension).</param>
/// <param name="Orientation">The video orientation to stamp (when mapped).</param>
/// <param name="PaddingLength">RTP padding bytes to append (0..255).</param>
public readonly record struct RtpPacketOptions(
    uint Timestamp,
    bool Marker = false,
    byte? PayloadType = null,
    AudioLevel? AudioLevel = null,
    VideoOrientation? Orientation = null,
    int PaddingLength = 0);

/// <summary>
/// One stream we send: sequence numbering, header extension stamping (mid, rid, abs-send-time,
/// transport-wide sequence, audio level, orientation), packet and byte counters, the RTX cache that
/// answers NACKs (RFC 4588), sender-report timing (NTP/RTP mapping from the <see cref="WallClockAnchor"/>),
/// and what the remote receiver reports about it (loss, jitter, RTT from LSR/DLSR).
/// </summary>
/// <remarks>Created by <see cref="RtpSession.AddSendStream"/>. Not thread-safe: owned by the session's loop.</remarks>
public sealed class RtpSendStream
{
    private readonly RtpSession _session;
    private readonly byte[] _mid;
    private readonly byte[] _rid;
    private readonly byte[] _rtxPayloadTypes = new byte[128]; // media PT -> RTX PT, 0xFF when none
    private ushort _nextSequence;
    private ushort _nextRtxSequence;
    private uint _lastRtpTimestamp;
    private MonoTime _lastRtpTime;
    private bool _haveTimestamp;

    // Counters.
    private long _packets;
    private long _bytes;
    private long _headerBytes;
    private long _rtxPackets;
    private long _rtxBytes;
    private long _frames;
    private long _keyFrames;
    private int _width;
    private int _height;
    private MonoTime _fpsWindowStart;
    private int _framesInWindow;
    private double _framesPerSecond;

    // Remote receiver's view (remote-inbound-rtp).
    private RtcpReportBlock _lastReport;
    private long _reports;
    private MonoTime _lastReportTime;
    private double _rtt;
    private double _rttTotal;
    private long _rttCount;
    private int _lastFirSequence = -1;

    internal RtpSendStream(RtpSession session, RtpSendStreamConfig config, uint ssrc, ushort initialSequence, ushort initialRtxSequence)
    {
        _session = session;
        Config = config;
        Ssrc = ssrc;
        RtxSsrc = config.RtxSsrc;
        Kind = config.Kind;
        ClockRate = config.ClockRate;
        _nextSequence = initialSequence;
        _nextRtxSequence = initialRtxSequence;
        _mid = config.Mid is null ? [] : Encoding.ASCII.GetBytes(config.Mid);
        _rid = config.Rid is null ? [] : Encoding.ASCII.GetBytes(config.Rid);
        Array.Fill(_rtxPayloadTypes, (byte)0xFF);
        foreach (RtxPayloadTypeMapping mapping in config.RtxPayloadTypes)
        {
            _rtxPayloadTypes[mapping.MediaPayloadType & 0x7F] = mapping.RtxPayloadType;
        }

        Cache = config.RtxCacheCapacity > 0 ? new RtxCache(config.RtxCacheCapacity, config.MaxPacketSize, config.RtxMaxAge) : null;
    }

    /// <summary>The configuration.</summary>
    public RtpSendStreamConfig Config { get; }

    /// <summary>Our SSRC.</summary>
    public uint Ssrc { get; }

    /// <summary>The RTX SSRC (0 when none).</summary>
    public uint RtxSsrc { get; }

    /// <summary>Audio or video.</summary>
    public RtpMediaKind Kind { get; }

    /// <summary>The RTP clock rate.</summary>
    public int ClockRate { get; }

    /// <summary>The retransmission cache (null when disabled).</summary>
    public RtxCache? Cache { get; }

    /// <summary>The sequence number the next packet gets.</summary>
    public ushort NextSequenceNumber => _nextSequence;

    /// <summary>Whether a packet was sent since the last sender report (RFC 3550: only senders send SR).</summary>
    public bool HasSentSinceLastReport { get; private set; }

    /// <summary>When the last packet was sent.</summary>
    public MonoTime LastSendTime { get; private set; }

    /// <summary>The last RTT measured from a receiver report about this stream (zero before one).</summary>
    public TimeSpan RoundTripTime => TimeSpan.FromSeconds(_rtt);

    /// <summary>NACK packets received for this stream.</summary>
    public long NackCount { get; internal set; }

    /// <summary>PLI packets received for this stream.</summary>
    public long PliCount { get; internal set; }

    /// <summary>FIR packets received for this stream.</summary>
    public long FirCount { get; internal set; }

    /// <summary>
    /// Writes the next packet: header with the stream's SSRC and next sequence number, the header
    /// extensions the session's map negotiated, the payload and optional padding; keeps a copy for
    /// retransmission and counts it. The bytes are plaintext RTP, ready for SRTP protection.
    /// </summary>
    /// <returns>False (nothing sent, no sequence number used) when <paramref name="destination"/> is too small.</returns>
    public bool TryWritePacket(MonoTime now, in RtpPacketOptions options, ReadOnlySpan<byte> payload, Span<byte> destination, out int written)
    {
        if (destination.Length > Config.MaxPacketSize)
        {
            destination = destination.Slice(0, Config.MaxPacketSize);
        }

        RtpHeaderExtensionMap map = _session.ExtensionMap;
        var writer = new RtpPacketWriter(destination);
        var header = new RtpHeader(options.PayloadType ?? Config.PayloadType, _nextSequence, options.Timestamp, Ssrc, options.Marker);
        written = 0;
        if (!writer.TryWriteHeader(header)
            || !StampCommonExtensions(ref writer, map, now, isRtx: false, out ushort transportSequence, out bool hasTransportSequence)
            || !StampOptionalExtensions(ref writer, map, options)
            || !writer.TryWritePayload(payload, out written, options.PaddingLength))
        {
            written = 0;
            return false;
        }

        _nextSequence++;
        _packets++;
        _bytes += payload.Length;
        _headerBytes += written - payload.Length;
        HasSentSinceLastReport = true;
        LastSendTime = now;
        if (!_haveTimestamp || options.Timestamp != _lastRtpTimestamp)
        {
            _lastRtpTimestamp = options.Timestamp;
            _lastRtpTime = now;
            _haveTimestamp = true;
        }

        Cache?.Store(header.SequenceNumber, destination.Slice(0, written), now);
        _session.OnMediaSent(now);
        if (hasTransportSequence)
        {
            _session.OnTransportPacketSent(transportSequence, now, written, Ssrc, header.SequenceNumber, false);
        }

        return true;
    }

    /// <summary>Records a frame sent (from the packetizer), for <c>framesSent</c> and resolution statistics.</summary>
    public void OnFrameSent(MonoTime now, bool keyframe, int width = 0, int height = 0)
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

    /// <summary>
    /// Writes the retransmission of <paramref name="sequenceNumber"/>: an RFC 4588 RTX packet (RTX
    /// SSRC and payload type, own sequence number, the original sequence number before the payload,
    /// rid rewritten as rrid) when RTX is configured, else the original packet again; both with fresh
    /// abs-send-time and transport-wide sequence number.
    /// </summary>
    internal bool TryWriteRetransmission(MonoTime now, ushort sequenceNumber, TimeSpan minInterval, Span<byte> destination, out int written, out RtxCache.Miss miss)
    {
        written = 0;
        if (Cache is null)
        {
            miss = RtxCache.Miss.NotFound;
            return false;
        }

        if (!Cache.TryTake(sequenceNumber, now, minInterval, out ReadOnlySpan<byte> original, out miss))
        {
            return false;
        }

        if (!RtpPacketReader.TryRead(original, out RtpPacketReader packet))
        {
            miss = RtxCache.Miss.NotFound;
            return false;
        }

        RtpHeaderExtensionMap map = _session.ExtensionMap;
        byte rtxPayloadType = _rtxPayloadTypes[packet.PayloadType];
        bool useRtx = RtxSsrc != 0 && rtxPayloadType != 0xFF;
        var header = useRtx
            ? new RtpHeader(rtxPayloadType, _nextRtxSequence, packet.Timestamp, RtxSsrc, packet.Marker)
            : new RtpHeader(packet.PayloadType, packet.SequenceNumber, packet.Timestamp, Ssrc, packet.Marker);

        var writer = new RtpPacketWriter(destination, packet.ExtensionForm == RtpHeaderExtensionForm.TwoByte ? RtpHeaderExtensionForm.TwoByte : RtpHeaderExtensionForm.OneByte);
        Span<uint> csrcs = stackalloc uint[15];
        for (int i = 0; i < packet.CsrcCount; i++)
        {
            csrcs[i] = packet.GetCsrc(i);
        }

        if (!writer.TryWriteHeader(header, csrcs.Slice(0, packet.CsrcCount))
            || !StampCommonExtensions(ref writer, map, now, useRtx, out ushort transportSequence, out bool hasTransportSequence)
            || !CopyOtherExtensions(ref writer, map, packet))
        {
            miss = RtxCache.Miss.NotFound;
            return false;
        }

        ReadOnlySpan<byte> payload = packet.Payload;
        Span<byte> space = writer.PayloadSpace;
        int prefix = useRtx ? 2 : 0;
        if (space.Length < prefix + payload.Length)
        {
            miss = RtxCache.Miss.NotFound;
            return false;
        }

        if (useRtx)
        {
            space[0] = (byte)(sequenceNumber >> 8);
            space[1] = (byte)sequenceNumber;
        }

        payload.CopyTo(space.Slice(prefix));
        writer.TryFinish(prefix + payload.Length, 0, out written);
        if (useRtx)
        {
            _nextRtxSequence++;
        }

        _rtxPackets++;
        _rtxBytes += payload.Length;
        if (hasTransportSequence)
        {
            _session.OnTransportPacketSent(transportSequence, now, written, useRtx ? RtxSsrc : Ssrc, header.SequenceNumber, true);
        }

        return true;
    }

    // mid, rid or rrid, abs-send-time and transport-wide sequence: what every packet of the stream carries.
    private bool StampCommonExtensions(ref RtpPacketWriter writer, RtpHeaderExtensionMap map, MonoTime now, bool isRtx, out ushort transportSequence, out bool hasTransportSequence)
    {
        transportSequence = 0;
        hasTransportSequence = false;
        int id;
        if (_mid.Length > 0 && (id = map.GetId(RtpExtensionKind.Mid)) != 0 && !writer.TryAddExtension(id, _mid))
        {
            return false;
        }

        if (_rid.Length > 0)
        {
            id = map.GetId(isRtx ? RtpExtensionKind.RepairedRtpStreamId : RtpExtensionKind.RtpStreamId);
            if (id != 0 && !writer.TryAddExtension(id, _rid))
            {
                return false;
            }
        }

        if ((id = map.GetId(RtpExtensionKind.AbsSendTime)) != 0 && !writer.TryAddAbsSendTime(id, _session.Anchor, now))
        {
            return false;
        }

        if ((id = map.GetId(RtpExtensionKind.TransportSequenceNumber)) != 0)
        {
            transportSequence = _session.PeekTransportSequence();
            if (!writer.TryAddTransportSequenceNumber(id, transportSequence))
            {
                return false;
            }

            hasTransportSequence = true;
        }

        return true;
    }

    private static bool StampOptionalExtensions(ref RtpPacketWriter writer, RtpHeaderExtensionMap map, in RtpPacketOptions options)
    {
        int id;
        if (options.AudioLevel is { } level && (id = map.GetId(RtpExtensionKind.AudioLevel)) != 0 && !writer.TryAddAudioLevel(id, level))
        {
            return false;
        }

        if (options.Orientation is { } orientation && (id = map.GetId(RtpExtensionKind.VideoOrientation)) != 0 && !writer.TryAddVideoOrientation(id, orientation))
        {
            return false;
        }

        return true;
    }

    // Copies the original's elements the common stamping does not rewrite (audio level, orientation, unknown ids).
    private static bool CopyOtherExtensions(ref RtpPacketWriter writer, RtpHeaderExtensionMap map, in RtpPacketReader packet)
    {
        foreach (RtpHeaderExtension element in packet.GetExtensions())
        {
            RtpExtensionKind kind = map.GetKind(element.Id);
            if (kind is RtpExtensionKind.Mid or RtpExtensionKind.RtpStreamId or RtpExtensionKind.RepairedRtpStreamId
                or RtpExtensionKind.AbsSendTime or RtpExtensionKind.TransportSequenceNumber)
            {
                continue;
            }

            if (!writer.TryAddExtension(element.Id, element.Value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The sender report for this stream at <paramref name="now"/>: NTP from the anchor, RTP timestamp extrapolated from the last packet.</summary>
    internal RtcpSenderReportWriter CreateSenderReport(MonoTime now, ReadOnlySpan<RtcpReportBlock> blocks)
    {
        NtpTime ntp = _session.Anchor.ToNtp(now);
        long elapsedTicks = (now - _lastRtpTime).Ticks;
        uint rtp = _lastRtpTimestamp + (uint)(elapsedTicks * ClockRate / TimeSpan.TicksPerSecond);
        HasSentSinceLastReport = false;
        return new RtcpSenderReportWriter(Ssrc, ntp, rtp, (uint)_packets, (uint)_bytes, blocks);
    }

    /// <summary>Records a reception report block about this stream; returns the RTT it measured, if any.</summary>
    internal TimeSpan? OnReportBlock(MonoTime now, in RtcpReportBlock block)
    {
        _lastReport = block;
        _lastReportTime = now;
        _reports++;
        if (block.LastSenderReport == 0)
        {
            return null;
        }

        // RFC 3550 6.4.1: RTT = A - LSR - DLSR, in 1/65536 s, modulo 2^32.
        uint arrival = _session.Anchor.ToNtp(now).Middle32;
        int rttUnits = (int)(arrival - block.LastSenderReport - block.DelaySinceLastSenderReport);
        TimeSpan rtt = rttUnits <= 0 ? TimeSpan.Zero : NtpTime.FromCompactUnits((uint)rttUnits);
        _rtt = rtt.TotalSeconds;
        _rttTotal += _rtt;
        _rttCount++;
        return rtt;
    }

    /// <summary>Whether a FIR with this request number is new (RFC 5104: a repeated number is a retransmitted request).</summary>
    internal bool IsNewFir(byte sequenceNumber)
    {
        if (_lastFirSequence == sequenceNumber)
        {
            return false;
        }

        _lastFirSequence = sequenceNumber;
        return true;
    }

    /// <summary>A snapshot shaped as W3C <c>outbound-rtp</c>; allocates nothing.</summary>
    public OutboundRtpStreamStats GetStats() => new()
    {
        Ssrc = Ssrc,
        Kind = Kind,
        RtxSsrc = RtxSsrc,
        PacketsSent = _packets,
        BytesSent = _bytes,
        HeaderBytesSent = _headerBytes,
        RetransmittedPacketsSent = _rtxPackets,
        RetransmittedBytesSent = _rtxBytes,
        NackCount = NackCount,
        PliCount = PliCount,
        FirCount = FirCount,
        FramesSent = _frames,
        KeyFramesEncoded = _keyFrames,
        FrameWidth = _width,
        FrameHeight = _height,
        FramesPerSecond = _framesPerSecond,
    };

    /// <summary>A snapshot shaped as W3C <c>remote-inbound-rtp</c> (from the receiver's reports); allocates nothing.</summary>
    public RemoteInboundRtpStreamStats GetRemoteInboundStats(in WallClockAnchor anchor) => new()
    {
        Ssrc = Ssrc,
        PacketsLost = _lastReport.CumulativeLost,
        Jitter = (double)_lastReport.Jitter / ClockRate,
        FractionLost = _lastReport.FractionLost / 256.0,
        RoundTripTime = _rtt,
        TotalRoundTripTime = _rttTotal,
        RoundTripTimeMeasurements = _rttCount,
        ReportsReceived = _reports,
        Timestamp = _reports == 0 ? 0 : anchor.ToUnixTicks(_lastReportTime) / (double)TimeSpan.TicksPerMillisecond,
    };
}
