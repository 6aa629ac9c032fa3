using RtcEngine.Primitives;

namespace RtcEngine.Sdp.Jsep;

/// <summary>
/// What the local side sends on a transceiver: its SSRCs (RTX paired through <c>a=ssrc-group:FID</c>),
/// RTCP CNAME and msid. Not used when the transceiver sends rid-based simulcast (browsers then
/// announce no SSRCs, and neither does this library).
/// </summary>
/// <param name="Ssrc">The primary SSRC.</param>
/// <param name="RtxSsrc">The RTX SSRC, or null.</param>
/// <param name="Cname">The RTCP CNAME (<c>a=ssrc:&lt;ssrc&gt; cname:</c>).</param>
/// <param name="StreamId">The media stream id for <c>a=msid</c> (<c>-</c> for none).</param>
/// <param name="TrackId">The track id for <c>a=msid</c>.</param>
public sealed record JsepSender(uint Ssrc, uint? RtxSsrc, string Cname, string StreamId, string TrackId);

/// <summary>
/// The local description of one transceiver, the unit JSEP turns into an m-line (RFC 9429 section 3.4):
/// its kind, mid once associated, direction, codecs and header extensions (empty lists mean "the
/// capabilities for this kind"), sender, simulcast rids, and for data channels the SCTP port and
/// message size.
/// </summary>
/// <remarks>
/// Not thread-safe: owned by the session. The offer and answer builders set <see cref="Mid"/> when
/// they associate a transceiver with an m-line; the session sets <see cref="Direction"/> and
/// <see cref="Stopped"/>.
/// </remarks>
public sealed class JsepTransceiver
{
    /// <summary>A transceiver of <paramref name="kind"/> (audio, video or application).</summary>
    public JsepTransceiver(SdpMediaKind kind)
    {
        if (kind == SdpMediaKind.Other)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "a transceiver is audio, video or application");
        }

        Kind = kind;
    }

    /// <summary>Audio, video, or application (data channels).</summary>
    public SdpMediaKind Kind { get; }

    /// <summary>The mid, once associated with an m-line (null before).</summary>
    public string? Mid { get; set; }

    /// <summary>The direction the local side wants (RFC 8866 section 6.7).</summary>
    public SdpDirection Direction { get; set; } = SdpDirection.SendRecv;

    /// <summary>Whether the transceiver is stopped: its m-line is offered with port 0, then can be recycled.</summary>
    public bool Stopped { get; set; }

    /// <summary>The codecs in preference order; empty means the capabilities for this kind.</summary>
    public IReadOnlyList<JsepCodec> Codecs { get; set; } = [];

    /// <summary>The header extensions; empty means the capabilities for this kind.</summary>
    public IReadOnlyList<JsepHeaderExtension> HeaderExtensions { get; set; } = [];

    /// <summary>What the local side sends (SSRCs, CNAME, msid); null when it sends nothing or sends simulcast.</summary>
    public JsepSender? Sender { get; set; }

    /// <summary>The msid when sending without announcing SSRCs (simulcast): (stream id, track id), or null.</summary>
    public (string StreamId, string TrackId)? Msid { get; set; }

    /// <summary>The rids the local side sends as simulcast layers (RFC 8853), highest quality first, or empty.</summary>
    public IReadOnlyList<string> SendRids { get; set; } = [];

    /// <summary>The rids the local side asks to receive as simulcast layers in an offer, or empty.</summary>
    public IReadOnlyList<string> ReceiveRids { get; set; } = [];

    /// <summary>The SCTP port (application only; RFC 8841 default 5000).</summary>
    public int SctpPort { get; set; } = 5000;

    /// <summary>The largest message the local side accepts (application only; 0 means no limit).</summary>
    public ulong MaxMessageSize { get; set; } = 262144;

    /// <summary>A short description for diagnostics.</summary>
    public override string ToString() => $"{Kind} mid={Mid ?? "(none)"} {Direction.ToSdpName()}{(Stopped ? " stopped" : string.Empty)}";
}

/// <summary>An <c>a=fingerprint</c> to announce: hash function and value text, as the DTLS layer formats them.</summary>
/// <param name="HashFunction">The hash function name (<c>sha-256</c>).</param>
/// <param name="Value">The fingerprint text (<c>AB:CD:...</c>).</param>
public readonly record struct SdpFingerprint(string HashFunction, string Value);

