using System.Globalization;

namespace RtcEngine.Sdp.Text;

/// <summary>
/// A forward-only cursor over the value of one SDP line (the text after <c>x=</c>, or after
/// <c>a=name:</c>). Fields are separated by one or more spaces; RFC 8866 asks for exactly one,
/// but real stacks sometimes emit two or a trailing space, and the writer reproduces the line
/// verbatim anyway. <see cref="Position"/> is what a parse error reports as its column.
/// </summary>
/// <remarks>Stack-only; not thread-safe.</remarks>
internal ref struct SdpValueReader
{
    private readonly ReadOnlySpan<char> _text;
    private int _position;

    public SdpValueReader(ReadOnlySpan<char> text)
    {
        _text = text;
        _position = 0;
    }

    /// <summary>Offset of the cursor within the value.</summary>
    public readonly int Position => _position;

    /// <summary>Whether only spaces (or nothing) remain.</summary>
    public readonly bool AtEnd
    {
        get
        {
            for (int i = _position; i < _text.Length; i++)
            {
                if (_text[i] != ' ')
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>The unread text, trailing spaces excluded.</summary>
    public readonly ReadOnlySpan<char> Remaining => _text[_position..].TrimEnd(' ');

    /// <summary>Skips spaces; returns how many were skipped.</summary>
    public int SkipSpaces()
    {
        int start = _position;
        while (_position < _text.Length && _text[_position] == ' ')
        {
            _position++;
        }

        return _position - start;
    }

    /// <summary>
    /// Reads the next space-separated field (skipping spaces before it). False when none is left;
    /// <paramref name="start"/> is then the end position.
    /// </summary>
    public bool TryReadToken(out ReadOnlySpan<char> token, out int start)
    {
        SkipSpaces();
        start = _position;
        while (_position < _text.Length && _text[_position] != ' ')
        {
            _position++;
        }

        token = _text[start.._position];
        return !token.IsEmpty;
    }

    /// <summary>Reads up to (not including) <paramref name="delimiter"/> or a space, whichever comes first.</summary>
    public ReadOnlySpan<char> ReadUntil(char delimiter, out int start)
    {
        start = _position;
        while (_position < _text.Length && _text[_position] != delimiter && _text[_position] != ' ')
        {
            _position++;
        }

        return _text[start.._position];
    }

    /// <summary>Consumes <paramref name="c"/> if it is next.</summary>
    public bool TryConsume(char c)
    {
        if (_position < _text.Length && _text[_position] == c)
        {
            _position++;
            return true;
        }

        return false;
    }

    /// <summary>Reads the rest of the value after skipping spaces, trailing spaces excluded.</summary>
    public ReadOnlySpan<char> ReadRest(out int start)
    {
        SkipSpaces();
        start = _position;
        ReadOnlySpan<char> rest = _text[_position..].TrimEnd(' ');
        _position = _text.Length;
        return rest;
    }
}

/// <summary>Number and token checks shared by the line and attribute parsers. None allocates.</summary>
internal static class SdpSyntax
{
    /// <summary>Decimal digits only (no sign, no spaces), without overflow.</summary>
    public static bool TryParseUInt64(ReadOnlySpan<char> text, out ulong value) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>Decimal digits only, at most <paramref name="max"/>.</summary>
    public static bool TryParseInt32(ReadOnlySpan<char> text, int max, out int value)
    {
        if (uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint parsed) && parsed <= (uint)max)
        {
            value = (int)parsed;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Decimal digits only, within 32 bits (an SSRC).</summary>
    public static bool TryParseUInt32(ReadOnlySpan<char> text, out uint value) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>
    /// RFC 8866 section 9 <c>token</c>: printable ASCII except space and the separators
    /// <c>"(),/:;&lt;=&gt;?@[\]{}</c>.
    /// </summary>
    public static bool IsTokenChar(char c) =>
        c is '!' or (>= '#' and <= '\'') or '*' or '+' or '-' or '.' or (>= '0' and <= '9')
            or (>= 'A' and <= 'Z') or (>= '^' and <= '~');

    /// <summary>Index of the first char that is not a token char, or -1 when all are.</summary>
    public static int IndexOfNonToken(ReadOnlySpan<char> text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (!IsTokenChar(text[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
