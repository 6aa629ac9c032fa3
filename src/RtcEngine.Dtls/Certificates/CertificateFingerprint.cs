using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace RtcEngine.Dtls;

/// <summary>The hash functions of an SDP <c>a=fingerprint</c> (RFC 8122 section 5; IANA "Hash Function Textual Names").</summary>
public enum FingerprintAlgorithm
{
    /// <summary>sha-1 (legacy; accepted from peers).</summary>
    Sha1,

    /// <summary>sha-256: the default, what browsers send.</summary>
    Sha256,

    /// <summary>sha-384.</summary>
    Sha384,

    /// <summary>sha-512.</summary>
    Sha512,
}

/// <summary>
/// A certificate fingerprint as carried by SDP (RFC 8122 section 5): a hash function name and the
/// hash of the certificate's DER encoding, written <c>sha-256 AB:CD:...</c>. Computes, parses
/// (hex case-insensitive), formats (upper-case hex) and compares in constant time.
/// </summary>
/// <remarks>
/// <code>
/// fingerprint-attribute = "fingerprint" ":" hash-func SP fingerprint
/// hash-func             = "sha-1" / "sha-224" / "sha-256" / "sha-384" / "sha-512" / ...
/// fingerprint           = 2UHEX *(":" 2UHEX)
/// </code>
/// Immutable and thread-safe. Equality compares algorithm and bytes in constant time.
/// </remarks>
public sealed class CertificateFingerprint : IEquatable<CertificateFingerprint>
{
    private readonly byte[] _hash;

    private CertificateFingerprint(FingerprintAlgorithm algorithm, byte[] hash)
    {
        Algorithm = algorithm;
        _hash = hash;
    }

    /// <summary>The hash function.</summary>
    public FingerprintAlgorithm Algorithm { get; }

    /// <summary>The hash bytes.</summary>
    public ReadOnlySpan<byte> Hash => _hash;

    /// <summary>A fingerprint from its algorithm and hash bytes (which must have the algorithm's length).</summary>
    public static CertificateFingerprint FromHash(FingerprintAlgorithm algorithm, ReadOnlySpan<byte> hash)
    {
        if (hash.Length != HashLength(algorithm))
        {
            throw new ArgumentException($"A {AlgorithmName(algorithm)} fingerprint is {HashLength(algorithm)} bytes long.", nameof(hash));
        }

        return new CertificateFingerprint(algorithm, hash.ToArray());
    }

    /// <summary>Computes the fingerprint of a certificate's DER encoding.</summary>
    public static CertificateFingerprint Compute(ReadOnlySpan<byte> certificateDer, FingerprintAlgorithm algorithm = FingerprintAlgorithm.Sha256)
    {
        byte[] hash = new byte[HashLength(algorithm)];
        ComputeHash(algorithm, certificateDer, hash);
        return new CertificateFingerprint(algorithm, hash);
    }

    /// <summary>Whether this fingerprint is the hash of <paramref name="certificateDer"/> (constant time in the hash).</summary>
    public bool Matches(ReadOnlySpan<byte> certificateDer)
    {
        Span<byte> hash = stackalloc byte[64];
        hash = hash[.._hash.Length];
        ComputeHash(Algorithm, certificateDer, hash);
        return CryptographicOperations.FixedTimeEquals(hash, _hash);
    }

    /// <summary>Parses <c>sha-256 AB:CD:...</c> (the value of <c>a=fingerprint</c>); throws <see cref="FormatException"/> when malformed.</summary>
    public static CertificateFingerprint Parse(string text) =>
        TryParse(text, out CertificateFingerprint? fingerprint)
            ? fingerprint
            : throw new FormatException($"Not a certificate fingerprint: '{text}'.");

