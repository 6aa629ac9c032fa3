using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using RtcEngine.Primitives.Crypto;
using RtcEngine.Srtp.Crypto;
using RtcEngine.Srtp.Keys;

namespace RtcEngine.Srtp.Transforms;

/// <summary>
/// AES counter mode with HMAC-SHA1 (RFC 3711 sections 4.1.1 and 4.2, RFC 6188 for AES-256).
/// </summary>
/// <remarks>
/// <code>
/// IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16)         128 bits; i = 48-bit index (SRTP)
///                                                            or the 31-bit SRTCP index
/// SRTP : header | E(payload) | tag                          tag = HMAC(k_a, header | E(payload) | ROC)
/// SRTCP: header(8) | E(rest) | E-flag+index(4) | tag        tag = HMAC(k_a, everything before it)
/// </code>
/// Encryption of the payload is verified-before-decrypt on receive. Not thread-safe (one context, one thread).
/// </remarks>
internal sealed class CmHmacTransform : SrtpTransform
{
    private readonly AesCtrEngine _rtpAes;
    private readonly AesCtrEngine _rtcpAes;
    private readonly HmacSha1 _rtpMac;
    private readonly HmacSha1 _rtcpMac;
    private readonly int _rtpTag;
    private readonly int _rtcpTag;
    private ulong _rtpSaltHigh, _rtpSaltLow, _rtcpSaltHigh, _rtcpSaltLow;

    public CmHmacTransform(SrtpProfileInfo info, SrtpSessionKeys keys, bool portable)
        : base(info)
    {
        _rtpAes = AesCtrEngine.Create(keys.RtpKey, portable);
        _rtcpAes = AesCtrEngine.Create(keys.RtcpKey, portable);
        _rtpMac = new HmacSha1(keys.RtpAuthKey);
        _rtcpMac = new HmacSha1(keys.RtcpAuthKey);
        _rtpTag = info.RtpAuthTagLength;
        _rtcpTag = info.RtcpAuthTagLength;
        (_rtpSaltHigh, _rtpSaltLow) = SplitSalt(keys.RtpSalt);
        (_rtcpSaltHigh, _rtcpSaltLow) = SplitSalt(keys.RtcpSalt);
    }

    public override bool IsAccelerated => _rtpAes is AesNiCtrEngine;

    public override void ProtectRtp(Span<byte> packet, int headerLength, uint ssrc, ulong index, Span<byte> tag)
    {
        _rtpAes.XorKeystream(Iv(_rtpSaltHigh, _rtpSaltLow, ssrc, index), 0, packet[headerLength..]);
        Span<byte> roc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(roc, (uint)(index >> 16));
        _rtpMac.ComputeHash(packet, roc, tag[.._rtpTag]);
    }

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, ulong index, ReadOnlySpan<byte> tag)
    {
        Span<byte> roc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(roc, (uint)(index >> 16));
        if (!_rtpMac.Verify(packet, roc, tag[.._rtpTag]))
        {
            return false;
        }

        _rtpAes.XorKeystream(Iv(_rtpSaltHigh, _rtpSaltLow, ssrc, index), 0, packet[headerLength..]);
        return true;
    }

    public override int ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint index)
    {
        _rtcpAes.XorKeystream(Iv(_rtcpSaltHigh, _rtcpSaltLow, ssrc, index), 0, buffer[8..length]);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[length..], 0x8000_0000u | index);
        _rtcpMac.ComputeHash(buffer[..(length + 4)], buffer.Slice(length + 4, _rtcpTag));
        return length + 4 + _rtcpTag;
    }

    public override bool UnprotectRtcp(Span<byte> packet, int rtcpLength, uint ssrc, uint index, bool encrypted)
    {
        if (!_rtcpMac.Verify(packet[..(rtcpLength + 4)], packet.Slice(rtcpLength + 4, _rtcpTag)))
        {
            return false;
        }

        if (encrypted)
        {
            _rtcpAes.XorKeystream(Iv(_rtcpSaltHigh, _rtcpSaltLow, ssrc, index), 0, packet[8..rtcpLength]);
        }

        return true;
    }

    public override int SrtcpWordOffset(int packetLength) => packetLength - _rtcpTag - 4;

    public override void Dispose()
    {
        (_rtpSaltHigh, _rtpSaltLow, _rtcpSaltHigh, _rtcpSaltLow) = (0, 0, 0, 0);
        _rtpAes.Dispose();
        _rtcpAes.Dispose();
        _rtpMac.Dispose();
        _rtcpMac.Dispose();
    }

    // The 14-byte salt as two big-endian words: bytes 0..7, and bytes 8..13 followed by two zero bytes.
    private static (ulong High, ulong Low) SplitSalt(ReadOnlySpan<byte> salt) =>
        (BinaryPrimitives.ReadUInt64BigEndian(salt), (ulong)BinaryPrimitives.ReadUInt32BigEndian(salt[8..]) << 32 | (ulong)BinaryPrimitives.ReadUInt16BigEndian(salt[12..]) << 16);

    private static Vector128<byte> Iv(ulong saltHigh, ulong saltLow, uint ssrc, ulong index) =>
        Vector128.Create(
            BinaryPrimitives.ReverseEndianness(saltHigh ^ ssrc),
            BinaryPrimitives.ReverseEndianness(saltLow ^ (index << 16))).AsByte();
}
