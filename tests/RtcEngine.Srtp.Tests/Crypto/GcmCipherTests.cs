using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using RtcEngine.Srtp.Crypto;
using Xunit;

namespace RtcEngine.Srtp.Tests.Crypto;

public class GcmCipherTests
{
    /// <summary>Which implementation: 0 = PCLMULQDQ with 512-bit lanes, 1 = PCLMULQDQ 128-bit only, 2 = portable.</summary>
    public static TheoryData<int> Paths => new() { 0, 1, 2 };

    [Theory]
    [MemberData(nameof(Paths))]
    public void Seal_and_open_match_the_platform_AesGcm_on_random_inputs(int path)
    {
        RequirePath(path);
        var random = new Random(11 + path);
        for (int round = 0; round < 300; round++)
        {
            byte[] key = new byte[random.Next(2) == 0 ? 16 : 32];
            random.NextBytes(key);
            byte[] nonce = new byte[12];
            random.NextBytes(nonce);
            byte[] aad = new byte[random.Next(0, round < 200 ? 80 : 600)];
            random.NextBytes(aad);
            byte[] suffix = new byte[random.Next(3) == 0 ? 4 : 0];
            random.NextBytes(suffix);
            byte[] plaintext = new byte[round < 200 ? random.Next(0, 400) : random.Next(0, 5000)];
            random.NextBytes(plaintext);

            byte[] expectedCiphertext = new byte[plaintext.Length];
            byte[] expectedTag = new byte[16];
            using (var reference = new AesGcm(key, 16))
            {
                reference.Encrypt(nonce, plaintext, expectedCiphertext, expectedTag, aad.Concat(suffix).ToArray());
            }

            using var cipher = new GcmCipher(key, portable: path == 2, allowVector512: path == 0);
            Vector128<byte> counterBlock = CounterBlock(nonce);
            byte[] data = (byte[])plaintext.Clone();
            byte[] tag = new byte[16];
            cipher.Seal(counterBlock, aad, suffix, data, tag);
            Assert.Equal(Hex.Of(expectedCiphertext), Hex.Of(data));
            Assert.Equal(Hex.Of(expectedTag), Hex.Of(tag));

            Assert.True(cipher.Open(counterBlock, aad, suffix, data, tag));
            Assert.Equal(plaintext, data);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Open_refuses_any_flipped_bit_and_leaves_the_data_untouched(int path)
    {
        RequirePath(path);
        var random = new Random(5);
        byte[] key = new byte[16];
        random.NextBytes(key);
        byte[] nonce = new byte[12];
        byte[] aad = new byte[12];
        random.NextBytes(aad);
        byte[] plaintext = new byte[300];
        random.NextBytes(plaintext);
        using var cipher = new GcmCipher(key, portable: path == 2, allowVector512: path == 0);
        byte[] ciphertext = (byte[])plaintext.Clone();
        byte[] tag = new byte[16];
        cipher.Seal(CounterBlock(nonce), aad, default, ciphertext, tag);

        for (int bit = 0; bit < (aad.Length + ciphertext.Length + tag.Length) * 8; bit += 7)
        {
            byte[] a = (byte[])aad.Clone(), c = (byte[])ciphertext.Clone(), t = (byte[])tag.Clone();
            int bytePosition = bit / 8;
            byte mask = (byte)(1 << (bit % 8));
            if (bytePosition < a.Length)
            {
                a[bytePosition] ^= mask;
            }
            else if (bytePosition < a.Length + c.Length)
            {
                c[bytePosition - a.Length] ^= mask;
            }
            else
            {
                t[bytePosition - a.Length - c.Length] ^= mask;
            }

            byte[] before = (byte[])c.Clone();
            Assert.False(cipher.Open(CounterBlock(nonce), a, default, c, t));
            Assert.Equal(before, c);
        }
    }

    [Fact]
    public void The_fast_path_is_used_where_the_cpu_allows()
    {
        using var cipher = new GcmCipher(new byte[16], portable: false);
        Assert.Equal(AesNiCtrEngine.IsSupported && PclmulGhashEngine.IsSupported, cipher.IsAccelerated);
    }

    internal static void RequirePath(int path)
    {
        if (path < 2 && !(AesNiCtrEngine.IsSupported && PclmulGhashEngine.IsSupported))
        {
            Assert.Skip("This CPU has no AES-NI/PCLMULQDQ: only the portable path runs here.");
        }

        if (path == 0 && !System.Runtime.Intrinsics.X86.Pclmulqdq.V512.IsSupported)
        {
            Assert.Skip("This CPU has no 512-bit VPCLMULQDQ.");
        }
    }

    private static Vector128<byte> CounterBlock(byte[] nonce)
    {
        byte[] block = new byte[16];
        nonce.CopyTo(block, 0);
        return Vector128.Create(block);
    }
}
