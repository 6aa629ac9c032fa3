namespace RtcEngine.Rtp.Payload;

/// <summary>
/// Reads the picture size from an H.264 sequence parameter set (ITU-T H.264 section 7.3.2.1.1):
/// the size in macroblocks, frame/field coding and the cropping rectangle, skipping the fields
/// before them (high-profile chroma format and scaling lists, picture order count parameters).
/// </summary>
/// <remarks>
/// <code>
/// profile_idc u(8) | constraint flags u(8) | level_idc u(8) | seq_parameter_set_id ue(v)
/// [high profiles: chroma_format_idc ue(v) ... seq_scaling_matrix_present_flag u(1) ...]
/// log2_max_frame_num_minus4 ue(v) | pic_order_cnt_type ue(v) ... | max_num_ref_frames ue(v)
/// gaps_in_frame_num_value_allowed_flag u(1) | pic_width_in_mbs_minus1 ue(v) | pic_height_in_map_units_minus1 ue(v)
/// frame_mbs_only_flag u(1) [mb_adaptive_frame_field_flag u(1)] | direct_8x8_inference_flag u(1)
/// frame_cropping_flag u(1) [left, right, top, bottom offsets ue(v)]
/// </code>
/// Emulation prevention bytes (00 00 03) are skipped as the bits are read. Stateless; thread-safe.
/// </remarks>
public static class H264Sps
{
    /// <summary>Reads width and height from an SPS NAL unit (its one-byte NAL header included).</summary>
    /// <returns>False when the NAL is not an SPS or is malformed.</returns>
    public static bool TryGetResolution(ReadOnlySpan<byte> spsNal, out int width, out int height)
    {
        width = 0;
        height = 0;
        if (spsNal.Length < 4 || (spsNal[0] & 0x1F) != H264.NalSps)
        {
            return false;
        }

        return TryParse(spsNal.Slice(1), out width, out height);
    }

    /// <summary>Reads width and height from an SPS body (after the NAL header byte).</summary>
    public static bool TryParse(ReadOnlySpan<byte> body, out int width, out int height)
    {
        width = 0;
        height = 0;
        var r = new RbspReader(body);
        int profile = r.ReadBits(8);
        r.ReadBits(16); // constraint flags, level_idc
        r.ReadUe();     // seq_parameter_set_id
        int chromaFormat = 1;
        bool separateColourPlane = false;
        if (profile is 100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135)
        {
            chromaFormat = r.ReadUe();
            if (chromaFormat == 3)
            {
                separateColourPlane = r.ReadBits(1) == 1;
            }

            r.ReadUe();     // bit_depth_luma_minus8
            r.ReadUe();     // bit_depth_chroma_minus8
            r.ReadBits(1);  // qpprime_y_zero_transform_bypass_flag
            if (r.ReadBits(1) == 1)
            {
                int lists = chromaFormat != 3 ? 8 : 12;
                for (int i = 0; i < lists && !r.Overrun; i++)
                {
                    if (r.ReadBits(1) == 1)
                    {
                        SkipScalingList(ref r, i < 6 ? 16 : 64);
                    }
                }
            }
        }

        r.ReadUe(); // log2_max_frame_num_minus4
        int pocType = r.ReadUe();
        if (pocType == 0)
        {
            r.ReadUe();
        }
        else if (pocType == 1)
        {
            r.ReadBits(1);
            r.ReadSe();
            r.ReadSe();
            int cycle = r.ReadUe();
            for (int i = 0; i < cycle && i < 256 && !r.Overrun; i++)
            {
                r.ReadSe();
            }
        }

        r.ReadUe();     // max_num_ref_frames
        r.ReadBits(1);  // gaps_in_frame_num_value_allowed_flag
        int widthMbs = r.ReadUe() + 1;
        int heightMapUnits = r.ReadUe() + 1;
        int frameMbsOnly = r.ReadBits(1);
        if (frameMbsOnly == 0)
        {
            r.ReadBits(1); // mb_adaptive_frame_field_flag
        }

        r.ReadBits(1); // direct_8x8_inference_flag
        int cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
        if (r.ReadBits(1) == 1)
        {
            cropLeft = r.ReadUe();
            cropRight = r.ReadUe();
            cropTop = r.ReadUe();
            cropBottom = r.ReadUe();
        }

        if (r.Overrun || widthMbs > 1024 || heightMapUnits > 1024)
        {
            return false;
        }

        // Crop units (H.264 table 6-1 and equations 7-19 to 7-22).
        int chroma = separateColourPlane ? 0 : chromaFormat;
        int subWidth = chroma is 1 or 2 ? 2 : 1;
        int subHeight = chroma == 1 ? 2 : 1;
        int cropUnitX = chroma == 0 ? 1 : subWidth;
        int cropUnitY = (chroma == 0 ? 1 : subHeight) * (2 - frameMbsOnly);
        width = widthMbs * 16 - (cropLeft + cropRight) * cropUnitX;
        height = (2 - frameMbsOnly) * heightMapUnits * 16 - (cropTop + cropBottom) * cropUnitY;
        return width > 0 && height > 0;
    }

    private static void SkipScalingList(ref RbspReader r, int size)
    {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size && !r.Overrun; j++)
        {
            if (next != 0)
            {
                int delta = r.ReadSe();
                next = (last + delta + 256) % 256;
            }

            last = next == 0 ? last : next;
        }
    }

    /// <summary>Reads bits and Exp-Golomb codes from an RBSP, skipping emulation prevention bytes.</summary>
    private ref struct RbspReader
    {
        private readonly ReadOnlySpan<byte> _data;
        private int _byte;
        private int _bit;
        private int _zeros;
        private int _current;

        public RbspReader(ReadOnlySpan<byte> data)
        {
            _data = data;
            _byte = -1;
            _bit = 8;
            _zeros = 0;
            _current = 0;
            Overrun = false;
        }

        public bool Overrun { get; private set; }

        public int ReadBits(int count)
        {
            int value = 0;
            for (int i = 0; i < count; i++)
            {
                if (_bit == 8 && !NextByte())
                {
                    Overrun = true;
                    return 0;
                }

                value = (value << 1) | ((_current >> (7 - _bit)) & 1);
                _bit++;
            }

            return value;
        }

        public int ReadUe()
        {
            int zeros = 0;
            while (ReadBits(1) == 0)
            {
                if (Overrun || ++zeros > 31)
                {
                    Overrun = true;
                    return 0;
                }
            }

            return zeros == 0 ? 0 : (int)((1u << zeros) - 1 + (uint)ReadBits(zeros));
        }

        public int ReadSe()
        {
            int k = ReadUe();
            return (k & 1) != 0 ? (k + 1) / 2 : -(k / 2);
        }

        private bool NextByte()
        {
            while (true)
            {
                _byte++;
                if (_byte >= _data.Length)
                {
                    return false;
                }

                byte b = _data[_byte];
                if (_zeros >= 2 && b == 0x03)
                {
                    _zeros = 0; // emulation prevention byte: not part of the RBSP
                    continue;
                }

                _zeros = b == 0 ? _zeros + 1 : 0;
                _current = b;
                _bit = 0;
                return true;
            }
        }
    }
}
