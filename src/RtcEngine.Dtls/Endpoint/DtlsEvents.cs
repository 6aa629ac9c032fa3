using System.Security.Cryptography.X509Certificates;

namespace RtcEngine.Dtls;

/// <summary>
/// What a <see cref="DtlsEndpoint"/> reports through <see cref="DtlsEndpoint.TryPollEvent"/>:
/// one of <see cref="DtlsConnected"/>, <see cref="DtlsApplicationData"/>, <see cref="DtlsAlertReceived"/>,
/// <see cref="DtlsFailed"/>, <see cref="DtlsClosed"/>. Match on the type.
/// </summary>
/// <remarks>Events are immutable and may be handed to another thread.</remarks>
public abstract class DtlsEvent
{
    private protected DtlsEvent()
    {
    }
}

/// <summary>The handshake completed: the negotiated parameters and the SRTP keying material.</summary>
public sealed class DtlsConnected : DtlsEvent
{
    private readonly byte[] _remoteCertificateDer;
    private X509Certificate2? _remoteCertificate;

    internal DtlsConnected(DtlsCipherSuite cipherSuite, DtlsNamedGroup group, SrtpProtectionProfile srtpProfile, DtlsKeyingMaterial? keyingMaterial, byte[] remoteCertificateDer, bool extendedMasterSecret)
    {
        CipherSuite = cipherSuite;
        NamedGroup = group;
        SrtpProfile = srtpProfile;
        KeyingMaterial = keyingMaterial;
        _remoteCertificateDer = remoteCertificateDer;
        ExtendedMasterSecret = extendedMasterSecret;
    }

    /// <summary>The negotiated cipher suite.</summary>
    public DtlsCipherSuite CipherSuite { get; }

    /// <summary>The ECDHE group used.</summary>
    public DtlsNamedGroup NamedGroup { get; }

    /// <summary>The SRTP profile from use_srtp, or <see cref="SrtpProtectionProfile.None"/> when none was negotiated.</summary>
    public SrtpProtectionProfile SrtpProfile { get; }

    /// <summary>The SRTP keys and salts (RFC 5764 section 4.2), or null without an SRTP profile. The receiver owns it (and may dispose it to wipe the keys).</summary>
    public DtlsKeyingMaterial? KeyingMaterial { get; }

    /// <summary>The peer's certificate (DER), which matched one of its SDP fingerprints.</summary>
    public ReadOnlyMemory<byte> RemoteCertificateDer => _remoteCertificateDer;

    /// <summary>The peer's certificate, parsed on first access (the receiver may dispose it).</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The platform cannot parse it (the handshake needed only its key).</exception>
    public X509Certificate2 RemoteCertificate => _remoteCertificate ??= X509CertificateLoader.LoadCertificate(_remoteCertificateDer);

    /// <summary>Whether the extended master secret (RFC 7627) was used.</summary>
    public bool ExtendedMasterSecret { get; }
}

/// <summary>Application data arrived (a copy; set <see cref="DtlsEndpoint.ApplicationDataHandler"/> to receive in place without allocating).</summary>
public sealed class DtlsApplicationData : DtlsEvent
{
    internal DtlsApplicationData(ReadOnlyMemory<byte> data) => Data = data;

    /// <summary>The plaintext of one record.</summary>
    public ReadOnlyMemory<byte> Data { get; }
}

/// <summary>The peer sent an alert (a fatal one is followed by <see cref="DtlsFailed"/>, close_notify by <see cref="DtlsClosed"/>).</summary>
public sealed class DtlsAlertReceived : DtlsEvent
{
    internal DtlsAlertReceived(DtlsAlertLevel level, DtlsAlertDescription description)
    {
        Level = level;
        Description = description;
    }

    /// <summary>The alert's level.</summary>
    public DtlsAlertLevel Level { get; }

    /// <summary>The alert's description.</summary>
    public DtlsAlertDescription Description { get; }
}

/// <summary>The endpoint failed; no application data is accepted or sent any more.</summary>
public sealed class DtlsFailed : DtlsEvent
{
    internal DtlsFailed(DtlsFailureReason reason, string message, DtlsAlertDescription? alert)
    {
        Reason = reason;
        Message = message;
        Alert = alert;
    }

    /// <summary>Why.</summary>
    public DtlsFailureReason Reason { get; }

    /// <summary>A sentence for logs.</summary>
    public string Message { get; }

    /// <summary>The alert involved: the one received (<see cref="DtlsFailureReason.FatalAlertReceived"/>) or the one sent; null when none.</summary>
    public DtlsAlertDescription? Alert { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Reason}: {Message}";
}

/// <summary>The connection closed with close_notify.</summary>
public sealed class DtlsClosed : DtlsEvent
{
    internal DtlsClosed(bool byPeer) => ByPeer = byPeer;

    /// <summary>True when the peer sent close_notify; false when <see cref="DtlsEndpoint.Close"/> was called.</summary>
    public bool ByPeer { get; }
}

/// <summary>
/// Receives decrypted application data in place, without allocating: the span is a view of the
/// received datagram, valid only during the call (the receiver may modify it).
/// </summary>
/// <param name="data">The plaintext of one record.</param>
public delegate void DtlsApplicationDataHandler(Span<byte> data);
