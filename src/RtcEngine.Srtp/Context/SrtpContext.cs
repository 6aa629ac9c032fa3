using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using RtcEngine.Srtp.Keys;
using RtcEngine.Srtp.Transforms;

namespace RtcEngine.Srtp;

/// <summary>
/// One direction of SRTP and SRTCP (RFC 3711, RFC 7714, RFC 6188): the session keys derived from
/// one master key and salt, and the per-SSRC rollover counters and replay windows. An
/// <see cref="SrtpDirection.Outbound"/> context protects RTP and RTCP in place; an
/// <see cref="SrtpDirection.Inbound"/> one verifies and decrypts in place.
/// </summary>
/// <remarks>
/// <para>Threading: not thread-safe. A context is owned by one thread (the connection's driver
/// loop); use one context per direction and never call two methods of one context at once.</para>
/// <para>Packet input never throws: every refusal is an <see cref="SrtpResult"/>, counted, with no
/// state change. Stream state for an SSRC is created only after a packet from it authenticates
/// (inbound) or is protected (outbound), in tables sized at construction: nothing allocates per
/// packet. Caller misuse (a length beyond the buffer, the wrong direction, use after
/// <see cref="Dispose"/>) throws.</para>
/// <para>Not supported: MKI, key derivation rates other than 0, RFC 6904 header-extension
/// encryption, the NULL-cipher profiles.</para>
/// <example>
/// <code>
/// var (outbound, inbound) = SrtpContext.CreateFromKeyingMaterial(SrtpProfile.AeadAes128Gcm, exported, isDtlsClient: true);
/// // send: buffer holds an RTP packet of 'length' bytes and has RtpOverhead bytes spare after it
/// if (outbound.ProtectRtp(buffer, length, out int wireLength) == SrtpResult.Ok) { /* send buffer[..wireLength] */ }
/// // receive: datagram holds exactly one SRTP packet
/// if (inbound.UnprotectRtp(datagram, out int rtpLength) == SrtpResult.Ok) { /* datagram[..rtpLength] is RTP */ }
/// </code>
/// </example>
/// </remarks>
public sealed partial class SrtpContext : IDisposable
{
    /// <summary>Largest packet (protected or not) a context accepts.</summary>
    public const int MaxPacketLength = 65535;

    private const int RtpHeaderLength = 12;
    private const ulong MaxRtpIndex = (1UL << 48) - 1;

    private readonly SrtpTransform _transform;
    private readonly SrtpProfileInfo _info;
    private readonly StreamTable _rtp;
    private readonly StreamTable _rtcp;
    private readonly bool _allowRepeatTransmit;
    private ResultCounts _rtpCounts;
    private ResultCounts _rtcpCounts;
    private bool _disposed;

    /// <summary>
    /// Builds a context from a master key and salt: derives the session keys (key derivation rate
    /// 0) and keys the ciphers and MACs once. Throws on a wrong key or salt length or bad options.
    /// </summary>
    public SrtpContext(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, SrtpDirection direction, SrtpContextOptions? options = null)
    {
        _info = SrtpProfileInfo.Get(profile);
        options ??= SrtpContextOptions.Default;
        if (masterKey.Length != _info.MasterKeyLength)
        {
            throw new ArgumentException($"{profile} takes a {_info.MasterKeyLength}-byte master key, not {masterKey.Length} bytes.", nameof(masterKey));
        }

        if (masterSalt.Length != _info.MasterSaltLength)
        {
            throw new ArgumentException($"{profile} takes a {_info.MasterSaltLength}-byte master salt, not {masterSalt.Length} bytes.", nameof(masterSalt));
        }

        Direction = CheckDirection(direction);
        (_rtp, _rtcp) = CreateTables(options);
        _allowRepeatTransmit = options.AllowRepeatTransmit;
        using SrtpSessionKeys keys = SrtpSessionKeys.Derive(_info, masterKey, masterSalt);
        _transform = SrtpTransform.Create(_info, keys, options.ForcePortable, options.AllowVector512);
    }

