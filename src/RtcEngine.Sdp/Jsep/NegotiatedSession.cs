namespace RtcEngine.Sdp.Jsep;

/// <summary>Which end of the DTLS association the local side is (RFC 8842: the <c>active</c> side is the client).</summary>
public enum JsepDtlsRole
{
    /// <summary>The local side sends the ClientHello.</summary>
    Client = 0,

    /// <summary>The local side waits for the ClientHello.</summary>
    Server,
}

/// <summary>A codec both sides agreed on for an m-line, with the payload type both use.</summary>
/// <remarks>Immutable.</remarks>
public sealed record NegotiatedCodec
{
    /// <summary>The payload type (the offerer's).</summary>
    public required int PayloadType { get; init; }

    /// <summary>The encoding name as the answer wrote it.</summary>
    public required string Name { get; init; }

    /// <summary>The RTP clock rate.</summary>
    public required int ClockRate { get; init; }

    /// <summary>The channel count, when written.</summary>
    public int? Channels { get; init; }

    /// <summary>The payload type of the paired RTX stream, or null.</summary>
    public int? RtxPayloadType { get; init; }

    /// <summary>The format parameters the local side announced (what it accepts to receive).</summary>
    public IReadOnlyList<SdpParameter> LocalParameters { get; init; } = [];

    /// <summary>The format parameters the remote side announced (what to respect when sending to it).</summary>
    public IReadOnlyList<SdpParameter> RemoteParameters { get; init; } = [];

    /// <summary>The RTCP feedback both sides listed for this codec.</summary>
    public IReadOnlyList<RtcpFeedback> Feedback { get; init; } = [];
}

/// <summary>A negotiated RTP header extension (RFC 8285): the id both sides use for the URI.</summary>
/// <param name="Id">The id.</param>
/// <param name="Uri">The URI.</param>
/// <param name="Direction">The extension's own direction from the local point of view, or null (follows the media).</param>
public sealed record NegotiatedHeaderExtension(int Id, string Uri, SdpDirection? Direction);

/// <summary>
/// The outcome of one m-line of an offer/answer exchange, from the local point of view: what the
/// session needs to configure its RTP, SRTP, ICE, DTLS and SCTP layers for that mid.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record NegotiatedMedia
{
    /// <summary>The m-line index.</summary>
    public required int Index { get; init; }

    /// <summary>The mid (null only for a rejected m-line without one).</summary>
    public string? Mid { get; init; }

    /// <summary>The media kind.</summary>
    public required SdpMediaKind Kind { get; init; }

    /// <summary>Whether the m-line was rejected (port 0 in the answer, or in the offer).</summary>
    public required bool Rejected { get; init; }

    /// <summary>Whether the m-line is in the answer's BUNDLE group (and so uses the BUNDLE transport).</summary>
    public bool Bundled { get; init; }

    /// <summary>The negotiated direction from the local point of view (sendonly: we send, the remote receives).</summary>
    public SdpDirection Direction { get; init; } = SdpDirection.Inactive;

    /// <summary>The codecs both sides support, in the answer's order (RTX entries folded into <see cref="NegotiatedCodec.RtxPayloadType"/>).</summary>
    public IReadOnlyList<NegotiatedCodec> Codecs { get; init; } = [];

    /// <summary>Primary payload type to RTX payload type.</summary>
    public IReadOnlyDictionary<int, int> RtxPayloadTypes { get; init; } = new Dictionary<int, int>();

    /// <summary>The header extensions both sides use.</summary>
    public IReadOnlyList<NegotiatedHeaderExtension> HeaderExtensions { get; init; } = [];

    /// <summary>Whether both sides allow mixing one- and two-byte header extensions (<c>a=extmap-allow-mixed</c>).</summary>
    public bool ExtMapAllowMixed { get; init; }

    /// <summary>Whether RTP and RTCP share the port (<c>a=rtcp-mux</c> in offer and answer).</summary>
    public bool RtcpMux { get; init; }

    /// <summary>Whether reduced-size RTCP was agreed (<c>a=rtcp-rsize</c> in offer and answer).</summary>
    public bool RtcpReducedSize { get; init; }

    /// <summary>The SSRCs the remote announced (<c>a=ssrc</c>), in order of first appearance.</summary>
    public IReadOnlyList<uint> RemoteSsrcs { get; init; } = [];

    /// <summary>The remote's primary SSRC to RTX SSRC pairs (<c>a=ssrc-group:FID</c>).</summary>
    public IReadOnlyDictionary<uint, uint> RemoteRtxSsrcs { get; init; } = new Dictionary<uint, uint>();

    /// <summary>The remote's RTCP CNAME, when announced.</summary>
    public string? RemoteCname { get; init; }

    /// <summary>The remote's <c>a=msid</c> (stream id, track id), when present.</summary>
    public (string StreamId, string? TrackId)? RemoteMsid { get; init; }

    /// <summary>The simulcast rids the local side sends and the remote agreed to receive.</summary>
    public IReadOnlyList<string> SendRids { get; init; } = [];

    /// <summary>The simulcast rids the remote sends and the local side agreed to receive.</summary>
    public IReadOnlyList<string> ReceiveRids { get; init; } = [];

    /// <summary>The remote ICE username fragment for this m-line (media level, else session level).</summary>
    public string? RemoteIceUfrag { get; init; }

    /// <summary>The remote ICE password for this m-line.</summary>
    public string? RemoteIcePwd { get; init; }

    /// <summary>The remote DTLS fingerprints for this m-line (media level, else session level).</summary>
    public IReadOnlyList<SdpFingerprint> RemoteFingerprints { get; init; } = [];

    /// <summary>The remote's <c>a=setup</c> (absent: actpass in an offer, active in an answer, per RFC 4145).</summary>
    public SdpSetupRole RemoteSetup { get; init; }

    /// <summary>The remote candidates on this m-line, as text for the ICE layer.</summary>
    public IReadOnlyList<string> RemoteCandidates { get; init; } = [];

    /// <summary>Whether the remote signalled <c>a=end-of-candidates</c> on this m-line.</summary>
    public bool RemoteEndOfCandidates { get; init; }

    /// <summary>The local SCTP port (application only).</summary>
    public int? LocalSctpPort { get; init; }

    /// <summary>The remote SCTP port (application only).</summary>
    public int? RemoteSctpPort { get; init; }

    /// <summary>The largest message the remote accepts (application only; 0 means no limit; RFC 8841 default 64 KiB when absent).</summary>
    public ulong? RemoteMaxMessageSize { get; init; }

    /// <summary>The negotiated codec with payload type <paramref name="payloadType"/>, or null.</summary>
    public NegotiatedCodec? FindCodec(int payloadType)
    {
        foreach (NegotiatedCodec codec in Codecs)
        {
            if (codec.PayloadType == payloadType)
            {
                return codec;
            }
        }

        return null;
    }

    /// <summary>The id negotiated for header extension <paramref name="uri"/>, or null.</summary>
    public int? FindHeaderExtensionId(string uri)
    {
        foreach (NegotiatedHeaderExtension extension in HeaderExtensions)
        {
            if (extension.Uri == uri)
            {
                return extension.Id;
            }
        }

        return null;
    }
}

