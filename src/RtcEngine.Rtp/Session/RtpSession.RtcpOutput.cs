using RtcEngine.Primitives;
using RtcEngine.Rtp.Rtcp;

namespace RtcEngine.Rtp;

public sealed partial class RtpSession
{
    private const int LowerLayerOverhead = 28; // IPv4 + UDP, counted in the RTCP average size (RFC 3550 6.2)

    private readonly ushort[] _nackScratch;
    private readonly RtcpReportBlock[] _blockScratch;
    private readonly uint[] _ssrcScratch;
    private MonoTime _nextReportTime;
    private MonoTime _lastReportTime;
    private bool _reportDue;
    private bool _sentFirstReport;
    private double _averageRtcpSize = 100;
    private bool _byePending;
    private bool _closed;
    private MonoTime _nextTwccTime;
    private MonoTime _nextRembTime;

    /// <inheritdoc />
    public MonoTime PollTimeout()
    {
        if (!_started || _closed)
        {
            return _byePending ? _now : MonoTime.Never;
        }

        if (_reportDue || _byePending || _retransmitCount > 0)
        {
            return _now;
        }

        MonoTime next = _nextReportTime;
        if (_options.SendTransportFeedback && _twccRecorder.HasPending)
        {
            next = MonoTime.Min(next, _nextTwccTime);
        }

        if (_options.SendRemb && _incoming.IncomingBitrate > 0)
        {
            next = MonoTime.Min(next, _nextRembTime);
        }

        foreach (RtpReceiveStream stream in _receive)
        {
            if (stream.Nack is { } nack)
            {
                next = MonoTime.Min(next, nack.NextDue);
            }

            if (stream.KeyframeRequestPending)
            {
                next = MonoTime.Min(next, MonoTime.Max(_now, stream.KeyframeRequestAllowedAt));
            }
        }

        return next;
    }

    /// <inheritdoc />
    public void HandleTimeout(MonoTime now)
    {
        Advance(now);
        if (_closed || _reportDue || now < _nextReportTime)
        {
            return;
        }

        // Timer reconsideration (RFC 3550 6.3.6): with the current membership, is it time yet?
        TimeSpan interval = RtcpInterval.Randomize(ComputeDeterministicInterval(!_sentFirstReport), _random.NextDouble());
        if (_lastReportTime + interval > now)
        {
            _nextReportTime = _lastReportTime + interval;
            return;
        }

        _reportDue = true;
        ExpireReceiveStreams(now);
    }

    /// <summary>
    /// Writes the next RTCP datagram (plaintext, for SRTCP): a BYE compound after <see cref="Close"/>,
    /// else the regular report when due (SR or RR with report blocks, SDES CNAME, XR), else feedback
    /// that is due (keyframe requests, NACKs, transport-wide feedback, REMB), packed up to the MTU;
    /// reduced-size when negotiated, otherwise behind an RR and SDES.
    /// </summary>
    /// <returns>False when nothing is due.</returns>
    public bool TryPollRtcp(Span<byte> destination, out int written)
    {
        written = 0;
        if (!_started || _closed)
        {
            return false;
        }

        Span<byte> space = destination.Length > _options.Mtu ? destination.Slice(0, _options.Mtu) : destination;
        if (_byePending)
        {
            written = WriteBye(space);
        }
        else if (_reportDue)
        {
            written = WriteRegularReport(space);
        }
        else
        {
            written = WriteFeedback(space);
        }

        if (written > 0)
        {
            Counters.RtcpSent++;
            return true;
        }

        return false;
    }