    /// <summary>A context over session keys given directly, for test vectors that skip the key derivation.</summary>
    internal SrtpContext(SrtpProfileInfo info, SrtpSessionKeys keys, SrtpDirection direction, SrtpContextOptions? options = null)
    {
        _info = info;
        options ??= SrtpContextOptions.Default;
        Direction = CheckDirection(direction);
        (_rtp, _rtcp) = CreateTables(options);
        _allowRepeatTransmit = options.AllowRepeatTransmit;
        _transform = SrtpTransform.Create(_info, keys, options.ForcePortable, options.AllowVector512);
    }

    /// <summary>The cryptographic transform (tests drive it with fixed indexes).</summary>
    internal SrtpTransform Transform => _transform;

    /// <summary>The profile.</summary>
    public SrtpProfile Profile => _info.Profile;

    /// <summary>The profile's facts (tag lengths, overheads).</summary>
    public SrtpProfileInfo ProfileInfo => _info;

    /// <summary>Whether this context protects (outbound) or unprotects (inbound).</summary>
    public SrtpDirection Direction { get; }

    /// <summary>Bytes <see cref="ProtectRtp"/> appends: the buffer needs this much room after the packet.</summary>
    public int RtpOverhead => _info.RtpOverhead;

    /// <summary>Bytes <see cref="ProtectRtcp"/> appends: the buffer needs this much room after the packet.</summary>
    public int RtcpOverhead => _info.RtcpOverhead;

    /// <summary>Whether AES and GHASH run on CPU instructions (AES-NI, PCLMULQDQ) rather than the portable fallback.</summary>
    public bool IsHardwareAccelerated => _transform.IsAccelerated;

    /// <summary>RTP packets processed, per result.</summary>
    public SrtpCounters RtpCounters => new(_rtpCounts);

    /// <summary>RTCP packets processed, per result.</summary>
    public SrtpCounters RtcpCounters => new(_rtcpCounts);

    /// <summary>SSRCs with SRTP state.</summary>
    public int RtpSsrcCount => _rtp.Count;

    /// <summary>SSRCs with SRTCP state.</summary>
    public int RtcpSsrcCount => _rtcp.Count;

    /// <summary>
    /// The contexts of both directions from DTLS-SRTP keying material (see <see cref="SrtpKeyingMaterial"/>):
    /// the DTLS client sends with the client write key, the server with the server write key.
    /// </summary>
    public static (SrtpContext Outbound, SrtpContext Inbound) CreateFromKeyingMaterial(
        SrtpProfile profile, ReadOnlySpan<byte> keyingMaterial, bool isDtlsClient, SrtpContextOptions? options = null)
    {
        SrtpKeyingMaterial.Split(profile, keyingMaterial, out var clientKey, out var clientSalt, out var serverKey, out var serverSalt);
        var outbound = new SrtpContext(profile, isDtlsClient ? clientKey : serverKey, isDtlsClient ? clientSalt : serverSalt, SrtpDirection.Outbound, options);
        var inbound = new SrtpContext(profile, isDtlsClient ? serverKey : clientKey, isDtlsClient ? serverSalt : clientSalt, SrtpDirection.Inbound, options);
        return (outbound, inbound);
    }

    /// <summary>
    /// Protects the RTP packet <c>buffer[..length]</c> in place: encrypts its payload and appends
    /// the tag. <paramref name="buffer"/> must have <see cref="RtpOverhead"/> bytes spare after the packet.
    /// </summary>
    public SrtpResult ProtectRtp(Span<byte> buffer, int length, out int protectedLength)
    {
        CheckCall(SrtpDirection.Outbound, buffer.Length, length);
        SrtpResult result = ProtectRtpCore(buffer, length, out protectedLength);
        _rtpCounts[(int)result]++;
        return result;
    }

    /// <summary>
    /// Verifies and decrypts the SRTP packet <paramref name="packet"/> (exactly one packet) in place.
    /// On <see cref="SrtpResult.Ok"/>, <c>packet[..length]</c> is the RTP packet.
    /// </summary>
    public SrtpResult UnprotectRtp(Span<byte> packet, out int length) => UnprotectRtp(packet, out length, out _);

