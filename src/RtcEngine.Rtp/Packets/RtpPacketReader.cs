using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace RtcEngine.Rtp;

/// <summary>Why <see cref="RtpPacketReader.TryRead(ReadOnlySpan{byte}, out RtpPacketReader, out RtpParseError)"/> refused a packet.</summary>
public enum RtpParseError : byte
{
    /// <summary>The packet parsed.</summary>
    None = 0,

    /// <summary>Shorter than the 12-byte fixed header.</summary>
    TooShort,

    /// <summary>The version field is not 2.</summary>
    BadVersion,

    /// <summary>The CSRC list runs past the end of the packet.</summary>
    CsrcOverrun,

    /// <summary>The header extension (its 4-byte header or its declared length) runs past the end.</summary>
    ExtensionOverrun,

    /// <summary>The padding count is zero or larger than what follows the header.</summary>
    BadPadding,
}

/// <summary>
/// An allocation-free view of one RTP packet (RFC 3550 section 5.1): the fixed header, the CSRC list,
/// the header extension block (RFC 8285 one-byte and two-byte forms), the payload and the padding.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           timestamp                           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           synchronization source (SSRC) identifier            |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |            contributing source (CSRC) identifiers             |
/// |                             ....                              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      defined by profile       |    length (32-bit words)      |   (X = 1)
/// |                        header extension                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                       payload ... | padding ... | pad count   |   (P = 1)
/// </code>
/// <para>
/// <see cref="TryRead(ReadOnlySpan{byte}, out RtpPacketReader)"/> checks every length that frames the
/// packet (CSRCs, the extension block, the padding count); extension elements inside the block are
/// walked lazily by the lookups, which stop at the first malformed element. Reading a value never
/// allocates: mid and rid come back as spans of the packet.
/// </para>
/// <para>A view of a caller's buffer, valid as long as that buffer is. Immutable; safe to read from any thread.</para>
/// </remarks>
public readonly ref struct RtpPacketReader
{
    /// <summary>Size of the fixed header.</summary>
    public const int FixedHeaderLength = 12;

    /// <summary>The RTP version this reader accepts.</summary>
    public const int Version2 = 2;

    /// <summary>Profile value of the one-byte header extension form (RFC 8285 section 4.2).</summary>
    public const ushort OneByteProfile = 0xBEDE;

    /// <summary>Profile value of the two-byte form, with its four "appbits" cleared (RFC 8285 section 4.3).</summary>
    public const ushort TwoByteProfile = 0x1000;

    private readonly ReadOnlySpan<byte> _packet;
    private readonly int _extensionDataOffset; // first byte after the 4-byte extension header; 0 when X = 0
    private readonly int _extensionDataLength;
    private readonly int _payloadOffset;
    private readonly int _paddingLength;
    private readonly RtpHeaderExtensionForm _form;

    private RtpPacketReader(ReadOnlySpan<byte> packet, int extensionDataOffset, int extensionDataLength, int payloadOffset, int paddingLength, RtpHeaderExtensionForm form)
    {
        _packet = packet;
        _extensionDataOffset = extensionDataOffset;
        _extensionDataLength = extensionDataLength;
        _payloadOffset = payloadOffset;
        _paddingLength = paddingLength;
        _form = form;
    }

    /// <summary>Parses <paramref name="packet"/>; never throws.</summary>
    /// <returns>False when the packet is not well-formed RTP.</returns>
    public static bool TryRead(ReadOnlySpan<byte> packet, out RtpPacketReader reader) => TryRead(packet, out reader, out _);

    /// <summary>Parses <paramref name="packet"/>, saying why when it refuses it; never throws.</summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, out RtpPacketReader reader, out RtpParseError error)
    {
        reader = default;
        if (packet.Length < FixedHeaderLength)
        {
            error = RtpParseError.TooShort;
            return false;
        }

        byte first = packet[0];
        if (first >> 6 != Version2)
        {
            error = RtpParseError.BadVersion;
            return false;
        }

        int offset = FixedHeaderLength + ((first & 0x0F) << 2);
        if (offset > packet.Length)
        {
            error = RtpParseError.CsrcOverrun;
            return false;
        }

        int extensionDataOffset = 0;
        int extensionDataLength = 0;
        RtpHeaderExtensionForm form = RtpHeaderExtensionForm.None;
        if ((first & 0x10) != 0)
        {
            if (offset + 4 > packet.Length)
            {
                error = RtpParseError.ExtensionOverrun;
                return false;
            }

            form = RtpHeaderExtensionEnumerator.FormOf(BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(offset)), present: true);
            extensionDataLength = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(offset + 2)) << 2;
            extensionDataOffset = offset + 4;
            offset = extensionDataOffset + extensionDataLength;
            if (offset > packet.Length)
            {
                error = RtpParseError.ExtensionOverrun;
                return false;
            }
        }

        int paddingLength = 0;
        if ((first & 0x20) != 0)
        {
            paddingLength = packet[^1];
            if (paddingLength == 0 || paddingLength > packet.Length - offset)
            {
                error = RtpParseError.BadPadding;
                return false;
            }
        }

        reader = new RtpPacketReader(packet, extensionDataOffset, extensionDataLength, offset, paddingLength, form);
        error = RtpParseError.None;
        return true;
    }

    /// <summary>The whole packet as given.</summary>
    public ReadOnlySpan<byte> Packet => _packet;

    /// <summary>Whether the padding (P) bit is set.</summary>
    public bool HasPadding => (_packet[0] & 0x20) != 0;

    /// <summary>Whether the extension (X) bit is set.</summary>
    public bool HasExtension => (_packet[0] & 0x10) != 0;

    /// <summary>Number of CSRC identifiers (CC, 0..15).</summary>
    public int CsrcCount => _packet[0] & 0x0F;

    /// <summary>The marker (M) bit: the last packet of a video frame, the first of a talkspurt.</summary>
    public bool Marker => (_packet[1] & 0x80) != 0;

    /// <summary>The payload type (0..127).</summary>
    public byte PayloadType => (byte)(_packet[1] & 0x7F);

    /// <summary>The 16-bit sequence number.</summary>
    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_packet.Slice(2));

    /// <summary>The RTP timestamp, in the payload format's clock.</summary>
    public uint Timestamp => BinaryPrimitives.ReadUInt32BigEndian(_packet.Slice(4));

    /// <summary>The synchronization source.</summary>
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_packet.Slice(8));

    /// <summary>The CSRC at <paramref name="index"/> (0 .. <see cref="CsrcCount"/> - 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the list (caller misuse).</exception>
    public uint GetCsrc(int index)
    {
        if ((uint)index >= (uint)CsrcCount)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(index));
        }

        return BinaryPrimitives.ReadUInt32BigEndian(_packet.Slice(FixedHeaderLength + (index << 2)));
    }

    /// <summary>Length of everything before the payload: fixed header, CSRCs and extension block.</summary>
    public int HeaderLength => _payloadOffset;

    /// <summary>The "defined by profile" field of the extension block; 0 when there is none.</summary>
    public ushort ExtensionProfile =>
        _extensionDataOffset == 0 ? (ushort)0 : BinaryPrimitives.ReadUInt16BigEndian(_packet.Slice(_extensionDataOffset - 4));

    /// <summary>The extension elements (without the block's 4-byte header); empty when there is none.</summary>
    public ReadOnlySpan<byte> ExtensionData => _packet.Slice(_extensionDataOffset, _extensionDataLength);

    /// <summary>Which RFC 8285 form the extension block uses.</summary>
    public RtpHeaderExtensionForm ExtensionForm => _form;

    /// <summary>The payload, without header and padding.</summary>
    public ReadOnlySpan<byte> Payload => _packet.Slice(_payloadOffset, _packet.Length - _payloadOffset - _paddingLength);

    /// <summary>Number of padding bytes at the end, the count byte included (0 when P = 0).</summary>
    public int PaddingLength => _paddingLength;

    /// <summary>Enumerates the header extension elements (RFC 8285), skipping padding; stops at a malformed element.</summary>
    public RtpHeaderExtensionEnumerator GetExtensions() => new(ExtensionData, ExtensionForm);

    /// <summary>Finds the element with local identifier <paramref name="id"/>.</summary>
    /// <returns>False when the packet has no such element (or <paramref name="id"/> is 0).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetExtension(int id, out ReadOnlySpan<byte> value)
    {
        if (id <= 0 || _form == RtpHeaderExtensionForm.None)
        {
            value = default;
            return false;
        }

        ReadOnlySpan<byte> data = _packet.Slice(_extensionDataOffset, _extensionDataLength);
        return _form == RtpHeaderExtensionForm.OneByte
            ? RtpHeaderExtensionEnumerator.TryFindOneByte(data, id, out value)
            : RtpHeaderExtensionEnumerator.TryFind(data, _form, id, out value);
    }

    /// <summary>Finds the element the map assigns to <paramref name="kind"/>.</summary>
    public bool TryGetExtension(RtpHeaderExtensionMap map, RtpExtensionKind kind, out ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(map);
        return TryGetExtension(map.GetId(kind), out value);
    }

    /// <summary>The media identification (sdes:mid, RFC 9143) as the bytes of the packet.</summary>
    public bool TryGetMid(RtpHeaderExtensionMap map, out ReadOnlySpan<byte> mid) =>
        TryGetExtension(map, RtpExtensionKind.Mid, out mid) && !mid.IsEmpty;

    /// <summary>The RTP stream identifier (rid, RFC 8852) as the bytes of the packet.</summary>
    public bool TryGetRtpStreamId(RtpHeaderExtensionMap map, out ReadOnlySpan<byte> rid) =>
        TryGetExtension(map, RtpExtensionKind.RtpStreamId, out rid) && !rid.IsEmpty;

    /// <summary>The repaired RTP stream identifier (rrid on RTX packets, RFC 8852) as the bytes of the packet.</summary>
    public bool TryGetRepairedRtpStreamId(RtpHeaderExtensionMap map, out ReadOnlySpan<byte> rid) =>
        TryGetExtension(map, RtpExtensionKind.RepairedRtpStreamId, out rid) && !rid.IsEmpty;

    /// <summary>The abs-send-time value (24-bit 6.18 fixed-point seconds).</summary>
    public bool TryGetAbsSendTime(RtpHeaderExtensionMap map, out uint absSendTime)
    {
        absSendTime = 0;
        return TryGetExtension(map, RtpExtensionKind.AbsSendTime, out ReadOnlySpan<byte> v) && AbsSendTime.TryRead(v, out absSendTime);
    }

    /// <summary>The transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01).</summary>
    public bool TryGetTransportSequenceNumber(RtpHeaderExtensionMap map, out ushort sequenceNumber)
    {
        sequenceNumber = 0;
        if (!TryGetExtension(map, RtpExtensionKind.TransportSequenceNumber, out ReadOnlySpan<byte> v) || v.Length < 2)
        {
            return false;
        }

        sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(v);
        return true;
    }

    /// <summary>The client-to-mixer audio level (RFC 6464).</summary>
    public bool TryGetAudioLevel(RtpHeaderExtensionMap map, out AudioLevel level)
    {
        level = default;
        return TryGetExtension(map, RtpExtensionKind.AudioLevel, out ReadOnlySpan<byte> v) && AudioLevel.TryRead(v, out level);
    }

    /// <summary>The coordination of video orientation (3GPP TS 26.114).</summary>
    public bool TryGetVideoOrientation(RtpHeaderExtensionMap map, out VideoOrientation orientation)
    {
        orientation = default;
        return TryGetExtension(map, RtpExtensionKind.VideoOrientation, out ReadOnlySpan<byte> v) && VideoOrientation.TryRead(v, out orientation);
    }

    /// <summary>The playout delay limits.</summary>
    public bool TryGetPlayoutDelay(RtpHeaderExtensionMap map, out PlayoutDelay delay)
    {
        delay = default;
        return TryGetExtension(map, RtpExtensionKind.PlayoutDelay, out ReadOnlySpan<byte> v) && PlayoutDelay.TryRead(v, out delay);
    }
}
