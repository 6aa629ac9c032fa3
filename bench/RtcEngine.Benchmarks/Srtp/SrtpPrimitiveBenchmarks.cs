using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using RtcEngine.Primitives.Crypto;
using RtcEngine.Srtp.Crypto;

namespace RtcEngine.Benchmarks.Srtp;

/// <summary>
/// The pieces of an SRTP packet's cost over a 1200-byte payload: AES-CTR keystream (AES-NI and the
/// portable platform-AES path), GHASH (PCLMULQDQ 512-bit and 128-bit), a whole GCM seal, and the
/// HMAC-SHA1 over a 1212-byte packet plus ROC.
/// </summary>
public class SrtpPrimitiveBenchmarks
{
    private readonly byte[] _data = new byte[1200];
    private readonly byte[] _packet = new byte[1212];
    private readonly byte[] _roc = new byte[4];
    private readonly byte[] _tag = new byte[16];
    private AesCtrEngine _aesNi = null!;
    private AesCtrEngine _platformAes = null!;
    private GhashEngine _ghash512 = null!;
    private GhashEngine _ghash128 = null!;
    private GcmCipher _gcm = null!;
    private HmacSha1 _hmac = null!;

    [GlobalSetup]
    public void Setup()
    {
        byte[] key = new byte[16];
        new Random(1).NextBytes(key);
        new Random(2).NextBytes(_data);
        _aesNi = AesCtrEngine.Create(key, portable: false);
        _platformAes = AesCtrEngine.Create(key, portable: true);
        Vector128<byte> h = _aesNi.EncryptBlock(Vector128<byte>.Zero);
        _ghash512 = GhashEngine.Create(h, portable: false, allowVector512: true);
        _ghash128 = GhashEngine.Create(h, portable: false, allowVector512: false);
        _gcm = new GcmCipher(key, portable: false);
        _hmac = new HmacSha1(new byte[20]);
    }

    [Benchmark]
    public void AesCtr_AesNi_1200() => _aesNi.XorKeystream(Vector128<byte>.Zero, 0, _data);

    [Benchmark]
    public void AesCtr_PlatformEcb_1200() => _platformAes.XorKeystream(Vector128<byte>.Zero, 0, _data);

    [Benchmark]
    public Vector128<ulong> Ghash_Vector512_1200()
    {
        Vector128<ulong> y = default;
        _ghash512.Update(ref y, _data);
        return y;
    }

    [Benchmark]
    public Vector128<ulong> Ghash_Vector128_1200()
    {
        Vector128<ulong> y = default;
        _ghash128.Update(ref y, _data);
        return y;
    }

    [Benchmark]
    public void GcmSeal_1200() => _gcm.Seal(Vector128<byte>.Zero, _packet.AsSpan(0, 12), default, _data, _tag);

    [Benchmark]
    public void HmacSha1_1212_plus_roc() => _hmac.ComputeHash(_packet, _roc, _tag.AsSpan(0, 10));
}
