namespace RtcEngine.Dtls;

/// <summary>Why an incoming datagram, record or handshake fragment was dropped.</summary>
public enum DtlsDropReason
{
    /// <summary>Bytes that are not a whole record (truncated header or length past the datagram).</summary>
    MalformedRecord,

    /// <summary>A record version other than DTLS 1.0/1.2.</summary>
    UnsupportedVersion,

    /// <summary>A content type this engine does not know.</summary>
    UnknownContentType,

    /// <summary>An epoch without keys (too early, or beyond 1: no renegotiation).</summary>
    UnexpectedEpoch,

    /// <summary>A protected record that did not authenticate (bad MAC).</summary>
    BadRecordMac,

    /// <summary>A record already received (replay window).</summary>
    Replayed,

    /// <summary>A handshake fragment or message that does not parse.</summary>
    MalformedHandshake,

    /// <summary>A handshake fragment outside the reassembly window, too large, or inconsistent with earlier fragments.</summary>
    HandshakeFragmentRejected,

    /// <summary>A handshake message not acceptable in the current state (before the handshake is under way, or after it ended).</summary>
    UnexpectedHandshake,

    /// <summary>A retransmitted handshake message already processed.</summary>
    DuplicateHandshake,

    /// <summary>Application data before the handshake completed, or in epoch 0.</summary>
    EarlyApplicationData,

    /// <summary>An unprotected alert after keys were in use (it could be forged), or a malformed alert.</summary>
    IgnoredAlert,

    /// <summary>A ChangeCipherSpec that is malformed or unexpected.</summary>
    UnexpectedChangeCipherSpec,

    /// <summary>Input after the endpoint failed or closed.</summary>
    AfterClose,

    /// <summary>A ClientHello whose cookie did not verify (answered with HelloVerifyRequest).</summary>
    BadCookie,
}

/// <summary>
/// Counters of one endpoint: traffic, retransmissions, and drops by reason. Read by the owning
/// loop (not thread-safe, like the endpoint).
/// </summary>
public sealed class DtlsCounters
{
    private readonly long[] _drops = new long[Enum.GetValues<DtlsDropReason>().Length];

    /// <summary>Datagrams handed to the endpoint.</summary>
    public long DatagramsReceived { get; internal set; }

    /// <summary>Datagrams the endpoint wrote.</summary>
    public long DatagramsSent { get; internal set; }

    /// <summary>Flight retransmissions (by timer or in answer to the peer's retransmission).</summary>
    public long FlightRetransmissions { get; internal set; }

    /// <summary>HelloVerifyRequests sent.</summary>
    public long HelloVerifyRequestsSent { get; internal set; }

    /// <summary>Application data records delivered.</summary>
    public long ApplicationRecordsReceived { get; internal set; }

    /// <summary>Application data records sent.</summary>
    public long ApplicationRecordsSent { get; internal set; }

    /// <summary>Drops for one reason.</summary>
    public long this[DtlsDropReason reason] => _drops[(int)reason];

    /// <summary>Drops for every reason added up.</summary>
    public long TotalDropped => _drops.Sum();

    internal void Drop(DtlsDropReason reason) => _drops[(int)reason]++;

    /// <inheritdoc />
    public override string ToString() =>
        $"rx {DatagramsReceived} tx {DatagramsSent} retx {FlightRetransmissions} dropped {TotalDropped} (" +
        string.Join(", ", Enum.GetValues<DtlsDropReason>().Where(r => this[r] > 0).Select(r => $"{r} {this[r]}")) + ")";
}
