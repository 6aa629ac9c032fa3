using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RtcEngine.Srtp.Crypto;

/// <summary>
/// The sixteen powers, highest first: element k holds (H^(16-k))·x, so any run of consecutive
/// elements is the descending powers a run of blocks needs; then four zero elements, so a
/// 512-bit load of the last powers reads zeros (not past the array) in lanes without a block.
/// </summary>
[InlineArray(20)]
internal struct GhashPowers
{
    private Vector128<ulong> _element0;
}

/// <summary>
/// GHASH on PCLMULQDQ. Up to sixteen blocks at a time are multiplied by H^m ... H^1 and summed
/// before a single reduction (aggregated reduction); four blocks per instruction on 512-bit
/// VPCLMULQDQ where the CPU has it, one per instruction otherwise.
/// </summary>
/// <remarks>Not thread-safe (one context, one thread). Verified against the platform's AES-GCM in tests.</remarks>
internal sealed class PclmulGhashEngine : GhashEngine
{
    private const int MaxBlocks = 16;

    private GhashPowers _powers;
    private readonly bool _vector512;

    public PclmulGhashEngine(Vector128<byte> h, bool allowVector512)
    {
        Debug.Assert(IsSupported, "callers check IsSupported");
        (ulong low, ulong high) = ShiftedKey(h);
        Vector128<ulong> h1 = Vector128.Create(low, high);
        _powers[MaxBlocks - 1] = h1;
        for (int k = MaxBlocks - 2; k >= 0; k--)
        {
            _powers[k] = Multiply(_powers[k + 1], h1);
        }

        _vector512 = allowVector512 && Pclmulqdq.V512.IsSupported && Avx512BW.IsSupported;
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
        while (offset < length)
        {
            int chunk = Math.Min(MaxBlocks * 16, length - offset);
            acc = _vector512
                ? AggregateWide(acc, ref Unsafe.Add(ref p, offset), chunk)
                : AggregateNarrow(acc, ref Unsafe.Add(ref p, offset), chunk);
            offset += chunk;
        }

        y = acc;
    }

    public override Vector128<byte> Finish(Vector128<ulong> y, int aadBytes, int dataBytes)
    {
        y ^= Vector128.Create((ulong)dataBytes * 8, (ulong)aadBytes * 8);
        y = Multiply(y, _powers[MaxBlocks - 1]);
        return Ssse3.Shuffle(y.AsByte(), ReverseMask);
    }

    public override void Dispose() => ((Span<Vector128<ulong>>)_powers).Clear();

    // Up to sixteen blocks, the last one zero-padded: Y' = (Y ^ X0)·H^m ^ X1·H^(m-1) ^ ... ^ X(m-1)·H,
    // four blocks per 512-bit lane group; the last group is a masked load (bytes past the data
    // read as zeros, and the hardware never touches them), its empty lanes meet zero powers.
    private unsafe Vector128<ulong> AggregateWide(Vector128<ulong> y, ref byte p, int bytes)
    {
        int blocks = (bytes + 15) >> 4;
        ref Vector128<ulong> powers = ref Unsafe.Add(ref _powers[0], MaxBlocks - blocks); // H^blocks first
        Vector512<byte> reverse = Vector512.Create(ReverseMask);
        Vector512<ulong> lo = Vector512<ulong>.Zero, mid = Vector512<ulong>.Zero, hi = Vector512<ulong>.Zero;
        Vector512<ulong> pending = y.ToVector256().ToVector512(); // XORed into the first block only
        fixed (byte* start = &p)
        {
            for (int offset = 0; offset < bytes; offset += 64)
            {
                int rest = bytes - offset;
                Vector512<byte> raw = rest >= 64
                    ? Vector512.Load(start + offset)
                    : Avx512BW.MaskLoad(start + offset, Vector512.LessThan(Vector512<byte>.Indices, Vector512.Create((byte)rest)), Vector512<byte>.Zero);
                Vector512<ulong> x = Avx512BW.Shuffle(raw, reverse).AsUInt64() ^ pending;
                Vector512<ulong> h = Vector512.LoadUnsafe(ref Unsafe.As<Vector128<ulong>, ulong>(ref Unsafe.Add(ref powers, offset >> 4)));
                pending = Vector512<ulong>.Zero;
                lo ^= Pclmulqdq.V512.CarrylessMultiply(x, h, 0x00);
                hi ^= Pclmulqdq.V512.CarrylessMultiply(x, h, 0x11);
                mid ^= Pclmulqdq.V512.CarrylessMultiply(x, h, 0x01) ^ Pclmulqdq.V512.CarrylessMultiply(x, h, 0x10);
            }
        }

        return Reduce(Fold(lo), Fold(mid), Fold(hi));
    }

