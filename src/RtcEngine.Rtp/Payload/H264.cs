using System.Buffers.Binary;

namespace RtcEngine.Rtp.Payload;

/// <summary>What a depacketized H.264 payload contained.</summary>
[Flags]
public enum H264PayloadFlags : byte
{
    /// <summary>Nothing of note.</summary>
    None = 0,

    /// <summary>An IDR slice (NAL type 5): the frame is a keyframe.</summary>
    Idr = 1,

    /// <summary>A sequence parameter set.</summary>
    Sps = 2,

    /// <summary>A picture parameter set.</summary>
    Pps = 4,

    /// <summary>The start of a NAL unit (a single NAL, an aggregate, or the first FU-A fragment).</summary>
    NalStart = 8,
}

/// <summary>
/// H.264 RTP payload format (RFC 6184): single NAL unit packets, STAP-A aggregation and FU-A
/// fragmentation, depacketized into an Annex B byte stream (start code before each NAL unit).
/// </summary>
/// <remarks>
/// <code>
/// NAL header:  |F|NRI|  Type   |     Type 1..23: single NAL unit packet (section 5.6)
/// STAP-A:      |F|NRI|  24     | size (16) | NAL | size (16) | NAL ...   (section 5.7.1)
/// FU-A:        |F|NRI|  28     |S|E|R| Type | fragment ...              (section 5.8)
/// </code>
/// Stateless; thread-safe.
/// </remarks>
public static class H264
{
    /// <summary>NAL type of a non-IDR slice.</summary>
    public const int NalSlice = 1;

    /// <summary>NAL type of an IDR slice.</summary>
    public const int NalIdr = 5;

    /// <summary>NAL type of an SPS.</summary>
    public const int NalSps = 7;

    /// <summary>NAL type of a PPS.</summary>
    public const int NalPps = 8;

    /// <summary>NAL type of an access unit delimiter.</summary>
    public const int NalAud = 9;

    /// <summary>Aggregation packet type STAP-A.</summary>
    public const int StapA = 24;

    /// <summary>Fragmentation unit type FU-A.</summary>
    public const int FuA = 28;

    private static ReadOnlySpan<byte> StartCode => [0, 0, 0, 1];

    /// <summary>Whether an RTP payload is structurally valid H.264 (for counting and dropping bad input early).</summary>
    public static bool IsValidPayload(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return false;
        }

