using RtcEngine.Ice.Agent;
using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Sdp;
using RtcEngine.Sdp.Jsep;
using RtcEngine.Srtp;

namespace RtcEngine.Session;

/// <summary>
/// The media path: SRTP unprotect, the RTP session (streams, statistics, RTCP, NACK/RTX, TWCC),
/// routing to transceivers, and sending RTP.
/// </summary>
public sealed partial class RtcConnection
{
    private const int MaxRemoteSsrcs = 64;
    private const int Headroom = IceAgent.SendHeadroom;

    // Remote SSRC to its stream and transceiver (RTX SSRCs are resolved by the RTP session first).
    private readonly Dictionary<uint, RtcRemoteStream> _bySsrc = [];
    private readonly RtpHeaderExtensionMap _extensionMap = new();
    private RtpSession? _rtp;

    /// <summary>
    /// For diagnostics and captures: sees every RTCP compound received, after SRTCP unprotect and
    /// before the RTP session reads it, on the connection's thread (the bytes are valid only for the
    /// call). Null in production.
    /// </summary>
    public RtcpObserver? RtcpObserver { get; set; }

    /// <summary>The RTP session (streams, RTCP), once media was negotiated.</summary>
    public RtpSession? RtpSession => _rtp;

    /// <summary>The latest round-trip time measured from RTCP (RFC 3550 LSR/DLSR), or zero before any.</summary>
    public TimeSpan RoundTripTime => _rtp?.RoundTripTime ?? TimeSpan.Zero;

    /// <summary>
    /// Sends one RTP packet on <paramref name="transceiver"/>: the send stream writes the header with
    /// the negotiated extensions (mid, abs-send-time, transport-wide sequence number) and keeps a
    /// copy for retransmission; the packet is protected with SRTP and queued for
    /// <see cref="TryPollTransmit"/>. Allocation-free.
    /// </summary>
    /// <param name="transceiver">A transceiver of this connection that may send.</param>
    /// <param name="payload">The RTP payload (an encoded frame or a packetized part of one).</param>
    /// <param name="rtpTimestamp">The RTP timestamp.</param>
    /// <param name="marker">The marker bit (last packet of a video frame).</param>
    /// <param name="payloadType">The payload type; -1 for the transceiver's first negotiated codec.</param>
    /// <param name="rid">The simulcast layer to send on (null: the first or only one).</param>
    /// <param name="audioLevel">The audio level to stamp (RFC 6464) when the extension was negotiated; null for none.</param>
    /// <returns>False (and counted) when it cannot be sent now: keys not ready, not negotiated to send, queue full.</returns>
    public bool SendRtp(RtcRtpTransceiver transceiver, ReadOnlySpan<byte> payload, uint rtpTimestamp, bool marker, int payloadType = -1, string? rid = null, AudioLevel? audioLevel = null)
    {
        ArgumentNullException.ThrowIfNull(transceiver);
        if (_srtpOut is null || _closed || !transceiver.CanSend || transceiver.Sender.GetStream(rid) is not { } stream)
        {
            Counters.SendsRefused++;
            return false;
        }

        if (!_outbound.TryReserve(out byte[] slot))
        {
            Counters.DroppedQueueFull++;
            return false;
        }

        Span<byte> room = slot.AsSpan(Headroom, slot.Length - Headroom - IceAgent.SendTailroom);
        var options = new RtpPacketOptions(rtpTimestamp, marker, payloadType is >= 0 and <= 127 ? (byte)payloadType : null, audioLevel);
        if (!stream.TryWritePacket(_now, options, payload, room[..(room.Length - _srtpOut.RtpOverhead)], out int length))
        {
            throw new ArgumentException("The payload does not fit in one datagram.", nameof(payload));
        }

        if (_srtpOut.ProtectRtp(room, length, out int protectedLength) != SrtpResult.Ok)
        {
            Counters.SendsRefused++;
            return false;
        }

        _outbound.Commit(protectedLength);
        return true;
    }

    /// <summary>
    /// Asks the remote sender of <paramref name="transceiver"/> for a key frame (RTCP PLI, or FIR
    /// where negotiated), for example to forward a key-frame request in an echo or an SFU.
    /// </summary>
    /// <returns>False when nothing has been received on it yet.</returns>
    public bool RequestKeyFrame(RtcRtpTransceiver transceiver)
    {
        ArgumentNullException.ThrowIfNull(transceiver);
        uint ssrc = transceiver.Receiver.LastSsrc;
        return ssrc != 0 && _rtp is not null && !_closed && _rtp.RequestKeyframe(ssrc);
    }

