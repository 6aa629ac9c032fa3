using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace RtcEngine.Srtp.Crypto;

/// <summary>The AES round keys of one key: 11 for AES-128, 15 for AES-256.</summary>
[InlineArray(15)]
internal struct AesRoundKeys
{
    private Vector128<byte> _element0;
}

/// <summary>
/// AES-CTR on AES-NI (<c>AESENC</c>): the key schedule is expanded once, and eight blocks are in
/// flight per loop so that the instruction's latency (about four cycles) is hidden behind the other
/// seven blocks' rounds. .NET exposes no VAES, so each block is one 128-bit lane.
/// </summary>
/// <remarks>Not thread-safe (one context, one thread). Verified against the platform's AES in tests.</remarks>
internal sealed class AesNiCtrEngine : AesCtrEngine
{
    private AesRoundKeys _keys;
    private readonly int _rounds;

    public AesNiCtrEngine(ReadOnlySpan<byte> key)
    {
        Debug.Assert(IsSupported, "callers check IsSupported");
        _rounds = key.Length switch
        {
            16 => Expand128(key, ref _keys),
            32 => Expand256(key, ref _keys),
            _ => throw new ArgumentException("AES keys here are 16 or 32 bytes.", nameof(key)),
        };
    }

    /// <summary>Whether this CPU has the instructions (AES-NI, SSSE3, SSE4.1).</summary>
    public static bool IsSupported => X86Aes.IsSupported && Ssse3.IsSupported && Sse41.IsSupported;

    public override Vector128<byte> EncryptBlock(Vector128<byte> block)
    {
        ref Vector128<byte> keys = ref _keys[0];
        block ^= keys;
        for (int r = 1; r < _rounds; r++)
        {
            block = X86Aes.Encrypt(block, Unsafe.Add(ref keys, r));
        }

        return X86Aes.EncryptLast(block, Unsafe.Add(ref keys, _rounds));
    }

    [SkipLocalsInit]
    public override void XorKeystream(Vector128<byte> counterBlock, int firstCounter, Span<byte> data)
    {
        ref Vector128<byte> keys = ref _keys[0];
        ref byte p = ref MemoryMarshal.GetReference(data);
        int rounds = _rounds;
        int counter = firstCounter;
        nuint offset = 0;
        nuint length = (nuint)data.Length;
        Vector128<ushort> iv = counterBlock.AsUInt16();

        while (length - offset >= 128)
        {
            Xor8(ref keys, rounds, iv, counter, ref Unsafe.Add(ref p, offset));
            offset += 128;
            counter += 8;
        }

        if (offset < length)
        {
            // Tail: a four- or eight-wide round on a copy, so short tails cost one block's latency.
            int rest = (int)(length - offset);
            Span<byte> tail = stackalloc byte[128];
            Span<byte> source = data.Slice((int)offset, rest);
            source.CopyTo(tail);
            if (rest <= 64)
            {
                Xor4(ref keys, rounds, iv, counter, ref MemoryMarshal.GetReference(tail));
            }
            else
            {
                Xor8(ref keys, rounds, iv, counter, ref MemoryMarshal.GetReference(tail));
            }

            tail[..rest].CopyTo(source);
        }
    }