    // The same sum one block per instruction, for CPUs without 512-bit VPCLMULQDQ.
    private Vector128<ulong> AggregateNarrow(Vector128<ulong> y, ref byte p, int bytes)
    {
        int blocks = (bytes + 15) >> 4;
        int full = bytes >> 4;
        ref Vector128<ulong> powers = ref Unsafe.Add(ref _powers[0], MaxBlocks - blocks);
        Vector128<ulong> lo = Vector128<ulong>.Zero, mid = Vector128<ulong>.Zero, hi = Vector128<ulong>.Zero;
        Vector128<ulong> pending = y;
        for (int j = 0; j < full; j++)
        {
            Vector128<ulong> x = Load(ref Unsafe.Add(ref p, j * 16)) ^ pending;
            Vector128<ulong> h = Unsafe.Add(ref powers, j);
            pending = Vector128<ulong>.Zero;
            lo ^= Pclmulqdq.CarrylessMultiply(x, h, 0x00);
            hi ^= Pclmulqdq.CarrylessMultiply(x, h, 0x11);
            mid ^= Pclmulqdq.CarrylessMultiply(x, h, 0x01) ^ Pclmulqdq.CarrylessMultiply(x, h, 0x10);
        }

        if (full < blocks)
        {
            Vector128<ulong> x = LoadPartial(ref Unsafe.Add(ref p, full * 16), bytes - (full * 16)) ^ pending;
            Vector128<ulong> h = Unsafe.Add(ref powers, full);
            lo ^= Pclmulqdq.CarrylessMultiply(x, h, 0x00);
            hi ^= Pclmulqdq.CarrylessMultiply(x, h, 0x11);
            mid ^= Pclmulqdq.CarrylessMultiply(x, h, 0x01) ^ Pclmulqdq.CarrylessMultiply(x, h, 0x10);
        }

        return Reduce(lo, mid, hi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Load(ref byte p) => Ssse3.Shuffle(Vector128.LoadUnsafe(ref p), ReverseMask).AsUInt64();

    // A last block of 1 to 15 bytes, zero-padded, assembled in registers: a call (to copy it)
    // would make the JIT keep the accumulators on the stack through the loops above.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> LoadPartial(ref byte p, int count)
    {
        ulong first = 0, second = 0;
        int head = Math.Min(count, 8);
        for (int i = 0; i < head; i++)
        {
            first |= (ulong)Unsafe.Add(ref p, i) << (8 * i);
        }

        for (int i = 8; i < count; i++)
        {
            second |= (ulong)Unsafe.Add(ref p, i) << (8 * (i - 8));
        }

        return Ssse3.Shuffle(Vector128.Create(first, second).AsByte(), ReverseMask).AsUInt64();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Fold(Vector512<ulong> v)
    {
        Vector256<ulong> half = v.GetLower() ^ v.GetUpper();
        return half.GetLower() ^ half.GetUpper();
    }

    private static Vector128<ulong> Multiply(Vector128<ulong> x, Vector128<ulong> h) => Reduce(
        Pclmulqdq.CarrylessMultiply(x, h, 0x00),
        Pclmulqdq.CarrylessMultiply(x, h, 0x01) ^ Pclmulqdq.CarrylessMultiply(x, h, 0x10),
        Pclmulqdq.CarrylessMultiply(x, h, 0x11));

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
