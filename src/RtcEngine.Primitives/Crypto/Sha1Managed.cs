using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace RtcEngine.Primitives.Crypto;

/// <summary>A 64-byte block buffer kept inline in a struct.</summary>
[InlineArray(Sha1Managed.BlockSize)]
internal struct Sha1Block
{
    private byte _element0;
}

/// <summary>
/// Incremental SHA-1 (FIPS 180-4) in portable C#: the fallback for <see cref="HmacSha1"/> where the
/// platform's native library is not available. A value type: copying it forks the hash state, which
/// is how HMAC's precomputed inner and outer states are reused without re-keying.
/// </summary>
internal struct Sha1Managed
{
    public const int BlockSize = 64;
    public const int DigestSize = 20;

    private uint _h0, _h1, _h2, _h3, _h4;
    private long _length;
    private int _buffered;
    private Sha1Block _buffer;

    public static Sha1Managed Create() => new()
    {
        _h0 = 0x67452301,
        _h1 = 0xEFCDAB89,
        _h2 = 0x98BADCFE,
        _h3 = 0x10325476,
        _h4 = 0xC3D2E1F0,
    };

    public void Append(ReadOnlySpan<byte> data)
    {
        _length += data.Length;
        Span<byte> buffer = _buffer;
        if (_buffered > 0)
        {
            int take = Math.Min(BlockSize - _buffered, data.Length);
            data[..take].CopyTo(buffer[_buffered..]);
            _buffered += take;
            data = data[take..];
            if (_buffered < BlockSize)
            {
                return;
            }

            Compress(buffer);
            _buffered = 0;
        }

        while (data.Length >= BlockSize)
        {
            Compress(data[..BlockSize]);
            data = data[BlockSize..];
        }

        data.CopyTo(buffer);
        _buffered = data.Length;
    }

    public void Finish(Span<byte> digest)
    {
        long bitLength = _length * 8;
        Span<byte> buffer = _buffer;
        buffer[_buffered++] = 0x80;
        if (_buffered > BlockSize - 8)
        {
            buffer[_buffered..].Clear();
            Compress(buffer);
            _buffered = 0;
        }

        buffer[_buffered..(BlockSize - 8)].Clear();
        BinaryPrimitives.WriteInt64BigEndian(buffer[(BlockSize - 8)..], bitLength);
        Compress(buffer);

        BinaryPrimitives.WriteUInt32BigEndian(digest, _h0);
        BinaryPrimitives.WriteUInt32BigEndian(digest[4..], _h1);
        BinaryPrimitives.WriteUInt32BigEndian(digest[8..], _h2);
        BinaryPrimitives.WriteUInt32BigEndian(digest[12..], _h3);
        BinaryPrimitives.WriteUInt32BigEndian(digest[16..], _h4);
    }

    private void Compress(ReadOnlySpan<byte> block)
    {
        Span<uint> w = stackalloc uint[80];
        for (int i = 0; i < 16; i++)
        {
            w[i] = BinaryPrimitives.ReadUInt32BigEndian(block[(i * 4)..]);
        }

        for (int i = 16; i < 80; i++)
        {
            w[i] = BitOperations.RotateLeft(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        }

        uint a = _h0, b = _h1, c = _h2, d = _h3, e = _h4;
        for (int i = 0; i < 80; i++)
        {
            uint f, k;
            if (i < 20)
            {
                f = (b & c) | (~b & d);
                k = 0x5A827999;
            }
            else if (i < 40)
            {
                f = b ^ c ^ d;
                k = 0x6ED9EBA1;
            }
            else if (i < 60)
            {
                f = (b & c) | (b & d) | (c & d);
                k = 0x8F1BBCDC;
            }
            else
            {
                f = b ^ c ^ d;
                k = 0xCA62C1D6;
            }

            uint temp = BitOperations.RotateLeft(a, 5) + f + e + k + w[i];
            e = d;
            d = c;
            c = BitOperations.RotateLeft(b, 30);
            b = a;
            a = temp;
        }

        _h0 += a;
        _h1 += b;
        _h2 += c;
        _h3 += d;
        _h4 += e;
    }
}