    /// <summary>
    /// Writes the next retransmission a NACK asked for (plaintext RTP, for SRTP): RFC 4588 RTX when
    /// configured, else the original packet. Packets not in the cache, too old, or retransmitted
    /// within the last RTT are skipped and counted.
    /// </summary>
    public bool TryPollRetransmission(Span<byte> destination, out int written)
    {
        while (_retransmitCount > 0)
        {
            int stream = _retransmitStream[_retransmitHead];
            ushort sequence = _retransmitSequence[_retransmitHead];
            _retransmitHead = (_retransmitHead + 1) % _retransmitStream.Length;
            _retransmitCount--;
            if (stream >= _send.Count)
            {
                continue;
            }

            if (_send[stream].TryWriteRetransmission(_now, sequence, RoundTripTime, destination, out written, out RtxCache.Miss miss))
            {
                return true;
            }

            if (miss == RtxCache.Miss.TooSoon)
            {
                Counters.NackedTooSoon++;
            }
            else
            {
                Counters.NackedNotCached++;
            }
        }

        written = 0;
        return false;
    }

    private int WriteRegularReport(Span<byte> destination)
    {
        _reportDue = false;
        int offset = WriteReports(destination, _now, includeBlocks: true);
        offset += WriteSdes(destination.Slice(offset));
        offset += WriteExtendedReport(destination.Slice(offset), _now);

        // Reduced-size feedback may follow in the same datagram (RFC 4585 allows it in a compound).
        offset += WriteFeedbackPackets(destination.Slice(offset));

        _averageRtcpSize = (offset + LowerLayerOverhead) / 16.0 + _averageRtcpSize * 15 / 16;
        _sentFirstReport = true;
        _lastReportTime = _now;
        _nextReportTime = _now + RtcpInterval.Randomize(ComputeDeterministicInterval(initial: false), _random.NextDouble());
        return offset;
    }

    private int WriteFeedback(Span<byte> destination)
    {
        if (_options.ReducedSizeRtcp)
        {
            return WriteFeedbackPackets(destination);
        }

        // Full compound: an empty RR and SDES ahead of the feedback (RFC 4585 3.5).
        int prefix = WriteReports(destination, _now, includeBlocks: false);
        prefix += WriteSdes(destination.Slice(prefix));
        int feedback = WriteFeedbackPackets(destination.Slice(prefix));
        return feedback == 0 ? 0 : prefix + feedback;
    }

    private int WriteFeedbackPackets(Span<byte> destination)
    {
        int offset = 0;
        uint sender = ReportingSsrc;
        foreach (RtpReceiveStream stream in _receive)
        {
            if (stream.KeyframeRequestPending && _now >= stream.KeyframeRequestAllowedAt)
            {
                int n = WriteKeyframeRequest(destination.Slice(offset), sender, stream);
                if (n > 0)
                {
                    offset += n;
                    stream.KeyframeRequestPending = false;
                    stream.KeyframeRequestAllowedAt = _now + _options.KeyframeRequestInterval;
                }
            }

            if (stream.Nack is { } nack && nack.NextDue <= _now)
            {
                // At most what fits: 12 bytes of header, 4 per (PID, BLP) pair, one pair per number at worst.
                int room = Math.Min(_nackScratch.Length, (destination.Length - offset - RtcpFeedback.CommonLength) / 4);
                if (room <= 0)
                {
                    continue;
                }

                int count = nack.CollectDue(_now, RoundTripTime, _nackScratch.AsSpan(0, room));
                if (count > 0 && new RtcpNackWriter(sender, stream.Ssrc, _nackScratch.AsSpan(0, count)).TryWriteTo(destination.Slice(offset), out int n))
                {
                    offset += n;
                    stream.NackCount++;
                }
            }
        }

        if (_options.SendTransportFeedback && _twccRecorder.HasPending && _nextTwccTime <= _now)
        {
            bool any = false;
            while (_twccRecorder.HasPending && _twccRecorder.TryWriteFeedback(sender, destination.Slice(offset), out int n))
            {
                offset += n;
                any = true;
            }

            // When the message did not fit behind a report, the next datagram carries it at once.
            if (any || !_twccRecorder.HasPending || offset == 0)
            {
                _nextTwccTime = _now + _options.TransportFeedbackInterval;
            }
        }

        if (_options.SendRemb && _incoming.IncomingBitrate > 0 && _nextRembTime <= _now)
        {
            int count = 0;
            foreach (RtpReceiveStream stream in _receive)
            {
                if (count < _ssrcScratch.Length)
                {
                    _ssrcScratch[count++] = stream.Ssrc;
                }
            }

            long estimate = _incoming.Update(CurrentFractionLost());
            if (new RtcpRembWriter(sender, (ulong)estimate, _ssrcScratch.AsSpan(0, count)).TryWriteTo(destination.Slice(offset), out int n))
            {
                offset += n;
            }

            _nextRembTime = _now + _options.RembInterval;
        }

        return offset;
    }

