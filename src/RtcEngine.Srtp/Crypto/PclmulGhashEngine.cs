using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RtcEngine.Srtp.Crypto;

/// <summary>H·x, (H^2)·x, ... (H^16)·x: element i holds the (i+1)-th power.</summary>
[InlineArray(16)]
internal struct GhashPowers
{
    private Vector128<ulong> _element0;
}

/// <summary>The sixteen powers as four 512-bit groups: [H^16..H^13], [H^12..H^9], [H^8..H^5], [H^4..H^1].</summary>
[InlineArray(4)]
internal struct GhashPowerGroups
{
    private Vector512<ulong> _element0;
}

/// <summary>
/// GHASH on PCLMULQDQ. Sixteen blocks at a time are multiplied by H^16 ... H^1 and summed before a
/// single reduction (aggregated reduction), on 512-bit VPCLMULQDQ where the CPU has it (four blocks
/// per instruction); shorter runs and CPUs without it use the 128-bit form on up to sixteen blocks.
/// </summary>
/// <remarks>Not thread-safe (one context, one thread). Verified against the platform's AES-GCM in tests.</remarks>
internal sealed class PclmulGhashEngine : GhashEngine
{
    private GhashPowers _powers;
    private GhashPowerGroups _groups;
    private readonly bool _vector512;

    public PclmulGhashEngine(Vector128<byte> h, bool allowVector512)
    {
        Debug.Assert(IsSupported, "callers check IsSupported");
        (ulong low, ulong high) = ShiftedKey(h);
        Vector128<ulong> h1 = Vector128.Create(low, high);
        _powers[0] = h1;
        for (int i = 1; i < 16; i++)
        {
            _powers[i] = Multiply(_powers[i - 1], h1);
        }

        _vector512 = allowVector512 && Pclmulqdq.V512.IsSupported && Avx512BW.IsSupported;
        for (int g = 0; g < 4; g++)
        {
            int top = 15 - (4 * g); // index of the highest power in the group
            _groups[g] = Vector512.Create(
                Vector256.Create(_powers[top], _powers[top - 1]),
                Vector256.Create(_powers[top - 2], _powers[top - 3]));
        }
    }

    /// <summary>Whether this CPU has the instructions (PCLMULQDQ, SSSE3).</summary>
    public static bool IsSupported => Pclmulqdq.IsSupported && Ssse3.IsSupported;

    /// <summary>Whether the 512-bit path is in use.</summary>
    public bool UsesVector512 => _vector512;

