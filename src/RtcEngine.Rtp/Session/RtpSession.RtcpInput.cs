using RtcEngine.Primitives;
using RtcEngine.Rtp.Rtcp;

namespace RtcEngine.Rtp;

public sealed partial class RtpSession
{
    private const int MaxRrtrReplies = 4;

    // Receiver reference times to answer with DLRR (RFC 3611 4.5): (SSRC, LRR, arrival).
    private readonly (uint Ssrc, uint Lrr, MonoTime Arrival)[] _rrtrReplies = new (uint, uint, MonoTime)[MaxRrtrReplies];
    private int _rrtrReplyCount;

    /// <summary>
    /// Takes one received RTCP datagram (after SRTCP unprotect): a compound or reduced-size packets.
    /// Sender reports feed remote-outbound statistics and LSR; report blocks about our streams give
    /// loss, jitter and RTT; NACKs queue retransmissions; PLI/FIR raise keyframe requests; REMB and
    /// transport-wide feedback raise events; XR RRTR is answered with DLRR and DLRR gives RTT. A
    /// malformed packet ends the compound (the packets before it count); never throws.
    /// </summary>
    public void ReceiveRtcp(MonoTime now, ReadOnlySpan<byte> datagram)
    {
        Advance(now);
        Counters.RtcpReceived++;
        _twccResultCount = 0;
        var reader = new RtcpCompoundReader(datagram);
        while (reader.TryReadNext(out RtcpPacket packet))
        {
            bool understood = packet.Kind switch
            {
                RtcpPacketKind.SenderReport => OnSenderReport(now, packet),
                RtcpPacketKind.ReceiverReport => OnReceiverReport(now, packet),
                RtcpPacketKind.SourceDescription => RtcpSdesReader.TryRead(packet, out _),
                RtcpPacketKind.Goodbye => OnBye(packet),
                RtcpPacketKind.ApplicationDefined => RtcpAppReader.TryRead(packet, out _),
                RtcpPacketKind.GenericNack => OnNack(now, packet),
                RtcpPacketKind.PictureLossIndication => OnPli(packet),
                RtcpPacketKind.FullIntraRequest => OnFir(packet),
                RtcpPacketKind.ReceiverEstimatedMaximumBitrate => OnRemb(packet),
                RtcpPacketKind.TransportWideFeedback => OnTransportFeedback(packet),
                RtcpPacketKind.ExtendedReport => OnExtendedReport(now, packet),
                _ => UnknownPacket(),
            };
            if (!understood)
            {
                Counters.RtcpInvalidPackets++;
            }
        }

        if (reader.Error != RtcpParseError.None)
        {
            Counters.RtcpMalformed++;
        }
    }

    private bool UnknownPacket()
    {
        Counters.RtcpUnknownPackets++;
        return true;
    }

    private bool OnSenderReport(MonoTime now, in RtcpPacket packet)
    {
        if (!RtcpSenderReportReader.TryRead(packet, out RtcpSenderReportReader sr))
        {
            return false;
        }

        if (TryGetReceiveStream(sr.Ssrc, out RtpReceiveStream stream))
        {
            stream.OnSenderReport(now, sr.NtpTimestamp, sr.RtpTimestamp, sr.PacketCount, sr.OctetCount);
        }

        for (int i = 0; i < sr.ReportCount; i++)
        {
            OnReportBlock(now, sr.GetReportBlock(i));
        }

        return true;
    }

    private bool OnReceiverReport(MonoTime now, in RtcpPacket packet)
    {
        if (!RtcpReceiverReportReader.TryRead(packet, out RtcpReceiverReportReader rr))
        {
            return false;
        }

        for (int i = 0; i < rr.ReportCount; i++)
        {
            OnReportBlock(now, rr.GetReportBlock(i));
        }

        return true;
    }

    private void OnReportBlock(MonoTime now, in RtcpReportBlock block)
    {
        if (!TryGetSendStream(block.Ssrc, out RtpSendStream stream))
        {
            return; // blocks about other sources (another receiver's view) are not ours to keep
        }

        if (stream.OnReportBlock(now, block) is { } rtt)
        {
            OnRoundTrip(stream.Ssrc, rtt);
        }
    }

    private void OnRoundTrip(uint ssrc, TimeSpan rtt)
    {
        RoundTripTime = rtt;
        Enqueue(new RtpSessionEvent(RtpSessionEventKind.RoundTripTimeMeasured, ssrc, (ulong)(rtt.Ticks / TimeSpan.TicksPerMicrosecond)));
    }

    private bool OnBye(in RtcpPacket packet)
    {
        if (!RtcpByeReader.TryRead(packet, out RtcpByeReader bye))
        {
            return false;
        }

        for (int i = 0; i < bye.SourceCount; i++)
        {
            uint ssrc = bye.GetSsrc(i);
            for (int s = 0; s < _receive.Count; s++)
            {
                if (_receive[s].Ssrc != ssrc)
                {
                    continue;
                }

                Enqueue(new RtpSessionEvent(RtpSessionEventKind.Goodbye, ssrc));
                if (_receiveAutoCreated[s])
                {
                    RemoveReceiveAt(s);
                    Enqueue(new RtpSessionEvent(RtpSessionEventKind.ReceiveStreamRemoved, ssrc));
                }

                break;
            }
        }

        return true;
    }

