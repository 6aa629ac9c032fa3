using RtcEngine.Srtp.Keys;

namespace RtcEngine.Srtp.Transforms;

/// <summary>
/// The cryptographic half of a context: encrypts and authenticates one packet whose index is
/// already known, or verifies and decrypts one. Knows the packet layouts of its profile family, not
/// stream state (rollover counters and replay windows live in the context).
/// </summary>
/// <remarks>Keyed once; not thread-safe (one context, one thread).</remarks>
internal abstract class SrtpTransform : IDisposable
{
    protected SrtpTransform(SrtpProfileInfo info) => Info = info;

    /// <summary>The profile's facts.</summary>
    public SrtpProfileInfo Info { get; }

    /// <summary>Whether every primitive runs on CPU instructions (AES-NI, PCLMULQDQ) rather than the portable path.</summary>
    public abstract bool IsAccelerated { get; }

    /// <summary>
    /// Encrypts the payload of <paramref name="packet"/> (header and payload, no tag) in place and
    /// writes the RTP tag into <paramref name="tag"/>.
    /// </summary>
    public abstract void ProtectRtp(Span<byte> packet, int headerLength, uint ssrc, ulong index, Span<byte> tag);

    /// <summary>
    /// Verifies <paramref name="tag"/> over <paramref name="packet"/> (header and encrypted payload)
    /// and, when it matches, decrypts the payload in place. Returns false, leaving the packet
    /// unchanged, when it does not.
    /// </summary>
    public abstract bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, ulong index, ReadOnlySpan<byte> tag);

    /// <summary>
    /// Protects the RTCP compound <c>buffer[..length]</c> with SRTCP index <paramref name="index"/>
    /// (E flag set): encrypts after the first 8 bytes and appends the index word and the tag in the
    /// profile's order. Returns the SRTCP length; the buffer has room for <see cref="SrtpProfileInfo.RtcpOverhead"/> more bytes.
    /// </summary>
    public abstract int ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint index);

    /// <summary>
    /// Verifies an SRTCP packet whose RTCP part is <c>packet[..rtcpLength]</c> and, when
    /// <paramref name="encrypted"/>, decrypts it in place. Returns false on a tag mismatch.
    /// </summary>
    public abstract bool UnprotectRtcp(Span<byte> packet, int rtcpLength, uint ssrc, uint index, bool encrypted);

    /// <summary>Offset of the E-flag/SRTCP-index word in an SRTCP packet of <paramref name="packetLength"/> bytes.</summary>
    public abstract int SrtcpWordOffset(int packetLength);

    /// <summary>Wipes the keys.</summary>
    public abstract void Dispose();

    /// <summary>Builds the transform of a profile from its session keys.</summary>
    public static SrtpTransform Create(SrtpProfileInfo info, SrtpSessionKeys keys, bool portable, bool allowVector512) =>
        info.IsAead ? new GcmTransform(info, keys, portable, allowVector512) : new CmHmacTransform(info, keys, portable);
}
