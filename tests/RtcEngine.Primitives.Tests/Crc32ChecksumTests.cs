using RtcEngine.Primitives.Crypto;
using Xunit;

namespace RtcEngine.Primitives.Tests;

public class Crc32ChecksumTests
{
    [Fact]
    public void Check_value_of_the_standard()
    {
        // The CRC-32/ISO-HDLC check value: CRC of "123456789".
        Assert.Equal(0xCBF43926u, Crc32Checksum.Compute("123456789"u8));
        Assert.Equal(0u, Crc32Checksum.Compute([]));
    }

    [Fact]
    public void Matches_a_bitwise_reference_on_random_inputs()
    {
        var random = new Random(99);
        for (int i = 0; i < 200; i++)
        {
            byte[] data = new byte[random.Next(0, 2000)];
            random.NextBytes(data);
            Assert.Equal(Reference(data), Crc32Checksum.Compute(data));
        }
    }

    private static uint Reference(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