    private int WriteKeyframeRequest(Span<byte> destination, uint sender, RtpReceiveStream stream)
    {
        if (stream.Config.UseFir)
        {
            stream.FirSequence++;
            if (new RtcpFirWriter(sender, stream.Ssrc, stream.FirSequence).TryWriteTo(destination, out int fir))
            {
                stream.FirCount++;
                return fir;
            }

            stream.FirSequence--;
            return 0;
        }

        if (new RtcpPliWriter(sender, stream.Ssrc).TryWriteTo(destination, out int pli))
        {
            stream.PliCount++;
            return pli;
        }

        return 0;
    }

    // SR for each stream that sent since the last report (the first carries the blocks), or an RR.
    private int WriteReports(Span<byte> destination, MonoTime now, bool includeBlocks)
    {
        int blocks = includeBlocks ? CollectReportBlocks(now) : 0;
        int firstBlocks = Math.Min(blocks, 31);
        int offset = 0;
        bool wroteSr = false;
        foreach (RtpSendStream stream in _send)
        {
            if (!stream.HasSentSinceLastReport)
            {
                continue;
            }

            ReadOnlySpan<RtcpReportBlock> mine = wroteSr ? default : _blockScratch.AsSpan(0, firstBlocks);
            RtcpSenderReportWriter sr = stream.CreateSenderReport(now, mine);
            if (!sr.TryWriteTo(destination.Slice(offset), out int n))
            {
                break;
            }

            offset += n;
            wroteSr = true;
        }

        int next = wroteSr ? firstBlocks : 0;
        if (!wroteSr || blocks > next)
        {
            // RRs carry the remaining blocks, 31 at a time (always one RR when nothing was sent).
            do
            {
                int take = Math.Min(31, blocks - next);
                if (!new RtcpReceiverReportWriter(ReportingSsrc, _blockScratch.AsSpan(next, take)).TryWriteTo(destination.Slice(offset), out int n))
                {
                    break;
                }

                offset += n;
                next += take;
            }
            while (next < blocks);
        }

        return offset;
    }

    private int CollectReportBlocks(MonoTime now)
    {
        int count = 0;
        TimeSpan active = _options.MinimumReportInterval * 2;
        foreach (RtpReceiveStream stream in _receive)
        {
            if (count == _blockScratch.Length || !stream.Sequence.IsValid)
            {
                continue;
            }

            if (stream.HasPacketsSinceLastReport || now - stream.LastPacketTime <= active)
            {
                _blockScratch[count++] = stream.CreateReportBlock(now);
            }
        }

        return count;
    }

    private int WriteSdes(Span<byte> destination)
    {
        int count = 0;
        foreach (RtpSendStream stream in _send)
        {
            if (count < _ssrcScratch.Length)
            {
                _ssrcScratch[count++] = stream.Ssrc;
            }
        }

        if (count == 0)
        {
            _ssrcScratch[count++] = ReceiverSsrc;
        }

        return new RtcpSdesWriter(_ssrcScratch.AsSpan(0, count), _cname).TryWriteTo(destination, out int n) ? n : 0;
    }

