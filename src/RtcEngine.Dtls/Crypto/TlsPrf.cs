using System.Security.Cryptography;

namespace RtcEngine.Dtls;

/// <summary>
/// The TLS 1.2 pseudo-random function (RFC 5246 section 5): P_SHA256, or P_SHA384 for the
/// SHA-384 suites. Allocates nothing; the intermediate values are wiped.
/// </summary>
/// <remarks>
/// <code>
/// PRF(secret, label, seed) = P_hash(secret, label + seed)
/// P_hash(secret, seed) = HMAC(secret, A(1) + seed) + HMAC(secret, A(2) + seed) + ...
/// A(0) = seed, A(i) = HMAC(secret, A(i-1))
/// </code>
/// </remarks>
internal static class TlsPrf
{
    private const int MaxLabelAndSeed = 160;

    public static void Derive(bool sha384, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> label, ReadOnlySpan<byte> seed, Span<byte> output)
    {
        int hashLength = sha384 ? 48 : 32;
        int labelAndSeedLength = label.Length + seed.Length;
        if (labelAndSeedLength > MaxLabelAndSeed)
        {
            throw new ArgumentException("Label and seed are longer than the PRF supports.", nameof(seed));
        }

        Span<byte> buffer = stackalloc byte[48 + MaxLabelAndSeed]; // A(i) + label + seed
        Span<byte> a = buffer[..hashLength];
        Span<byte> labelAndSeed = buffer.Slice(hashLength, labelAndSeedLength);
        label.CopyTo(labelAndSeed);
        seed.CopyTo(labelAndSeed[label.Length..]);
        Span<byte> block = stackalloc byte[48];
        block = block[..hashLength];

        Hmac(sha384, secret, labelAndSeed, a); // A(1)
        int offset = 0;
        while (offset < output.Length)
        {
            Hmac(sha384, secret, buffer[..(hashLength + labelAndSeedLength)], block);
            int take = Math.Min(hashLength, output.Length - offset);
            block[..take].CopyTo(output[offset..]);
            offset += take;
            Hmac(sha384, secret, a, a); // A(i+1)
        }

        CryptographicOperations.ZeroMemory(buffer);
        CryptographicOperations.ZeroMemory(block);
    }

    private static void Hmac(bool sha384, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (sha384)
        {
            HMACSHA384.HashData(key, data, destination);
        }
        else
        {
            HMACSHA256.HashData(key, data, destination);
        }
    }
}
