using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using RtcEngine.Srtp.Crypto;
using Xunit;

namespace RtcEngine.Srtp.Tests.Crypto;

public class AesCtrEngineTests
{
    public static TheoryData<bool> Engines => new() { false, true };

    // RFC 3711 appendix B.2: session key 2B7E..., salt F0F1...FCFD, SSRC 0, index 0: the IV is the
    // salt followed by 0000, and the keystream blocks 0, 1, 2, 0xFEFF, 0xFF00, 0xFF01 are listed.
    [Theory]
    [MemberData(nameof(Engines))]
    public void Keystream_matches_rfc3711_appendix_b2(bool portable)
    {
        RequireAesNiUnlessPortable(portable);
        using AesCtrEngine engine = AesCtrEngine.Create(Hex.Bytes("2B7E151628AED2A6ABF7158809CF4F3C"), portable);
        byte[] keystream = new byte[0xFF02 * 16];
        engine.XorKeystream(Vector128.Create(Hex.Bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000")), 0, keystream);

        Assert.Equal("e03ead0935c95e80e166b16dd92b4eb4", Hex.Of(keystream.AsSpan(0x0000 * 16, 16)));
        Assert.Equal("d23513162b02d0f72a43a2fe4a5f97ab", Hex.Of(keystream.AsSpan(0x0001 * 16, 16)));
        Assert.Equal("41e95b3bb0a2e8dd477901e4fca894c0", Hex.Of(keystream.AsSpan(0x0002 * 16, 16)));
        Assert.Equal("ec8cdf7398607cb0f2d21675ea9ea1e4", Hex.Of(keystream.AsSpan(0xFEFF * 16, 16)));
        Assert.Equal("362b7c3c6773516318a077d7fc5073ae", Hex.Of(keystream.AsSpan(0xFF00 * 16, 16)));
        Assert.Equal("6a2cc3787889374fbeb4c81b17ba6c44", Hex.Of(keystream.AsSpan(0xFF01 * 16, 16)));
    }

    // RFC 6188 section 7.1: AES-256-CM keystream, same IV, first three blocks.
    [Theory]
    [MemberData(nameof(Engines))]
    public void Aes256_keystream_matches_rfc6188_section_7_1(bool portable)
    {
        RequireAesNiUnlessPortable(portable);
        using AesCtrEngine engine = AesCtrEngine.Create(Hex.Bytes("57f82fe3613fd170a85ec93c40b1f0922ec4cb0dc025b58272147cc438944a98"), portable);
        byte[] keystream = new byte[48];
        engine.XorKeystream(Vector128.Create(Hex.Bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000")), 0, keystream);
        Assert.Equal(
            "92bdd28a93c3f52511c677d08b5515a4" + "9da71b2378a854f67050756ded165bac" + "63c4868b7096d88421b563b8c94c9a31",
            Hex.Of(keystream));
    }

    [Fact]
    public void AesNi_matches_the_platform_on_random_keys_counters_and_lengths()
    {
        RequireAesNiUnlessPortable(false);
        var random = new Random(7);
        for (int round = 0; round < 400; round++)
        {
            byte[] key = new byte[random.Next(2) == 0 ? 16 : 32];
            random.NextBytes(key);
            byte[] counterBlock = new byte[16];
            random.NextBytes(counterBlock);
            int length = round < 300 ? random.Next(0, 300) : random.Next(0, 4000);
            int first = random.Next(0, AesCtrEngine.MaxCounter - (length / 16) - 1);
            byte[] data = new byte[length];
            random.NextBytes(data);

            byte[] expected = ReferenceCtr(key, counterBlock, first, data);
            byte[] actual = (byte[])data.Clone();
            using var engine = new AesNiCtrEngine(key);
            engine.XorKeystream(Vector128.Create(counterBlock), first, actual);
            Assert.Equal(expected, actual);

            byte[] portable = (byte[])data.Clone();
            using var platform = new PlatformAesCtrEngine(key);
            platform.XorKeystream(Vector128.Create(counterBlock), first, portable);
            Assert.Equal(expected, portable);

            Assert.Equal(Hex.Of(EncryptBlock(key, counterBlock)), Hex.Of(AsBytes(engine.EncryptBlock(Vector128.Create(counterBlock)))));
            Assert.Equal(Hex.Of(EncryptBlock(key, counterBlock)), Hex.Of(AsBytes(platform.EncryptBlock(Vector128.Create(counterBlock)))));
        }
    }

    internal static void RequireAesNiUnlessPortable(bool portable)
    {
        if (!portable && !AesNiCtrEngine.IsSupported)
        {
            Assert.Skip("This CPU has no AES-NI: only the portable engine runs here.");
        }
    }

    private static byte[] AsBytes(Vector128<byte> v)
    {
        byte[] bytes = new byte[16];
        v.CopyTo(bytes);
        return bytes;
    }

    private static byte[] EncryptBlock(byte[] key, byte[] block)
    {
        using Aes aes = Aes.Create();
        aes.Key = key;
        return aes.EncryptEcb(block, PaddingMode.None);
    }

    // Counter mode spelled out block by block with the platform's AES.
    private static byte[] ReferenceCtr(byte[] key, byte[] counterBlock, int first, byte[] data)
    {
        byte[] output = (byte[])data.Clone();
        for (int i = 0; i * 16 < data.Length; i++)
        {
            byte[] block = (byte[])counterBlock.Clone();
            int counter = first + i;
            block[14] = (byte)(counter >> 8);
            block[15] = (byte)counter;
            byte[] keystream = EncryptBlock(key, block);
            for (int j = 0; j < 16 && (i * 16) + j < data.Length; j++)
            {
                output[(i * 16) + j] ^= keystream[j];
            }
        }

        return output;
    }
}
