using RtcEngine.Primitives;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Primitives.Tests;

public class RandomSourceTests
{
    [Fact]
    public void Crypto_source_fills_every_byte_position()
    {
        var seen = new bool[32];
        Span<byte> buffer = stackalloc byte[32];
        for (int round = 0; round < 64; round++)
        {
            CryptoRandomSource.Shared.Fill(buffer);
            for (int i = 0; i < buffer.Length; i++)
            {
                seen[i] |= buffer[i] != 0;
            }
        }

        Assert.All(seen, Assert.True);
    }

    [Fact]
    public void Bounded_draws_stay_in_range_and_cover_it()
    {
        var random = new SeededRandomSource(7);
        var counts = new int[6];
        for (int i = 0; i < 60_000; i++)
        {
            counts[random.NextInt32(6)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 9_000, 11_000));
    }

    [Fact]
    public void Doubles_are_in_unit_interval_and_jitter_in_bounds()
    {
        var random = new SeededRandomSource(11);
        for (int i = 0; i < 10_000; i++)
        {
            double d = random.NextDouble();
            Assert.InRange(d, 0.0, 0.9999999999);
            TimeSpan j = random.Jitter(TimeSpan.FromSeconds(5), 0.8, 1.2);
            Assert.InRange(j, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6));
        }
    }

    [Fact]
    public void Alphabet_fill_uses_only_the_alphabet()
    {
        var random = new SeededRandomSource(3);
        Span<char> chars = stackalloc char[200];
        random.FillFromAlphabet(chars, "abc+/");
        foreach (char c in chars)
        {
            Assert.Contains(c, "abc+/");
        }
    }
}
