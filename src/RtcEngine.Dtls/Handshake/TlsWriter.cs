using System.Buffers.Binary;

namespace RtcEngine.Dtls;

/// <summary>
/// Writes TLS presentation-language bytes into a span that the caller sized for the message; a
/// vector's length prefix is reserved first and filled in when the vector ends. Used only to
/// build the engine's own handshake messages, so running out of space is a bug (it throws).
/// </summary>
internal ref struct TlsWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    public TlsWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly ReadOnlySpan<byte> Written => _buffer[.._position];

    public void WriteUInt8(byte value) => _buffer[_position++] = value;

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[_position..], value);
        _position += 2;
    }

    public void WriteUInt24(int value)
    {
        _buffer[_position] = (byte)(value >> 16);
        _buffer[_position + 1] = (byte)(value >> 8);
        _buffer[_position + 2] = (byte)value;
        _position += 3;
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_buffer[_position..]);
        _position += value.Length;
    }

    /// <summary>Reserves a length prefix of <paramref name="size"/> bytes; returns its position for <see cref="EndVector"/>.</summary>
    public int BeginVector(int size)
    {
        int at = _position;
        _position += size;
        return at;
    }

    /// <summary>Fills the length prefix reserved at <paramref name="at"/> with the bytes written since.</summary>
    public void EndVector(int at, int size)
    {
        int length = _position - at - size;
        switch (size)
        {
            case 1:
                _buffer[at] = checked((byte)length);
                break;
            case 2:
                BinaryPrimitives.WriteUInt16BigEndian(_buffer[at..], checked((ushort)length));
                break;
            default:
                _buffer[at] = (byte)(length >> 16);
                _buffer[at + 1] = (byte)(length >> 8);
                _buffer[at + 2] = (byte)length;
                break;
        }
    }

    public void WriteVector8(ReadOnlySpan<byte> value)
    {
        WriteUInt8(checked((byte)value.Length));
        WriteBytes(value);
    }

    public void WriteVector16(ReadOnlySpan<byte> value)
    {
        WriteUInt16(checked((ushort)value.Length));
        WriteBytes(value);
    }

    public void WriteVector24(ReadOnlySpan<byte> value)
    {
        WriteUInt24(value.Length);
        WriteBytes(value);
    }
}
