using BenchmarkDotNet.Attributes;
using RtcEngine.Dtls;

namespace RtcEngine.Benchmarks.Dtls;

/// <summary>Record-layer protection of a 1200-byte application data record: seal, and open in place.</summary>
public class DtlsRecordBenchmarks
{
    private readonly byte[] _plaintext = new byte[1200];
    private readonly byte[] _record = new byte[1300];
    private readonly byte[] _work = new byte[1300];
    private RecordCipher _cipher = null!;
    private int _length;
    private ulong _sequence;

    [Params("AES-128-GCM", "AES-256-GCM", "ChaCha20-Poly1305")]
    public string Cipher { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        RecordCipherKind kind = Cipher switch
        {
            "AES-128-GCM" => RecordCipherKind.Aes128Gcm,
            "AES-256-GCM" => RecordCipherKind.Aes256Gcm,
            _ => RecordCipherKind.ChaCha20Poly1305,
        };
        byte[] key = new byte[kind == RecordCipherKind.Aes128Gcm ? 16 : 32];
        byte[] iv = new byte[kind == RecordCipherKind.ChaCha20Poly1305 ? 12 : 4];
        new Random(1).NextBytes(key);
        _cipher = new RecordCipher(kind, key, iv);
        _length = _cipher.Seal(DtlsContentType.ApplicationData, 0xFEFD, 1, 1, _plaintext, _record);
    }

    [GlobalCleanup]
    public void Cleanup() => _cipher.Dispose();

    [Benchmark]
    public int Seal1200() => _cipher.Seal(DtlsContentType.ApplicationData, 0xFEFD, 1, ++_sequence, _plaintext, _work);

    [Benchmark]
    public bool Open1200InPlace()
    {
        _record.AsSpan(0, _length).CopyTo(_work); // opening works in place, so each run starts from a fresh copy
        return _cipher.TryOpen(DtlsContentType.ApplicationData, 0xFEFD, 1, 1, _work.AsSpan(13, _length - 13), out _);
    }
}
