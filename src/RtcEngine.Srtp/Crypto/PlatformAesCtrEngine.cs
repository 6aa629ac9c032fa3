using System.Numerics;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace RtcEngine.Srtp.Crypto;

/// <summary>
/// Portable AES-CTR: counter blocks are encrypted in batches with the platform's AES in ECB mode
/// (an encryptor made once, so no per-call allocation) and XORed into the data. Used where AES-NI
/// is missing, and as the reference the AES-NI engine is tested against.
/// </summary>
/// <remarks>Not thread-safe (one context, one thread).</remarks>
internal sealed class PlatformAesCtrEngine : AesCtrEngine
{
    private const int BatchBlocks = 32;

    private readonly Aes _aes;
    private readonly ICryptoTransform _encryptor;
    private readonly byte[] _counters = new byte[BatchBlocks * 16];
    private readonly byte[] _keystream = new byte[BatchBlocks * 16];

    public PlatformAesCtrEngine(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.SetKey(key);
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _encryptor = _aes.CreateEncryptor();
    }

    public override Vector128<byte> EncryptBlock(Vector128<byte> block)
    {
        block.CopyTo(_counters);
        _encryptor.TransformBlock(_counters, 0, 16, _keystream, 0);
        Vector128<byte> result = Vector128.Create(_keystream.AsSpan(0, 16));
        CryptographicOperations.ZeroMemory(_keystream.AsSpan(0, 16));
        return result;
    }

    public override void XorKeystream(Vector128<byte> counterBlock, int firstCounter, Span<byte> data)
    {
        int counter = firstCounter;
        while (!data.IsEmpty)
        {
            int blocks = Math.Min(BatchBlocks, (data.Length + 15) / 16);
            for (int b = 0; b < blocks; b++)
            {
                Span<byte> block = _counters.AsSpan(b * 16, 16);
                counterBlock.CopyTo(block);
                block[14] = (byte)(counter >> 8);
                block[15] = (byte)counter;
                counter++;
            }

            _encryptor.TransformBlock(_counters, 0, blocks * 16, _keystream, 0);
            int bytes = Math.Min(data.Length, blocks * 16);
            int i = 0;
            for (; i <= bytes - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                (new Vector<byte>(data[i..]) ^ new Vector<byte>(_keystream, i)).CopyTo(data[i..]);
            }

            for (; i < bytes; i++)
            {
                data[i] ^= _keystream[i];
            }

            data = data[bytes..];
        }

        CryptographicOperations.ZeroMemory(_keystream);
    }

    public override void Dispose()
    {
        _encryptor.Dispose();
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_keystream);
    }
}
