using System.Buffers.Binary;
using System.Numerics;
using RtcEngine.Primitives;

namespace RtcEngine.Testing;

/// <summary>
/// A deterministic <see cref="IRandomSource"/> (xoshiro256**, seeded through splitmix64): the same seed
/// gives the same bytes on every machine, so scenario runs repeat exactly. Not for production.
/// </summary>
public sealed class SeededRandomSource : IRandomSource
{
    private ulong _s0, _s1, _s2, _s3;

    public SeededRandomSource(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    public void Fill(Span<byte> destination)
    {
        Span<byte> word = stackalloc byte[8];
        while (destination.Length >= 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination, Next());
            destination = destination[8..];
        }

        if (!destination.IsEmpty)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(word, Next());
            word[..destination.Length].CopyTo(destination);
        }
    }

    /// <summary>A new independent source derived from this one (for giving each engine its own stream).</summary>
    public SeededRandomSource Fork() => new(Next());

    private ulong Next()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
