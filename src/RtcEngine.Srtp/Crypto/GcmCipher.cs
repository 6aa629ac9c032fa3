using System.Diagnostics;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace RtcEngine.Srtp.Crypto;

/// <summary>
/// AES-GCM (NIST SP 800-38D) with a 96-bit nonce and a 16-byte tag, in place, keyed once. Opening
/// verifies the tag before it decrypts, so a forged packet costs one GHASH pass and leaves the data
/// untouched, and never raises an exception.
/// </summary>
/// <remarks>
/// The associated data may come in two pieces (<c>aad</c> then a short <c>aadSuffix</c>, at most 16
/// bytes): SRTCP authenticates its header and the E-flag/index word, which follows the tag on the
/// wire. The accelerated form runs AES-NI counter mode and PCLMULQDQ GHASH; the portable form seals
/// with the platform's <see cref="AesGcm"/> and opens with the platform's AES and a constant-time
/// managed GHASH. Not thread-safe: one context, one thread.
/// </remarks>
internal sealed class GcmCipher : IDisposable
{
    /// <summary>Tag length in bytes.</summary>
    public const int TagLength = 16;

    /// <summary>Largest plaintext this cipher takes (the 16-bit block counter of <see cref="AesCtrEngine"/>).</summary>
    public const int MaxDataLength = (AesCtrEngine.MaxCounter - 2) * 16;

    private readonly AesCtrEngine _aes;
    private readonly GhashEngine _ghash;
    private readonly AesGcm? _platform;

    public GcmCipher(ReadOnlySpan<byte> key, bool portable, bool allowVector512 = true)
    {
        _aes = AesCtrEngine.Create(key, portable);
        Vector128<byte> h = _aes.EncryptBlock(Vector128<byte>.Zero);
        _ghash = GhashEngine.Create(h, portable, allowVector512);
        if (portable || _aes is not AesNiCtrEngine || _ghash is not PclmulGhashEngine)
        {
            _platform = new AesGcm(key, TagLength);
        }
    }

    /// <summary>Whether both AES and GHASH run on CPU instructions.</summary>
    public bool IsAccelerated => _platform is null;

    /// <summary>
    /// Encrypts <paramref name="data"/> in place and writes the tag. <paramref name="counterBlock"/>
    /// is the nonce followed by four zero bytes.
    /// </summary>
    public void Seal(Vector128<byte> counterBlock, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> aadSuffix, Span<byte> data, Span<byte> tag)
    {
        Debug.Assert(data.Length <= MaxDataLength && aadSuffix.Length <= 16, "callers bound the lengths");
        if (_platform is not null)
        {
            SealPortable(counterBlock, aad, aadSuffix, data, tag);
            return;
        }

        _aes.XorKeystream(counterBlock, 2, data);
        Vector128<byte> s = Hash(aad, aadSuffix, data);
        (s ^ _aes.EncryptBlock(WithCounter1(counterBlock))).CopyTo(tag);
    }

    /// <summary>
    /// Verifies <paramref name="tag"/> over the associated data and the ciphertext in constant time;
    /// when it matches, decrypts <paramref name="data"/> in place and returns true. Otherwise
    /// returns false and leaves the data as it was.
    /// </summary>
    public bool Open(Vector128<byte> counterBlock, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> aadSuffix, Span<byte> data, ReadOnlySpan<byte> tag)
    {
        Debug.Assert(data.Length <= MaxDataLength && aadSuffix.Length <= 16 && tag.Length == TagLength, "callers bound the lengths");
        Vector128<byte> expected = Hash(aad, aadSuffix, data) ^ _aes.EncryptBlock(WithCounter1(counterBlock));
        if (!TagsEqual(expected, tag))
        {
            return false;
        }

        _aes.XorKeystream(counterBlock, 2, data);
        return true;
    }

    public void Dispose()
    {
        _aes.Dispose();
        _ghash.Dispose();
        _platform?.Dispose();
    }

    // Constant time: one vector compare where vectors are hardware (no early exit), else FixedTimeEquals.
    private static bool TagsEqual(Vector128<byte> expected, ReadOnlySpan<byte> tag)
    {
        if (Vector128.IsHardwareAccelerated)
        {
            return (expected ^ Vector128.Create(tag)) == Vector128<byte>.Zero;
        }

        Span<byte> bytes = stackalloc byte[TagLength];
        expected.CopyTo(bytes);
        return CryptographicOperations.FixedTimeEquals(bytes, tag);
    }

    private static Vector128<byte> WithCounter1(Vector128<byte> counterBlock) => counterBlock.WithElement(15, (byte)1);

    private Vector128<byte> Hash(ReadOnlySpan<byte> aad, ReadOnlySpan<byte> aadSuffix, ReadOnlySpan<byte> data)
    {
        Vector128<ulong> y = Vector128<ulong>.Zero;
        if (aadSuffix.IsEmpty)
        {
            _ghash.Update(ref y, aad);
        }
        else
        {
            // aad || aadSuffix without copying aad: its whole blocks, then the rest and the suffix together.
            int whole = aad.Length & ~15;
            _ghash.Update(ref y, aad[..whole]);
            Span<byte> rest = stackalloc byte[32];
            ReadOnlySpan<byte> tail = aad[whole..];
            tail.CopyTo(rest);
            aadSuffix.CopyTo(rest[tail.Length..]);
            _ghash.Update(ref y, rest[..(tail.Length + aadSuffix.Length)]);
        }

        _ghash.Update(ref y, data);
        return _ghash.Finish(y, aad.Length + aadSuffix.Length, data.Length);
    }

    private void SealPortable(Vector128<byte> counterBlock, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> aadSuffix, Span<byte> data, Span<byte> tag)
    {
        Span<byte> nonce = stackalloc byte[16];
        counterBlock.CopyTo(nonce);
        if (aadSuffix.IsEmpty)
        {
            _platform!.Encrypt(nonce[..12], data, data, tag[..TagLength], aad);
            return;
        }

        // Only SRTCP passes a suffix, after its 8-byte header: small enough for the stack.
        Debug.Assert(aad.Length <= 64, "only the SRTCP header comes with a suffix");
        Span<byte> joined = stackalloc byte[aad.Length + aadSuffix.Length];
        aad.CopyTo(joined);
        aadSuffix.CopyTo(joined[aad.Length..]);
        _platform!.Encrypt(nonce[..12], data, data, tag[..TagLength], joined);
    }
}
