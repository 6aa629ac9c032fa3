using System.Buffers.Binary;

namespace RtcEngine.Srtp;

/// <content>SRTCP (RFC 3711 section 3.4): protect and unprotect of RTCP compounds.</content>
public sealed partial class SrtpContext
{
    private const int RtcpHeaderLength = 8;
    private const uint MaxSrtcpIndex = 0x7FFF_FFFF;

    /// <summary>
    /// Protects the RTCP compound <c>buffer[..length]</c> in place: encrypts all but its first 8
    /// bytes and appends the E flag with the SSRC's next SRTCP index, and the tag.
    /// <paramref name="buffer"/> must have <see cref="RtcpOverhead"/> bytes spare after the packet.
    /// </summary>
    /// <remarks>
    /// <code>
    /// AES-CM: | RTCP header (8) | encrypted rest | E | SRTCP index (31) | tag (10) |
    /// AES-GCM: | RTCP header (8) | encrypted rest | tag (16) | E | SRTCP index (31) |
    /// </code>
    /// The first index of each SSRC is 0 (RFC 3711 section 3.4).
    /// </remarks>
    public SrtpResult ProtectRtcp(Span<byte> buffer, int length, out int protectedLength)
    {
        CheckCall(SrtpDirection.Outbound, buffer.Length, length);
        SrtpResult result = ProtectRtcpCore(buffer, length, out protectedLength);
        _rtcpCounts[(int)result]++;
        return result;
    }

    /// <summary>
    /// Verifies and (when its E flag is set) decrypts the SRTCP packet <paramref name="packet"/>
    /// (exactly one packet) in place. On <see cref="SrtpResult.Ok"/>, <c>packet[..length]</c> is
    /// the RTCP compound.
    /// </summary>
    public SrtpResult UnprotectRtcp(Span<byte> packet, out int length)
    {
        CheckCall(SrtpDirection.Inbound, packet.Length, packet.Length);
        SrtpResult result = UnprotectRtcpCore(packet, out length);
        _rtcpCounts[(int)result]++;
        return result;
    }

    private SrtpResult ProtectRtcpCore(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        if (length < RtcpHeaderLength)
        {
            return SrtpResult.TooShort;
        }

        if (length + _info.RtcpOverhead > MaxPacketLength)
        {
            return SrtpResult.TooLong;
        }

        if ((buffer[0] >> 6) != 2)
        {
            return SrtpResult.MalformedHeader;
        }

        if (buffer.Length - length < _info.RtcpOverhead)
        {
            return SrtpResult.BufferTooSmall;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        int slot = _rtcp.Find(ssrc);
        ulong next = 0;
        if (slot < 0)
        {
            if (_rtcp.IsFull)
            {
                return SrtpResult.SsrcLimit;
            }
        }
        else
        {
            next = _rtcp.Index(slot);
            if (next > MaxSrtcpIndex)
            {
                return SrtpResult.IndexExhausted;
            }
        }

        protectedLength = _transform.ProtectRtcp(buffer, length, ssrc, (uint)next);
        if (slot < 0)
        {
            _rtcp.Add(ssrc, next + 1);
        }
        else
        {
            _rtcp.Index(slot) = next + 1;
        }

        return SrtpResult.Ok;
    }

    private SrtpResult UnprotectRtcpCore(Span<byte> packet, out int length)
    {
        length = 0;
        int overhead = _info.RtcpOverhead;
        if (packet.Length < RtcpHeaderLength + overhead)
        {
            return SrtpResult.TooShort;
        }

        if (packet.Length > MaxPacketLength)
        {
            return SrtpResult.TooLong;
        }

        if ((packet[0] >> 6) != 2)
        {
            return SrtpResult.MalformedHeader;
        }

        int rtcpLength = packet.Length - overhead;
        uint word = BinaryPrimitives.ReadUInt32BigEndian(packet[_transform.SrtcpWordOffset(packet.Length)..]);
        bool encrypted = (word & 0x8000_0000u) != 0;
        uint index = word & MaxSrtcpIndex;
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        int slot = _rtcp.Find(ssrc);
        if (slot < 0)
        {
            if (_rtcp.IsFull)
            {
                return SrtpResult.SsrcLimit;
            }
        }
        else
        {
            SrtpResult replay = ReplayWindow.Check(_rtcp.Index(slot), _rtcp.Bitmap(slot), index);
            if (replay != SrtpResult.Ok)
            {
                return replay;
            }
        }

        if (!_transform.UnprotectRtcp(packet, rtcpLength, ssrc, index, encrypted))
        {
            return SrtpResult.AuthenticationFailed;
        }

        if (slot < 0)
        {
            slot = _rtcp.Add(ssrc, index);
        }

        ReplayWindow.Accept(ref _rtcp.Index(slot), _rtcp.Bitmap(slot), index);
        length = rtcpLength;
        return SrtpResult.Ok;
    }
}
