using System.Globalization;
using System.Reflection;
using RtcEngine.Dtls;
using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Candidates;
using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Sdp;
using RtcEngine.Sdp.Jsep;
using RtcEngine.Srtp;

namespace RtcEngine.Session;

/// <summary>Statistics: traffic per path on the media path (allocation-free), the W3C report off it.</summary>
public sealed partial class RtcConnection
{
    private const int MaxPaths = 16;
    private const string TransportId = "T01";

    private readonly PathTraffic[] _paths = new PathTraffic[MaxPaths];
    private int _pathCount;
    private long _packetsSent;
    private long _packetsReceived;
    private long _bytesSent;
    private long _bytesReceived;

    /// <summary>
    /// Builds the W3C-shaped statistics report (W3C <c>getStats</c>): transport, candidate pairs and
    /// candidates, inbound-rtp (one per remote SSRC, simulcast layers included), outbound-rtp,
    /// remote-inbound-rtp and remote-outbound-rtp from RTCP, codecs, and the engine's drop counters.
    /// Allocates (it is off the media path).
    /// </summary>
    public RtcStatsReport GetStats()
    {
        var report = new RtcStatsReport();
        double timestamp = (double)_config.WallClock.ToUnixTicks(_now) / TimeSpan.TicksPerMillisecond;
        string? selectedPairId = null;
        if (_ice is not null)
        {
            IceCandidatePairInfo? selected = _ice.SelectedPair;
            foreach (IceCandidatePairInfo pair in _ice.GetPairs())
            {
                string localId = AddCandidate(report, pair.Local, remote: false, timestamp);
                string remoteId = AddCandidate(report, pair.Remote, remote: true, timestamp);
                string id = "CP" + localId + "_" + remoteId;
                PathTraffic traffic = FindPath(pair.LocalAddress, pair.RemoteAddress);
                report.Add(new RtcIceCandidatePairStats
                {
                    Id = id,
                    Timestamp = timestamp,
                    TransportId = TransportId,
                    LocalCandidateId = localId,
                    RemoteCandidateId = remoteId,
                    State = PairState(pair.State),
                    Nominated = pair.Nominated,
                    Priority = pair.Priority,
                    PacketsSent = traffic.PacketsSent,
                    PacketsReceived = traffic.PacketsReceived,
                    BytesSent = traffic.BytesSent,
                    BytesReceived = traffic.BytesReceived,
                    CurrentRoundTripTime = pair.CurrentRoundTripTime?.TotalSeconds,
                    TotalRoundTripTime = pair.TotalRoundTripTime.TotalSeconds,
                    RequestsSent = pair.RequestsSent,
                    RequestsReceived = pair.RequestsReceived,
                    ResponsesReceived = pair.ResponsesReceived,
                });
                if (selected is not null && selected.LocalAddress == pair.LocalAddress && selected.RemoteAddress == pair.RemoteAddress)
                {
                    selectedPairId = id;
                }
            }
        }

        report.Add(new RtcTransportStats
        {
            Id = TransportId,
            Timestamp = timestamp,
            PacketsSent = _packetsSent,
            PacketsReceived = _packetsReceived,
            BytesSent = _bytesSent,
            BytesReceived = _bytesReceived,
            IceRole = _ice is null ? null : _ice.Role == IceRole.Controlling ? "controlling" : "controlled",
            IceLocalUsernameFragment = _ice?.LocalCredentials.Ufrag,
            IceState = _iceState.ToString().ToLowerInvariant(),
            DtlsState = _dtlsState.ToString().ToLowerInvariant(),
            DtlsRole = _dtls is null ? null : _dtls.Role == DtlsRole.Client ? "client" : "server",
            TlsVersion = _dtlsState == RtcDtlsTransportState.Connected ? "FEFD" : null,
            DtlsCipher = _dtls is { CipherSuite: not DtlsCipherSuite.None } ? DtlsCipherName(_dtls.CipherSuite) : null,
            SrtpCipher = _srtpOut is null ? null : SrtpCipherName(_srtpOut.Profile),
            SelectedCandidatePairId = selectedPairId,
        });

        var anchor = _config.WallClock;
        foreach (RtcRtpTransceiver transceiver in _transceivers)
        {
            string kind = transceiver.Kind == RtcMediaKind.Audio ? "audio" : "video";
            string? codecId = AddCodec(report, transceiver, timestamp);
            if (transceiver.Sender.Stream is { } sendStream)
            {
                OutboundRtpStreamStats o = sendStream.GetStats();
                RemoteInboundRtpStreamStats r = sendStream.GetRemoteInboundStats(anchor);
                string outId = "OT" + o.Ssrc.ToString(CultureInfo.InvariantCulture);
                string remoteId = "RI" + o.Ssrc.ToString(CultureInfo.InvariantCulture);
                report.Add(new RtcOutboundRtpStreamStats
                {
                    Id = outId, Timestamp = timestamp, Ssrc = o.Ssrc, Kind = kind, TransportId = TransportId, CodecId = codecId,
                    Mid = transceiver.Mid, RemoteId = r.ReportsReceived > 0 ? remoteId : null, RtxSsrc = o.RtxSsrc == 0 ? null : o.RtxSsrc,
                    PacketsSent = o.PacketsSent, BytesSent = o.BytesSent, HeaderBytesSent = o.HeaderBytesSent,
                    RetransmittedPacketsSent = o.RetransmittedPacketsSent, RetransmittedBytesSent = o.RetransmittedBytesSent,
                    NackCount = o.NackCount, PliCount = o.PliCount, FirCount = o.FirCount, FramesSent = o.FramesSent,
                    KeyFramesEncoded = o.KeyFramesEncoded, FrameWidth = o.FrameWidth, FrameHeight = o.FrameHeight, FramesPerSecond = o.FramesPerSecond,
                });
                if (r.ReportsReceived > 0)
                {
                    report.Add(new RtcRemoteInboundRtpStreamStats
                    {
                        Id = remoteId, Timestamp = r.Timestamp, Ssrc = o.Ssrc, Kind = kind, TransportId = TransportId, CodecId = codecId,
                        LocalId = outId, PacketsLost = r.PacketsLost, Jitter = r.Jitter, FractionLost = r.FractionLost,
                        RoundTripTime = r.RoundTripTime, TotalRoundTripTime = r.TotalRoundTripTime, RoundTripTimeMeasurements = r.RoundTripTimeMeasurements,
                    });
                }
            }

            foreach (RtcRemoteStream remote in transceiver.Receiver.Streams)
            {
                if (remote.Stream is not { } receiveStream)
                {
                    continue;
                }

                InboundRtpStreamStats i = receiveStream.GetStats(anchor);
                RemoteOutboundRtpStreamStats ro = receiveStream.GetRemoteOutboundStats();
                string inId = "IT" + remote.Ssrc.ToString(CultureInfo.InvariantCulture);
                string remoteOutId = "RO" + remote.Ssrc.ToString(CultureInfo.InvariantCulture);
                report.Add(new RtcInboundRtpStreamStats
                {
                    Id = inId, Timestamp = timestamp, Ssrc = remote.Ssrc, Kind = kind, TransportId = TransportId, CodecId = codecId,
                    Mid = transceiver.Mid, Rid = remote.Rid, RemoteId = ro.ReportsSent > 0 ? remoteOutId : null,
                    PacketsReceived = i.PacketsReceived, PacketsLost = i.PacketsLost, Jitter = i.Jitter, BytesReceived = i.BytesReceived,
                    HeaderBytesReceived = i.HeaderBytesReceived, RetransmittedPacketsReceived = i.RetransmittedPacketsReceived,
                    RetransmittedBytesReceived = i.RetransmittedBytesReceived, NackCount = i.NackCount, PliCount = i.PliCount, FirCount = i.FirCount,
                    FramesReceived = i.FramesReceived, KeyFramesReceived = i.KeyFramesReceived, FrameWidth = i.FrameWidth, FrameHeight = i.FrameHeight,
                    FramesPerSecond = i.FramesPerSecond, AudioLevel = i.AudioLevel, TotalAudioEnergy = i.TotalAudioEnergy,
                    TotalSamplesDuration = i.TotalSamplesDuration, LastPacketReceivedTimestamp = i.LastPacketReceivedTimestamp,
                });
                if (ro.ReportsSent > 0)
                {
                    report.Add(new RtcRemoteOutboundRtpStreamStats
                    {
                        Id = remoteOutId, Timestamp = timestamp, Ssrc = remote.Ssrc, Kind = kind, TransportId = TransportId, CodecId = codecId,
                        LocalId = inId, PacketsSent = ro.PacketsSent, BytesSent = ro.BytesSent, RemoteTimestamp = ro.RemoteTimestamp, ReportsSent = ro.ReportsSent,
                    });
                }
            }
        }

        report.Add(new RtcDropStats { Id = "D01", Timestamp = timestamp, Counters = CollectDrops() });
        return report;
    }