    private int WriteExtendedReport(Span<byte> destination, MonoTime now)
    {
        bool rrtr = _options.SendReceiverReferenceTime;
        if (!rrtr && _rrtrReplyCount == 0)
        {
            return 0;
        }

        Span<RtcpDlrrItem> items = stackalloc RtcpDlrrItem[MaxRrtrReplies];
        for (int i = 0; i < _rrtrReplyCount; i++)
        {
            (uint ssrc, uint lrr, MonoTime arrival) = _rrtrReplies[i];
            items[i] = new RtcpDlrrItem(ssrc, lrr, NtpTime.ToCompactUnits(now - arrival));
        }

        var xr = new RtcpExtendedReportWriter(ReportingSsrc, rrtr ? Anchor.ToNtp(now) : null, items.Slice(0, _rrtrReplyCount));
        if (!xr.TryWriteTo(destination, out int n))
        {
            return 0;
        }

        _rrtrReplyCount = 0;
        return n;
    }

    private int WriteBye(Span<byte> destination)
    {
        _byePending = false;
        int offset = WriteReports(destination, _now, includeBlocks: true);
        offset += WriteSdes(destination.Slice(offset));
        int count = 0;
        foreach (RtpSendStream stream in _send)
        {
            if (count < _ssrcScratch.Length)
            {
                _ssrcScratch[count++] = stream.Ssrc;
            }
        }

        if (count == 0)
        {
            _ssrcScratch[count++] = ReceiverSsrc;
        }

        if (new RtcpByeWriter(_ssrcScratch.AsSpan(0, count)).TryWriteTo(destination.Slice(offset), out int n))
        {
            offset += n;
        }

        _closed = true;
        return offset;
    }

    // The SSRC our RTCP comes from: the first send stream's, or the receive-only one.
    private uint ReportingSsrc => _send.Count > 0 ? _send[0].Ssrc : ReceiverSsrc;

    private TimeSpan ComputeDeterministicInterval(bool initial)
    {
        int senders = 0;
        bool weSent = false;
        foreach (RtpSendStream stream in _send)
        {
            if (stream.HasSentSinceLastReport)
            {
                senders++;
                weSent = true;
            }
        }

        TimeSpan active = _options.MinimumReportInterval * 2;
        foreach (RtpReceiveStream stream in _receive)
        {
            if (_now - stream.LastPacketTime <= active)
            {
                senders++;
            }
        }

        int members = Math.Max(2, _send.Count + _receive.Count + (_send.Count == 0 ? 1 : 0));
        double rtcpBandwidth = _options.SessionBandwidth / 8.0 * 0.05;
        return RtcpInterval.Deterministic(members, senders, rtcpBandwidth, weSent, _averageRtcpSize, initial, _options.MinimumReportInterval);
    }

    private double CurrentFractionLost()
    {
        long expected = 0;
        long lost = 0;
        foreach (RtpReceiveStream stream in _receive)
        {
            expected += stream.Sequence.Expected;
            lost += stream.Sequence.Lost;
        }

        long expectedInterval = expected - _rembExpectedPrior;
        long lostInterval = lost - _rembLostPrior;
        _rembExpectedPrior = expected;
        _rembLostPrior = lost;
        return expectedInterval <= 0 || lostInterval <= 0 ? 0 : (double)lostInterval / expectedInterval;
    }

    private long _rembExpectedPrior;
    private long _rembLostPrior;

    private void ExpireReceiveStreams(MonoTime now)
    {
        for (int i = _receive.Count - 1; i >= 0; i--)
        {
            RtpReceiveStream stream = _receive[i];
            if (_receiveAutoCreated[i] && now - stream.LastPacketTime > _options.ReceiveStreamTimeout)
            {
                RemoveReceiveAt(i);
                Enqueue(new RtpSessionEvent(RtpSessionEventKind.ReceiveStreamRemoved, stream.Ssrc));
            }
        }
    }
}
