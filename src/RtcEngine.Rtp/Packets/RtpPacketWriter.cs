using System.Buffers.Binary;
using RtcEngine.Primitives;

namespace RtcEngine.Rtp;

/// <summary>The fixed-header fields of an RTP packet to write.</summary>
/// <param name="PayloadType">0..127.</param>
/// <param name="SequenceNumber">The 16-bit sequence number.</param>
/// <param name="Timestamp">The RTP timestamp.</param>
/// <param name="Ssrc">The synchronization source.</param>
/// <param name="Marker">The marker bit.</param>
public readonly record struct RtpHeader(byte PayloadType, ushort SequenceNumber, uint Timestamp, uint Ssrc, bool Marker = false);

/// <summary>
/// Writes one RTP packet into a caller's buffer, in order: the fixed header and CSRCs
/// (<see cref="TryWriteHeader"/>), header extension elements (<see cref="TryAddExtension(int, ReadOnlySpan{byte})"/> and
/// the typed adders), then the payload (<see cref="TryWritePayload"/> or <see cref="PayloadSpace"/> +
/// <see cref="TryFinish"/>) and optional padding. The wire format is the one
/// <see cref="RtpPacketReader"/> documents (RFC 3550 section 5.1, RFC 8285).
/// </summary>
/// <remarks>
/// <para>
/// The extension block starts in the one-byte form (what browsers expect) and is converted in place
/// to the two-byte form when an element needs it (an id above 14, an empty value or one longer than
/// 16 bytes; RFC 8285 section 4.1.2 lets one packet use only one form). Pass
/// <see cref="RtpHeaderExtensionForm.TwoByte"/> to start in that form. The block is padded with zero
/// bytes to a 32-bit boundary, as RFC 8285 and Chromium do.
/// </para>
/// <para>
/// A builder over a span rather than a <c>TryWriteTo</c> value: a packet's extension list and payload
/// come from different places at send time, and this writes each exactly once, where it lands.
/// Every <c>Try*</c> returns false, writing nothing more, when the destination is too small.
/// Writing out of order is misuse and throws. Not thread-safe (a stack value).
/// </para>
/// </remarks>
public ref struct RtpPacketWriter
{
    private readonly Span<byte> _destination;
    private RtpHeaderExtensionForm _form;
    private int _extensionStart;     // offset of the 4-byte extension header; 0 when none
    private int _extensionEnd;       // end of the last element written
    private int _payloadStart;       // end of the padded extension block once sealed; 0 while open
    private int _headerEnd;          // end of fixed header + CSRCs; 0 before the header

    /// <summary>A writer over <paramref name="destination"/>.</summary>
    /// <param name="destination">Where the packet goes.</param>
    /// <param name="preferredForm">The extension form to start in (one-byte unless an element needs two-byte).</param>
    public RtpPacketWriter(Span<byte> destination, RtpHeaderExtensionForm preferredForm = RtpHeaderExtensionForm.OneByte)
    {
        _destination = destination;
        _form = preferredForm == RtpHeaderExtensionForm.TwoByte ? RtpHeaderExtensionForm.TwoByte : RtpHeaderExtensionForm.OneByte;
    }

    /// <summary>Bytes written so far (header, extensions; the payload once written).</summary>
    public readonly int Length => _payloadStart != 0 ? _payloadStart : _extensionStart != 0 ? PaddedEnd : _headerEnd;

    private readonly int PaddedEnd => _extensionEnd + ((4 - ((_extensionEnd - _extensionStart) & 3)) & 3);

    /// <summary>Writes the fixed header and the CSRC list (at most 15).</summary>
    /// <exception cref="InvalidOperationException">The header was already written.</exception>
    public bool TryWriteHeader(in RtpHeader header, scoped ReadOnlySpan<uint> csrcs = default)
    {
        if (_headerEnd != 0)
        {
            ThrowHelper.ThrowInvalidOperation("The header was already written.");
        }

        if (csrcs.Length > 15)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(csrcs), "RTP carries at most 15 CSRCs.");
        }

        if (header.PayloadType > 127)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(header), "Payload types are 0..127.");
        }

        int length = RtpPacketReader.FixedHeaderLength + (csrcs.Length << 2);
        if (_destination.Length < length)
        {
            return false;
        }

        Span<byte> d = _destination;
        d[0] = (byte)(0x80 | csrcs.Length);
        d[1] = (byte)((header.Marker ? 0x80 : 0) | header.PayloadType);
        BinaryPrimitives.WriteUInt16BigEndian(d.Slice(2), header.SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(4), header.Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(8), header.Ssrc);
        for (int i = 0; i < csrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(d.Slice(RtpPacketReader.FixedHeaderLength + (i << 2)), csrcs[i]);
        }

        _headerEnd = length;
        return true;
    }

    /// <summary>Appends a header extension element.</summary>
    /// <param name="id">Local identifier, 1..255.</param>
    /// <param name="value">The value, 0..255 bytes (1..16 bytes and id 1..14 stay in the one-byte form).</param>
    /// <exception cref="InvalidOperationException">Called before the header or after the payload.</exception>
    public bool TryAddExtension(int id, scoped ReadOnlySpan<byte> value)
    {
        if (!TryAddExtensionSlot(id, value.Length, out Span<byte> slot))
        {
            return false;
        }

        value.CopyTo(slot);
        return true;
    }

    /// <summary>Appends an element and gives the span its value goes into (for values built in place).</summary>
    /// <returns>False, writing nothing, when the element does not fit.</returns>
    /// <exception cref="InvalidOperationException">Called before the header or after the payload.</exception>
    public bool TryAddExtensionSlot(int id, int valueLength, out Span<byte> slot)
    {
        slot = default;
        if (_headerEnd == 0 || _payloadStart != 0)
        {
            ThrowHelper.ThrowInvalidOperation("Extensions go after the header and before the payload.");
        }

        if (id is < 1 or > 255)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(id));
        }

        if ((uint)valueLength > 255)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(valueLength));
        }

        if (_extensionStart == 0)
        {
            if (_destination.Length < _headerEnd + 4)
            {
                return false;
            }

            _extensionStart = _headerEnd;
            _extensionEnd = _headerEnd + 4;
            _destination[0] |= 0x10;
        }

        bool fitsOneByte = id <= 14 && valueLength is >= 1 and <= 16;
        if (_form == RtpHeaderExtensionForm.OneByte && !fitsOneByte && !TryConvertToTwoByte())
        {
            return false;
        }

        int elementHeader = _form == RtpHeaderExtensionForm.OneByte ? 1 : 2;
        int end = _extensionEnd + elementHeader + valueLength;
        int padded = end + ((4 - ((end - _extensionStart) & 3)) & 3);
        if (padded > _destination.Length || padded - _extensionStart - 4 > 0xFFFF * 4)
        {
            return false;
        }

        if (elementHeader == 1)
        {
            _destination[_extensionEnd] = (byte)((id << 4) | (valueLength - 1));
        }
        else
        {
            _destination[_extensionEnd] = (byte)id;
            _destination[_extensionEnd + 1] = (byte)valueLength;
        }

        slot = _destination.Slice(_extensionEnd + elementHeader, valueLength);
        _extensionEnd = end;
        return true;
    }

    /// <summary>Appends <paramref name="count"/> zero padding bytes between elements (byte-exact rewrites).</summary>
    public bool TryAddExtensionPadding(int count)
    {
        if (_headerEnd == 0 || _payloadStart != 0 || _extensionStart == 0)
        {
            ThrowHelper.ThrowInvalidOperation("Extension padding goes after an element and before the payload.");
        }

        if (_extensionEnd + count > _destination.Length)
        {
            return false;
        }

        _destination.Slice(_extensionEnd, count).Clear();
        _extensionEnd += count;
        return true;
    }

    /// <summary>Adds the mid (RFC 9143), rid or repaired rid (RFC 8852): ASCII bytes.</summary>
    public bool TryAddSdesItem(int id, scoped ReadOnlySpan<byte> value) => TryAddExtension(id, value);

    /// <summary>Adds abs-send-time (24-bit 6.18 seconds).</summary>
    public bool TryAddAbsSendTime(int id, uint absSendTime)
    {
        if (!TryAddExtensionSlot(id, AbsSendTime.Length, out Span<byte> slot))
        {
            return false;
        }

        AbsSendTime.Write(slot, absSendTime);
        return true;
    }

    /// <summary>Adds abs-send-time for the instant <paramref name="now"/>.</summary>
    public bool TryAddAbsSendTime(int id, in WallClockAnchor anchor, MonoTime now) =>
        TryAddAbsSendTime(id, AbsSendTime.FromNtp(anchor.ToNtp(now)));

    /// <summary>Adds the transport-wide sequence number.</summary>
    public bool TryAddTransportSequenceNumber(int id, ushort sequenceNumber)
    {
        if (!TryAddExtensionSlot(id, 2, out Span<byte> slot))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(slot, sequenceNumber);
        return true;
    }

    /// <summary>Adds the audio level (RFC 6464).</summary>
    public bool TryAddAudioLevel(int id, AudioLevel level)
    {
        if (!TryAddExtensionSlot(id, AudioLevel.Length, out Span<byte> slot))
        {
            return false;
        }

        slot[0] = level.ToByte();
        return true;
    }

    /// <summary>Adds the video orientation.</summary>
    public bool TryAddVideoOrientation(int id, VideoOrientation orientation)
    {
        if (!TryAddExtensionSlot(id, VideoOrientation.Length, out Span<byte> slot))
        {
            return false;
        }

        slot[0] = orientation.ToByte();
        return true;
    }

    /// <summary>Adds the playout delay.</summary>
    public bool TryAddPlayoutDelay(int id, PlayoutDelay delay)
    {
        if (!TryAddExtensionSlot(id, PlayoutDelay.Length, out Span<byte> slot))
        {
            return false;
        }

        delay.Write(slot);
        return true;
    }

    /// <summary>
    /// Closes the header (pads the extension block) and returns the space left for the payload.
    /// Write the payload there, then call <see cref="TryFinish"/>.
    /// </summary>
    public Span<byte> PayloadSpace
    {
        get
        {
            SealHeader();
            return _destination.Slice(_payloadStart);
        }
    }

    /// <summary>Copies the payload after the header and finishes the packet.</summary>
    public bool TryWritePayload(scoped ReadOnlySpan<byte> payload, out int written, int paddingLength = 0)
    {
        SealHeader();
        if (_payloadStart + payload.Length + paddingLength > _destination.Length)
        {
            written = 0;
            return false;
        }

        payload.CopyTo(_destination.Slice(_payloadStart));
        return TryFinish(payload.Length, paddingLength, out written);
    }

    /// <summary>
    /// Finishes a packet whose payload (<paramref name="payloadLength"/> bytes) was written into
    /// <see cref="PayloadSpace"/>, appending <paramref name="paddingLength"/> bytes of padding (0 or 1..255).
    /// </summary>
    public bool TryFinish(int payloadLength, int paddingLength, out int written)
    {
        SealHeader();
        if ((uint)paddingLength > 255)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(paddingLength));
        }

        int end = _payloadStart + payloadLength;
        if (payloadLength < 0 || end + paddingLength > _destination.Length)
        {
            written = 0;
            return false;
        }

        if (paddingLength > 0)
        {
            _destination.Slice(end, paddingLength - 1).Clear();
            _destination[end + paddingLength - 1] = (byte)paddingLength;
            _destination[0] |= 0x20;
        }

        written = end + paddingLength;
        return true;
    }

    private void SealHeader()
    {
        if (_headerEnd == 0)
        {
            ThrowHelper.ThrowInvalidOperation("Write the header first.");
        }

        if (_payloadStart != 0)
        {
            return;
        }

        if (_extensionStart == 0)
        {
            _payloadStart = _headerEnd;
            return;
        }

        int padded = PaddedEnd;
        if (padded > _destination.Length)
        {
            // Only possible after explicit padding filled the buffer to an odd boundary.
            padded = _extensionEnd;
        }

        _destination.Slice(_extensionEnd, padded - _extensionEnd).Clear();
        ushort profile = _form == RtpHeaderExtensionForm.OneByte ? RtpPacketReader.OneByteProfile : RtpPacketReader.TwoByteProfile;
        BinaryPrimitives.WriteUInt16BigEndian(_destination.Slice(_extensionStart), profile);
        BinaryPrimitives.WriteUInt16BigEndian(_destination.Slice(_extensionStart + 2), (ushort)((padded - _extensionStart - 4) >> 2));
        _payloadStart = padded;
    }

    // Re-encodes the elements written so far with two-byte headers, in place. Element i moves right
    // by i bytes (each element before it grew by one), so moving from the back never overwrites
    // bytes not yet moved; the gaps (padding) are zeroed afterwards.
    private bool TryConvertToTwoByte()
    {
        int dataStart = _extensionStart + 4;
        Span<int> starts = stackalloc int[64];
        int count = 0;
        int offset = dataStart;
        while (offset < _extensionEnd)
        {
            byte b = _destination[offset];
            if (b == 0)
            {
                offset++;
                continue;
            }

            if (count == starts.Length)
            {
                return false;
            }

            starts[count++] = offset;
            offset += 1 + (b & 0x0F) + 1;
        }

        int newEnd = _extensionEnd + count;
        if (newEnd > _destination.Length)
        {
            return false;
        }

        for (int i = count - 1; i >= 0; i--)
        {
            int start = starts[i];
            byte b = _destination[start];
            int length = (b & 0x0F) + 1;
            int target = start + i;
            _destination.Slice(start + 1, length).CopyTo(_destination.Slice(target + 2));
            _destination[target] = (byte)(b >> 4);
            _destination[target + 1] = (byte)length;
        }

        int cursor = dataStart;
        for (int i = 0; i < count; i++)
        {
            int target = starts[i] + i;
            _destination.Slice(cursor, target - cursor).Clear();
            cursor = target + 2 + _destination[target + 1];
        }

        _destination.Slice(cursor, newEnd - cursor).Clear();
        _extensionEnd = newEnd;
        _form = RtpHeaderExtensionForm.TwoByte;
        return true;
    }
}
