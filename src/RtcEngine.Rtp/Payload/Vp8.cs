using System.Buffers.Binary;

namespace RtcEngine.Rtp.Payload;

/// <summary>
/// The VP8 payload descriptor (RFC 7741 section 4.2).
/// </summary>
/// <remarks>
/// <code>
///       0 1 2 3 4 5 6 7
///      +-+-+-+-+-+-+-+-+
///      |X|R|N|S|R| PID | (REQUIRED)
///      +-+-+-+-+-+-+-+-+
/// X:   |I|L|T|K| RSV   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// I:   |M| PictureID   | (OPTIONAL)  M = 1: 15-bit picture ID over two octets
///      +-+-+-+-+-+-+-+-+
/// L:   |   TL0PICIDX   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// T/K: |TID|Y| KEYIDX  | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// </code>
/// S = 1 and PID = 0 mark the first packet of a frame. Stateless reader; thread-safe.
/// </remarks>
public readonly record struct Vp8PayloadDescriptor
{
    /// <summary>Descriptor length in bytes (the VP8 payload starts after it).</summary>
    public int Length { get; init; }

    /// <summary>N: the frame is not used as a reference.</summary>
    public bool NonReference { get; init; }

    /// <summary>S: the first packet of a partition.</summary>
    public bool StartOfPartition { get; init; }

    /// <summary>The partition index (0..7).</summary>
    public int PartitionId { get; init; }

    /// <summary>The picture ID (7 or 15 bits), or -1 when absent.</summary>
    public int PictureId { get; init; }

    /// <summary>TL0PICIDX, or -1 when absent.</summary>
    public int Tl0PicIdx { get; init; }

    /// <summary>The temporal layer index, or -1 when absent.</summary>
    public int TemporalLayer { get; init; }

    /// <summary>Whether this packet begins a frame (S = 1, PID = 0).</summary>
    public bool IsFrameStart => StartOfPartition && PartitionId == 0;

    /// <summary>Reads the descriptor at the start of an RTP payload; false when it is truncated or leaves no payload.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out Vp8PayloadDescriptor descriptor)
    {
        descriptor = default;
        if (payload.IsEmpty)
        {
            return false;
        }

        byte b0 = payload[0];
        int offset = 1;
        int pictureId = -1;
        int tl0 = -1;
        int tid = -1;
        if ((b0 & 0x80) != 0)
        {
            if (payload.Length < 2)
            {
                return false;
            }

            byte x = payload[1];
            offset = 2;
            if ((x & 0x80) != 0)
            {
                if (offset >= payload.Length)
                {
                    return false;
                }

                if ((payload[offset] & 0x80) != 0)
                {
                    if (offset + 2 > payload.Length)
                    {
                        return false;
                    }

                    pictureId = BinaryPrimitives.ReadUInt16BigEndian(payload.Slice(offset)) & 0x7FFF;
                    offset += 2;
                }
                else
                {
                    pictureId = payload[offset] & 0x7F;
                    offset++;
                }
            }

            if ((x & 0x40) != 0)
            {
                if (offset >= payload.Length)
                {
                    return false;
                }

                tl0 = payload[offset++];
            }

            if ((x & 0x30) != 0)
            {
                if (offset >= payload.Length)
                {
                    return false;
                }

                if ((x & 0x20) != 0)
                {
                    tid = payload[offset] >> 6;
                }

                offset++;
            }
        }

        if (offset >= payload.Length)
        {
            return false;
        }

        descriptor = new Vp8PayloadDescriptor
        {
            Length = offset,
            NonReference = (b0 & 0x20) != 0,
            StartOfPartition = (b0 & 0x10) != 0,
            PartitionId = b0 & 0x07,
            PictureId = pictureId,
            Tl0PicIdx = tl0,
            TemporalLayer = tid,
        };
        return true;
    }
}

/// <summary>
/// The start of a VP8 frame (RFC 6386 section 9.1; RFC 7741 section 4.3): the 3-byte frame tag
/// and, on keyframes, the start code and the 14-bit width and height.
/// </summary>
/// <remarks>
/// <code>
/// frame tag (little-endian, 24 bits): | size_0 (3) | show_frame (1) | version (3) | P (1) |   P = 0: keyframe
/// keyframe:  9d 01 2a | width (14) scale (2) | height (14) scale (2)      (little-endian 16-bit words)
/// </code>
/// Stateless; thread-safe.
/// </remarks>
public static class Vp8Frame
{
    /// <summary>Whether the VP8 data starting a frame is a keyframe (P bit clear and the start code present).</summary>
    public static bool IsKeyframe(ReadOnlySpan<byte> frameStart) =>
        frameStart.Length >= 10 && (frameStart[0] & 0x01) == 0 && frameStart[3] == 0x9D && frameStart[4] == 0x01 && frameStart[5] == 0x2A;