        int type = payload[0] & 0x1F;
        switch (type)
        {
            case >= 1 and <= 23:
                return true;
            case StapA:
                int offset = 1;
                while (offset < payload.Length)
                {
                    if (offset + 2 > payload.Length)
                    {
                        return false;
                    }

                    int size = BinaryPrimitives.ReadUInt16BigEndian(payload.Slice(offset));
                    offset += 2;
                    if (size == 0 || offset + size > payload.Length)
                    {
                        return false;
                    }

                    offset += size;
                }

                return offset > 1;
            case FuA:
                return payload.Length > 2;
            default:
                return false;
        }
    }

    /// <summary>
    /// Appends the Annex B form of one RTP payload to <paramref name="destination"/> at
    /// <paramref name="offset"/>, reading resolution from any SPS it carries.
    /// </summary>
    /// <returns>False (nothing appended) when the payload is malformed or does not fit.</returns>
    public static bool TryAppendAnnexB(ReadOnlySpan<byte> payload, Span<byte> destination, ref int offset, out H264PayloadFlags flags, ref int width, ref int height)
    {
        flags = H264PayloadFlags.None;
        if (!IsValidPayload(payload))
        {
            return false;
        }

        int type = payload[0] & 0x1F;
        int start = offset;
        if (type == StapA)
        {
            int read = 1;
            while (read < payload.Length)
            {
                int size = BinaryPrimitives.ReadUInt16BigEndian(payload.Slice(read));
                ReadOnlySpan<byte> nal = payload.Slice(read + 2, size);
                read += 2 + size;
                if (!TryAppendNal(nal, destination, ref offset, ref flags, ref width, ref height))
                {
                    offset = start;
                    return false;
                }
            }

            return true;
        }

        if (type == FuA)
        {
            byte fuHeader = payload[1];
            ReadOnlySpan<byte> fragment = payload.Slice(2);
            int nalType = fuHeader & 0x1F;
            flags |= nalType == NalIdr ? H264PayloadFlags.Idr : H264PayloadFlags.None;
            if ((fuHeader & 0x80) != 0)
            {
                // Start fragment: rebuild the NAL header from the FU indicator's F/NRI and the FU header's type.
                if (offset + StartCode.Length + 1 + fragment.Length > destination.Length)
                {
                    return false;
                }

                StartCode.CopyTo(destination.Slice(offset));
                offset += StartCode.Length;
                destination[offset++] = (byte)((payload[0] & 0xE0) | nalType);
                flags |= H264PayloadFlags.NalStart;
            }
            else if (offset + fragment.Length > destination.Length)
            {
                return false;
            }

            fragment.CopyTo(destination.Slice(offset));
            offset += fragment.Length;
            return true;
        }

        return TryAppendNal(payload, destination, ref offset, ref flags, ref width, ref height);
    }

    private static bool TryAppendNal(ReadOnlySpan<byte> nal, Span<byte> destination, ref int offset, ref H264PayloadFlags flags, ref int width, ref int height)
    {
        if (offset + StartCode.Length + nal.Length > destination.Length)
        {
            return false;
        }

        StartCode.CopyTo(destination.Slice(offset));
        nal.CopyTo(destination.Slice(offset + StartCode.Length));
        offset += StartCode.Length + nal.Length;
        flags |= H264PayloadFlags.NalStart;
        switch (nal[0] & 0x1F)
        {
            case NalIdr:
                flags |= H264PayloadFlags.Idr;
                break;
            case NalSps:
                flags |= H264PayloadFlags.Sps;
                if (H264Sps.TryGetResolution(nal, out int w, out int h))
                {
                    width = w;
                    height = h;
                }

                break;
            case NalPps:
                flags |= H264PayloadFlags.Pps;
                break;
        }

        return true;
    }

    /// <summary>
    /// Finds the next NAL unit in an Annex B byte stream (after a 3- or 4-byte start code) from
    /// <paramref name="position"/>, and moves <paramref name="position"/> past it.
    /// </summary>
    public static bool TryReadNextNal(ReadOnlySpan<byte> annexB, ref int position, out ReadOnlySpan<byte> nal)
    {
        if (TryFindNextNal(annexB, ref position, out int start, out int length))
        {
            nal = annexB.Slice(start, length);
            return true;
        }

        nal = default;
        return false;
    }

    internal static bool TryFindNextNal(ReadOnlySpan<byte> annexB, ref int position, out int start, out int length)
    {
        while (true)
        {
            start = 0;
            length = 0;
            int code = FindStartCode(annexB, position, out int codeLength);
            if (code < 0)
            {
                return false;
            }

            int begin = code + codeLength;
            int next = FindStartCode(annexB, begin, out _);
            int end = next < 0 ? annexB.Length : next;
            while (end > begin && annexB[end - 1] == 0)
            {
                end--; // trailing zero bytes belong to the next start code
            }

            position = next < 0 ? annexB.Length : next;
            if (end > begin)
            {
                start = begin;
                length = end - begin;
                return true;
            }
        }
    }

    private static int FindStartCode(ReadOnlySpan<byte> data, int from, out int length)
    {
        for (int i = from; i + 3 <= data.Length; i++)
        {
            if (data[i] == 0 && data[i + 1] == 0)
            {
                if (data[i + 2] == 1)
                {
                    length = 3;
                    return i;
                }

                if (i + 4 <= data.Length && data[i + 2] == 0 && data[i + 3] == 1)
                {
                    length = 4;
                    return i;
                }
            }
        }

        length = 0;
        return -1;
    }
}

/// <summary>
/// Splits an H.264 access unit (Annex B) into RTP payloads (RFC 6184 packetization mode 1):
/// consecutive NAL units that fit together go into one STAP-A (SPS and PPS ahead of an IDR, as
/// browsers send them), a NAL unit that fits alone goes as a single NAL unit packet, and a larger
/// one is split into FU-A fragments of equal size.
/// </summary>
/// <remarks>Not thread-safe (one scratch list of NAL positions, reused per frame).</remarks>
public sealed class H264Packetizer
{
    private readonly int[] _starts = new int[256];
    private readonly int[] _lengths = new int[256];

    /// <summary>Starts an access unit; enumerate payloads with <see cref="H264PacketizerCursor.TryWriteNext"/>.</summary>
    /// <param name="accessUnit">The frame as an Annex B byte stream.</param>
    /// <param name="maxPayloadSize">Largest RTP payload.</param>
    /// <exception cref="ArgumentException">More than 256 NAL units in one frame.</exception>
    public H264PacketizerCursor Packetize(ReadOnlySpan<byte> accessUnit, int maxPayloadSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPayloadSize, 4);
        int count = 0;
        int position = 0;
        while (H264.TryFindNextNal(accessUnit, ref position, out int start, out int length))
        {
            if (count == _starts.Length)
            {
                throw new ArgumentException("More than 256 NAL units in one access unit.", nameof(accessUnit));
            }

            _starts[count] = start;
            _lengths[count] = length;
            count++;
        }

