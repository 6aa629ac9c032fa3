using System.Buffers.Binary;
using RtcEngine.Primitives;

namespace RtcEngine.Rtp;

public sealed partial class RtpSession
{
    /// <summary>
    /// Takes one received RTP packet (after SRTP unprotect): finds or creates its stream, restores an
    /// RTX retransmission in place (RFC 4588: the original header moves over the 2-byte original
    /// sequence number, which becomes the sequence number again), updates loss, jitter, NACK and
    /// transport-wide feedback state, and says whether to deliver it.
    /// </summary>
    /// <param name="now">Arrival time.</param>
    /// <param name="packet">The packet; RTX restoration rewrites it in place.</param>
    /// <param name="view">The packet to deliver (the restored original for RTX), valid while <paramref name="packet"/> is.</param>
    /// <returns>The classification; never throws on hostile input.</returns>
    public RtpReceiveResult ReceiveRtp(MonoTime now, Span<byte> packet, out RtpPacketReader view)
    {
        Advance(now);
        if (!RtpPacketReader.TryRead(packet, out view))
        {
            Counters.RtpMalformed++;
            return new RtpReceiveResult(RtpReceiveStatus.Dropped, null, default);
        }

        uint ssrc = view.Ssrc;
        RtpReceiveStream? stream = FindReceive(ssrc, out bool isRtx);
        if (stream is null)
        {
            stream = OnUnknownSsrc(now, in view, out isRtx, out RtpReceiveStatus refusal);
            if (stream is null)
            {
                return new RtpReceiveResult(refusal, null, default);
            }
        }

        RecordTransportWide(now, in view, ssrc);
        _incoming.OnPacket(now, packet.Length);
        if (isRtx)
        {
            if (view.Payload.Length < 2)
            {
                Counters.RtxPaddingOnly++;
                stream.OnRtxProbe(now);
                return new RtpReceiveResult(RtpReceiveStatus.PaddingOnly, stream, default);
            }

            packet = RestoreRtx(packet, view.HeaderLength, view.PayloadType, stream);
            RtpPacketReader.TryRead(packet, out view); // framing unchanged, only shifted: cannot fail
            Counters.RtxRepaired++;
        }

        RtpSequenceOutcome outcome = stream.OnPacket(now, in view, isRtx);
        if (stream.Kind == RtpMediaKind.Audio && outcome == RtpSequenceOutcome.InOrder)
        {
            int id = ExtensionMap.GetId(RtpExtensionKind.AudioLevel);
            if (id != 0 && view.TryGetExtension(id, out ReadOnlySpan<byte> value) && AudioLevel.TryRead(value, out AudioLevel level))
            {
                stream.OnAudioLevel(level, stream.LastTimestampAdvance);
            }
        }

        if (stream.Nack is { KeyframeNeeded: true } nack)
        {
            nack.KeyframeNeeded = false;
            stream.KeyframeRequestPending = true;
        }

        RtpReceiveStatus status;
        switch (outcome)
        {
            case RtpSequenceOutcome.InOrder or RtpSequenceOutcome.Late or RtpSequenceOutcome.Restarted or RtpSequenceOutcome.TooOld:
                status = isRtx ? RtpReceiveStatus.Repaired : RtpReceiveStatus.Delivered;
                break;
            case RtpSequenceOutcome.Duplicate:
                Counters.RtpDuplicates++;
                status = RtpReceiveStatus.Duplicate;
                break;
            case RtpSequenceOutcome.Probation:
                status = RtpReceiveStatus.Probation;
                break;
            default:
                Counters.RtpBadSequence++;
                status = RtpReceiveStatus.Dropped;
                break;
        }

        return new RtpReceiveResult(status, stream, outcome);
    }

    private RtpReceiveStream? FindReceive(uint ssrc, out bool isRtx)
    {
        RtpReceiveStream? last = _lastHit;
        if (last is not null)
        {
            if (last.Ssrc == ssrc)
            {
                isRtx = false;
                return last;
            }

            if (last.RtxSsrc == ssrc && ssrc != 0)
            {
                isRtx = true;
                return last;
            }
        }

        foreach (RtpReceiveStream stream in _receive)
        {
            if (stream.Ssrc == ssrc)
            {
                _lastHit = stream;
                isRtx = false;
                return stream;
            }

            if (stream.RtxSsrc == ssrc && ssrc != 0)
            {
                _lastHit = stream;
                isRtx = true;
                return stream;
            }
        }

        isRtx = false;
        return null;
    }