    private void ReceiveRtp(MonoTime now, Span<byte> data)
    {
        if (_srtpIn is null || _rtp is null)
        {
            Counters.DroppedNoSrtp++;
            return;
        }

        if (_srtpIn.UnprotectRtp(data, out int length) != SrtpResult.Ok)
        {
            Counters.DroppedUnprotectFailed++;
            return;
        }

        Span<byte> packet = data[..length];
        RtpReceiveResult result = _rtp.ReceiveRtp(now, packet, out RtpPacketReader view);
        if (result.Status == RtpReceiveStatus.UnknownRtxStream && TryAssociateRtx(view))
        {
            result = _rtp.ReceiveRtp(now, packet, out view);
        }

        // Probation (RFC 3550 A.1) only delays statistics; the first packets of a stream carry the
        // key frame, so they are delivered too.
        if (!result.ShouldDeliver && result.Status != RtpReceiveStatus.Probation)
        {
            if (result.Status == RtpReceiveStatus.Dropped)
            {
                Counters.DroppedMalformedRtp++;
            }

            return;
        }

        RtcRemoteStream? remote = Route(view);
        if (remote is null || !remote.Transceiver.CanReceive)
        {
            Counters.DroppedUnroutable++;
            return;
        }

        RtcRtpTransceiver transceiver = remote.Transceiver;
        RtcRtpReceiver receiver = transceiver.Receiver;
        receiver.PacketsReceived++;
        receiver.BytesReceived += view.Payload.Length;
        receiver.LastSsrc = view.Ssrc;
        remote.Stream ??= result.Stream;
        receiver.Sink?.OnRtpPacket(transceiver, view, now);
        AssembleFrames(remote, view, now);
    }

    private void ReceiveRtcp(MonoTime now, Span<byte> data)
    {
        if (_srtpIn is null || _rtp is null)
        {
            Counters.DroppedNoSrtp++;
            return;
        }

        if (_srtpIn.UnprotectRtcp(data, out int length) != SrtpResult.Ok)
        {
            Counters.DroppedUnprotectFailed++;
            return;
        }

        RtcpObserver?.Invoke(data[..length]);
        _rtp.ReceiveRtcp(now, data[..length]);
    }

    private void ProcessRtpEvents()
    {
        if (_rtp is null)
        {
            return;
        }

        while (_rtp.TryPollEvent(out RtpSessionEvent rtpEvent))
        {
            if (rtpEvent.Kind == RtpSessionEventKind.KeyframeRequested)
            {
                foreach (RtcRtpTransceiver transceiver in _transceivers)
                {
                    if (transceiver.Sender.Ssrc == rtpEvent.Ssrc)
                    {
                        transceiver.Sender.KeyFrameRequests++;
                        Raise(new RtcKeyFrameRequestedEvent(transceiver, rtpEvent.FullIntraRequest));
                    }
                }
            }
        }
    }

    // Retransmissions and RTCP from the RTP session, protected and framed for ICE.
    private bool TryPollRtpSession(Span<byte> destination, out TransmitInfo transmit)
    {
        transmit = default;
        if (_rtp is null || _srtpOut is null)
        {
            return false;
        }

        Span<byte> room = destination.Slice(Headroom, destination.Length - Headroom - IceAgent.SendTailroom);
        if (_rtp.TryPollRetransmission(room[..(room.Length - _srtpOut.RtpOverhead)], out int written))
        {
            return _srtpOut.ProtectRtp(room, written, out int protectedLength) == SrtpResult.Ok
                && FrameForIce(destination, Headroom, protectedLength, out transmit);
        }

        if (_rtp.TryPollRtcp(room[..(room.Length - _srtpOut.RtcpOverhead)], out written))
        {
            return _srtpOut.ProtectRtcp(room, written, out int protectedLength) == SrtpResult.Ok
                && FrameForIce(destination, Headroom, protectedLength, out transmit);
        }

        return false;
    }