        return new H264PacketizerCursor(accessUnit, _starts.AsSpan(0, count), _lengths.AsSpan(0, count), maxPayloadSize);
    }
}

/// <summary>Walks one access unit's RTP payloads (see <see cref="H264Packetizer"/>).</summary>
public ref struct H264PacketizerCursor
{
    private readonly ReadOnlySpan<byte> _frame;
    private readonly ReadOnlySpan<int> _starts;
    private readonly ReadOnlySpan<int> _lengths;
    private readonly int _max;
    private int _nal;
    private int _fragmentOffset; // within the current NAL's body (after its header) when fragmenting
    private int _fragmentSize;

    internal H264PacketizerCursor(ReadOnlySpan<byte> frame, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths, int max)
    {
        _frame = frame;
        _starts = starts;
        _lengths = lengths;
        _max = max;
        _nal = 0;
        _fragmentOffset = 0;
        _fragmentSize = 0;
    }

    /// <summary>Whether every payload was written.</summary>
    public readonly bool IsDone => _nal >= _starts.Length;

    /// <summary>Writes the next payload.</summary>
    /// <param name="destination">Where it goes (at least the maximum payload size).</param>
    /// <param name="written">Its length.</param>
    /// <param name="lastOfFrame">Whether it is the access unit's last (set the marker bit).</param>
    public bool TryWriteNext(Span<byte> destination, out int written, out bool lastOfFrame)
    {
        written = 0;
        lastOfFrame = false;
        if (IsDone || destination.Length < Math.Min(_max, 4))
        {
            return false;
        }

        ReadOnlySpan<byte> nal = _frame.Slice(_starts[_nal], _lengths[_nal]);
        if (_fragmentOffset > 0 || nal.Length > _max)
        {
            return WriteFragment(nal, destination, out written, out lastOfFrame);
        }

        // Aggregate following NAL units that fit along with this one.
        int end = _nal + 1;
        int size = 1 + 2 + nal.Length;
        while (end < _starts.Length && size + 2 + _lengths[end] <= _max)
        {
            size += 2 + _lengths[end];
            end++;
        }

        if (end == _nal + 1)
        {
            if (nal.Length > destination.Length)
            {
                return false;
            }

            nal.CopyTo(destination);
            written = nal.Length;
        }
        else
        {
            if (size > destination.Length)
            {
                return false;
            }

            byte nri = 0;
            int offset = 1;
            for (int i = _nal; i < end; i++)
            {
                ReadOnlySpan<byte> unit = _frame.Slice(_starts[i], _lengths[i]);
                nri = Math.Max(nri, (byte)(unit[0] & 0x60));
                BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(offset), (ushort)unit.Length);
                unit.CopyTo(destination.Slice(offset + 2));
                offset += 2 + unit.Length;
            }

            destination[0] = (byte)(nri | H264.StapA);
            written = offset;
        }

        _nal = end;
        lastOfFrame = IsDone;
        return true;
    }

    private bool WriteFragment(ReadOnlySpan<byte> nal, Span<byte> destination, out int written, out bool lastOfFrame)
    {
        ReadOnlySpan<byte> body = nal.Slice(1);
        int room = _max - 2;
        if (_fragmentOffset == 0)
        {
            int count = (body.Length + room - 1) / room;
            _fragmentSize = (body.Length + count - 1) / count;
        }

        int take = Math.Min(_fragmentSize, body.Length - _fragmentOffset);
        if (2 + take > destination.Length)
        {
            written = 0;
            lastOfFrame = false;
            return false;
        }

        bool first = _fragmentOffset == 0;
        bool last = _fragmentOffset + take >= body.Length;
        destination[0] = (byte)((nal[0] & 0xE0) | H264.FuA);
        destination[1] = (byte)((first ? 0x80 : 0) | (last ? 0x40 : 0) | (nal[0] & 0x1F));
        body.Slice(_fragmentOffset, take).CopyTo(destination.Slice(2));
        written = 2 + take;
        if (last)
        {
            _fragmentOffset = 0;
            _nal++;
        }
        else
        {
            _fragmentOffset += take;
        }

        lastOfFrame = IsDone;
        return true;
    }
}