    /// <summary>
    /// Parses <c>sha-256 AB:CD:...</c>: the hash name case-insensitive, one or more spaces, then
    /// colon-separated hex pairs (either case) of exactly the hash's length.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out CertificateFingerprint? fingerprint)
    {
        fingerprint = null;
        if (text is null)
        {
            return false;
        }

        ReadOnlySpan<char> span = text.AsSpan().Trim();
        int space = span.IndexOf(' ');
        if (space <= 0 || !TryParseAlgorithm(span[..space], out FingerprintAlgorithm algorithm))
        {
            return false;
        }

        ReadOnlySpan<char> hex = span[(space + 1)..].TrimStart(' ');
        int length = HashLength(algorithm);
        if (hex.Length != length * 3 - 1)
        {
            return false;
        }

        byte[] hash = new byte[length];
        for (int i = 0; i < length; i++)
        {
            int at = i * 3;
            if ((i > 0 && hex[at - 1] != ':') || !TryHexDigit(hex[at], out int high) || !TryHexDigit(hex[at + 1], out int low))
            {
                return false;
            }

            hash[i] = (byte)(high << 4 | low);
        }

        fingerprint = new CertificateFingerprint(algorithm, hash);
        return true;
    }

    /// <summary>The SDP form: <c>sha-256 AB:CD:...</c> with upper-case hex.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(AlgorithmName(Algorithm).Length + 1 + _hash.Length * 3);
        builder.Append(AlgorithmName(Algorithm)).Append(' ');
        for (int i = 0; i < _hash.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(':');
            }

            builder.Append("0123456789ABCDEF"[_hash[i] >> 4]).Append("0123456789ABCDEF"[_hash[i] & 0xF]);
        }

        return builder.ToString();
    }

    /// <summary>The SDP name of a hash function (<c>sha-256</c>).</summary>
    public static string AlgorithmName(FingerprintAlgorithm algorithm) => algorithm switch
    {
        FingerprintAlgorithm.Sha1 => "sha-1",
        FingerprintAlgorithm.Sha256 => "sha-256",
        FingerprintAlgorithm.Sha384 => "sha-384",
        FingerprintAlgorithm.Sha512 => "sha-512",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <inheritdoc />
    public bool Equals(CertificateFingerprint? other) =>
        other is not null && other.Algorithm == Algorithm && CryptographicOperations.FixedTimeEquals(other._hash, _hash);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CertificateFingerprint);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Algorithm, _hash.Length);

    private static int HashLength(FingerprintAlgorithm algorithm) => algorithm switch
    {
        FingerprintAlgorithm.Sha1 => 20,
        FingerprintAlgorithm.Sha256 => 32,
        FingerprintAlgorithm.Sha384 => 48,
        FingerprintAlgorithm.Sha512 => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    private static void ComputeHash(FingerprintAlgorithm algorithm, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        switch (algorithm)
        {
            case FingerprintAlgorithm.Sha1:
                SHA1.HashData(data, destination);
                break;
            case FingerprintAlgorithm.Sha256:
                SHA256.HashData(data, destination);
                break;
            case FingerprintAlgorithm.Sha384:
                SHA384.HashData(data, destination);
                break;
            default:
                SHA512.HashData(data, destination);
                break;
        }
    }

    private static bool TryParseAlgorithm(ReadOnlySpan<char> name, out FingerprintAlgorithm algorithm)
    {
        foreach (FingerprintAlgorithm candidate in (ReadOnlySpan<FingerprintAlgorithm>)[FingerprintAlgorithm.Sha1, FingerprintAlgorithm.Sha256, FingerprintAlgorithm.Sha384, FingerprintAlgorithm.Sha512])
        {
            if (name.Equals(AlgorithmName(candidate), StringComparison.OrdinalIgnoreCase))
            {
                algorithm = candidate;
                return true;
            }
        }

        algorithm = default;
        return false;
    }

    private static bool TryHexDigit(char c, out int value)
    {
        value = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'A' and <= 'F' => c - 'A' + 10,
            >= 'a' and <= 'f' => c - 'a' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}
