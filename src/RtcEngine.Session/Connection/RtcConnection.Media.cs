using System.Buffers.Binary;
using RtcEngine.Ice.Agent;
using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Rtp.Rtcp;
using RtcEngine.Sdp.Jsep;
using RtcpFeedback = RtcEngine.Rtp.Rtcp.RtcpFeedback;
using RtcEngine.Srtp;

namespace RtcEngine.Session;

/// <summary>The media path: SRTP unprotect, routing to transceivers, sending RTP and RTCP.</summary>
public sealed partial class RtcConnection
{
    private const int MaxRemoteSsrcs = 64;
    private const int RtpSlotOffset = IceAgent.SendHeadroom;

    // Remote SSRC to its transceiver; RTX SSRCs are marked so their packets are not taken as media.
    private readonly Dictionary<uint, (RtcRtpTransceiver Transceiver, bool Rtx)> _bySsrc = [];
    private ushort _transportSequence;

    /// <summary>
    /// Sends one RTP packet on <paramref name="transceiver"/>: writes the header with the negotiated
    /// extensions (mid, abs-send-time, transport-wide sequence number), the payload, protects it
    /// with SRTP and queues it for <see cref="TryPollTransmit"/>. Allocation-free.
    /// </summary>
    /// <param name="transceiver">A transceiver of this connection that may send.</param>
    /// <param name="payload">The RTP payload (an encoded frame or a packetized part of one).</param>
    /// <param name="rtpTimestamp">The RTP timestamp.</param>
    /// <param name="marker">The marker bit (last packet of a video frame).</param>
    /// <param name="payloadType">The payload type; -1 for the transceiver's first negotiated codec.</param>
    /// <returns>False (and counted) when it cannot be sent now: keys not ready, not negotiated to send, queue full.</returns>
    public bool SendRtp(RtcRtpTransceiver transceiver, ReadOnlySpan<byte> payload, uint rtpTimestamp, bool marker, int payloadType = -1)
    {
        ArgumentNullException.ThrowIfNull(transceiver);
        if (_srtpOut is null || !transceiver.CanSend || _closed)
        {
            Counters.DroppedNoSrtp++;
            return false;
        }

        int pt = payloadType >= 0 ? payloadType : transceiver.Sender.PayloadType;
        if (pt is < 0 or > 127)
        {
            throw new ArgumentOutOfRangeException(nameof(payloadType), "No payload type is negotiated for this transceiver.");
        }

        if (!_outbound.TryReserve(out byte[] slot))
        {
            Counters.DroppedQueueFull++;
            return false;
        }

        RtcRtpSender sender = transceiver.Sender;
        Span<byte> packet = slot.AsSpan(RtpSlotOffset, slot.Length - RtpSlotOffset - IceAgent.SendTailroom);
        var writer = new RtpPacketWriter(packet[..(packet.Length - _srtpOut.RtpOverhead)]);
        writer.TryWriteHeader(new RtpHeader((byte)pt, sender.NextSequenceNumber, rtpTimestamp, sender.Ssrc, marker));
        if (transceiver.MidExtensionId != 0)
        {
            writer.TryAddSdesItem(transceiver.MidExtensionId, transceiver.MidBytes);
        }

        if (transceiver.AbsSendTimeExtensionId != 0)
        {
            writer.TryAddAbsSendTime(transceiver.AbsSendTimeExtensionId, _config.WallClock, _now);
        }

        if (transceiver.TransportSequenceExtensionId != 0)
        {
            writer.TryAddTransportSequenceNumber(transceiver.TransportSequenceExtensionId, _transportSequence);
        }

        if (!writer.TryWritePayload(payload, out int length))
        {
            throw new ArgumentException("The payload does not fit in one datagram.", nameof(payload));
        }

        if (_srtpOut.ProtectRtp(packet, length, out int protectedLength) != SrtpResult.Ok)
        {
            Counters.DroppedNoSrtp++;
            return false;
        }

        _outbound.Commit(protectedLength);
        if (transceiver.TransportSequenceExtensionId != 0)
        {
            _transportSequence++;
        }

        sender.NextSequenceNumber++;
        sender.PacketsSent++;
        sender.BytesSent += payload.Length;
        return true;
    }

    /// <summary>
    /// Asks the remote sender of <paramref name="transceiver"/> for a key frame (RTCP PLI, RFC 4585
    /// section 6.3.1), for example to forward a key-frame request in an echo or an SFU.
    /// </summary>
    /// <returns>False when nothing has been received on it yet or keys are not ready.</returns>
    public bool RequestKeyFrame(RtcRtpTransceiver transceiver)
    {
        ArgumentNullException.ThrowIfNull(transceiver);
        uint mediaSsrc = transceiver.Receiver.LastSsrc;
        if (_srtpOut is null || mediaSsrc == 0 || _closed)
        {
            return false;
        }

        if (!_outbound.TryReserve(out byte[] slot))
        {
            Counters.DroppedQueueFull++;
            return false;
        }

        Span<byte> compound = slot.AsSpan(RtpSlotOffset, slot.Length - RtpSlotOffset - IceAgent.SendTailroom);
        int length = WriteEmptyReceiverReport(compound, transceiver.Sender.Ssrc);
        new RtcpPliWriter(transceiver.Sender.Ssrc, mediaSsrc).TryWriteTo(compound[length..], out int pliLength);
        length += pliLength;
        if (_srtpOut.ProtectRtcp(compound, length, out int protectedLength) != SrtpResult.Ok)
        {
            return false;
        }

        _outbound.Commit(protectedLength);
        return true;
    }

