using System.Security.Cryptography;
using System.Text;
using RtcEngine.Primitives.Crypto;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Primitives.Tests;

public class HmacSha1Tests
{
    public static TheoryData<bool> Backends => new() { true, false };

    [Theory]
    [MemberData(nameof(Backends))]
    public void Rfc2202_vectors(bool native)
    {
        // RFC 2202 test cases 1, 2 and 6 (key longer than a block).
        Check(native, Enumerable.Repeat((byte)0x0b, 20).ToArray(), "Hi There"u8.ToArray(), "b617318655057264e28bc0b6fb378c8ef146be00");
        Check(native, "Jefe"u8.ToArray(), "what do ya want for nothing?"u8.ToArray(), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
        Check(native, Enumerable.Repeat((byte)0xaa, 80).ToArray(), "Test Using Larger Than Block-Size Key - Hash Key First"u8.ToArray(), "aa4ae5e15272d00e95705637ce8a3b55ed402112");

        static void Check(bool native, byte[] key, byte[] data, string expectedHex)
        {
            using var mac = new HmacSha1(key, native);
            var output = new byte[20];
            mac.ComputeHash(data, output);
            Assert.Equal(expectedHex, Convert.ToHexStringLower(output));
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Matches_the_platform_on_random_keys_and_messages(bool native)
    {
        var random = new Random(1234);
        for (int round = 0; round < 500; round++)
        {
            byte[] key = new byte[random.Next(0, 150)];
            byte[] data = new byte[random.Next(0, 1500)];
            random.NextBytes(key);
            random.NextBytes(data);
            int split = random.Next(0, data.Length + 1);

            byte[] expected = HMACSHA1.HashData(key, data);
            using var mac = new HmacSha1(key, native);
            var whole = new byte[20];
            var parts = new byte[20];
            mac.ComputeHash(data, whole);
            mac.ComputeHash(data.AsSpan(0, split), data.AsSpan(split), parts);
            Assert.Equal(expected, whole);
            Assert.Equal(expected, parts);
            Assert.True(mac.Verify(data, expected));
            Assert.True(mac.Verify(data.AsSpan(0, split), data.AsSpan(split), expected.AsSpan(0, 10)));
        }
    }

    [Fact]
    public void Truncated_output_and_failed_verification()
    {
        using var mac = new HmacSha1(Encoding.ASCII.GetBytes("key"));
        byte[] data = Encoding.ASCII.GetBytes("message");
        byte[] full = new byte[20];
        byte[] truncated = new byte[4];
        mac.ComputeHash(data, full);
        mac.ComputeHash(data, truncated);
        Assert.Equal(full[..4], truncated);

        byte[] forged = (byte[])full.Clone();
        forged[19] ^= 1;
        Assert.False(mac.Verify(data, forged));
        Assert.False(mac.Verify(data, []));
        Assert.False(mac.Verify(data, new byte[21]));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Computing_does_not_allocate(bool native)
    {
        using var mac = new HmacSha1(new byte[20], native);
        byte[] data = new byte[1200];
        byte[] roc = new byte[4];
        byte[] tag = new byte[10];
        AllocationAssert.NoAllocations(() =>
        {
            mac.ComputeHash(data, roc, tag);
            _ = mac.Verify(data, roc, tag);
        });
    }

    [Fact]
    public void Native_backend_is_used_on_linux()
    {
        if (OperatingSystem.IsLinux())
        {
            Assert.True(HmacSha1.IsNativeAccelerated, "libcrypto.so.3 should be loadable on Debian");
        }
    }
}