    // The media path's traffic accounting: a short list of paths, searched linearly (one or two in practice).
    private void CountReceived(PeerAddress local, PeerAddress remote, int length)
    {
        _packetsReceived++;
        _bytesReceived += length;
        ref PathTraffic path = ref Path(local, remote);
        path.PacketsReceived++;
        path.BytesReceived += length;
    }

    private void CountSent(PeerAddress local, PeerAddress remote, int length)
    {
        _packetsSent++;
        _bytesSent += length;
        ref PathTraffic path = ref Path(local, remote);
        path.PacketsSent++;
        path.BytesSent += length;
    }

    private ref PathTraffic Path(PeerAddress local, PeerAddress remote)
    {
        for (int i = 0; i < _pathCount; i++)
        {
            if (_paths[i].Remote == remote && _paths[i].Local == local)
            {
                return ref _paths[i];
            }
        }

        int slot = _pathCount < MaxPaths ? _pathCount++ : MaxPaths - 1; // the last slot absorbs any overflow
        _paths[slot] = new PathTraffic { Local = local, Remote = remote };
        return ref _paths[slot];
    }

    private PathTraffic FindPath(PeerAddress local, PeerAddress remote)
    {
        for (int i = 0; i < _pathCount; i++)
        {
            if (_paths[i].Remote == remote && _paths[i].Local == local)
            {
                return _paths[i];
            }
        }

        return default;
    }