    public override void Dispose() => ((Span<Vector128<byte>>)_keys).Clear();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Counter(Vector128<ushort> iv, int counter) =>
        Sse2.Insert(iv, BinaryPrimitives.ReverseEndianness((ushort)counter), 7).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Xor8(ref Vector128<byte> keys, int rounds, Vector128<ushort> iv, int counter, ref byte p)
    {
        Vector128<byte> k = keys;
        Vector128<byte> b0 = Counter(iv, counter) ^ k;
        Vector128<byte> b1 = Counter(iv, counter + 1) ^ k;
        Vector128<byte> b2 = Counter(iv, counter + 2) ^ k;
        Vector128<byte> b3 = Counter(iv, counter + 3) ^ k;
        Vector128<byte> b4 = Counter(iv, counter + 4) ^ k;
        Vector128<byte> b5 = Counter(iv, counter + 5) ^ k;
        Vector128<byte> b6 = Counter(iv, counter + 6) ^ k;
        Vector128<byte> b7 = Counter(iv, counter + 7) ^ k;
        for (int r = 1; r < rounds; r++)
        {
            k = Unsafe.Add(ref keys, r);
            b0 = X86Aes.Encrypt(b0, k);
            b1 = X86Aes.Encrypt(b1, k);
            b2 = X86Aes.Encrypt(b2, k);
            b3 = X86Aes.Encrypt(b3, k);
            b4 = X86Aes.Encrypt(b4, k);
            b5 = X86Aes.Encrypt(b5, k);
            b6 = X86Aes.Encrypt(b6, k);
            b7 = X86Aes.Encrypt(b7, k);
        }

        k = Unsafe.Add(ref keys, rounds);
        (X86Aes.EncryptLast(b0, k) ^ Vector128.LoadUnsafe(ref p)).StoreUnsafe(ref p);
        (X86Aes.EncryptLast(b1, k) ^ Vector128.LoadUnsafe(ref p, 16)).StoreUnsafe(ref p, 16);
        (X86Aes.EncryptLast(b2, k) ^ Vector128.LoadUnsafe(ref p, 32)).StoreUnsafe(ref p, 32);
        (X86Aes.EncryptLast(b3, k) ^ Vector128.LoadUnsafe(ref p, 48)).StoreUnsafe(ref p, 48);
        (X86Aes.EncryptLast(b4, k) ^ Vector128.LoadUnsafe(ref p, 64)).StoreUnsafe(ref p, 64);
        (X86Aes.EncryptLast(b5, k) ^ Vector128.LoadUnsafe(ref p, 80)).StoreUnsafe(ref p, 80);
        (X86Aes.EncryptLast(b6, k) ^ Vector128.LoadUnsafe(ref p, 96)).StoreUnsafe(ref p, 96);
        (X86Aes.EncryptLast(b7, k) ^ Vector128.LoadUnsafe(ref p, 112)).StoreUnsafe(ref p, 112);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Xor4(ref Vector128<byte> keys, int rounds, Vector128<ushort> iv, int counter, ref byte p)
    {
        Vector128<byte> k = keys;
        Vector128<byte> b0 = Counter(iv, counter) ^ k;
        Vector128<byte> b1 = Counter(iv, counter + 1) ^ k;
        Vector128<byte> b2 = Counter(iv, counter + 2) ^ k;
        Vector128<byte> b3 = Counter(iv, counter + 3) ^ k;
        for (int r = 1; r < rounds; r++)
        {
            k = Unsafe.Add(ref keys, r);
            b0 = X86Aes.Encrypt(b0, k);
            b1 = X86Aes.Encrypt(b1, k);
            b2 = X86Aes.Encrypt(b2, k);
            b3 = X86Aes.Encrypt(b3, k);
        }

        k = Unsafe.Add(ref keys, rounds);
        (X86Aes.EncryptLast(b0, k) ^ Vector128.LoadUnsafe(ref p)).StoreUnsafe(ref p);
        (X86Aes.EncryptLast(b1, k) ^ Vector128.LoadUnsafe(ref p, 16)).StoreUnsafe(ref p, 16);
        (X86Aes.EncryptLast(b2, k) ^ Vector128.LoadUnsafe(ref p, 32)).StoreUnsafe(ref p, 32);
        (X86Aes.EncryptLast(b3, k) ^ Vector128.LoadUnsafe(ref p, 48)).StoreUnsafe(ref p, 48);
    }

    // FIPS-197 key expansion with AESKEYGENASSIST: each step folds the previous round key into
    // itself (w[i] ^= w[i-1] across the four words) and XORs in SubWord(RotWord(w)) ^ rcon.
    private static int Expand128(ReadOnlySpan<byte> key, ref AesRoundKeys keys)
    {
        Vector128<byte> k = Vector128.Create(key);
        keys[0] = k;
        keys[1] = k = Step(k, X86Aes.KeygenAssist(k, 0x01), 0xFF);
        keys[2] = k = Step(k, X86Aes.KeygenAssist(k, 0x02), 0xFF);
        keys[3] = k = Step(k, X86Aes.KeygenAssist(k, 0x04), 0xFF);
        keys[4] = k = Step(k, X86Aes.KeygenAssist(k, 0x08), 0xFF);
        keys[5] = k = Step(k, X86Aes.KeygenAssist(k, 0x10), 0xFF);
        keys[6] = k = Step(k, X86Aes.KeygenAssist(k, 0x20), 0xFF);
        keys[7] = k = Step(k, X86Aes.KeygenAssist(k, 0x40), 0xFF);
        keys[8] = k = Step(k, X86Aes.KeygenAssist(k, 0x80), 0xFF);
        keys[9] = k = Step(k, X86Aes.KeygenAssist(k, 0x1B), 0xFF);
        keys[10] = Step(k, X86Aes.KeygenAssist(k, 0x36), 0xFF);
        return 10;
    }

    private static int Expand256(ReadOnlySpan<byte> key, ref AesRoundKeys keys)
    {
        Vector128<byte> a = Vector128.Create(key[..16]);
        Vector128<byte> b = Vector128.Create(key[16..]);
        keys[0] = a;
        keys[1] = b;
        keys[2] = a = Step(a, X86Aes.KeygenAssist(b, 0x01), 0xFF);
        keys[3] = b = Step(b, X86Aes.KeygenAssist(a, 0x00), 0xAA);
        keys[4] = a = Step(a, X86Aes.KeygenAssist(b, 0x02), 0xFF);
        keys[5] = b = Step(b, X86Aes.KeygenAssist(a, 0x00), 0xAA);
        keys[6] = a = Step(a, X86Aes.KeygenAssist(b, 0x04), 0xFF);
        keys[7] = b = Step(b, X86Aes.KeygenAssist(a, 0x00), 0xAA);
        keys[8] = a = Step(a, X86Aes.KeygenAssist(b, 0x08), 0xFF);
        keys[9] = b = Step(b, X86Aes.KeygenAssist(a, 0x00), 0xAA);
        keys[10] = a = Step(a, X86Aes.KeygenAssist(b, 0x10), 0xFF);
        keys[11] = b = Step(b, X86Aes.KeygenAssist(a, 0x00), 0xAA);
        keys[12] = a = Step(a, X86Aes.KeygenAssist(b, 0x20), 0xFF);
        keys[13] = Step(b, X86Aes.KeygenAssist(a, 0x00), 0xAA);
        keys[14] = Step(a, X86Aes.KeygenAssist(keys[13], 0x40), 0xFF);
        return 14;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Step(Vector128<byte> previous, Vector128<byte> assist, [ConstantExpected] byte broadcast)
    {
        assist = Sse2.Shuffle(assist.AsUInt32(), broadcast).AsByte();
        previous ^= Sse2.ShiftLeftLogical128BitLane(previous, 4);
        previous ^= Sse2.ShiftLeftLogical128BitLane(previous, 4);
        previous ^= Sse2.ShiftLeftLogical128BitLane(previous, 4);
        return previous ^ assist;
    }
}
