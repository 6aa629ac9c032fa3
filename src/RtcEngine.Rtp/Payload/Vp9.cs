using System.Buffers.Binary;

namespace RtcEngine.Rtp.Payload;

/// <summary>
/// The VP9 payload descriptor (RFC 9628 section 4.2), read far enough to know frame boundaries,
/// keyframes and the resolution the scalability structure declares.
/// </summary>
/// <remarks>
/// <code>
///       0 1 2 3 4 5 6 7
///      +-+-+-+-+-+-+-+-+
///      |I|P|L|F|B|E|V|Z| (REQUIRED)
///      +-+-+-+-+-+-+-+-+
/// I:   |M| PICTURE ID  |  M = 1: |  EXTENDED PID |
/// L:   |  TID  |U| SID |D|        then, when F = 0: |  TL0PICIDX  |
/// P,F: | P_DIFF      |N| (up to 3 times, while N = 1)
/// V:   | N_S |Y|G|-|-|-|  Y: (N_S + 1) x | WIDTH (16) | HEIGHT (16) |
///                         G: | N_G | then N_G x | TID |U| R |-|-| + R x | P_DIFF |
/// </code>
/// B marks a frame's first packet, E its last. A keyframe is the base spatial layer (SID 0) of a
/// picture without inter-picture prediction (P = 0) on its first packet (B = 1). Thread-safe.
/// </remarks>
public readonly record struct Vp9PayloadDescriptor
{
    /// <summary>Descriptor length in bytes.</summary>
    public int Length { get; init; }

    /// <summary>P: the picture uses inter-picture prediction (not a keyframe).</summary>
    public bool InterPicturePredicted { get; init; }

    /// <summary>F: flexible mode.</summary>
    public bool FlexibleMode { get; init; }

    /// <summary>B: the first packet of a frame (of one spatial layer).</summary>
    public bool StartOfFrame { get; init; }

    /// <summary>E: the last packet of a frame.</summary>
    public bool EndOfFrame { get; init; }

    /// <summary>The picture ID, or -1 when absent.</summary>
    public int PictureId { get; init; }

    /// <summary>The spatial layer (0 when no layer indices).</summary>
    public int SpatialLayer { get; init; }

    /// <summary>The temporal layer (0 when no layer indices).</summary>
    public int TemporalLayer { get; init; }

    /// <summary>The width of the lowest spatial layer from the scalability structure (0 when absent).</summary>
    public int Width { get; init; }

    /// <summary>The height of the lowest spatial layer from the scalability structure (0 when absent).</summary>
    public int Height { get; init; }

    /// <summary>Whether this packet starts a keyframe.</summary>
    public bool IsKeyframeStart => StartOfFrame && !InterPicturePredicted && SpatialLayer == 0;

    /// <summary>Reads the descriptor; false when it is truncated or leaves no payload.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out Vp9PayloadDescriptor descriptor)
    {
        descriptor = default;
        if (payload.IsEmpty)
        {
            return false;
        }

        byte b0 = payload[0];
        bool i = (b0 & 0x80) != 0, p = (b0 & 0x40) != 0, l = (b0 & 0x20) != 0, f = (b0 & 0x10) != 0, v = (b0 & 0x02) != 0;
        int offset = 1;
        int pictureId = -1;
        int sid = 0;
        int tid = 0;
        if (i)
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
                pictureId = payload[offset++] & 0x7F;
            }
        }

        if (l)
        {
            if (offset >= payload.Length)
            {
                return false;
            }

            tid = payload[offset] >> 5;
            sid = (payload[offset] >> 1) & 0x07;
            offset += f ? 1 : 2; // TL0PICIDX follows in non-flexible mode
            if (offset > payload.Length)
            {
                return false;
            }
        }

        if (p && f)
        {
            for (int k = 0; k < 3; k++)
            {
                if (offset >= payload.Length)
                {
                    return false;
                }

                bool more = (payload[offset++] & 0x01) != 0;
                if (!more)
                {
                    break;
                }
            }
        }

        int width = 0;
        int height = 0;
        if (v && !TryReadScalabilityStructure(payload, ref offset, out width, out height))
        {
            return false;
        }

        if (offset >= payload.Length)
        {
            return false;
        }

        descriptor = new Vp9PayloadDescriptor
        {
            Length = offset,
            InterPicturePredicted = p,
            FlexibleMode = f,
            StartOfFrame = (b0 & 0x08) != 0,
            EndOfFrame = (b0 & 0x04) != 0,
            PictureId = pictureId,
            SpatialLayer = sid,
            TemporalLayer = tid,
            Width = width,
            Height = height,
        };
        return true;
    }

    private static bool TryReadScalabilityStructure(ReadOnlySpan<byte> payload, ref int offset, out int width, out int height)
    {
        width = 0;
        height = 0;
        if (offset >= payload.Length)
        {
            return false;
        }

        byte ss = payload[offset++];
        int layers = (ss >> 5) + 1;
        bool y = (ss & 0x10) != 0;
        bool g = (ss & 0x08) != 0;
        if (y)
        {
            if (offset + layers * 4 > payload.Length)
            {
                return false;
            }

            width = BinaryPrimitives.ReadUInt16BigEndian(payload.Slice(offset));
            height = BinaryPrimitives.ReadUInt16BigEndian(payload.Slice(offset + 2));
            offset += layers * 4;
        }

        if (g)
        {
            if (offset >= payload.Length)
            {
                return false;
            }

            int groups = payload[offset++];
            for (int k = 0; k < groups; k++)
            {
                if (offset >= payload.Length)
                {
                    return false;
                }

                int references = (payload[offset++] >> 2) & 0x03;
                offset += references;
                if (offset > payload.Length)
                {
                    return false;
                }
            }
        }

        return true;
    }
}