    private static string AddCandidate(RtcStatsReport report, IceCandidate candidate, bool remote, double timestamp)
    {
        string id = (remote ? "CR" : "CL") + candidate.Foundation + "_" + candidate.Address + "_" + candidate.Port.ToString(CultureInfo.InvariantCulture);
        if (!report.ContainsKey(id))
        {
            report.Add(new RtcIceCandidateStats
            {
                Id = id,
                Timestamp = timestamp,
                IsRemote = remote,
                TransportId = TransportId,
                Address = candidate.Address,
                Port = candidate.Port,
                Protocol = candidate.Transport.ToLowerInvariant(),
                CandidateType = candidate.Type.ToSdpName(),
                Priority = candidate.Priority,
                Foundation = candidate.Foundation,
            });
        }

        return id;
    }

    private static string? AddCodec(RtcStatsReport report, RtcRtpTransceiver transceiver, double timestamp)
    {
        if (transceiver.Negotiated is not { Codecs.Count: > 0 } media)
        {
            return null;
        }

        NegotiatedCodec codec = media.Codecs[0];
        string id = "CO" + (transceiver.Mid ?? "-") + "_" + codec.PayloadType.ToString(CultureInfo.InvariantCulture);
        report.Add(new RtcCodecStats
        {
            Id = id,
            Timestamp = timestamp,
            TransportId = TransportId,
            PayloadType = codec.PayloadType,
            MimeType = (transceiver.Kind == RtcMediaKind.Audio ? "audio/" : "video/") + codec.Name,
            ClockRate = codec.ClockRate,
            Channels = codec.Channels,
            SdpFmtpLine = codec.RemoteParameters.Count == 0 ? null : string.Join(';', codec.RemoteParameters.Select(p => p.ToString())),
        });
        return id;
    }

