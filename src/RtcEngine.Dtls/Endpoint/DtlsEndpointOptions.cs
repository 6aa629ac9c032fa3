using RtcEngine.Primitives;

namespace RtcEngine.Dtls;

/// <summary>
/// How a <see cref="DtlsEndpoint"/> behaves. Defaults suit WebRTC: ECDHE-ECDSA with AES-128-GCM
/// first, X25519 then P-256, the GCM SRTP profiles first, a 1200-byte MTU, a 100 ms initial
/// retransmission timeout. Validated when the endpoint is constructed.
/// </summary>
/// <remarks>Immutable once built (init-only); one instance may configure any number of endpoints.</remarks>
public sealed class DtlsEndpointOptions
{
    /// <summary>The default suites, in preference order.</summary>
    public static IReadOnlyList<DtlsCipherSuite> DefaultCipherSuites { get; } =
    [
        DtlsCipherSuite.EcdheEcdsaWithAes128GcmSha256,
        DtlsCipherSuite.EcdheEcdsaWithChaCha20Poly1305Sha256,
        DtlsCipherSuite.EcdheEcdsaWithAes256GcmSha384,
        DtlsCipherSuite.EcdheRsaWithAes128GcmSha256,
        DtlsCipherSuite.EcdheRsaWithChaCha20Poly1305Sha256,
        DtlsCipherSuite.EcdheRsaWithAes256GcmSha384,
    ];

    /// <summary>The default SRTP profiles, in preference order.</summary>
    public static IReadOnlyList<SrtpProtectionProfile> DefaultSrtpProfiles { get; } =
    [
        SrtpProtectionProfile.AeadAes128Gcm,
        SrtpProtectionProfile.AeadAes256Gcm,
        SrtpProtectionProfile.Aes128CmHmacSha1_80,
        SrtpProtectionProfile.Aes128CmHmacSha1_32,
    ];

    /// <summary>Client or server (required).</summary>
    public required DtlsRole Role { get; init; }

    /// <summary>This endpoint's certificate (required); one certificate may serve many endpoints.</summary>
    public required DtlsCertificate Certificate { get; init; }

    /// <summary>
    /// The fingerprints from the peer's SDP. May be left empty and given later with
    /// <see cref="DtlsEndpoint.SetRemoteFingerprints"/>: until then the handshake holds when the
    /// peer's certificate arrives.
    /// </summary>
    public IReadOnlyList<CertificateFingerprint> RemoteFingerprints { get; init; } = [];

    /// <summary>Cipher suites in preference order (a server picks its first one the client offers).</summary>
    public IReadOnlyList<DtlsCipherSuite> CipherSuites { get; init; } = DefaultCipherSuites;

    /// <summary>ECDHE groups in preference order.</summary>
    public IReadOnlyList<DtlsNamedGroup> NamedGroups { get; init; } = [DtlsNamedGroup.X25519, DtlsNamedGroup.Secp256r1];

    /// <summary>SRTP profiles offered (client) or accepted (server) in preference order; empty for no use_srtp.</summary>
    public IReadOnlyList<SrtpProtectionProfile> SrtpProfiles { get; init; } = DefaultSrtpProfiles;

    /// <summary>When true (the default, as WebRTC needs) a handshake without a common SRTP profile fails; ignored when <see cref="SrtpProfiles"/> is empty.</summary>
    public bool RequireSrtp { get; init; } = true;

    /// <summary>When true (the default) a peer that does not negotiate the extended master secret (RFC 7627) is refused.</summary>
    public bool RequireExtendedMasterSecret { get; init; } = true;

    /// <summary>Server only: answer a ClientHello without a valid cookie with HelloVerifyRequest (RFC 6347 section 4.2.1). ICE already checks the address, so a session may turn it off to save a round trip.</summary>
    public bool CookieExchange { get; init; } = true;

    /// <summary>The largest datagram the endpoint writes (DTLS flights are fragmented to fit).</summary>
    public int Mtu { get; init; } = DatagramLimits.DefaultMtu;

    /// <summary>The first retransmission timeout of a flight; it doubles on each retransmission.</summary>
    public TimeSpan InitialRetransmissionTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest retransmission timeout.</summary>
    public TimeSpan MaxRetransmissionTimeout { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>How long a handshake may take from <see cref="DtlsEndpoint.Start"/> (or the first ClientHello) before it fails.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Where randoms, ephemeral keys and the cookie secret come from.</summary>
    public IRandomSource Random { get; init; } = CryptoRandomSource.Shared;

    /// <summary>
    /// Receives NSS key log lines (<c>CLIENT_RANDOM hex hex</c>) so that a capture can be decrypted
    /// by Wireshark or tshark. Debugging only: it exposes the session's secrets.
    /// </summary>
    public Action<string>? KeyLog { get; init; }

    /// <summary>How many outgoing datagrams may wait for <see cref="DtlsEndpoint.TryPollTransmit"/> before sending throws.</summary>
    public int MaxQueuedDatagrams { get; init; } = 1024;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Certificate);
        ArgumentNullException.ThrowIfNull(Random);
        ArgumentNullException.ThrowIfNull(RemoteFingerprints);
        ArgumentOutOfRangeException.ThrowIfLessThan(Mtu, 256, nameof(Mtu));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Mtu, 16384, nameof(Mtu));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxQueuedDatagrams, 16, nameof(MaxQueuedDatagrams));
        if (InitialRetransmissionTimeout <= TimeSpan.Zero || MaxRetransmissionTimeout < InitialRetransmissionTimeout || HandshakeTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Timeouts must be positive, and the maximum retransmission timeout at least the initial one.");
        }

        if (CipherSuites.Count == 0 || CipherSuites.Any(s => !CipherSuiteInfo.TryGet(s, out _)))
        {
            throw new ArgumentException("Cipher suites must be non-empty and known to the engine.", nameof(CipherSuites));
        }

        if (NamedGroups.Count == 0 || NamedGroups.Any(g => g is not (DtlsNamedGroup.X25519 or DtlsNamedGroup.Secp256r1)))
        {
            throw new ArgumentException("Named groups must be non-empty and X25519 or P-256.", nameof(NamedGroups));
        }

        if (SrtpProfiles.Any(p => !SrtpProtectionProfiles.IsKnown(p)))
        {
            throw new ArgumentException("Unknown SRTP profile.", nameof(SrtpProfiles));
        }

        bool anyUsable = CipherSuites.Any(s => CipherSuiteInfo.TryGet(s, out CipherSuiteInfo info) && info.UsesEcdsa == Certificate.IsEcdsa);
        if (Role == DtlsRole.Server && !anyUsable)
        {
            throw new ArgumentException("No cipher suite can be used with the certificate's key type.", nameof(CipherSuites));
        }
    }
}
