using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using RtcEngine.Srtp.Crypto;
using RtcEngine.Srtp.Keys;

namespace RtcEngine.Srtp.Transforms;

/// <summary>
/// AEAD_AES_128_GCM and AEAD_AES_256_GCM for SRTP and SRTCP (RFC 7714).
/// </summary>
/// <remarks>
/// <code>
/// SRTP  IV = (00 00 | SSRC | ROC | SEQ) XOR k_s                       (section 8.1, 12 bytes)
///       AAD = RTP header (with CSRCs and extension); packet = header | E(payload) | tag(16)
/// SRTCP IV = (00 00 | SSRC | 00 00 | 0 + SRTCP index(31)) XOR k_s      (section 9.1)
///       E=1: AAD = first 8 bytes | E+index word; packet = header(8) | E(rest) | tag(16) | E+index
///       E=0: AAD = whole RTCP | E+index word; nothing encrypted (section 9.2)
/// </code>
/// Not thread-safe (one context, one thread).
/// </remarks>
internal sealed class GcmTransform : SrtpTransform
{
    private readonly GcmCipher _rtp;
    private readonly GcmCipher _rtcp;
    private ulong _rtpSaltHigh, _rtpSaltLow, _rtcpSaltHigh, _rtcpSaltLow;

    public GcmTransform(SrtpProfileInfo info, SrtpSessionKeys keys, bool portable, bool allowVector512)
        : base(info)
    {
        _rtp = new GcmCipher(keys.RtpKey, portable, allowVector512);
        _rtcp = new GcmCipher(keys.RtcpKey, portable, allowVector512);
        (_rtpSaltHigh, _rtpSaltLow) = SplitSalt(keys.RtpSalt);
        (_rtcpSaltHigh, _rtcpSaltLow) = SplitSalt(keys.RtcpSalt);
    }

    public override bool IsAccelerated => _rtp.IsAccelerated;

    public override void ProtectRtp(Span<byte> packet, int headerLength, uint ssrc, ulong index, Span<byte> tag) =>
        _rtp.Seal(RtpCounterBlock(ssrc, index), packet[..headerLength], default, packet[headerLength..], tag);

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, ulong index, ReadOnlySpan<byte> tag) =>
        _rtp.Open(RtpCounterBlock(ssrc, index), packet[..headerLength], default, packet[headerLength..], tag);

    public override int ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint index)
    {
        Span<byte> word = buffer.Slice(length + GcmCipher.TagLength, 4);
        BinaryPrimitives.WriteUInt32BigEndian(word, 0x8000_0000u | index);
        _rtcp.Seal(RtcpCounterBlock(ssrc, index), buffer[..8], word, buffer[8..length], buffer.Slice(length, GcmCipher.TagLength));
        return length + GcmCipher.TagLength + 4;
    }

    public override bool UnprotectRtcp(Span<byte> packet, int rtcpLength, uint ssrc, uint index, bool encrypted)
    {
        ReadOnlySpan<byte> tag = packet.Slice(rtcpLength, GcmCipher.TagLength);
        ReadOnlySpan<byte> word = packet.Slice(rtcpLength + GcmCipher.TagLength, 4);
        Vector128<byte> counterBlock = RtcpCounterBlock(ssrc, index);
        return encrypted
            ? _rtcp.Open(counterBlock, packet[..8], word, packet[8..rtcpLength], tag)
            : _rtcp.Open(counterBlock, packet[..rtcpLength], word, default, tag);
    }

    public override int SrtcpWordOffset(int packetLength) => packetLength - 4;

    public override void Dispose()
    {
        (_rtpSaltHigh, _rtpSaltLow, _rtcpSaltHigh, _rtcpSaltLow) = (0, 0, 0, 0);
        _rtp.Dispose();
        _rtcp.Dispose();
    }

    // The 12-byte salt as big-endian words: bytes 0..7, and bytes 8..11 followed by four zero bytes.
    private static (ulong High, ulong Low) SplitSalt(ReadOnlySpan<byte> salt) =>
        (BinaryPrimitives.ReadUInt64BigEndian(salt), (ulong)BinaryPrimitives.ReadUInt32BigEndian(salt[8..]) << 32);

    private Vector128<byte> RtpCounterBlock(uint ssrc, ulong index) =>
        Vector128.Create(
            BinaryPrimitives.ReverseEndianness(_rtpSaltHigh ^ ((ulong)ssrc << 16) ^ (index >> 32)),
            BinaryPrimitives.ReverseEndianness(_rtpSaltLow ^ ((index & 0xFFFF_FFFFUL) << 32))).AsByte();

    private Vector128<byte> RtcpCounterBlock(uint ssrc, uint index) =>
        Vector128.Create(
            BinaryPrimitives.ReverseEndianness(_rtcpSaltHigh ^ ((ulong)ssrc << 16)),
            BinaryPrimitives.ReverseEndianness(_rtcpSaltLow ^ ((ulong)index << 32))).AsByte();
}
