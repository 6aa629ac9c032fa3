using System.Text.Json.Serialization;

namespace RtcEngine.Session;

/// <summary>
/// One statistics object of a <see cref="RtcStatsReport"/>, shaped and named as the W3C
/// webrtc-stats dictionaries (RTCStats: id, type, timestamp in milliseconds since the Unix epoch).
/// </summary>
[JsonDerivedType(typeof(RtcTransportStats))]
[JsonDerivedType(typeof(RtcIceCandidatePairStats))]
[JsonDerivedType(typeof(RtcIceCandidateStats))]
[JsonDerivedType(typeof(RtcInboundRtpStreamStats))]
[JsonDerivedType(typeof(RtcOutboundRtpStreamStats))]
[JsonDerivedType(typeof(RtcRemoteInboundRtpStreamStats))]
[JsonDerivedType(typeof(RtcRemoteOutboundRtpStreamStats))]
[JsonDerivedType(typeof(RtcCodecStats))]
[JsonDerivedType(typeof(RtcDropStats))]
public abstract class RtcStats
{
    /// <summary>The object's id, unique in the report and stable across reports.</summary>
    public required string Id { get; init; }

    /// <summary>The W3C type name (<c>transport</c>, <c>candidate-pair</c>, <c>inbound-rtp</c>, ...).</summary>
    public abstract string Type { get; }

    /// <summary>When the figures were taken, in milliseconds since 1970 (DOMHighResTimeStamp).</summary>
    public double Timestamp { get; init; }
}

/// <summary>W3C <c>RTCTransportStats</c>: the one BUNDLEd transport.</summary>
public sealed class RtcTransportStats : RtcStats
{
    /// <inheritdoc />
    public override string Type => "transport";

    /// <summary>Application datagrams (DTLS, SRTP, SRTCP) sent.</summary>
    public long PacketsSent { get; init; }

    /// <summary>Application datagrams received.</summary>
    public long PacketsReceived { get; init; }

    /// <summary>Application bytes sent.</summary>
    public long BytesSent { get; init; }

    /// <summary>Application bytes received.</summary>
    public long BytesReceived { get; init; }

    /// <summary>The ICE role: <c>controlling</c> or <c>controlled</c>.</summary>
    public string? IceRole { get; init; }

    /// <summary>The local ICE username fragment.</summary>
    public string? IceLocalUsernameFragment { get; init; }

    /// <summary>The ICE transport state (<c>new</c>, <c>checking</c>, <c>connected</c>, ...).</summary>
    public required string IceState { get; init; }

    /// <summary>The DTLS transport state (<c>new</c>, <c>connecting</c>, <c>connected</c>, ...).</summary>
    public required string DtlsState { get; init; }

    /// <summary>The DTLS role: <c>client</c> or <c>server</c>.</summary>
    public string? DtlsRole { get; init; }

    /// <summary>The DTLS version as hex of its wire value (<c>FEFD</c> for DTLS 1.2), as browsers report it.</summary>
    public string? TlsVersion { get; init; }

    /// <summary>The DTLS cipher suite's IANA name.</summary>
    public string? DtlsCipher { get; init; }

    /// <summary>The SRTP protection profile's name (RFC 5764 / RFC 7714).</summary>
    public string? SrtpCipher { get; init; }

    /// <summary>The id of the selected candidate pair's stats, or null.</summary>
    public string? SelectedCandidatePairId { get; init; }
}

/// <summary>W3C <c>RTCIceCandidatePairStats</c>.</summary>
public sealed class RtcIceCandidatePairStats : RtcStats
{
    /// <inheritdoc />
    public override string Type => "candidate-pair";

    /// <summary>The transport's id.</summary>
    public required string TransportId { get; init; }

    /// <summary>The local candidate's id.</summary>
    public required string LocalCandidateId { get; init; }

    /// <summary>The remote candidate's id.</summary>
    public required string RemoteCandidateId { get; init; }

    /// <summary><c>frozen</c>, <c>waiting</c>, <c>in-progress</c>, <c>succeeded</c> or <c>failed</c>.</summary>
    public required string State { get; init; }

    /// <summary>Whether the pair is nominated.</summary>
    public bool Nominated { get; init; }

    /// <summary>The pair priority.</summary>
    public ulong Priority { get; init; }

    /// <summary>Application packets sent on the pair.</summary>
    public long PacketsSent { get; init; }

    /// <summary>Application packets received on the pair.</summary>
    public long PacketsReceived { get; init; }

    /// <summary>Application bytes sent on the pair.</summary>
    public long BytesSent { get; init; }

    /// <summary>Application bytes received on the pair.</summary>
    public long BytesReceived { get; init; }

    /// <summary>The latest STUN round-trip time in seconds (checks and consent checks), or null before one.</summary>
    public double? CurrentRoundTripTime { get; init; }

    /// <summary>The sum of the round-trip times measured, in seconds.</summary>
    public double TotalRoundTripTime { get; init; }

    /// <summary>Checks and consent checks sent.</summary>
    public long RequestsSent { get; init; }

    /// <summary>Authenticated checks received.</summary>
    public long RequestsReceived { get; init; }

    /// <summary>Authenticated responses received.</summary>
    public long ResponsesReceived { get; init; }
}

/// <summary>W3C <c>RTCIceCandidateStats</c> (<c>local-candidate</c> or <c>remote-candidate</c>).</summary>
public sealed class RtcIceCandidateStats : RtcStats
{
    /// <inheritdoc />
    public override string Type => IsRemote ? "remote-candidate" : "local-candidate";

    /// <summary>Whether this is the remote side's candidate.</summary>
    [JsonIgnore]
    public bool IsRemote { get; init; }

    /// <summary>The transport's id.</summary>
    public required string TransportId { get; init; }

    /// <summary>The candidate's address (or mDNS name).</summary>
    public required string Address { get; init; }

    /// <summary>The candidate's port.</summary>
    public int Port { get; init; }

    /// <summary><c>udp</c> or <c>tcp</c>.</summary>
    public required string Protocol { get; init; }

    /// <summary><c>host</c>, <c>srflx</c>, <c>prflx</c> or <c>relay</c>.</summary>
    public required string CandidateType { get; init; }

    /// <summary>The candidate priority.</summary>
    public uint Priority { get; init; }

    /// <summary>The candidate foundation.</summary>
    public string? Foundation { get; init; }
}

/// <summary>
/// What the engine dropped, per reason, across its layers (not a W3C type: hostile or untimely
/// input is dropped and counted, and this is where the counts show). Type <c>engine-drops</c>.
/// </summary>
public sealed class RtcDropStats : RtcStats
{
    /// <inheritdoc />
    public override string Type => "engine-drops";

    /// <summary>Counters by "layer.reason", only the non-zero ones.</summary>
    public required IReadOnlyDictionary<string, long> Counters { get; init; }
}