    // A packet of an SSRC no stream knows: an RTX stream to associate, or a new media stream.
    private RtpReceiveStream? OnUnknownSsrc(MonoTime now, in RtpPacketReader view, out bool isRtx, out RtpReceiveStatus refusal)
    {
        isRtx = false;
        refusal = RtpReceiveStatus.Dropped;
        uint ssrc = view.Ssrc;
        if (IsLocalSsrc(ssrc))
        {
            Counters.RtpOwnSsrc++;
            return null;
        }

        RtpPayloadTypeInfo? info = _payloadTypes[view.PayloadType];
        if (info is { RepairedPayloadType: { } repaired })
        {
            // RTX from a new SSRC: associate it when exactly one stream of the repaired type lacks one.
            RtpReceiveStream? candidate = null;
            int candidates = 0;
            foreach (RtpReceiveStream s in _receive)
            {
                if (s.RtxSsrc == 0 && s.LastPayloadType == repaired)
                {
                    candidate = s;
                    candidates++;
                }
            }

            if (candidates != 1)
            {
                Counters.RtxUnknown++;
                refusal = RtpReceiveStatus.UnknownRtxStream;
                return null;
            }

            candidate!.RtxSsrc = ssrc;
            isRtx = true;
            return candidate;
        }

        if (!_options.AutoCreateReceiveStreams || info is null)
        {
            Counters.RtpUnknownSsrc++;
            return null;
        }

        if (_receive.Count >= _options.MaxReceiveStreams)
        {
            Counters.RtpStreamLimit++;
            return null;
        }

        RtpPayloadTypeInfo pt = info.Value;
        var stream = new RtpReceiveStream(new RtpReceiveStreamConfig
        {
            Ssrc = ssrc,
            Kind = pt.Kind,
            ClockRate = pt.ClockRate,
            Nack = pt.Nack && pt.Kind == RtpMediaKind.Video ? _options.Nack : NackOptions.Disabled,
            MinSequential = _options.ProbationPackets,
            UseFir = pt.UseFir,
        });
        _receive.Add(stream);
        _receiveAutoCreated.Add(true);
        _lastHit = stream;
        Enqueue(new RtpSessionEvent(RtpSessionEventKind.ReceiveStreamAdded, ssrc, view.PayloadType));
        return stream;
    }

    private void RecordTransportWide(MonoTime now, in RtpPacketReader view, uint ssrc)
    {
        if (!_options.SendTransportFeedback)
        {
            return;
        }

        int id = ExtensionMap.GetId(RtpExtensionKind.TransportSequenceNumber);
        if (id != 0 && view.TryGetExtension(id, out ReadOnlySpan<byte> value) && value.Length >= 2)
        {
            _twccRecorder.OnPacket(BinaryPrimitives.ReadUInt16BigEndian(value), now, ssrc);
        }
    }

    // RFC 4588 section 4: the RTX payload starts with the original sequence number. Moving the
    // header two bytes on over it leaves the original packet, which then gets back its SSRC,
    // sequence number and payload type.
    private Span<byte> RestoreRtx(Span<byte> packet, int headerLength, byte rtxPayloadType, RtpReceiveStream stream)
    {
        ushort originalSequence = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(headerLength));
        byte originalPayloadType = _payloadTypes[rtxPayloadType] is { RepairedPayloadType: { } apt } ? apt : stream.LastPayloadType;
        packet.Slice(0, headerLength).CopyTo(packet.Slice(2));
        Span<byte> restored = packet.Slice(2);
        restored[1] = (byte)((restored[1] & 0x80) | (originalPayloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(restored.Slice(2), originalSequence);
        BinaryPrimitives.WriteUInt32BigEndian(restored.Slice(8), stream.Ssrc);
        return restored;
    }
}
