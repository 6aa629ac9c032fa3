namespace RtcEngine.Sdp.Text;

/// <summary>Reads the remaining space-separated fields of a value into an exact-size array.</summary>
internal static class SdpTokenList
{
    public static string[] ReadAll(ref SdpValueReader reader)
    {
        ReadOnlySpan<char> rest = reader.Remaining;
        int count = 0;
        bool inToken = false;
        foreach (char c in rest)
        {
            if (c == ' ')
            {
                inToken = false;
            }
            else if (!inToken)
            {
                inToken = true;
                count++;
            }
        }

        if (count == 0)
        {
            reader.ReadRest(out _);
            return [];
        }

        var tokens = new string[count];
        for (int i = 0; i < count; i++)
        {
            reader.TryReadToken(out ReadOnlySpan<char> token, out _);
            tokens[i] = SdpStrings.Get(token);
        }

        return tokens;
    }

    /// <summary>Validates a caller-supplied token list (no empty entries, no spaces or line breaks).</summary>
    public static string[] Validate(IEnumerable<string> tokens, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(tokens, parameterName);
        string[] array = tokens.ToArray();
        foreach (string token in array)
        {
            ValidateToken(token, parameterName);
        }

        return array;
    }

    /// <summary>Throws unless <paramref name="token"/> is non-empty and has no space, CR, LF or NUL.</summary>
    public static void ValidateToken(string token, string parameterName)
    {
        if (string.IsNullOrEmpty(token) || token.AsSpan().IndexOfAny(" \r\n\0") >= 0)
        {
            throw new ArgumentException($"'{token}' is not a valid SDP field (empty, or contains a space or line break).", parameterName);
        }
    }

    /// <summary>Throws if <paramref name="text"/> contains CR, LF or NUL (spaces are allowed).</summary>
    public static void ValidateText(string text, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(text, parameterName);
        if (text.AsSpan().IndexOfAny("\r\n\0") >= 0)
        {
            throw new ArgumentException("SDP text cannot contain CR, LF or NUL.", parameterName);
        }
    }
}