    private bool OnNack(MonoTime now, in RtcpPacket packet)
    {
        if (!RtcpNackReader.TryRead(packet, out RtcpNackReader nack))
        {
            return false;
        }

        int index = SendStreamIndex(nack.MediaSsrc);
        if (index < 0)
        {
            Counters.RtcpUnknownMediaSsrc++;
            return true;
        }

        _send[index].NackCount++;
        int guard = 0;
        while (nack.TryReadNext(out ushort sequence) && guard++ < 4096)
        {
            if (_retransmitCount == _retransmitStream.Length)
            {
                Counters.RetransmissionQueueFull++;
                continue;
            }

            int slot = (_retransmitHead + _retransmitCount) % _retransmitStream.Length;
            _retransmitStream[slot] = index;
            _retransmitSequence[slot] = sequence;
            _retransmitCount++;
        }

        return true;
    }

    private bool OnPli(in RtcpPacket packet)
    {
        if (!RtcpPliReader.TryRead(packet, out _, out uint media))
        {
            return false;
        }

        if (!TryGetSendStream(media, out RtpSendStream stream))
        {
            Counters.RtcpUnknownMediaSsrc++;
            return true;
        }

        stream.PliCount++;
        Enqueue(new RtpSessionEvent(RtpSessionEventKind.KeyframeRequested, stream.Ssrc));
        return true;
    }

    private bool OnFir(in RtcpPacket packet)
    {
        if (!RtcpFirReader.TryRead(packet, out RtcpFirReader fir))
        {
            return false;
        }

        for (int i = 0; i < fir.EntryCount; i++)
        {
            (uint ssrc, byte sequence) = fir.GetEntry(i);
            if (!TryGetSendStream(ssrc, out RtpSendStream stream))
            {
                continue; // entries for other senders of a multi-party session
            }

            stream.FirCount++;
            if (stream.IsNewFir(sequence))
            {
                Enqueue(new RtpSessionEvent(RtpSessionEventKind.KeyframeRequested, stream.Ssrc, sequence, FullIntraRequest: true));
            }
        }

        return true;
    }

    private bool OnRemb(in RtcpPacket packet)
    {
        if (!RtcpRembReader.TryRead(packet, out RtcpRembReader remb))
        {
            return false;
        }

        Enqueue(new RtpSessionEvent(RtpSessionEventKind.RemoteBitrateEstimate, remb.SsrcCount > 0 ? remb.GetSsrc(0) : 0, remb.Bitrate));
        return true;
    }

    private bool OnTransportFeedback(in RtcpPacket packet)
    {
        if (!RtcpTransportFeedbackReader.TryRead(packet, out RtcpTransportFeedbackReader feedback))
        {
            return false;
        }

        // Several messages in one compound: results accumulate until the next RTCP input.
        int written = _twccHistory.Process(ref feedback, _twccResults.AsSpan(_twccResultCount));
        _twccResultCount += written;
        Enqueue(new RtpSessionEvent(RtpSessionEventKind.TransportFeedback, feedback.MediaSsrc, (ulong)_twccResultCount));
        return true;
    }

    private bool OnExtendedReport(MonoTime now, in RtcpPacket packet)
    {
        if (!RtcpExtendedReportReader.TryRead(packet, out RtcpExtendedReportReader xr))
        {
            return false;
        }

        while (xr.TryReadNextBlock(out RtcpXrBlock block))
        {
            if (RtcpExtendedReportReader.TryReadReceiverReferenceTime(block, out NtpTime ntp))
            {
                RememberRrtr(xr.Ssrc, ntp.Middle32, now);
                continue;
            }

            for (int i = 0; i < RtcpExtendedReportReader.GetDlrrItemCount(block); i++)
            {
                RtcpDlrrItem item = RtcpExtendedReportReader.GetDlrrItem(block, i);
                if (item.Ssrc != ReceiverSsrc || item.LastReceiverReport == 0)
                {
                    continue;
                }

                uint arrival = Anchor.ToNtp(now).Middle32;
                int units = (int)(arrival - item.LastReceiverReport - item.DelaySinceLastReceiverReport);
                TimeSpan rtt = units <= 0 ? TimeSpan.Zero : NtpTime.FromCompactUnits((uint)units);
                foreach (RtpReceiveStream stream in _receive)
                {
                    stream.OnDlrrRoundTrip(rtt);
                }

                OnRoundTrip(xr.Ssrc, rtt);
            }
        }

        return true;
    }

    private void RememberRrtr(uint ssrc, uint lrr, MonoTime now)
    {
        for (int i = 0; i < _rrtrReplyCount; i++)
        {
            if (_rrtrReplies[i].Ssrc == ssrc)
            {
                _rrtrReplies[i] = (ssrc, lrr, now);
                return;
            }
        }

        if (_rrtrReplyCount < MaxRrtrReplies)
        {
            _rrtrReplies[_rrtrReplyCount++] = (ssrc, lrr, now);
        }
    }

    private int SendStreamIndex(uint ssrc)
    {
        for (int i = 0; i < _send.Count; i++)
        {
            if (_send[i].Ssrc == ssrc)
            {
                return i;
            }
        }

        return -1;
    }
}
