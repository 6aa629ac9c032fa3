using System.Diagnostics;

namespace RtcEngine.Srtp;

/// <summary>
/// Per-SSRC state of one packet kind, in arrays sized when the context is built, so remote input
/// never grows anything: the SSRC, a 64-bit index (the highest accepted packet index, or for
/// outbound SRTCP the next index to send) and a replay bitmap of the window's size.
/// </summary>
/// <remarks>
/// Lookup is a vectorised linear search over the SSRCs in use, which beats hashing for the few
/// dozen streams a connection carries. Not thread-safe: one context, one thread.
/// </remarks>
internal sealed class StreamTable
{
    private readonly uint[] _ssrcs;
    private readonly ulong[] _indexes;
    private readonly ulong[] _bitmaps;
    private readonly int _words;
    private int _count;

    public StreamTable(int capacity, int windowWords)
    {
        _ssrcs = new uint[capacity];
        _indexes = new ulong[capacity];
        _bitmaps = new ulong[capacity * windowWords];
        _words = windowWords;
    }

    /// <summary>SSRCs tracked now.</summary>
    public int Count => _count;

    /// <summary>Whether no further SSRC fits.</summary>
    public bool IsFull => _count == _ssrcs.Length;

    /// <summary>The slot of <paramref name="ssrc"/>, or -1.</summary>
    public int Find(uint ssrc) => _ssrcs.AsSpan(0, _count).IndexOf(ssrc);

    /// <summary>Adds an SSRC with a cleared bitmap; the caller checked <see cref="IsFull"/>.</summary>
    public int Add(uint ssrc, ulong index)
    {
        Debug.Assert(!IsFull && Find(ssrc) < 0, "callers check capacity and absence");
        int slot = _count++;
        _ssrcs[slot] = ssrc;
        _indexes[slot] = index;
        Bitmap(slot).Clear();
        return slot;
    }

    /// <summary>Forgets an SSRC (the last slot moves into its place).</summary>
    public bool Remove(uint ssrc)
    {
        int slot = Find(ssrc);
        if (slot < 0)
        {
            return false;
        }

        int last = --_count;
        if (slot != last)
        {
            _ssrcs[slot] = _ssrcs[last];
            _indexes[slot] = _indexes[last];
            Bitmap(last).CopyTo(Bitmap(slot));
        }

        Bitmap(last).Clear();
        return true;
    }

    /// <summary>The slot's index.</summary>
    public ref ulong Index(int slot) => ref _indexes[slot];

    /// <summary>The slot's replay bitmap: bit k set means index (highest - k) was accepted.</summary>
    public Span<ulong> Bitmap(int slot) => _bitmaps.AsSpan(slot * _words, _words);
}
