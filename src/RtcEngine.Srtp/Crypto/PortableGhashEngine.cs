using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RtcEngine.Srtp.Crypto;

/// <summary>
/// GHASH without carry-less multiply instructions, in constant time: the same reflected algorithm
/// as <see cref="PclmulGhashEngine"/>, with each 64x64-bit carry-less product computed from four
/// integer multiplies per term on operands masked to every fourth bit (the holes absorb the
/// carries; the high half comes from the bit-reversed operands). Slow (a few hundred nanoseconds
/// per block) but free of secret-dependent branches and table lookups; only for CPUs without PCLMULQDQ.
/// </summary>
/// <remarks>Not thread-safe (one context, one thread).</remarks>
internal sealed class PortableGhashEngine : GhashEngine
{
    private ulong _hLow;
    private ulong _hHigh;

    public PortableGhashEngine(Vector128<byte> h) => (_hLow, _hHigh) = ShiftedKey(h);

    public override void Update(ref Vector128<ulong> y, ReadOnlySpan<byte> data)
    {
        ulong yLow = y.GetElement(0), yHigh = y.GetElement(1);
        Span<byte> last = stackalloc byte[16];
        while (!data.IsEmpty)
        {
            scoped ReadOnlySpan<byte> block = data;
            if (data.Length < 16)
            {
                last.Clear();
                data.CopyTo(last);
                block = last;
            }

            yHigh ^= BinaryPrimitives.ReadUInt64BigEndian(block);
            yLow ^= BinaryPrimitives.ReadUInt64BigEndian(block[8..]);
            (yLow, yHigh) = Multiply(yLow, yHigh, _hLow, _hHigh);
            data = data[Math.Min(16, data.Length)..];
        }

        y = Vector128.Create(yLow, yHigh);
    }

    public override Vector128<byte> Finish(Vector128<ulong> y, int aadBytes, int dataBytes)
    {
        ulong yLow = y.GetElement(0) ^ ((ulong)dataBytes * 8), yHigh = y.GetElement(1) ^ ((ulong)aadBytes * 8);
        (yLow, yHigh) = Multiply(yLow, yHigh, _hLow, _hHigh);
        Span<byte> s = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(s, yHigh);
        BinaryPrimitives.WriteUInt64BigEndian(s[8..], yLow);
        return Vector128.Create(s);
    }

    public override void Dispose() => (_hLow, _hHigh) = (0, 0);

    /// <summary>The reflected field product of (aLow, aHigh) and the shifted key (bLow, bHigh).</summary>
    internal static (ulong Low, ulong High) Multiply(ulong aLow, ulong aHigh, ulong bLow, ulong bHigh)
    {
        // Karatsuba: three 64x64 products.
        (ulong l0, ulong l1) = CarrylessMultiply(aLow, bLow);
        (ulong h0, ulong h1) = CarrylessMultiply(aHigh, bHigh);
        (ulong m0, ulong m1) = CarrylessMultiply(aLow ^ aHigh, bLow ^ bHigh);
        m0 ^= l0 ^ h0;
        m1 ^= l1 ^ h1;

        // 256-bit product: h1:h0 ^ m1:m0 <<64 ^ l1:l0.
        ulong lo0 = l0, lo1 = l1 ^ m0, hi0 = h0 ^ m1, hi1 = h1;

        // Two folds of the low half by 0xC2000000_00000000 (bits 63, 62, 57): shifts instead of multiplies.
        (lo0, lo1) = Fold(lo0, lo1);
        (lo0, lo1) = Fold(lo0, lo1);
        return (lo0 ^ hi0, lo1 ^ hi1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (ulong Low, ulong High) Fold(ulong low, ulong high)
    {
        // t = low * 0xC2000000_00000000 (128 bits), then swap the 64-bit halves and XOR.
        ulong tLow = (low << 63) ^ (low << 62) ^ (low << 57);
        ulong tHigh = (low >> 1) ^ (low >> 2) ^ (low >> 7);
        return (high ^ tLow, low ^ tHigh);
    }

    /// <summary>The 128-bit carry-less product of two 64-bit values, constant time.</summary>
    internal static (ulong Low, ulong High) CarrylessMultiply(ulong x, ulong y)
    {
        ulong low = LowHalf(x, y);
        ulong high = ReverseBits(LowHalf(ReverseBits(x), ReverseBits(y))) >> 1;
        return (low, high);
    }

    // Low 64 bits of the carry-less product. Each operand is split into four parts with one bit in
    // four set; an integer product of two parts sums at most 15 terms per result bit below bit 60
    // (16 only at 60..63, whose carry leaves the word), so the carries never reach the next bit of
    // the same residue class.
    private static ulong LowHalf(ulong x, ulong y)
    {
        const ulong M0 = 0x1111111111111111UL, M1 = 0x2222222222222222UL, M2 = 0x4444444444444444UL, M3 = 0x8888888888888888UL;
        ulong x0 = x & M0, x1 = x & M1, x2 = x & M2, x3 = x & M3;
        ulong y0 = y & M0, y1 = y & M1, y2 = y & M2, y3 = y & M3;
        ulong z0 = (x0 * y0) ^ (x1 * y3) ^ (x2 * y2) ^ (x3 * y1);
        ulong z1 = (x0 * y1) ^ (x1 * y0) ^ (x2 * y3) ^ (x3 * y2);
        ulong z2 = (x0 * y2) ^ (x1 * y1) ^ (x2 * y0) ^ (x3 * y3);
        ulong z3 = (x0 * y3) ^ (x1 * y2) ^ (x2 * y1) ^ (x3 * y0);
        return (z0 & M0) | (z1 & M1) | (z2 & M2) | (z3 & M3);
    }

    private static ulong ReverseBits(ulong v)
    {
        v = ((v >> 1) & 0x5555555555555555UL) | ((v & 0x5555555555555555UL) << 1);
        v = ((v >> 2) & 0x3333333333333333UL) | ((v & 0x3333333333333333UL) << 2);
        v = ((v >> 4) & 0x0F0F0F0F0F0F0F0FUL) | ((v & 0x0F0F0F0F0F0F0F0FUL) << 4);
        return BinaryPrimitives.ReverseEndianness(v);
    }
}