    private static Vector128<byte> ReverseMask => Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);

    public override void Update(ref Vector128<ulong> y, ReadOnlySpan<byte> data)
    {
        ref byte p = ref MemoryMarshal.GetReference(data);
        int length = data.Length;
        int offset = 0;
        Vector128<ulong> acc = y;
        if (_vector512)
        {
            while (length - offset >= 256)
            {
                acc = Aggregate16Wide(acc, ref Unsafe.Add(ref p, offset));
                offset += 256;
            }
        }

        while (length - offset > 0)
        {
            int chunk = Math.Min(256, length - offset);
            acc = Aggregate(acc, ref Unsafe.Add(ref p, offset), chunk);
            offset += chunk;
        }

        y = acc;
    }

    public override Vector128<byte> Finish(Vector128<ulong> y, int aadBytes, int dataBytes)
    {
        y ^= Vector128.Create((ulong)dataBytes * 8, (ulong)aadBytes * 8);
        y = Multiply(y, _powers[0]);
        return Ssse3.Shuffle(y.AsByte(), ReverseMask);
    }

    public override void Dispose()
    {
        ((Span<Vector128<ulong>>)_powers).Clear();
        ((Span<Vector512<ulong>>)_groups).Clear();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Load(ref byte p) => Ssse3.Shuffle(Vector128.LoadUnsafe(ref p), ReverseMask).AsUInt64();

    // Up to sixteen blocks (the last one zero-padded): Y' = (Y ^ X0)·H^m ^ X1·H^(m-1) ^ ... ^ X(m-1)·H.
    [SkipLocalsInit]
    private Vector128<ulong> Aggregate(Vector128<ulong> y, ref byte p, int bytes)
    {
        int blocks = (bytes + 15) >> 4;
        int full = bytes >> 4;
        ref Vector128<ulong> powers = ref _powers[0];
        Vector128<ulong> lo = Vector128<ulong>.Zero, mid = Vector128<ulong>.Zero, hi = Vector128<ulong>.Zero;
        for (int j = 0; j < full; j++)
        {
            Vector128<ulong> x = Load(ref Unsafe.Add(ref p, j * 16));
            if (j == 0)
            {
                x ^= y;
            }

            Accumulate(x, Unsafe.Add(ref powers, blocks - 1 - j), ref lo, ref mid, ref hi);
        }

        if (full < blocks)
        {
            Span<byte> last = stackalloc byte[16];
            last.Clear();
            MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref p, full * 16), bytes - (full * 16)).CopyTo(last);
            Vector128<ulong> x = Load(ref MemoryMarshal.GetReference(last));
            if (full == 0)
            {
                x ^= y;
            }

            Accumulate(x, powers, ref lo, ref mid, ref hi);
        }

        return Reduce(lo, mid, hi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(Vector128<ulong> x, Vector128<ulong> h, ref Vector128<ulong> lo, ref Vector128<ulong> mid, ref Vector128<ulong> hi)
    {
        lo ^= Pclmulqdq.CarrylessMultiply(x, h, 0x00);
        hi ^= Pclmulqdq.CarrylessMultiply(x, h, 0x11);
        mid ^= Pclmulqdq.CarrylessMultiply(x, h, 0x01) ^ Pclmulqdq.CarrylessMultiply(x, h, 0x10);
    }

    private Vector128<ulong> Aggregate16Wide(Vector128<ulong> y, ref byte p)
    {
        Vector512<byte> mask = Vector512.Create(ReverseMask);
        ref Vector512<ulong> groups = ref _groups[0];
        Vector512<ulong> x0 = Avx512BW.Shuffle(Vector512.LoadUnsafe(ref p), mask).AsUInt64() ^ y.ToVector256().ToVector512();
        Vector512<ulong> x1 = Avx512BW.Shuffle(Vector512.LoadUnsafe(ref p, 64), mask).AsUInt64();
        Vector512<ulong> x2 = Avx512BW.Shuffle(Vector512.LoadUnsafe(ref p, 128), mask).AsUInt64();
        Vector512<ulong> x3 = Avx512BW.Shuffle(Vector512.LoadUnsafe(ref p, 192), mask).AsUInt64();
        Vector512<ulong> h0 = groups, h1 = Unsafe.Add(ref groups, 1), h2 = Unsafe.Add(ref groups, 2), h3 = Unsafe.Add(ref groups, 3);

        Vector512<ulong> lo = Pclmulqdq.V512.CarrylessMultiply(x0, h0, 0x00) ^ Pclmulqdq.V512.CarrylessMultiply(x1, h1, 0x00)
            ^ Pclmulqdq.V512.CarrylessMultiply(x2, h2, 0x00) ^ Pclmulqdq.V512.CarrylessMultiply(x3, h3, 0x00);
        Vector512<ulong> hi = Pclmulqdq.V512.CarrylessMultiply(x0, h0, 0x11) ^ Pclmulqdq.V512.CarrylessMultiply(x1, h1, 0x11)
            ^ Pclmulqdq.V512.CarrylessMultiply(x2, h2, 0x11) ^ Pclmulqdq.V512.CarrylessMultiply(x3, h3, 0x11);
        Vector512<ulong> mid = Pclmulqdq.V512.CarrylessMultiply(x0, h0, 0x01) ^ Pclmulqdq.V512.CarrylessMultiply(x0, h0, 0x10)
            ^ Pclmulqdq.V512.CarrylessMultiply(x1, h1, 0x01) ^ Pclmulqdq.V512.CarrylessMultiply(x1, h1, 0x10)
            ^ Pclmulqdq.V512.CarrylessMultiply(x2, h2, 0x01) ^ Pclmulqdq.V512.CarrylessMultiply(x2, h2, 0x10)
            ^ Pclmulqdq.V512.CarrylessMultiply(x3, h3, 0x01) ^ Pclmulqdq.V512.CarrylessMultiply(x3, h3, 0x10);

        return Reduce(Fold(lo), Fold(mid), Fold(hi));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Fold(Vector512<ulong> v)
    {
        Vector256<ulong> half = v.GetLower() ^ v.GetUpper();
        return half.GetLower() ^ half.GetUpper();
    }

    private static Vector128<ulong> Multiply(Vector128<ulong> x, Vector128<ulong> h)
    {
        Vector128<ulong> lo = Vector128<ulong>.Zero, mid = Vector128<ulong>.Zero, hi = Vector128<ulong>.Zero;
        Accumulate(x, h, ref lo, ref mid, ref hi);
        return Reduce(lo, mid, hi);
    }

    // 256-bit product hi:mid:lo folded to 128 bits: two multiplies of the low half by the reduction
    // constant, each swapping the halves (the reflected Montgomery-style fold).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Reduce(Vector128<ulong> lo, Vector128<ulong> mid, Vector128<ulong> hi)
    {
        lo ^= Sse2.ShiftLeftLogical128BitLane(mid, 8);
        hi ^= Sse2.ShiftRightLogical128BitLane(mid, 8);
        Vector128<ulong> poly = Vector128.Create(0UL, ReductionConstant);
        Vector128<ulong> t = Pclmulqdq.CarrylessMultiply(lo, poly, 0x10);
        lo = Sse2.Shuffle(lo.AsUInt32(), 0x4E).AsUInt64() ^ t;
        t = Pclmulqdq.CarrylessMultiply(lo, poly, 0x10);
        lo = Sse2.Shuffle(lo.AsUInt32(), 0x4E).AsUInt64() ^ t;
        return lo ^ hi;
    }
}
