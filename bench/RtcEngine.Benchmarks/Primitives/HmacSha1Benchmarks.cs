using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using RtcEngine.Primitives.Crypto;

namespace RtcEngine.Benchmarks.Primitives;

/// <summary>
/// HMAC-SHA1 keyed once (native OpenSSL SHA-1 and the managed fallback) against the platform's
/// one-shot <see cref="HMACSHA1.HashData(byte[], byte[])"/>, at a STUN binding size and an SRTP
/// packet size; and CRC-32.
/// </summary>
public class HmacSha1Benchmarks
{
    private readonly byte[] _key = new byte[20];
    private byte[] _data = [];
    private readonly byte[] _mac = new byte[20];
    private HmacSha1 _native = null!;
    private HmacSha1 _managed = null!;

    [Params(90, 1212)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Size];
        new Random(1).NextBytes(_data);
        _native = new HmacSha1(_key, useNative: true);
        _managed = new HmacSha1(_key, useNative: false);
    }

    [Benchmark(Baseline = true)]
    public int PlatformOneShot() => HMACSHA1.HashData(_key, _data, _mac);

    [Benchmark]
    public byte KeyedOnceNative()
    {
        _native.ComputeHash(_data, _mac);
        return _mac[0];
    }

    [Benchmark]
    public byte KeyedOnceManaged()
    {
        _managed.ComputeHash(_data, _mac);
        return _mac[0];
    }

    [Benchmark]
    public uint Crc32() => Crc32Checksum.Compute(_data);
}
