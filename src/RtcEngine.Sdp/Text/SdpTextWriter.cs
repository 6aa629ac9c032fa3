using System.Buffers;
using System.Globalization;

namespace RtcEngine.Sdp.Text;

/// <summary>
/// Appends SDP text to a char buffer rented from <see cref="ArrayPool{T}.Shared"/>, growing it as
/// needed, so that writing a description allocates only the final string (or nothing, when the
/// caller writes UTF-8 into its own span). Dispose returns the buffer.
/// </summary>
/// <remarks>A mutable ref struct: pass it by reference. Not thread-safe (stack-only).</remarks>
internal ref struct SdpTextWriter
{
    private char[] _buffer;
    private int _length;

    /// <summary>A writer whose first buffer holds at least <paramref name="capacity"/> chars.</summary>
    public SdpTextWriter(int capacity)
    {
        _buffer = ArrayPool<char>.Shared.Rent(Math.Max(capacity, 64));
        _length = 0;
    }

    /// <summary>The text written so far.</summary>
    public readonly ReadOnlySpan<char> Written => _buffer.AsSpan(0, _length);

    /// <summary>Appends one char.</summary>
    public void Append(char c)
    {
        if (_length == _buffer.Length)
        {
            Grow(1);
        }

        _buffer[_length++] = c;
    }

    /// <summary>Appends text.</summary>
    public void Append(scoped ReadOnlySpan<char> text)
    {
        if (_length + text.Length > _buffer.Length)
        {
            Grow(text.Length);
        }

        text.CopyTo(_buffer.AsSpan(_length));
        _length += text.Length;
    }

    /// <summary>Appends text (null appends nothing).</summary>
    public void Append(string? text) => Append(text.AsSpan());

    /// <summary>Appends a non-negative or negative integer in invariant decimal form.</summary>
    public void Append(long value)
    {
        if (_length + 20 > _buffer.Length)
        {
            Grow(20);
        }

        value.TryFormat(_buffer.AsSpan(_length), out int written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    /// <summary>Appends an unsigned integer in invariant decimal form.</summary>
    public void Append(ulong value)
    {
        if (_length + 20 > _buffer.Length)
        {
            Grow(20);
        }

        value.TryFormat(_buffer.AsSpan(_length), out int written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    /// <summary>Appends the SDP line terminator, CRLF (RFC 8866 section 5).</summary>
    public void AppendLineEnd()
    {
        Append('\r');
        Append('\n');
    }

    /// <summary>The text written, as a new string.</summary>
    public readonly override string ToString() => new(_buffer, 0, _length);

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        char[] buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private void Grow(int extra)
    {
        char[] larger = ArrayPool<char>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + extra));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        if (_buffer.Length > 0)
        {
            ArrayPool<char>.Shared.Return(_buffer);
        }

        _buffer = larger;
    }
}
