using RtcEngine.Dtls;

namespace RtcEngine.Dtls.Tests;

/// <summary>Copies of options with one thing changed (options are init-only).</summary>
internal static class OptionsExtensions
{
    public static DtlsEndpointOptions With(
        this DtlsEndpointOptions o,
        IReadOnlyList<DtlsCipherSuite>? suites = null,
        IReadOnlyList<DtlsNamedGroup>? groups = null,
        IReadOnlyList<SrtpProtectionProfile>? srtp = null,
        IReadOnlyList<CertificateFingerprint>? fingerprints = null,
        DtlsCertificate? certificate = null,
        bool? cookies = null,
        int? mtu = null,
        bool? requireEms = null,
        TimeSpan? handshakeTimeout = null) => new()
    {
        Role = o.Role,
        Certificate = certificate ?? o.Certificate,
        RemoteFingerprints = fingerprints ?? o.RemoteFingerprints,
        Random = o.Random,
        CipherSuites = suites ?? o.CipherSuites,
        NamedGroups = groups ?? o.NamedGroups,
        SrtpProfiles = srtp ?? o.SrtpProfiles,
        CookieExchange = cookies ?? o.CookieExchange,
        Mtu = mtu ?? o.Mtu,
        RequireExtendedMasterSecret = requireEms ?? o.RequireExtendedMasterSecret,
        HandshakeTimeout = handshakeTimeout ?? o.HandshakeTimeout,
        InitialRetransmissionTimeout = o.InitialRetransmissionTimeout,
        MaxRetransmissionTimeout = o.MaxRetransmissionTimeout,
    };
}
