namespace RtcEngine.Dtls;

/// <summary>The DTLS role, chosen by the session from SDP <c>a=setup</c> (active = client, passive = server).</summary>
public enum DtlsRole
{
    /// <summary>Sends the ClientHello.</summary>
    Client,

    /// <summary>Answers a ClientHello.</summary>
    Server,
}

/// <summary>Where an endpoint is in its life.</summary>
public enum DtlsState
{
    /// <summary>Created; a client waits for <see cref="DtlsEndpoint.Start"/>, a server for a ClientHello.</summary>
    New,

    /// <summary>The handshake is under way.</summary>
    Handshaking,

    /// <summary>The handshake completed: keys are available, application data flows.</summary>
    Connected,

    /// <summary>Closed by close_notify (either side).</summary>
    Closed,

    /// <summary>Failed (see the <see cref="DtlsFailed"/> event for why).</summary>
    Failed,
}

/// <summary>Why a DTLS endpoint failed.</summary>
public enum DtlsFailureReason
{
    /// <summary>The peer's certificate does not match any fingerprint from its SDP.</summary>
    FingerprintMismatch,

    /// <summary>The handshake did not complete within <see cref="DtlsEndpointOptions.HandshakeTimeout"/>.</summary>
    HandshakeTimeout,

    /// <summary>The peer sent a fatal alert.</summary>
    FatalAlertReceived,

    /// <summary>The peer broke the protocol (malformed or unexpected message, bad parameter).</summary>
    ProtocolError,

    /// <summary>No common version, cipher suite, group, SRTP profile, or a required extension is missing.</summary>
    NegotiationFailed,

    /// <summary>A signature or a Finished message did not verify.</summary>
    VerificationFailed,
}

/// <summary>Alert levels (RFC 5246 section 7.2).</summary>
public enum DtlsAlertLevel : byte
{
    /// <summary>warning.</summary>
    Warning = 1,

    /// <summary>fatal: the connection ends.</summary>
    Fatal = 2,
}

/// <summary>Alert descriptions (RFC 5246 section 7.2, RFC 5746, RFC 8446 section 6).</summary>
public enum DtlsAlertDescription : byte
{
    /// <summary>close_notify.</summary>
    CloseNotify = 0,

    /// <summary>unexpected_message.</summary>
    UnexpectedMessage = 10,

    /// <summary>bad_record_mac.</summary>
    BadRecordMac = 20,

    /// <summary>record_overflow.</summary>
    RecordOverflow = 22,

    /// <summary>handshake_failure.</summary>
    HandshakeFailure = 40,

    /// <summary>bad_certificate.</summary>
    BadCertificate = 42,

    /// <summary>unsupported_certificate.</summary>
    UnsupportedCertificate = 43,

    /// <summary>certificate_revoked.</summary>
    CertificateRevoked = 44,

    /// <summary>certificate_expired.</summary>
    CertificateExpired = 45,

    /// <summary>certificate_unknown.</summary>
    CertificateUnknown = 46,

    /// <summary>illegal_parameter.</summary>
    IllegalParameter = 47,

    /// <summary>unknown_ca.</summary>
    UnknownCa = 48,

    /// <summary>access_denied.</summary>
    AccessDenied = 49,

    /// <summary>decode_error.</summary>
    DecodeError = 50,

    /// <summary>decrypt_error.</summary>
    DecryptError = 51,

    /// <summary>protocol_version.</summary>
    ProtocolVersion = 70,

    /// <summary>insufficient_security.</summary>
    InsufficientSecurity = 71,

    /// <summary>internal_error.</summary>
    InternalError = 80,

    /// <summary>user_canceled.</summary>
    UserCanceled = 90,

    /// <summary>no_renegotiation.</summary>
    NoRenegotiation = 100,

    /// <summary>unsupported_extension.</summary>
    UnsupportedExtension = 110,
}
