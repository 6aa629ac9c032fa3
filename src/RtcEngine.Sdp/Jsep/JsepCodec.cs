namespace RtcEngine.Sdp.Jsep;

/// <summary>One RTCP feedback mechanism a codec supports (<c>a=rtcp-fb:&lt;pt&gt; &lt;type&gt; [parameter]</c>).</summary>
/// <param name="Type">The feedback type (<c>nack</c>, <c>ccm</c>, <c>transport-cc</c>, <c>goog-remb</c>).</param>
/// <param name="Parameter">The parameter (<c>pli</c>, <c>fir</c>), or null.</param>
public readonly record struct RtcpFeedback(string Type, string? Parameter = null)
{
    /// <summary>Generic NACK (RFC 4585).</summary>
    public static RtcpFeedback Nack => new("nack");

    /// <summary>Picture loss indication (RFC 4585).</summary>
    public static RtcpFeedback Pli => new("nack", "pli");

    /// <summary>Full intra request (RFC 5104).</summary>
    public static RtcpFeedback Fir => new("ccm", "fir");

    /// <summary>Transport-wide congestion control feedback.</summary>
    public static RtcpFeedback TransportCc => new("transport-cc");

    /// <summary>Receiver estimated maximum bitrate.</summary>
    public static RtcpFeedback GoogRemb => new("goog-remb");

    /// <summary>Whether <paramref name="type"/> and <paramref name="parameter"/> name this mechanism (type case-insensitive).</summary>
    public bool Matches(string type, string? parameter) =>
        string.Equals(Type, type, StringComparison.OrdinalIgnoreCase) && string.Equals(Parameter, parameter, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// A codec the local side can send and receive, with the payload type it offers it under. In an
/// answer the offerer's payload types are used instead (RFC 9429 section 5.3.1).
/// </summary>
/// <remarks>Immutable; share freely.</remarks>
public sealed record JsepCodec
{
    /// <summary>The encoding name (<c>opus</c>, <c>VP8</c>, <c>H264</c>; compared case-insensitively).</summary>
    public required string Name { get; init; }

    /// <summary>The RTP clock rate in Hz.</summary>
    public required int ClockRate { get; init; }

    /// <summary>The channel count for audio (written after the clock rate), or null.</summary>
    public int? Channels { get; init; }

    /// <summary>The payload type offered for this codec (96-127 for dynamic ones).</summary>
    public required int PayloadType { get; init; }

    /// <summary>The payload type of its RTX stream (RFC 4588), or null for no retransmission.</summary>
    public int? RtxPayloadType { get; init; }

    /// <summary>The format parameters (<c>a=fmtp</c>).</summary>
    public IReadOnlyList<SdpParameter> Parameters { get; init; } = [];

    /// <summary>The RTCP feedback mechanisms (<c>a=rtcp-fb</c>).</summary>
    public IReadOnlyList<RtcpFeedback> Feedback { get; init; } = [];

    /// <summary>The video feedback Chromium offers: goog-remb, transport-cc, ccm fir, nack, nack pli.</summary>
    public static IReadOnlyList<RtcpFeedback> VideoFeedback { get; } =
        [RtcpFeedback.GoogRemb, RtcpFeedback.TransportCc, RtcpFeedback.Fir, RtcpFeedback.Nack, RtcpFeedback.Pli];

    /// <summary>Opus, 48 kHz stereo (payload type 111 like Chromium), in-band FEC, transport-cc.</summary>
    public static JsepCodec Opus(int payloadType = 111) => new()
    {
        Name = "opus",
        ClockRate = 48000,
        Channels = 2,
        PayloadType = payloadType,
        Parameters = [new SdpParameter("minptime", "10"), new SdpParameter("useinbandfec", "1")],
        Feedback = [RtcpFeedback.TransportCc],
    };

    /// <summary>VP8 (96, RTX 97 like Chromium) with the usual video feedback.</summary>
    public static JsepCodec Vp8(int payloadType = 96, int? rtxPayloadType = 97) => new()
    {
        Name = "VP8",
        ClockRate = 90000,
        PayloadType = payloadType,
        RtxPayloadType = rtxPayloadType,
        Feedback = VideoFeedback,
    };

    /// <summary>VP9 profile 0 (98, RTX 99 like Chromium).</summary>
    public static JsepCodec Vp9(int payloadType = 98, int? rtxPayloadType = 99) => new()
    {
        Name = "VP9",
        ClockRate = 90000,
        PayloadType = payloadType,
        RtxPayloadType = rtxPayloadType,
        Parameters = [new SdpParameter("profile-id", "0")],
        Feedback = VideoFeedback,
    };

    /// <summary>H.264 constrained baseline, packetization mode 1 (108, RTX 109 like Chromium).</summary>
    public static JsepCodec H264(int payloadType = 108, int? rtxPayloadType = 109, string profileLevelId = "42e01f") => new()
    {
        Name = "H264",
        ClockRate = 90000,
        PayloadType = payloadType,
        RtxPayloadType = rtxPayloadType,
        Parameters =
        [
            new SdpParameter("level-asymmetry-allowed", "1"),
            new SdpParameter("packetization-mode", "1"),
            new SdpParameter("profile-level-id", profileLevelId),
        ],
        Feedback = VideoFeedback,
    };

    /// <summary>AV1 profile 0 (45, RTX 46 like Chromium).</summary>
    public static JsepCodec Av1(int payloadType = 45, int? rtxPayloadType = 46) => new()
    {
        Name = "AV1",
        ClockRate = 90000,
        PayloadType = payloadType,
        RtxPayloadType = rtxPayloadType,
        Parameters = [new SdpParameter("level-idx", "5"), new SdpParameter("profile", "0"), new SdpParameter("tier", "0")],
        Feedback = VideoFeedback,
    };

    /// <summary>Whether this codec describes RTX (RFC 4588), which is paired with a primary codec rather than negotiated alone.</summary>
    public bool IsRtx => string.Equals(Name, "rtx", StringComparison.OrdinalIgnoreCase);
}

/// <summary>An RTP header extension the local side supports (RFC 8285), with the id it offers it under.</summary>
/// <param name="Id">The id offered (1-14 for one-byte headers; 1-255 with two-byte headers).</param>
/// <param name="Uri">The extension URI.</param>
/// <param name="Direction">The extension's own direction, when it differs from the media's; usually null.</param>
public sealed record JsepHeaderExtension(int Id, string Uri, SdpDirection? Direction = null)
{
    /// <summary><c>urn:ietf:params:rtp-hdrext:ssrc-audio-level</c> (RFC 6464).</summary>
    public const string AudioLevelUri = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    /// <summary><c>http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time</c>.</summary>
    public const string AbsSendTimeUri = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    /// <summary>The transport-wide sequence number extension (transport-cc).</summary>
    public const string TransportCcUri = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /// <summary><c>urn:ietf:params:rtp-hdrext:sdes:mid</c> (RFC 9143): BUNDLE demultiplexing.</summary>
    public const string MidUri = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /// <summary><c>urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id</c> (RFC 8852): the rid of a simulcast stream.</summary>
    public const string RtpStreamIdUri = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

    /// <summary><c>urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id</c> (RFC 8852): the rid an RTX stream repairs.</summary>
    public const string RepairedRtpStreamIdUri = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    /// <summary><c>urn:ietf:params:rtp-hdrext:toffset</c> (RFC 5450).</summary>
    public const string TransmissionOffsetUri = "urn:ietf:params:rtp-hdrext:toffset";
}
