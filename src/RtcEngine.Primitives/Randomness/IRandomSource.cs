namespace RtcEngine.Primitives;

/// <summary>
/// Where every random value an engine needs comes from: ICE credentials and tie-breakers, STUN
/// transaction ids, DTLS randoms, SSRCs, initial sequence numbers, RTCP interval jitter.
/// Production uses <see cref="CryptoRandomSource"/>; tests inject a seeded source so that runs repeat.
/// </summary>
/// <remarks>Implementations used by one engine need not be thread-safe; <see cref="CryptoRandomSource"/> is.</remarks>
public interface IRandomSource
{
    /// <summary>Fills <paramref name="destination"/> with random bytes.</summary>
    void Fill(Span<byte> destination);
}

/// <summary>Cryptographically strong randomness from the platform. Thread-safe.</summary>
public sealed class CryptoRandomSource : IRandomSource
{
    /// <summary>The shared instance.</summary>
    public static CryptoRandomSource Shared { get; } = new();

    /// <inheritdoc />
    public void Fill(Span<byte> destination) => System.Security.Cryptography.RandomNumberGenerator.Fill(destination);
}

/// <summary>Typed draws on top of <see cref="IRandomSource.Fill"/>; none of them allocates.</summary>
public static class RandomSourceExtensions
{
    /// <summary>A uniformly distributed 16-bit value.</summary>
    public static ushort NextUInt16(this IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<byte> bytes = stackalloc byte[2];
        random.Fill(bytes);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(bytes);
    }

    /// <summary>A uniformly distributed 32-bit value.</summary>
    public static uint NextUInt32(this IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<byte> bytes = stackalloc byte[4];
        random.Fill(bytes);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    /// <summary>A uniformly distributed 64-bit value.</summary>
    public static ulong NextUInt64(this IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<byte> bytes = stackalloc byte[8];
        random.Fill(bytes);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }

    /// <summary>A uniformly distributed integer in [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
    public static int NextInt32(this IRandomSource random, int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        uint bound = (uint)maxExclusive;
        uint threshold = (0u - bound) % bound; // 2^32 mod bound: values below it would bias the result
        while (true)
        {
            uint value = random.NextUInt32();
            if (value >= threshold)
            {
                return (int)(value % bound);
            }
        }
    }

    /// <summary>A uniformly distributed double in [0, 1) with 53 bits of randomness.</summary>
    public static double NextDouble(this IRandomSource random) => (random.NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>
    /// <paramref name="span"/> scaled by a random factor in [<paramref name="low"/>, <paramref name="high"/>):
    /// the jitter RFC 3550 and RFC 7675 ask for on timer intervals.
    /// </summary>
    public static TimeSpan Jitter(this IRandomSource random, TimeSpan span, double low, double high) =>
        TimeSpan.FromTicks((long)(span.Ticks * (low + (high - low) * random.NextDouble())));

    /// <summary>Fills <paramref name="destination"/> with characters drawn from <paramref name="alphabet"/> (ICE ufrag/pwd).</summary>
    public static void FillFromAlphabet(this IRandomSource random, Span<char> destination, ReadOnlySpan<char> alphabet)
    {
        ArgumentOutOfRangeException.ThrowIfZero(alphabet.Length);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = alphabet[random.NextInt32(alphabet.Length)];
        }
    }
}
