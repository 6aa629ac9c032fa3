using System.Buffers.Binary;

namespace RtcEngine.Dtls;

/// <summary>
/// A cursor over TLS presentation-language bytes (RFC 5246 section 4): big-endian integers and
/// length-prefixed vectors. Every read is a <c>Try</c> that leaves the cursor where it was on short input.
/// </summary>
internal ref struct TlsReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public TlsReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _data.Length - _position;

    public readonly bool IsEmpty => _position >= _data.Length;

    public bool TryReadUInt8(out byte value)
    {
        if (Remaining < 1)
        {
            value = 0;
            return false;
        }

        value = _data[_position++];
        return true;
    }

    public bool TryReadUInt16(out ushort value)
    {
        if (Remaining < 2)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt16BigEndian(_data[_position..]);
        _position += 2;
        return true;
    }

    public bool TryReadUInt24(out int value)
    {
        if (Remaining < 3)
        {
            value = 0;
            return false;
        }

        value = _data[_position] << 16 | _data[_position + 1] << 8 | _data[_position + 2];
        _position += 3;
        return true;
    }

    public bool TryReadBytes(int length, out ReadOnlySpan<byte> value)
    {
        if (length < 0 || Remaining < length)
        {
            value = default;
            return false;
        }

        value = _data.Slice(_position, length);
        _position += length;
        return true;
    }

    /// <summary>A vector with a 1-byte length.</summary>
    public bool TryReadVector8(out ReadOnlySpan<byte> value)
    {
        int start = _position;
        if (TryReadUInt8(out byte length) && TryReadBytes(length, out value))
        {
            return true;
        }

        _position = start;
        value = default;
        return false;
    }

    /// <summary>A vector with a 2-byte length.</summary>
    public bool TryReadVector16(out ReadOnlySpan<byte> value)
    {
        int start = _position;
        if (TryReadUInt16(out ushort length) && TryReadBytes(length, out value))
        {
            return true;
        }

        _position = start;
        value = default;
        return false;
    }

    /// <summary>A vector with a 3-byte length.</summary>
    public bool TryReadVector24(out ReadOnlySpan<byte> value)
    {
        int start = _position;
        if (TryReadUInt24(out int length) && TryReadBytes(length, out value))
        {
            return true;
        }

        _position = start;
        value = default;
        return false;
    }
}