    /// <summary>
    /// As <see cref="UnprotectRtp(Span{byte}, out int)"/>, also giving the packet's 48-bit index
    /// (rollover counter * 65536 + sequence number): an unwrapped sequence number for the RTP layer.
    /// </summary>
    public SrtpResult UnprotectRtp(Span<byte> packet, out int length, out ulong packetIndex)
    {
        CheckCall(SrtpDirection.Inbound, packet.Length, packet.Length);
        SrtpResult result = UnprotectRtpCore(packet, out length, out packetIndex);
        _rtpCounts[(int)result]++;
        return result;
    }

    /// <summary>
    /// Inbound only: forgets an SSRC's SRTP and SRTCP state (a stream that ended), freeing its slot.
    /// A later packet from it starts a new stream. Outbound contexts refuse: restarting a sender's
    /// rollover counter would reuse keystream.
    /// </summary>
    public bool RemoveSsrc(uint ssrc)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Direction != SrtpDirection.Inbound)
        {
            throw new InvalidOperationException("Only an inbound context forgets SSRCs: a sender's rollover counter must never restart.");
        }

        bool rtp = _rtp.Remove(ssrc);
        bool rtcp = _rtcp.Remove(ssrc);
        return rtp || rtcp;
    }

    /// <summary>
    /// Tests: creates or overwrites an SSRC's state as if packets up to <paramref name="rtpIndex"/>
    /// had passed, and sets its SRTCP index (next to send, or highest received).
    /// </summary>
    internal void SeedStream(uint ssrc, ulong rtpIndex, ulong rtcpIndex)
    {
        int slot = _rtp.Find(ssrc);
        slot = slot < 0 ? _rtp.Add(ssrc, rtpIndex) : slot;
        _rtp.Index(slot) = rtpIndex;
        _rtp.Bitmap(slot).Clear();
        _rtp.Bitmap(slot)[0] = 1;
        slot = _rtcp.Find(ssrc);
        slot = slot < 0 ? _rtcp.Add(ssrc, rtcpIndex) : slot;
        _rtcp.Index(slot) = rtcpIndex;
    }

    /// <summary>Wipes the keys. Later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _transform.Dispose();
        }
    }

    private static SrtpDirection CheckDirection(SrtpDirection direction) =>
        direction is SrtpDirection.Outbound or SrtpDirection.Inbound ? direction : throw new ArgumentOutOfRangeException(nameof(direction));

    private static (StreamTable Rtp, StreamTable Rtcp) CreateTables(SrtpContextOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxSsrcs, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxSsrcs, 65536, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ReplayWindowSize, 64, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.ReplayWindowSize, SrtpContextOptions.MaxReplayWindowSize, nameof(options));
        int words = (options.ReplayWindowSize + 63) / 64;
        return (new StreamTable(options.MaxSsrcs, words), new StreamTable(options.MaxSsrcs, words));
    }

    private SrtpResult ProtectRtpCore(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        if (length < RtpHeaderLength)
        {
            return SrtpResult.TooShort;
        }

        int tag = _info.RtpAuthTagLength;
        if (length + tag > MaxPacketLength)
        {
            return SrtpResult.TooLong;
        }

        if (!TryGetRtpHeaderLength(buffer[..length], out int headerLength))
        {
            return SrtpResult.MalformedHeader;
        }

        if (buffer.Length - length < tag)
        {
            return SrtpResult.BufferTooSmall;
        }

        ushort sequence = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]);
        SrtpResult admitted = AdmitRtp(ssrc, sequence, out int slot, out ulong index);
        if (admitted == SrtpResult.ReplayDuplicate && _allowRepeatTransmit)
        {
            admitted = SrtpResult.Ok;
        }

        if (admitted != SrtpResult.Ok)
        {
            return admitted;
        }

        _transform.ProtectRtp(buffer[..length], headerLength, ssrc, index, buffer.Slice(length, tag));
        AcceptRtp(slot, ssrc, index);
        protectedLength = length + tag;
        return SrtpResult.Ok;
    }

    private SrtpResult UnprotectRtpCore(Span<byte> packet, out int length, out ulong index)
    {
        length = 0;
        index = 0;
        int tag = _info.RtpAuthTagLength;
        if (packet.Length < RtpHeaderLength + tag)
        {
            return SrtpResult.TooShort;
        }

        if (packet.Length > MaxPacketLength)
        {
            return SrtpResult.TooLong;
        }

        int rtpLength = packet.Length - tag;
        if (!TryGetRtpHeaderLength(packet[..rtpLength], out int headerLength))
        {
            return SrtpResult.MalformedHeader;
        }

        ushort sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        SrtpResult admitted = AdmitRtp(ssrc, sequence, out int slot, out ulong candidate);
        if (admitted != SrtpResult.Ok)
        {
            return admitted;
        }

        if (!_transform.UnprotectRtp(packet[..rtpLength], headerLength, ssrc, candidate, packet.Slice(rtpLength, tag)))
        {
            return SrtpResult.AuthenticationFailed;
        }

        AcceptRtp(slot, ssrc, candidate);
        length = rtpLength;
        index = candidate;
        return SrtpResult.Ok;
    }

    // The packet's index (RFC 3711 appendix A estimate for known SSRCs, ROC 0 for new ones) and
    // whether the replay window and SSRC cap admit it. Changes nothing.
    private SrtpResult AdmitRtp(uint ssrc, ushort sequence, out int slot, out ulong index)
    {
        slot = _rtp.Find(ssrc);
        if (slot < 0)
        {
            index = sequence;
            return _rtp.IsFull ? SrtpResult.SsrcLimit : SrtpResult.Ok;
        }

        ulong highest = _rtp.Index(slot);
        long estimate = RolloverCounter.EstimateIndex(highest, sequence);
        index = (ulong)estimate;
        if (estimate < 0)
        {
            return SrtpResult.ReplayOld;
        }

        if ((ulong)estimate > MaxRtpIndex)
        {
            return SrtpResult.IndexExhausted;
        }

        return ReplayWindow.Check(highest, _rtp.Bitmap(slot), index);
    }

    private void AcceptRtp(int slot, uint ssrc, ulong index)
    {
        if (slot < 0)
        {
            slot = _rtp.Add(ssrc, index);
        }

        ReplayWindow.Accept(ref _rtp.Index(slot), _rtp.Bitmap(slot), index);
    }

    // RFC 3550 section 5.1 (fixed header, CSRCs) and 5.3.1 (extension); SRTP leaves all of it in
    // the clear and starts encrypting after it (RFC 3711 section 3.1):
    //  0                   1                   2                   3
    //  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    // |V=2|P|X|  CC   |M|     PT      |       sequence number         |
    // |                           timestamp                           |
    // |           synchronization source (SSRC) identifier            |
    // |            contributing source (CSRC) identifiers (CC)        |
    // |  defined by profile (if X)    |       length (in words)       |
    // |                   header extension (length words)             |
    private static bool TryGetRtpHeaderLength(ReadOnlySpan<byte> packet, out int headerLength)
    {
        byte first = packet[0];
        headerLength = RtpHeaderLength + (4 * (first & 0x0F));
        if ((first >> 6) != 2 || headerLength > packet.Length)
        {
            return false;
        }

        if ((first & 0x10) != 0)
        {
            if (headerLength + 4 > packet.Length)
            {
                return false;
            }

            headerLength += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(headerLength + 2)..]));
            if (headerLength > packet.Length)
            {
                return false;
            }
        }

        return true;
    }

    private void CheckCall(SrtpDirection direction, int bufferLength, int length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Direction != direction)
        {
            ThrowWrongDirection(direction);
        }

        if ((uint)length > (uint)bufferLength)
        {
            ThrowLengthOutOfRange();
        }
    }

    [DoesNotReturn]
    private static void ThrowWrongDirection(SrtpDirection needed) =>
        throw new InvalidOperationException(needed == SrtpDirection.Outbound
            ? "Protecting needs an outbound context."
            : "Unprotecting needs an inbound context.");

    [DoesNotReturn]
    private static void ThrowLengthOutOfRange() =>
        throw new ArgumentOutOfRangeException("length", "The packet length must lie within the buffer.");
}