    /// <summary>The resolution a keyframe declares.</summary>
    public static bool TryGetResolution(ReadOnlySpan<byte> frameStart, out int width, out int height)
    {
        if (!IsKeyframe(frameStart))
        {
            width = 0;
            height = 0;
            return false;
        }

        width = BinaryPrimitives.ReadUInt16LittleEndian(frameStart.Slice(6)) & 0x3FFF;
        height = BinaryPrimitives.ReadUInt16LittleEndian(frameStart.Slice(8)) & 0x3FFF;
        return width > 0 && height > 0;
    }
}

/// <summary>
/// Splits VP8 frames into RTP payloads (RFC 7741): each payload is a descriptor (X, S on the first,
/// a 15-bit picture ID incremented per frame, as Chromium sends) and an equal share of the frame.
/// </summary>
/// <remarks>Keeps the picture ID between frames; not thread-safe.</remarks>
public sealed class Vp8Packetizer
{
    /// <summary>Descriptor bytes per packet: the required octet, X, and a two-octet picture ID.</summary>
    public const int DescriptorLength = 4;

    private ushort _pictureId;

    /// <summary>A packetizer whose first picture ID is <paramref name="initialPictureId"/> (random per stream, RFC 7741 recommends).</summary>
    public Vp8Packetizer(ushort initialPictureId = 0) => _pictureId = (ushort)(initialPictureId & 0x7FFF);

    /// <summary>The picture ID the next frame gets.</summary>
    public int NextPictureId => _pictureId;

    /// <summary>Starts a frame: enumerate its payloads with <see cref="RtpFragmentCursor.TryWriteNext"/>.</summary>
    /// <param name="frame">The encoded frame.</param>
    /// <param name="maxPayloadSize">Largest RTP payload (MTU minus headers, SRTP tag and extensions).</param>
    public RtpFragmentCursor Packetize(ReadOnlySpan<byte> frame, int maxPayloadSize)
    {
        if (maxPayloadSize <= DescriptorLength)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPayloadSize), "No room for VP8 data after the descriptor.");
        }

        ushort pictureId = _pictureId;
        _pictureId = (ushort)((_pictureId + 1) & 0x7FFF);
        return new RtpFragmentCursor(frame, maxPayloadSize - DescriptorLength, RtpFragmentCursor.Format.Vp8, pictureId);
    }
}

/// <summary>
/// Walks one frame's RTP payloads for the VP8 and VP9 packetizers: the frame split into equal
/// fragments (the last no larger than the others), each behind its codec's descriptor.
/// </summary>
/// <remarks>A stack value over the caller's frame; not thread-safe.</remarks>
public ref struct RtpFragmentCursor
{
    private readonly ReadOnlySpan<byte> _frame;
    private readonly int _fragmentSize;
    private readonly Format _format;
    private readonly int _pictureId;
    private readonly bool _keyframe;
    private readonly int _width;
    private readonly int _height;
    private int _offset;
    private bool _started;

    internal RtpFragmentCursor(ReadOnlySpan<byte> frame, int maxData, Format format, int pictureId, bool keyframe = false, int width = 0, int height = 0)
    {
        _frame = frame;
        int count = Math.Max(1, (frame.Length + maxData - 1) / maxData);
        _fragmentSize = (frame.Length + count - 1) / count;
        _format = format;
        _pictureId = pictureId;
        _keyframe = keyframe;
        _width = width;
        _height = height;
        _offset = 0;
        _started = false;
    }

    internal enum Format : byte
    {
        Vp8,
        Vp9,
    }

    /// <summary>Whether every payload was written.</summary>
    public readonly bool IsDone => _started && _offset >= _frame.Length;

    /// <summary>Writes the next payload.</summary>
    /// <param name="destination">Where the payload goes.</param>
    /// <param name="written">Its length.</param>
    /// <param name="lastOfFrame">Whether it is the frame's last (set the RTP marker bit).</param>
    /// <returns>False when the frame is done, or the destination is too small (nothing consumed).</returns>
    public bool TryWriteNext(Span<byte> destination, out int written, out bool lastOfFrame)
    {
        written = 0;
        lastOfFrame = false;
        if (IsDone)
        {
            return false;
        }

        bool first = !_started;
        int take = Math.Min(_fragmentSize, _frame.Length - _offset);
        bool last = _offset + take >= _frame.Length;
        int header = _format == Format.Vp8 ? WriteVp8Descriptor(destination, first) : Vp9Packetizer.WriteDescriptor(destination, first, last, _pictureId, _keyframe, _width, _height);
        if (header < 0 || header + take > destination.Length)
        {
            return false;
        }

        _frame.Slice(_offset, take).CopyTo(destination.Slice(header));
        _offset += take;
        _started = true;
        written = header + take;
        lastOfFrame = last;
        return true;
    }

    private readonly int WriteVp8Descriptor(Span<byte> destination, bool first)
    {
        if (destination.Length < Vp8Packetizer.DescriptorLength)
        {
            return -1;
        }

        destination[0] = (byte)(0x80 | (first ? 0x10 : 0)); // X, S
        destination[1] = 0x80;                              // I
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), (ushort)(0x8000 | _pictureId));
        return Vp8Packetizer.DescriptorLength;
    }
}
