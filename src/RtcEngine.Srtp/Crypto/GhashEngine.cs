using System.Runtime.Intrinsics;

namespace RtcEngine.Srtp.Crypto;

/// <summary>
/// GHASH (NIST SP 800-38D section 6.4) keyed once with H = E(K, 0^128).
/// </summary>
/// <remarks>
/// The running value Y is kept as the 128-bit big-endian integer of the GHASH block (element 0 the
/// low 64 bits): in that "byte-reflected" form a carry-less multiply of two field elements gives
/// their product shifted by one bit, which the key absorbs by holding H·x instead of H
/// (<see cref="ShiftedKey"/>), and the 256-bit product is folded back with two multiplies by the
/// reflected reduction constant 0xC2000000_00000000. Not thread-safe: one context, one thread.
/// </remarks>
internal abstract class GhashEngine : IDisposable
{
    /// <summary>The reflected form of the GCM polynomial's low terms, as used by the reduction.</summary>
    protected const ulong ReductionConstant = 0xC200000000000000UL;

    /// <summary>Absorbs <paramref name="data"/>, zero-padding its last partial block.</summary>
    public abstract void Update(ref Vector128<ulong> y, ReadOnlySpan<byte> data);

    /// <summary>Absorbs the length block (bit lengths of the AAD and the ciphertext) and returns S in wire byte order.</summary>
    public abstract Vector128<byte> Finish(Vector128<ulong> y, int aadBytes, int dataBytes);

    /// <summary>Wipes the key.</summary>
    public abstract void Dispose();

    /// <summary>The fastest engine this machine supports.</summary>
    public static GhashEngine Create(Vector128<byte> h, bool portable, bool allowVector512 = true) =>
        !portable && PclmulGhashEngine.IsSupported ? new PclmulGhashEngine(h, allowVector512) : new PortableGhashEngine(h);

    /// <summary>
    /// H·x in the reflected form: the big-endian integer of H shifted left one bit, reduced by
    /// 0xC2000000_00000000_00000000_00000001 when a bit falls off. Constant time.
    /// </summary>
    protected static (ulong Low, ulong High) ShiftedKey(Vector128<byte> h)
    {
        Span<byte> bytes = stackalloc byte[16];
        h.CopyTo(bytes);
        ulong high = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes);
        ulong low = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        bytes.Clear();
        ulong carry = 0UL - (high >> 63);
        high = (high << 1) | (low >> 63);
        low <<= 1;
        high ^= carry & ReductionConstant;
        low ^= carry & 1UL;
        return (low, high);
    }
}