/// <summary>
/// The outcome of an offer/answer exchange: one <see cref="NegotiatedMedia"/> per m-line in order,
/// the BUNDLE transport, the DTLS role and the remote transport parameters. Pass it back as
/// <c>Current</c> to the next offer or answer so m-lines keep their positions and an ICE restart is
/// detected.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record NegotiatedSession
{
    /// <summary>The local description of the exchange (offer or answer).</summary>
    public required SessionDescription LocalDescription { get; init; }

    /// <summary>The remote description of the exchange.</summary>
    public required SessionDescription RemoteDescription { get; init; }

    /// <summary>Whether the local side made the offer.</summary>
    public required bool LocalIsOfferer { get; init; }

    /// <summary>The m-lines, in order.</summary>
    public required IReadOnlyList<NegotiatedMedia> Media { get; init; }

    /// <summary>The mids of the answer's BUNDLE group, in order (empty without BUNDLE).</summary>
    public IReadOnlyList<string> BundleMids { get; init; } = [];

    /// <summary>The mid whose transport the BUNDLE group uses (the answerer's tag: the group's first mid), or null.</summary>
    public string? BundleTransportMid => BundleMids.Count > 0 ? BundleMids[0] : null;

    /// <summary>The local DTLS role, from the answer's <c>a=setup</c>.</summary>
    public JsepDtlsRole LocalDtlsRole { get; init; }

    /// <summary>Whether the remote is an ICE-lite agent (session-level <c>a=ice-lite</c>).</summary>
    public bool RemoteIceLite { get; init; }

    /// <summary>The remote ICE username fragment of the transport (BUNDLE tag m-line, else the first accepted one).</summary>
    public string? RemoteIceUfrag { get; init; }

    /// <summary>The remote ICE password of the transport.</summary>
    public string? RemoteIcePwd { get; init; }

    /// <summary>The remote fingerprints of the transport.</summary>
    public IReadOnlyList<SdpFingerprint> RemoteFingerprints { get; init; } = [];

    /// <summary>Whether the remote ICE credentials differ from the previous exchange's (an ICE restart, RFC 8839 section 4.4.1.1.1).</summary>
    public bool RemoteIceRestart { get; init; }

    /// <summary>Every remote candidate with the mid of its m-line, in order.</summary>
    public IReadOnlyList<(string? Mid, string Candidate)> RemoteCandidates { get; init; } = [];

    /// <summary>The m-line with <paramref name="mid"/>, or null.</summary>
    public NegotiatedMedia? Find(string mid)
    {
        foreach (NegotiatedMedia media in Media)
        {
            if (media.Mid == mid)
            {
                return media;
            }
        }

        return null;
    }
}
