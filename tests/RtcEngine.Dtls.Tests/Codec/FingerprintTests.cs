using RtcEngine.Dtls;

namespace RtcEngine.Dtls.Tests.Codec;

public class FingerprintTests
{
    [Theory]
    [InlineData(FingerprintAlgorithm.Sha1, "sha-1", 20)]
    [InlineData(FingerprintAlgorithm.Sha256, "sha-256", 32)]
    [InlineData(FingerprintAlgorithm.Sha384, "sha-384", 48)]
    [InlineData(FingerprintAlgorithm.Sha512, "sha-512", 64)]
    public void Computes_formats_and_parses_back_every_algorithm(FingerprintAlgorithm algorithm, string name, int length)
    {
        CertificateFingerprint fingerprint = TestCertificates.Server.GetFingerprint(algorithm);
        string text = fingerprint.ToString();

        Assert.StartsWith(name + " ", text, StringComparison.Ordinal);
        Assert.Equal(name.Length + 1 + length * 3 - 1, text.Length);
        Assert.Equal(text.ToUpperInvariant()[name.Length..], text[name.Length..]);
        Assert.Equal(fingerprint, CertificateFingerprint.Parse(text));
        Assert.Equal(fingerprint, CertificateFingerprint.Parse(text.ToLowerInvariant()));
        Assert.Equal(fingerprint, CertificateFingerprint.Parse(name.ToUpperInvariant() + "  " + text[(name.Length + 1)..]));
        Assert.True(fingerprint.Matches(TestCertificates.Server.RawData));
        Assert.False(fingerprint.Matches(TestCertificates.Client.RawData));
    }

    [Fact]
    public void Matches_the_hash_openssl_would_print()
    {
        byte[] der = TestCertificates.Client.RawData.ToArray();
        string expected = "sha-256 " + string.Join(':', System.Security.Cryptography.SHA256.HashData(der).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(expected, TestCertificates.Client.GetFingerprint().ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha-256")]
    [InlineData("md5 AB:CD")]
    [InlineData("sha-256 AB:CD")]
    [InlineData("sha-1 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:0G")]
    [InlineData("sha-1 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF-01")]
    [InlineData("sha-1 ABCD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:")]
    [InlineData("sha-1AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01")]
    public void Malformed_text_is_refused(string? text)
    {
        Assert.False(CertificateFingerprint.TryParse(text, out _));
        if (text is not null)
        {
            Assert.Throws<FormatException>(() => CertificateFingerprint.Parse(text));
        }
    }

    [Fact]
    public void Equality_needs_same_algorithm_and_bytes()
    {
        CertificateFingerprint a = CertificateFingerprint.FromHash(FingerprintAlgorithm.Sha1, new byte[20]);
        byte[] other = new byte[20];
        other[19] = 1;
        Assert.NotEqual(a, CertificateFingerprint.FromHash(FingerprintAlgorithm.Sha1, other));
        Assert.Equal(a, CertificateFingerprint.FromHash(FingerprintAlgorithm.Sha1, new byte[20]));
        Assert.Throws<ArgumentException>(() => CertificateFingerprint.FromHash(FingerprintAlgorithm.Sha256, new byte[20]));
    }
}
