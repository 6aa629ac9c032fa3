namespace RtcEngine.Rtp;

/// <summary>The header extensions this layer reads and writes by meaning.</summary>
public enum RtpExtensionKind : byte
{
    /// <summary>Not one of the extensions below (an id the map does not know).</summary>
    Unknown = 0,

    /// <summary><c>urn:ietf:params:rtp-hdrext:sdes:mid</c> (RFC 9143): the m-section's mid, ASCII.</summary>
    Mid,

    /// <summary><c>urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id</c> (RFC 8852): the simulcast rid, ASCII.</summary>
    RtpStreamId,

    /// <summary><c>urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id</c> (RFC 8852): the rid an RTX stream repairs.</summary>
    RepairedRtpStreamId,

    /// <summary><c>http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time</c>: 24-bit 6.18 send time.</summary>
    AbsSendTime,

    /// <summary><c>http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01</c>: 16-bit transport-wide sequence.</summary>
    TransportSequenceNumber,

    /// <summary><c>urn:ietf:params:rtp-hdrext:ssrc-audio-level</c> (RFC 6464): voice flag and level in -dBov.</summary>
    AudioLevel,

    /// <summary><c>urn:3gpp:video-orientation</c> (3GPP TS 26.114): camera, flip and rotation.</summary>
    VideoOrientation,

    /// <summary><c>http://www.webrtc.org/experiments/rtp-hdrext/playout-delay</c>: minimum and maximum playout delay.</summary>
    PlayoutDelay,
}

/// <summary>
/// The negotiated mapping between header extension local identifiers and their meaning, built from
/// the SDP <c>a=extmap:&lt;id&gt; &lt;uri&gt;</c> values of one BUNDLE group (RFC 8285 section 5).
/// </summary>
/// <remarks>
/// Lookups in both directions are array reads. Build it before media flows; after that it is
/// read-only and may be shared by readers on any thread. Mutation is not thread-safe.
/// </remarks>
public sealed class RtpHeaderExtensionMap
{
    /// <summary>URI of <see cref="RtpExtensionKind.Mid"/>.</summary>
    public const string MidUri = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /// <summary>URI of <see cref="RtpExtensionKind.RtpStreamId"/>.</summary>
    public const string RtpStreamIdUri = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

    /// <summary>URI of <see cref="RtpExtensionKind.RepairedRtpStreamId"/>.</summary>
    public const string RepairedRtpStreamIdUri = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    /// <summary>URI of <see cref="RtpExtensionKind.AbsSendTime"/>.</summary>
    public const string AbsSendTimeUri = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    /// <summary>URI of <see cref="RtpExtensionKind.TransportSequenceNumber"/>.</summary>
    public const string TransportSequenceNumberUri = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /// <summary>URI of <see cref="RtpExtensionKind.AudioLevel"/>.</summary>
    public const string AudioLevelUri = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    /// <summary>URI of <see cref="RtpExtensionKind.VideoOrientation"/>.</summary>
    public const string VideoOrientationUri = "urn:3gpp:video-orientation";

    /// <summary>URI of <see cref="RtpExtensionKind.PlayoutDelay"/>.</summary>
    public const string PlayoutDelayUri = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";

    private const int KindCount = (int)RtpExtensionKind.PlayoutDelay + 1;

    private readonly RtpExtensionKind[] _kindById = new RtpExtensionKind[256];
    private readonly byte[] _idByKind = new byte[KindCount];

    /// <summary>Creates an empty map (no extension negotiated).</summary>
    public RtpHeaderExtensionMap()
    {
    }

    /// <summary>
    /// A map with the ids Chromium offers by default (mid 4, rid 10, rrid 11, abs-send-time 2,
    /// transport-cc 3, audio level 1, video orientation 13, playout delay 5, as in Chromium 156's offers); convenient for
    /// tests and for an answerer that mirrors a browser's offer. A connection uses the negotiated map.
    /// </summary>
    public static RtpHeaderExtensionMap CreateChromiumDefaults()
    {
        var map = new RtpHeaderExtensionMap();
        map.Register(1, RtpExtensionKind.AudioLevel);
        map.Register(2, RtpExtensionKind.AbsSendTime);
        map.Register(3, RtpExtensionKind.TransportSequenceNumber);
        map.Register(4, RtpExtensionKind.Mid);
        map.Register(10, RtpExtensionKind.RtpStreamId);
        map.Register(11, RtpExtensionKind.RepairedRtpStreamId);
        map.Register(5, RtpExtensionKind.PlayoutDelay);
        map.Register(13, RtpExtensionKind.VideoOrientation);
        return map;
    }

