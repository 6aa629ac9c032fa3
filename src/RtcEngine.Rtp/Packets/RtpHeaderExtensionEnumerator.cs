using System.Runtime.CompilerServices;

namespace RtcEngine.Rtp;

/// <summary>The two element forms of RFC 8285 header extensions.</summary>
public enum RtpHeaderExtensionForm : byte
{
    /// <summary>No extension block, or a profile other than RFC 8285's (its data is opaque).</summary>
    None = 0,

    /// <summary>One-byte headers (profile 0xBEDE): ids 1..14, values of 1..16 bytes.</summary>
    OneByte,

    /// <summary>Two-byte headers (profile 0x100X): ids 1..255, values of 0..255 bytes.</summary>
    TwoByte,
}

/// <summary>One header extension element: its local identifier and its value.</summary>
public readonly ref struct RtpHeaderExtension
{
    /// <summary>Creates an element view.</summary>
    public RtpHeaderExtension(int id, ReadOnlySpan<byte> value)
    {
        Id = id;
        Value = value;
    }

    /// <summary>The local identifier negotiated with <c>a=extmap</c>.</summary>
    public int Id { get; }

    /// <summary>The element's value.</summary>
    public ReadOnlySpan<byte> Value { get; }
}

/// <summary>
/// Walks the elements of an RFC 8285 header extension block, skipping padding bytes. Stops at the
/// end of the block, at a one-byte id of 15 (reserved: "stop processing", section 4.2) and at an
/// element whose length runs past the block.
/// </summary>
/// <remarks>
/// <code>
/// One-byte form (RFC 8285 4.2), L = length - 1:     Two-byte form (4.3):
///  0 1 2 3 4 5 6 7                                   0                   1
/// +-+-+-+-+-+-+-+-+                                 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  ID   |   L   |  data (L+1 bytes)               |       ID      |     length    |  data
/// +-+-+-+-+-+-+-+-+                                 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// A zero byte where an element would start is padding in both forms. A view; not thread-safe to share mid-walk.
/// </remarks>
public ref struct RtpHeaderExtensionEnumerator
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly RtpHeaderExtensionForm _form;
    private int _offset;
    private RtpHeaderExtension _current;

    /// <summary>Enumerates the elements of <paramref name="data"/> (the block without its 4-byte header).</summary>
    public RtpHeaderExtensionEnumerator(ReadOnlySpan<byte> data, RtpHeaderExtensionForm form)
    {
        _data = data;
        _form = form;
        _offset = 0;
        _current = default;
    }

    /// <summary>The element the enumerator is on.</summary>
    public readonly RtpHeaderExtension Current => _current;

    /// <summary>Makes the enumerator usable in <c>foreach</c>.</summary>
    public readonly RtpHeaderExtensionEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next element.</summary>
    public bool MoveNext()
    {
        if (!TryNext(_data, _form, ref _offset, out int id, out int start, out int length))
        {
            return false;
        }

        _current = new RtpHeaderExtension(id, _data.Slice(start, length));
        return true;
    }

    /// <summary>Which form a block with this profile uses.</summary>
    public static RtpHeaderExtensionForm FormOf(ushort profile, bool present) =>
        !present ? RtpHeaderExtensionForm.None
        : profile == RtpPacketReader.OneByteProfile ? RtpHeaderExtensionForm.OneByte
        : (profile & 0xFFF0) == RtpPacketReader.TwoByteProfile ? RtpHeaderExtensionForm.TwoByte
        : RtpHeaderExtensionForm.None;

    /// <summary>Finds the first element with <paramref name="id"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryFind(ReadOnlySpan<byte> data, RtpHeaderExtensionForm form, int id, out ReadOnlySpan<byte> value)
    {
        int offset = 0;
        while (TryNext(data, form, ref offset, out int elementId, out int start, out int length))
        {
            if (elementId == id)
            {
                value = data.Slice(start, length);
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The one-byte form's lookup, the common case, as one tight loop.</summary>
    internal static bool TryFindOneByte(ReadOnlySpan<byte> data, int id, out ReadOnlySpan<byte> value)
    {
        int i = 0;
        while ((uint)i < (uint)data.Length)
        {
            int b = data[i];
            if (b == 0)
            {
                i++;
                continue;
            }

            int elementId = b >> 4;
            int start = i + 1;
            int end = start + (b & 0x0F) + 1;
            if (elementId == 15 || end > data.Length)
            {
                break;
            }

            if (elementId == id)
            {
                value = data.Slice(start, end - start);
                return true;
            }

            i = end;
        }

        value = default;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryNext(ReadOnlySpan<byte> data, RtpHeaderExtensionForm form, ref int offset, out int id, out int start, out int length)
    {
        if (form == RtpHeaderExtensionForm.OneByte)
        {
            while (offset < data.Length)
            {
                byte b = data[offset];
                if (b == 0)
                {
                    offset++;
                    continue;
                }

                id = b >> 4;
                length = (b & 0x0F) + 1;
                start = offset + 1;
                if (id == 15 || start + length > data.Length)
                {
                    break;
                }

                offset = start + length;
                return true;
            }
        }
        else if (form == RtpHeaderExtensionForm.TwoByte)
        {
            while (offset < data.Length)
            {
                byte b = data[offset];
                if (b == 0)
                {
                    offset++;
                    continue;
                }

                if (offset + 2 > data.Length)
                {
                    break;
                }

                id = b;
                length = data[offset + 1];
                start = offset + 2;
                if (start + length > data.Length)
                {
                    break;
                }

                offset = start + length;
                return true;
            }
        }

        offset = data.Length;
        id = 0;
        start = 0;
        length = 0;
        return false;
    }
}