    private void ReceiveRtp(MonoTime now, Span<byte> data)
    {
        if (_srtpIn is null)
        {
            Counters.DroppedNoSrtp++;
            return;
        }

        if (_srtpIn.UnprotectRtp(data, out int length) != SrtpResult.Ok)
        {
            Counters.DroppedUnprotectFailed++;
            return;
        }

        if (!RtpPacketReader.TryRead(data[..length], out RtpPacketReader packet))
        {
            Counters.DroppedMalformedRtp++;
            return;
        }

        RtcRtpTransceiver? transceiver = Route(packet, out bool rtx);
        if (transceiver is null)
        {
            Counters.DroppedUnroutable++;
            return;
        }

        if (rtx)
        {
            Counters.RtxReceived++;
            return;
        }

        RtcRtpReceiver receiver = transceiver.Receiver;
        receiver.PacketsReceived++;
        receiver.BytesReceived += packet.Payload.Length;
        receiver.LastSsrc = packet.Ssrc;
        receiver.LastSequenceNumber = packet.SequenceNumber;
        receiver.Sink?.OnRtpPacket(transceiver, packet, now);
    }

    private void ReceiveRtcp(MonoTime now, Span<byte> data)
    {
        _ = now;
        if (_srtpIn is null)
        {
            Counters.DroppedNoSrtp++;
            return;
        }

        if (_srtpIn.UnprotectRtcp(data, out int length) != SrtpResult.Ok)
        {
            Counters.DroppedUnprotectFailed++;
            return;
        }

        var reader = new RtcpCompoundReader(data[..length]);
        while (reader.TryReadNext(out RtcpPacket packet))
        {
            if (packet.PacketType != (byte)RtcpPacketType.PayloadFeedback
                || packet.FeedbackMessageType is not (RtcpFeedback.PictureLossFormat or RtcpFeedback.FullIntraRequestFormat)
                || packet.Raw.Length < RtcpFeedback.CommonLength)
            {
                continue;
            }

            bool fir = packet.FeedbackMessageType == RtcpFeedback.FullIntraRequestFormat;
            uint target = fir && RtcpFirReader.TryRead(packet, out RtcpFirReader firReader) && firReader.EntryCount > 0
                ? firReader.GetEntry(0).Ssrc
                : RtcpFeedback.MediaSsrc(packet);
            foreach (RtcRtpTransceiver transceiver in _transceivers)
            {
                if (transceiver.Sender.Ssrc == target)
                {
                    transceiver.Sender.KeyFrameRequests++;
                    Raise(new RtcKeyFrameRequestedEvent(transceiver, fir));
                }
            }
        }
    }

    // Routing (RFC 8843 section 9.2): a known SSRC first; else the mid header extension; else a
    // payload type only one transceiver negotiated. A new SSRC learned this way is remembered.
    private RtcRtpTransceiver? Route(in RtpPacketReader packet, out bool rtx)
    {
        if (_bySsrc.TryGetValue(packet.Ssrc, out (RtcRtpTransceiver Transceiver, bool Rtx) known))
        {
            rtx = known.Rtx;
            return known.Transceiver;
        }

        RtcRtpTransceiver? found = null;
        foreach (RtcRtpTransceiver transceiver in _transceivers)
        {
            if (transceiver.MidExtensionId != 0
                && packet.TryGetExtension(transceiver.MidExtensionId, out ReadOnlySpan<byte> mid)
                && mid.SequenceEqual(transceiver.MidBytes))
            {
                found = transceiver;
                break;
            }
        }

        rtx = false;
        if (found is null)
        {
            foreach (RtcRtpTransceiver transceiver in _transceivers)
            {
                if (transceiver.Negotiated is { } media && Offers(media, packet.PayloadType, out bool isRtx))
                {
                    if (found is not null)
                    {
                        return null; // ambiguous
                    }

                    found = transceiver;
                    rtx = isRtx;
                }
            }
        }
        else
        {
            rtx = found.Negotiated is { } media && Offers(media, packet.PayloadType, out bool isRtx) && isRtx;
        }

        if (found is not null && found.CanReceive && _bySsrc.Count < MaxRemoteSsrcs)
        {
            _bySsrc[packet.Ssrc] = (found, rtx);
        }

        return found is { CanReceive: true } ? found : null;
    }

    private static bool Offers(NegotiatedMedia media, int payloadType, out bool rtx)
    {
        foreach (NegotiatedCodec codec in media.Codecs)
        {
            if (codec.PayloadType == payloadType)
            {
                rtx = false;
                return true;
            }

            if (codec.RtxPayloadType == payloadType)
            {
                rtx = true;
                return true;
            }
        }

        rtx = false;
        return false;
    }

    private void RegisterRemoteSsrcs(RtcRtpTransceiver transceiver, NegotiatedMedia media)
    {
        foreach (uint ssrc in media.RemoteSsrcs)
        {
            if (_bySsrc.Count < MaxRemoteSsrcs)
            {
                bool isRtx = media.RemoteRtxSsrcs.Values.Contains(ssrc);
                _bySsrc[ssrc] = (transceiver, isRtx);
            }
        }
    }

    // An RR with no report blocks (RFC 3550 section 6.4.2) heads a compound that carries only feedback.
    private static int WriteEmptyReceiverReport(Span<byte> destination, uint ssrc)
    {
        destination[0] = 0x80;
        destination[1] = (byte)RtcpPacketType.ReceiverReport;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 1);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        return 8;
    }
}
