using RtcEngine.Dtls;

namespace RtcEngine.Dtls.Tests;

/// <summary>Certificates generated once per test run (generation is the slow part of a handshake test).</summary>
internal static class TestCertificates
{
    private static readonly Lazy<DtlsCertificate> s_client = new(() => DtlsCertificate.GenerateEcdsa("client"));
    private static readonly Lazy<DtlsCertificate> s_server = new(() => DtlsCertificate.GenerateEcdsa("server"));
    private static readonly Lazy<DtlsCertificate> s_other = new(() => DtlsCertificate.GenerateEcdsa("intruder"));
    private static readonly Lazy<DtlsCertificate> s_rsa = new(() => DtlsCertificate.GenerateRsa(2048, "rsa"));

    public static DtlsCertificate Client => s_client.Value;

    public static DtlsCertificate Server => s_server.Value;

    public static DtlsCertificate Other => s_other.Value;

    public static DtlsCertificate Rsa => s_rsa.Value;
}
