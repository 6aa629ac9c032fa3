namespace RtcEngine.Srtp;

/// <summary>
/// The sliding replay window of RFC 3711 section 3.3.2 over 64-bit packet indexes: a bitmap anchored
/// at the highest accepted index, bit k standing for index (highest - k). Checking happens before
/// authentication (cheap rejection) and accepting after it (only authentic packets move the window).
/// </summary>
internal static class ReplayWindow
{
    /// <summary>Whether <paramref name="index"/> is new, a duplicate, or older than the window.</summary>
    public static SrtpResult Check(ulong highest, ReadOnlySpan<ulong> bitmap, ulong index)
    {
        if (index > highest)
        {
            return SrtpResult.Ok;
        }

        ulong behind = highest - index;
        if (behind >= (ulong)bitmap.Length * 64)
        {
            return SrtpResult.ReplayOld;
        }

        return ((bitmap[(int)(behind >> 6)] >> (int)(behind & 63)) & 1) != 0 ? SrtpResult.ReplayDuplicate : SrtpResult.Ok;
    }

    /// <summary>Records <paramref name="index"/> as accepted, sliding the window when it is the new highest.</summary>
    public static void Accept(ref ulong highest, Span<ulong> bitmap, ulong index)
    {
        if (index > highest)
        {
            Slide(bitmap, index - highest);
            highest = index;
            bitmap[0] |= 1;
            return;
        }

        ulong behind = highest - index;
        bitmap[(int)(behind >> 6)] |= 1UL << (int)(behind & 63);
    }

    // Moves every bit up by 'distance' (towards older), dropping what falls off the window.
    private static void Slide(Span<ulong> bitmap, ulong distance)
    {
        if (distance >= (ulong)bitmap.Length * 64)
        {
            bitmap.Clear();
            return;
        }

        int words = (int)(distance >> 6);
        int bits = (int)(distance & 63);
        for (int i = bitmap.Length - 1; i >= 0; i--)
        {
            int source = i - words;
            ulong value = 0;
            if (source >= 0)
            {
                value = bitmap[source] << bits;
                if (bits != 0 && source > 0)
                {
                    value |= bitmap[source - 1] >> (64 - bits);
                }
            }

            bitmap[i] = value;
        }
    }
}