    /// <summary>The kind an SDP extension URI names; <see cref="RtpExtensionKind.Unknown"/> for any other URI.</summary>
    public static RtpExtensionKind KindFromUri(string uri) => uri switch
    {
        MidUri => RtpExtensionKind.Mid,
        RtpStreamIdUri => RtpExtensionKind.RtpStreamId,
        RepairedRtpStreamIdUri => RtpExtensionKind.RepairedRtpStreamId,
        AbsSendTimeUri => RtpExtensionKind.AbsSendTime,
        TransportSequenceNumberUri => RtpExtensionKind.TransportSequenceNumber,
        AudioLevelUri => RtpExtensionKind.AudioLevel,
        VideoOrientationUri => RtpExtensionKind.VideoOrientation,
        PlayoutDelayUri => RtpExtensionKind.PlayoutDelay,
        _ => RtpExtensionKind.Unknown,
    };

    /// <summary>The SDP URI of a kind.</summary>
    public static string UriOf(RtpExtensionKind kind) => kind switch
    {
        RtpExtensionKind.Mid => MidUri,
        RtpExtensionKind.RtpStreamId => RtpStreamIdUri,
        RtpExtensionKind.RepairedRtpStreamId => RepairedRtpStreamIdUri,
        RtpExtensionKind.AbsSendTime => AbsSendTimeUri,
        RtpExtensionKind.TransportSequenceNumber => TransportSequenceNumberUri,
        RtpExtensionKind.AudioLevel => AudioLevelUri,
        RtpExtensionKind.VideoOrientation => VideoOrientationUri,
        RtpExtensionKind.PlayoutDelay => PlayoutDelayUri,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>
    /// Records an <c>a=extmap</c> value. URIs this layer does not know are accepted and ignored
    /// (their elements are skipped when reading).
    /// </summary>
    /// <param name="id">The local identifier, 1..255 (1..14 fit the one-byte form; 15 is reserved there).</param>
    /// <param name="uri">The extension URI, without direction or attributes.</param>
    /// <returns>True when the URI names a known kind and was mapped; false when it was ignored.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The id is outside 1..255.</exception>
    /// <exception cref="ArgumentException">The id is already mapped to another kind.</exception>
    public bool TryRegister(int id, string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        RtpExtensionKind kind = KindFromUri(uri.Trim());
        if (kind == RtpExtensionKind.Unknown)
        {
            CheckId(id);
            return false;
        }

        Register(id, kind);
        return true;
    }

    /// <summary>Maps <paramref name="id"/> to <paramref name="kind"/> (replacing an earlier id for that kind).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The id is outside 1..255 or the kind is Unknown.</exception>
    /// <exception cref="ArgumentException">The id is already mapped to another kind.</exception>
    public void Register(int id, RtpExtensionKind kind)
    {
        CheckId(id);
        if (kind == RtpExtensionKind.Unknown || (int)kind >= KindCount)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(kind));
        }

        RtpExtensionKind existing = _kindById[id];
        if (existing != RtpExtensionKind.Unknown && existing != kind)
        {
            ThrowHelper.ThrowArgument($"Extension id {id} is already mapped to {existing}.", nameof(id));
        }

        byte previous = _idByKind[(int)kind];
        if (previous != 0)
        {
            _kindById[previous] = RtpExtensionKind.Unknown;
        }

        _kindById[id] = kind;
        _idByKind[(int)kind] = (byte)id;
    }

    /// <summary>Removes every mapping (renegotiation).</summary>
    public void Clear()
    {
        Array.Clear(_kindById);
        Array.Clear(_idByKind);
    }

    /// <summary>The id negotiated for <paramref name="kind"/>, or 0 when it was not negotiated.</summary>
    public int GetId(RtpExtensionKind kind) => (uint)kind < KindCount ? _idByKind[(int)kind] : 0;

    /// <summary>The kind mapped to <paramref name="id"/>; <see cref="RtpExtensionKind.Unknown"/> when none.</summary>
    public RtpExtensionKind GetKind(int id) => (uint)id < 256 ? _kindById[id] : RtpExtensionKind.Unknown;

    /// <summary>Whether <paramref name="kind"/> was negotiated.</summary>
    public bool Contains(RtpExtensionKind kind) => GetId(kind) != 0;

    private static void CheckId(int id)
    {
        if (id is < 1 or > 255)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(id), "Header extension ids are 1..255 (RFC 8285).");
        }
    }
}
