using System.Security.Cryptography;

namespace RtcEngine.Primitives.Crypto;

/// <summary>
/// HMAC-SHA1 (RFC 2104) keyed once: the key's inner and outer hash states are computed when the
/// object is made and copied for each message, so the hot paths that need it (STUN
/// MESSAGE-INTEGRITY, SRTP and SRTCP authentication) pay only for hashing their own bytes.
/// </summary>
/// <remarks>
/// Thread-safe after construction: every computation works on a copy of the keyed state. Uses the
/// platform's OpenSSL SHA-1 where available (see <see cref="IsNativeAccelerated"/>), otherwise a
/// portable managed SHA-1; both are tested against <see cref="HMACSHA1"/>. Allocates nothing per call.
/// </remarks>
public sealed class HmacSha1 : IDisposable
{
    /// <summary>Size of the full MAC in bytes.</summary>
    public const int HashSize = 20;

    private const int BlockSize = 64;

    private readonly bool _native;
    private NativeSha1Context _nativeInner;
    private NativeSha1Context _nativeOuter;
    private Sha1Managed _managedInner;
    private Sha1Managed _managedOuter;

    /// <summary>Keys the MAC. Keys longer than the SHA-1 block are hashed first, per RFC 2104.</summary>
    public HmacSha1(ReadOnlySpan<byte> key)
        : this(key, NativeSha1.IsAvailable)
    {
    }

    internal HmacSha1(ReadOnlySpan<byte> key, bool useNative)
    {
        _native = useNative && NativeSha1.IsAvailable;

        Span<byte> block = stackalloc byte[BlockSize];
        block.Clear();
        if (key.Length > BlockSize)
        {
            SHA1.HashData(key, block);
        }
        else
        {
            key.CopyTo(block);
        }

        Span<byte> pad = stackalloc byte[BlockSize];
        XorInto(block, 0x36, pad);
        if (_native)
        {
            NativeSha1.Init(ref _nativeInner);
            NativeSha1.Update(ref _nativeInner, pad);
        }
        else
        {
            _managedInner = Sha1Managed.Create();
            _managedInner.Append(pad);
        }

        XorInto(block, 0x5C, pad);
        if (_native)
        {
            NativeSha1.Init(ref _nativeOuter);
            NativeSha1.Update(ref _nativeOuter, pad);
        }
        else
        {
            _managedOuter = Sha1Managed.Create();
            _managedOuter.Append(pad);
        }

        CryptographicOperations.ZeroMemory(block);
        CryptographicOperations.ZeroMemory(pad);
    }

    /// <summary>Whether this process hashes with the platform's native SHA-1 (otherwise the managed fallback).</summary>
    public static bool IsNativeAccelerated => NativeSha1.IsAvailable;

    /// <summary>
    /// Computes the MAC of <paramref name="data"/> into <paramref name="destination"/>. A destination
    /// shorter than <see cref="HashSize"/> receives the truncated MAC (SRTP's 80- and 32-bit tags).
    /// </summary>
    public void ComputeHash(ReadOnlySpan<byte> data, Span<byte> destination) =>
        ComputeHash(data, ReadOnlySpan<byte>.Empty, destination);

    /// <summary>
    /// Computes the MAC of <paramref name="data"/> followed by <paramref name="suffix"/> (for
    /// example an SRTP packet and its rollover counter) without concatenating them.
    /// </summary>
    public void ComputeHash(ReadOnlySpan<byte> data, ReadOnlySpan<byte> suffix, Span<byte> destination)
    {
        Span<byte> mac = stackalloc byte[HashSize];
        if (_native)
        {
            NativeSha1Context context = _nativeInner;
            NativeSha1.Update(ref context, data);
            if (!suffix.IsEmpty)
            {
                NativeSha1.Update(ref context, suffix);
            }

            NativeSha1.Final(ref context, mac);
            context = _nativeOuter;
            NativeSha1.Update(ref context, mac);
            NativeSha1.Final(ref context, mac);
        }
        else
        {
            Sha1Managed state = _managedInner;
            state.Append(data);
            state.Append(suffix);
            state.Finish(mac);
            state = _managedOuter;
            state.Append(mac);
            state.Finish(mac);
        }

        int length = Math.Min(destination.Length, HashSize);
        mac[..length].CopyTo(destination);
    }

    /// <summary>
    /// Verifies a (possibly truncated, 1 to 20 bytes) tag over <paramref name="data"/> in constant time.
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> tag) => Verify(data, ReadOnlySpan<byte>.Empty, tag);

    /// <summary>
    /// Verifies a (possibly truncated, 1 to 20 bytes) tag over <paramref name="data"/> followed by
    /// <paramref name="suffix"/> in constant time.
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> suffix, ReadOnlySpan<byte> tag)
    {
        if (tag.IsEmpty || tag.Length > HashSize)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[HashSize];
        ComputeHash(data, suffix, mac);
        return CryptographicOperations.FixedTimeEquals(mac[..tag.Length], tag);
    }

    /// <summary>Wipes the keyed state.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_nativeInner);
        CryptographicOperations.ZeroMemory(_nativeOuter);
        _managedInner = default;
        _managedOuter = default;
    }

    private static void XorInto(ReadOnlySpan<byte> key, byte pad, Span<byte> destination)
    {
        for (int i = 0; i < BlockSize; i++)
        {
            destination[i] = (byte)(key[i] ^ pad);
        }
    }
}