    // Routing (RFC 8843 section 9.2): a known SSRC first; else the mid header extension; else a
    // payload type only one transceiver negotiated. A new SSRC becomes a remote stream of that
    // transceiver, named by its rid when it carries one (a simulcast layer, RFC 8852).
    private RtcRemoteStream? Route(in RtpPacketReader packet)
    {
        if (_bySsrc.TryGetValue(packet.Ssrc, out RtcRemoteStream? known))
        {
            return known;
        }

        RtcRtpTransceiver? found = FindTransceiver(packet);
        if (found is null || _bySsrc.Count >= MaxRemoteSsrcs)
        {
            return null;
        }

        string? rid = packet.TryGetRtpStreamId(_extensionMap, out ReadOnlySpan<byte> ridBytes)
            ? System.Text.Encoding.ASCII.GetString(ridBytes)
            : null;
        return AddRemoteStream(found, packet.Ssrc, rid);
    }

    private RtcRtpTransceiver? FindTransceiver(in RtpPacketReader packet)
    {
        if (packet.TryGetMid(_extensionMap, out ReadOnlySpan<byte> mid))
        {
            foreach (RtcRtpTransceiver transceiver in _transceivers)
            {
                if (mid.SequenceEqual(transceiver.MidBytes))
                {
                    return transceiver;
                }
            }

            return null;
        }

        RtcRtpTransceiver? found = null;
        foreach (RtcRtpTransceiver transceiver in _transceivers)
        {
            if (transceiver.Negotiated?.FindCodec(packet.PayloadType) is not null)
            {
                if (found is not null)
                {
                    return null; // ambiguous without a mid
                }

                found = transceiver;
            }
        }

        return found;
    }

    private RtcRemoteStream AddRemoteStream(RtcRtpTransceiver transceiver, uint ssrc, string? rid)
    {
        var remote = new RtcRemoteStream(transceiver, ssrc, rid)
        {
            RidBytes = rid is null ? null : System.Text.Encoding.ASCII.GetBytes(rid),
        };
        _bySsrc[ssrc] = remote;
        transceiver.Receiver.StreamList.Add(remote);
        return remote;
    }

    // An RTX stream's media SSRC: from the signalled FID groups, else by its repaired-rtp-stream-id
    // (the rid of the layer it repairs: how browsers send simulcast RTX without SSRCs in SDP).
    private bool TryAssociateRtx(in RtpPacketReader rtxPacket)
    {
        uint rtxSsrc = rtxPacket.Ssrc;
        foreach (RtcRtpTransceiver transceiver in _transceivers)
        {
            if (transceiver.Negotiated is { } media)
            {
                foreach ((uint mediaSsrc, uint rtx) in media.RemoteRtxSsrcs)
                {
                    if (rtx == rtxSsrc)
                    {
                        return _rtp!.AssociateRtx(rtxSsrc, mediaSsrc);
                    }
                }
            }
        }

        if (rtxPacket.TryGetRepairedRtpStreamId(_extensionMap, out ReadOnlySpan<byte> rrid) && FindTransceiver(rtxPacket) is { } owner)
        {
            foreach (RtcRemoteStream remote in owner.Receiver.Streams)
            {
                if (remote.RidBytes is { } rid && rrid.SequenceEqual(rid))
                {
                    return _rtp!.AssociateRtx(rtxSsrc, remote.Ssrc);
                }
            }
        }

        return false;
    }

    // SSRCs the remote announced (a=ssrc, with RTX through a=ssrc-group:FID) get their receive
    // streams now, so an RTX packet that arrives before the first media packet (a bandwidth probe)
    // is already associated, and every packet is counted.
    private void AddSignalledReceiveStreams(RtcRtpTransceiver transceiver, NegotiatedMedia media)
    {
        NegotiatedCodec codec = media.Codecs[0];
        RtpMediaKind kind = media.Kind == SdpMediaKind.Audio ? RtpMediaKind.Audio : RtpMediaKind.Video;
        bool nack = codec.Feedback.Any(f => f.Type == "nack" && f.Parameter is null);
        bool fir = codec.Feedback.Any(f => f.Type == "ccm" && f.Parameter == "fir");
        foreach (RtcRemoteStream remote in transceiver.Receiver.Streams)
        {
            if (remote.Stream is not null || _rtp!.TryGetReceiveStream(remote.Ssrc, out _))
            {
                continue;
            }

            remote.Stream = _rtp.AddReceiveStream(new RtpReceiveStreamConfig
            {
                Ssrc = remote.Ssrc,
                Kind = kind,
                ClockRate = codec.ClockRate,
                RtxSsrc = media.RemoteRtxSsrcs.TryGetValue(remote.Ssrc, out uint rtx) ? rtx : 0,
                Nack = nack && kind == RtpMediaKind.Video ? _rtp.Options.Nack : NackOptions.Disabled,
                MinSequential = 1,
                UseFir = fir,
            });
        }
    }