/// <summary>
/// The VP9 uncompressed header of a keyframe (VP9 bitstream specification section 6.2): enough to
/// read the frame size when the descriptor carries no scalability structure. Thread-safe.
/// </summary>
public static class Vp9Frame
{
    /// <summary>Reads the frame size of a keyframe; false for inter frames and malformed headers.</summary>
    public static bool TryGetKeyframeResolution(ReadOnlySpan<byte> frame, out int width, out int height)
    {
        width = 0;
        height = 0;
        var bits = new BitReader(frame);
        if (bits.Read(2) != 2)
        {
            return false; // frame_marker
        }

        int profile = bits.Read(1) | (bits.Read(1) << 1);
        if (profile == 3)
        {
            bits.Read(1);
        }

        if (bits.Read(1) == 1 || bits.Read(1) != 0)
        {
            return false; // show_existing_frame, or frame_type != KEY_FRAME
        }

        bits.Read(2); // show_frame, error_resilient_mode
        if (bits.Read(24) != 0x498342)
        {
            return false; // frame_sync_code
        }

        if (profile >= 2)
        {
            bits.Read(1); // ten_or_twelve_bit
        }

        int colorSpace = bits.Read(3);
        if (colorSpace != 7)
        {
            bits.Read(1); // color_range
            if (profile is 1 or 3)
            {
                bits.Read(3); // subsampling_x, subsampling_y, reserved_zero
            }
        }
        else if (profile is 1 or 3)
        {
            bits.Read(1);
        }

        width = bits.Read(16) + 1;
        height = bits.Read(16) + 1;
        return !bits.Overrun;
    }
}

/// <summary>
/// Splits VP9 frames into RTP payloads (RFC 9628) for a single spatial and temporal layer: a
/// 15-bit picture ID, B and E flags, P on inter frames, and a scalability structure with the
/// resolution on keyframes (non-flexible mode without layer indices).
/// </summary>
/// <remarks>Keeps the picture ID between frames; not thread-safe.</remarks>
public sealed class Vp9Packetizer
{
    private ushort _pictureId;

    /// <summary>A packetizer starting at <paramref name="initialPictureId"/>.</summary>
    public Vp9Packetizer(ushort initialPictureId = 0) => _pictureId = (ushort)(initialPictureId & 0x7FFF);

    /// <summary>Starts a frame.</summary>
    /// <param name="frame">The encoded frame.</param>
    /// <param name="maxPayloadSize">Largest RTP payload.</param>
    /// <param name="keyframe">Whether it is a keyframe (no inter-picture prediction).</param>
    /// <param name="width">The frame width (sent in the scalability structure on keyframes).</param>
    /// <param name="height">The frame height.</param>
    public RtpFragmentCursor Packetize(ReadOnlySpan<byte> frame, int maxPayloadSize, bool keyframe, int width, int height)
    {
        int header = 3 + (keyframe ? 5 : 0);
        if (maxPayloadSize <= header)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPayloadSize), "No room for VP9 data after the descriptor.");
        }

        ushort pictureId = _pictureId;
        _pictureId = (ushort)((_pictureId + 1) & 0x7FFF);
        return new RtpFragmentCursor(frame, maxPayloadSize - header, RtpFragmentCursor.Format.Vp9, pictureId, keyframe, width, height);
    }

    internal static int WriteDescriptor(Span<byte> destination, bool first, bool last, int pictureId, bool keyframe, int width, int height)
    {
        bool ss = keyframe && first;
        int length = 3 + (ss ? 5 : 0);
        if (destination.Length < length)
        {
            return -1;
        }

        destination[0] = (byte)(0x80 | (keyframe ? 0 : 0x40) | (first ? 0x08 : 0) | (last ? 0x04 : 0) | (ss ? 0x02 : 0));
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(1), (ushort)(0x8000 | pictureId));
        if (ss)
        {
            destination[3] = 0x10; // N_S = 0 (one layer), Y = 1, G = 0
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(4), (ushort)width);
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(6), (ushort)height);
        }

        return length;
    }
}

/// <summary>Reads big-endian bit fields (MSB first); reading past the end yields zeros and sets <see cref="Overrun"/>.</summary>
internal ref struct BitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _bit;

    public BitReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _bit = 0;
        Overrun = false;
    }

    public bool Overrun { get; private set; }

    public int Read(int count)
    {
        int value = 0;
        for (int i = 0; i < count; i++)
        {
            int index = _bit >> 3;
            int bit = 0;
            if (index < _data.Length)
            {
                bit = (_data[index] >> (7 - (_bit & 7))) & 1;
            }
            else
            {
                Overrun = true;
            }

            value = (value << 1) | bit;
            _bit++;
        }

        return value;
    }
}