/// <summary>
/// The local transport parameters every m-line carries with BUNDLE (RFC 8839, RFC 8842): ICE
/// credentials and options, DTLS fingerprints, candidates gathered so far (text from the ICE
/// layer), and the default candidate address for the m-line port and <c>c=</c> line.
/// </summary>
/// <remarks>Immutable; build a new one for an ICE restart (new credentials).</remarks>
public sealed record JsepTransport
{
    /// <summary>The ICE username fragment (RFC 8839: 4 to 256 ice-chars).</summary>
    public required string IceUfrag { get; init; }

    /// <summary>The ICE password (RFC 8839: 22 to 256 ice-chars).</summary>
    public required string IcePwd { get; init; }

    /// <summary>The DTLS certificate fingerprints (at least one).</summary>
    public required IReadOnlyList<SdpFingerprint> Fingerprints { get; init; }

    /// <summary>The ICE options (<c>trickle</c> by default; add <c>renomination</c> if the agent supports it).</summary>
    public IReadOnlyList<string> IceOptions { get; init; } = [IceOptionsAttribute.Trickle];

    /// <summary>Whether the local agent is ICE-lite (adds session-level <c>a=ice-lite</c>).</summary>
    public bool IceLite { get; init; }

    /// <summary>Candidates as the ICE layer formats them (without <c>candidate:</c>), written on the first bundled m-line.</summary>
    public IReadOnlyList<string> Candidates { get; init; } = [];

    /// <summary>Whether gathering is complete (adds <c>a=end-of-candidates</c>, RFC 8840).</summary>
    public bool EndOfCandidates { get; init; }

    /// <summary>The default candidate's address for the m-line port and <c>c=</c>; none means the JSEP placeholder (9, 0.0.0.0).</summary>
    public PeerAddress DefaultAddress { get; init; }
}

/// <summary>
/// What the local side supports per media kind: used for transceivers without codecs of their
/// own and for transceivers the answer creates for m-lines the remote adds (RFC 9429 section
/// 5.10: they receive only). Data channels are accepted only when <see cref="DataChannels"/>.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record JsepCapabilities
{
    /// <summary>Audio codecs in preference order.</summary>
    public IReadOnlyList<JsepCodec> AudioCodecs { get; init; } = [JsepCodec.Opus()];

    /// <summary>Video codecs in preference order.</summary>
    public IReadOnlyList<JsepCodec> VideoCodecs { get; init; } = [JsepCodec.Vp8()];

    /// <summary>Audio header extensions.</summary>
    public IReadOnlyList<JsepHeaderExtension> AudioHeaderExtensions { get; init; } =
    [
        new(1, JsepHeaderExtension.AudioLevelUri),
        new(2, JsepHeaderExtension.AbsSendTimeUri),
        new(3, JsepHeaderExtension.TransportCcUri),
        new(4, JsepHeaderExtension.MidUri),
    ];

    /// <summary>Video header extensions.</summary>
    public IReadOnlyList<JsepHeaderExtension> VideoHeaderExtensions { get; init; } =
    [
        new(2, JsepHeaderExtension.AbsSendTimeUri),
        new(3, JsepHeaderExtension.TransportCcUri),
        new(4, JsepHeaderExtension.MidUri),
        new(10, JsepHeaderExtension.RtpStreamIdUri),
        new(11, JsepHeaderExtension.RepairedRtpStreamIdUri),
    ];

    /// <summary>Whether an offered <c>m=application</c> (data channels) is accepted; when false it is rejected with port 0.</summary>
    public bool DataChannels { get; init; } = true;

    /// <summary>The SCTP port answered for data channels.</summary>
    public int SctpPort { get; init; } = 5000;

    /// <summary>The max-message-size answered for data channels.</summary>
    public ulong MaxMessageSize { get; init; } = 262144;

    /// <summary>Whether <c>a=extmap-allow-mixed</c> (one- and two-byte header extensions mixed) is supported.</summary>
    public bool ExtMapAllowMixed { get; init; } = true;

    /// <summary>Opus; VP8 with RTX; common extensions; data channels accepted.</summary>
    public static JsepCapabilities Default { get; } = new();

    internal IReadOnlyList<JsepCodec> CodecsFor(SdpMediaKind kind) => kind switch
    {
        SdpMediaKind.Audio => AudioCodecs,
        SdpMediaKind.Video => VideoCodecs,
        _ => [],
    };

    internal IReadOnlyList<JsepHeaderExtension> ExtensionsFor(SdpMediaKind kind) => kind switch
    {
        SdpMediaKind.Audio => AudioHeaderExtensions,
        SdpMediaKind.Video => VideoHeaderExtensions,
        _ => [],
    };
}