    // Configures the RTP session for a negotiated exchange: one header-extension map for the BUNDLE
    // (RFC 8843 requires the same ids across bundled m-lines), payload types, send streams.
    private void ConfigureRtp(NegotiatedSession negotiated)
    {
        _rtp ??= new RtpSession(
            new RtpSessionOptions
            {
                ExtensionMap = _extensionMap,
                Cname = _cname,
                Mtu = _config.DtlsMtu,

                // RFC 3550 probation guards against spoofed sources; behind SRTP every packet is
                // already authenticated, and probation would leave a stream's first packet (part of
                // its key frame) out of packetsReceived.
                ProbationPackets = 1,
            },
            _random,
            _config.WallClock);
        foreach (NegotiatedMedia media in negotiated.Media)
        {
            if (media.Rejected || media.Kind is not (SdpMediaKind.Audio or SdpMediaKind.Video))
            {
                continue;
            }

            foreach (NegotiatedHeaderExtension extension in media.HeaderExtensions)
            {
                _extensionMap.TryRegister(extension.Id, extension.Uri);
            }

            RtpMediaKind kind = media.Kind == SdpMediaKind.Audio ? RtpMediaKind.Audio : RtpMediaKind.Video;
            foreach (NegotiatedCodec codec in media.Codecs)
            {
                bool nack = codec.Feedback.Any(f => f.Type == "nack" && f.Parameter is null);
                bool fir = codec.Feedback.Any(f => f.Type == "ccm" && f.Parameter == "fir");
                _rtp.RegisterPayloadType(new RtpPayloadTypeInfo((byte)codec.PayloadType, kind, codec.ClockRate, Nack: nack, UseFir: fir));
                if (codec.RtxPayloadType is { } rtx)
                {
                    _rtp.RegisterPayloadType(new RtpPayloadTypeInfo((byte)rtx, kind, codec.ClockRate, RepairedPayloadType: (byte)codec.PayloadType));
                }
            }
        }

        foreach (RtcRtpTransceiver transceiver in _transceivers)
        {
            if (transceiver.Negotiated is { Rejected: false, Codecs.Count: > 0 } received)
            {
                AddSignalledReceiveStreams(transceiver, received);
            }

            if (transceiver.Negotiated is not { Rejected: false } media || media.Codecs.Count == 0 || transceiver.Sender.Stream is not null)
            {
                continue;
            }

            NegotiatedCodec first = media.Codecs[0];
            var rtxTypes = new List<RtxPayloadTypeMapping>();
            foreach (NegotiatedCodec codec in media.Codecs)
            {
                if (codec.RtxPayloadType is { } rtx)
                {
                    rtxTypes.Add(new RtxPayloadTypeMapping((byte)codec.PayloadType, (byte)rtx));
                }
            }

            // One send stream, or one per simulcast rid the remote agreed to receive.
            IReadOnlyList<string?> rids = media.SendRids.Count > 0 ? [.. media.SendRids] : [null];
            for (int layer = 0; layer < rids.Count; layer++)
            {
                uint ssrc = layer == 0 ? transceiver.Sender.Ssrc : NewSsrc();
                uint rtxSsrc = layer == 0 ? transceiver.Sender.RtxSsrc : NewSsrc();
                RtpSendStream stream = _rtp.AddSendStream(new RtpSendStreamConfig
                {
                    Ssrc = ssrc,
                    Kind = media.Kind == SdpMediaKind.Audio ? RtpMediaKind.Audio : RtpMediaKind.Video,
                    ClockRate = first.ClockRate,
                    PayloadType = (byte)first.PayloadType,
                    RtxSsrc = rtxTypes.Count > 0 ? rtxSsrc : 0,
                    RtxPayloadTypes = rtxTypes,
                    Mid = media.Mid,
                    Rid = rids[layer],
                });
                transceiver.Sender.LayerList.Add((rids[layer], stream));
            }
        }
    }
}
