using BenchmarkDotNet.Attributes;
using RtcEngine.Dtls;

namespace RtcEngine.Benchmarks.Dtls;

/// <summary>Generating a self-signed ECDSA P-256 certificate (what each WebRTC connection or server start needs), and its fingerprint.</summary>
public class DtlsCertificateBenchmarks
{
    [Benchmark]
    public int GenerateEcdsaP256Certificate()
    {
        using DtlsCertificate certificate = DtlsCertificate.GenerateEcdsa();
        return certificate.RawData.Length;
    }

    [Benchmark]
    public string GenerateAndFormatSha256Fingerprint()
    {
        using DtlsCertificate certificate = DtlsCertificate.GenerateEcdsa();
        return certificate.GetFingerprint().ToString();
    }
}
