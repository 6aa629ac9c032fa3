using System.Runtime.Intrinsics;

namespace RtcEngine.Srtp.Crypto;

/// <summary>
/// AES keyed once, used in counter mode: the keystream blocks are E(K, B) where B is a 16-byte
/// counter block whose last two bytes hold a big-endian block counter. Both SRTP counter layouts
/// fit: AES-CM (RFC 3711 section 4.1.1, the IV's low 16 bits are zero and count blocks) and
/// AES-GCM (RFC 7714 / NIST SP 800-38D, a 32-bit counter that never passes 16 bits for packets
/// under 64 KiB).
/// </summary>
/// <remarks>Not thread-safe: an engine belongs to one context, used by one thread.</remarks>
internal abstract class AesCtrEngine : IDisposable
{
    /// <summary>Largest block counter value the 16-bit counter field can take.</summary>
    public const int MaxCounter = 0xFFFF;

    /// <summary>Encrypts one block.</summary>
    public abstract Vector128<byte> EncryptBlock(Vector128<byte> block);

    /// <summary>
    /// XORs <paramref name="data"/> with the keystream of <paramref name="counterBlock"/> whose last
    /// two bytes are replaced by <paramref name="firstCounter"/>, <paramref name="firstCounter"/> + 1, ...
    /// The caller guarantees <c>firstCounter + ceil(data.Length / 16) - 1 &lt;= MaxCounter</c>.
    /// </summary>
    public abstract void XorKeystream(Vector128<byte> counterBlock, int firstCounter, Span<byte> data);

    /// <summary>Wipes the key schedule.</summary>
    public abstract void Dispose();

    /// <summary>The fastest engine this machine supports for <paramref name="key"/> (16 or 32 bytes).</summary>
    public static AesCtrEngine Create(ReadOnlySpan<byte> key, bool portable) =>
        !portable && AesNiCtrEngine.IsSupported ? new AesNiCtrEngine(key) : new PlatformAesCtrEngine(key);
}