    private Dictionary<string, long> CollectDrops()
    {
        var drops = new Dictionary<string, long>(StringComparer.Ordinal);
        AddCounters(drops, "connection", Counters);
        AddCounters(drops, "ice", _ice?.Counters);
        AddCounters(drops, "dtls", _dtls?.Counters);
        AddCounters(drops, "rtp", _rtp?.Counters);
        if (_srtpIn is not null)
        {
            AddSrtp(drops, "srtp.in.rtp", _srtpIn.RtpCounters);
            AddSrtp(drops, "srtp.in.rtcp", _srtpIn.RtcpCounters);
        }

        return drops;
    }

    // Counters are plain long properties; only the ones that name a drop or rejection are kept.
    private static void AddCounters(Dictionary<string, long> drops, string layer, object? counters)
    {
        if (counters is null)
        {
            return;
        }

        foreach (PropertyInfo property in counters.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.PropertyType == typeof(long) && property.GetIndexParameters().Length == 0
                && (property.Name.Contains("Drop", StringComparison.Ordinal) || property.Name.Contains("Reject", StringComparison.Ordinal)
                    || property.Name.Contains("Malformed", StringComparison.Ordinal) || property.Name.Contains("Refused", StringComparison.Ordinal)
                    || property.Name.Contains("Unknown", StringComparison.Ordinal) || property.Name.Contains("Invalid", StringComparison.Ordinal))
                && property.GetValue(counters) is long value && value != 0)
            {
                drops[layer + "." + property.Name] = value;
            }
        }
    }

    private static void AddSrtp(Dictionary<string, long> drops, string prefix, SrtpCounters counters)
    {
        foreach (SrtpResult result in Enum.GetValues<SrtpResult>())
        {
            if (result != SrtpResult.Ok && counters[result] is long value && value != 0)
            {
                drops[prefix + "." + result] = value;
            }
        }
    }

    private static string PairState(IceCandidatePairState state) => state switch
    {
        IceCandidatePairState.Frozen => "frozen",
        IceCandidatePairState.Waiting => "waiting",
        IceCandidatePairState.InProgress => "in-progress",
        IceCandidatePairState.Succeeded => "succeeded",
        _ => "failed",
    };

    private static string SrtpCipherName(RtcEngine.Srtp.SrtpProfile profile) => profile switch
    {
        RtcEngine.Srtp.SrtpProfile.Aes128CmHmacSha1_80 => "SRTP_AES128_CM_HMAC_SHA1_80",
        RtcEngine.Srtp.SrtpProfile.Aes128CmHmacSha1_32 => "SRTP_AES128_CM_HMAC_SHA1_32",
        RtcEngine.Srtp.SrtpProfile.AeadAes128Gcm => "SRTP_AEAD_AES_128_GCM",
        RtcEngine.Srtp.SrtpProfile.AeadAes256Gcm => "SRTP_AEAD_AES_256_GCM",
        _ => profile.ToString(),
    };

    private static string DtlsCipherName(DtlsCipherSuite suite) => suite switch
    {
        DtlsCipherSuite.EcdheEcdsaWithAes128GcmSha256 => "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        DtlsCipherSuite.EcdheEcdsaWithAes256GcmSha384 => "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        DtlsCipherSuite.EcdheRsaWithAes128GcmSha256 => "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        DtlsCipherSuite.EcdheRsaWithAes256GcmSha384 => "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        DtlsCipherSuite.EcdheEcdsaWithChaCha20Poly1305Sha256 => "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        _ => suite.ToString(),
    };

    private struct PathTraffic
    {
        public PeerAddress Local;
        public PeerAddress Remote;
        public long PacketsSent;
        public long PacketsReceived;
        public long BytesSent;
        public long BytesReceived;
    }
}
