namespace RtcEngine.Sdp;

/// <summary>The attributes this library types (their grammar is checked on read); everything else is <see cref="Unknown"/> and kept verbatim.</summary>
public enum SdpAttributeKind
{
    /// <summary>Any attribute this library does not type: kept as name and value text, in order.</summary>
    Unknown = 0,

    /// <summary><c>a=group:&lt;semantics&gt; &lt;mid&gt;...</c> (RFC 5888; BUNDLE in RFC 9143).</summary>
    Group,

    /// <summary><c>a=msid-semantic: WMS [ids]</c> (the pre-RFC 8830 form browsers still emit).</summary>
    MsidSemantic,

    /// <summary><c>a=ice-ufrag</c> (RFC 8839).</summary>
    IceUfrag,

    /// <summary><c>a=ice-pwd</c> (RFC 8839).</summary>
    IcePwd,

    /// <summary><c>a=ice-options:trickle renomination ...</c> (RFC 8839, RFC 8840).</summary>
    IceOptions,

    /// <summary><c>a=ice-lite</c> (RFC 8839), session level.</summary>
    IceLite,

    /// <summary><c>a=fingerprint:&lt;hash&gt; &lt;value&gt;</c> (RFC 8122); the DTLS layer owns the value's grammar.</summary>
    Fingerprint,

    /// <summary><c>a=setup:active|passive|actpass|holdconn</c> (RFC 4145, RFC 8842).</summary>
    Setup,

    /// <summary><c>a=mid</c> (RFC 5888).</summary>
    Mid,

    /// <summary><c>a=extmap:&lt;id&gt;[/&lt;direction&gt;] &lt;uri&gt; [attributes]</c> (RFC 8285).</summary>
    ExtMap,

    /// <summary><c>a=extmap-allow-mixed</c> (RFC 8285 section 6).</summary>
    ExtMapAllowMixed,

    /// <summary><c>a=sendrecv</c> (RFC 8866 section 6.7).</summary>
    SendRecv,

    /// <summary><c>a=sendonly</c>.</summary>
    SendOnly,

    /// <summary><c>a=recvonly</c>.</summary>
    RecvOnly,

    /// <summary><c>a=inactive</c>.</summary>
    Inactive,

    /// <summary><c>a=msid:&lt;stream id&gt; [&lt;track id&gt;]</c> (RFC 8830).</summary>
    Msid,

    /// <summary><c>a=rtcp:&lt;port&gt; [IN IP4 &lt;address&gt;]</c> (RFC 3605).</summary>
    Rtcp,

    /// <summary><c>a=rtcp-mux</c> (RFC 5761).</summary>
    RtcpMux,

    /// <summary><c>a=rtcp-mux-only</c> (RFC 8858).</summary>
    RtcpMuxOnly,

    /// <summary><c>a=rtcp-rsize</c> (RFC 5506).</summary>
    RtcpRsize,

    /// <summary><c>a=rtpmap:&lt;pt&gt; &lt;name&gt;/&lt;clock&gt;[/&lt;channels&gt;]</c> (RFC 8866 section 6.6).</summary>
    RtpMap,

    /// <summary><c>a=fmtp:&lt;format&gt; &lt;parameters&gt;</c> (RFC 8866 section 6.15).</summary>
    Fmtp,

    /// <summary><c>a=rtcp-fb:&lt;pt|*&gt; &lt;type&gt; [parameter]</c> (RFC 4585).</summary>
    RtcpFeedback,

    /// <summary><c>a=ssrc:&lt;ssrc&gt; &lt;attribute&gt;[:&lt;value&gt;]</c> (RFC 5576).</summary>
    Ssrc,

    /// <summary><c>a=ssrc-group:&lt;semantics&gt; &lt;ssrc&gt;...</c> (RFC 5576; FID, SIM).</summary>
    SsrcGroup,

    /// <summary><c>a=rid:&lt;id&gt; send|recv [restrictions]</c> (RFC 8851).</summary>
    Rid,

    /// <summary><c>a=simulcast:send ... recv ...</c> (RFC 8853).</summary>
    Simulcast,

    /// <summary><c>a=candidate</c> (RFC 8839), kept as text: the ICE layer owns the grammar.</summary>
    Candidate,

    /// <summary><c>a=end-of-candidates</c> (RFC 8840).</summary>
    EndOfCandidates,

    /// <summary><c>a=sctp-port</c> (RFC 8841).</summary>
    SctpPort,

    /// <summary><c>a=max-message-size</c> (RFC 8841).</summary>
    MaxMessageSize,

    /// <summary><c>a=bundle-only</c> (RFC 9143).</summary>
    BundleOnly,
}

/// <summary>The attribute names this library types, as they appear after <c>a=</c>.</summary>
public static class SdpAttributeNames
{
#pragma warning disable CS1591 // the names document themselves
    public const string Group = "group";
    public const string MsidSemantic = "msid-semantic";
    public const string IceUfrag = "ice-ufrag";
    public const string IcePwd = "ice-pwd";
    public const string IceOptions = "ice-options";
    public const string IceLite = "ice-lite";
    public const string Fingerprint = "fingerprint";
    public const string Setup = "setup";
    public const string Mid = "mid";
    public const string ExtMap = "extmap";
    public const string ExtMapAllowMixed = "extmap-allow-mixed";
    public const string SendRecv = "sendrecv";
    public const string SendOnly = "sendonly";
    public const string RecvOnly = "recvonly";
    public const string Inactive = "inactive";
    public const string Msid = "msid";
    public const string Rtcp = "rtcp";
    public const string RtcpMux = "rtcp-mux";
    public const string RtcpMuxOnly = "rtcp-mux-only";
    public const string RtcpRsize = "rtcp-rsize";
    public const string RtpMap = "rtpmap";
    public const string Fmtp = "fmtp";
    public const string RtcpFeedback = "rtcp-fb";
    public const string Ssrc = "ssrc";
    public const string SsrcGroup = "ssrc-group";
    public const string Rid = "rid";
    public const string Simulcast = "simulcast";
    public const string Candidate = "candidate";
    public const string EndOfCandidates = "end-of-candidates";
    public const string SctpPort = "sctp-port";
    public const string MaxMessageSize = "max-message-size";
    public const string BundleOnly = "bundle-only";
#pragma warning restore CS1591

    /// <summary>The kind for a name (<see cref="SdpAttributeKind.Unknown"/> for any other), and the shared name string.</summary>
    internal static SdpAttributeKind KindOf(ReadOnlySpan<char> name, out string? sharedName)
    {
        (SdpAttributeKind kind, sharedName) = name switch
        {
            Group => (SdpAttributeKind.Group, Group),
            MsidSemantic => (SdpAttributeKind.MsidSemantic, MsidSemantic),
            IceUfrag => (SdpAttributeKind.IceUfrag, IceUfrag),
            IcePwd => (SdpAttributeKind.IcePwd, IcePwd),
            IceOptions => (SdpAttributeKind.IceOptions, IceOptions),
            IceLite => (SdpAttributeKind.IceLite, IceLite),
            Fingerprint => (SdpAttributeKind.Fingerprint, Fingerprint),
            Setup => (SdpAttributeKind.Setup, Setup),
            Mid => (SdpAttributeKind.Mid, Mid),
            ExtMap => (SdpAttributeKind.ExtMap, ExtMap),
            ExtMapAllowMixed => (SdpAttributeKind.ExtMapAllowMixed, ExtMapAllowMixed),
            SendRecv => (SdpAttributeKind.SendRecv, SendRecv),
            SendOnly => (SdpAttributeKind.SendOnly, SendOnly),
            RecvOnly => (SdpAttributeKind.RecvOnly, RecvOnly),
            Inactive => (SdpAttributeKind.Inactive, Inactive),
            Msid => (SdpAttributeKind.Msid, Msid),
            Rtcp => (SdpAttributeKind.Rtcp, Rtcp),
            RtcpMux => (SdpAttributeKind.RtcpMux, RtcpMux),
            RtcpMuxOnly => (SdpAttributeKind.RtcpMuxOnly, RtcpMuxOnly),
            RtcpRsize => (SdpAttributeKind.RtcpRsize, RtcpRsize),
            RtpMap => (SdpAttributeKind.RtpMap, RtpMap),
            Fmtp => (SdpAttributeKind.Fmtp, Fmtp),
            RtcpFeedback => (SdpAttributeKind.RtcpFeedback, RtcpFeedback),
            Ssrc => (SdpAttributeKind.Ssrc, Ssrc),
            SsrcGroup => (SdpAttributeKind.SsrcGroup, SsrcGroup),
            Rid => (SdpAttributeKind.Rid, Rid),
            Simulcast => (SdpAttributeKind.Simulcast, Simulcast),
            Candidate => (SdpAttributeKind.Candidate, Candidate),
            EndOfCandidates => (SdpAttributeKind.EndOfCandidates, EndOfCandidates),
            SctpPort => (SdpAttributeKind.SctpPort, SctpPort),
            MaxMessageSize => (SdpAttributeKind.MaxMessageSize, MaxMessageSize),
            BundleOnly => (SdpAttributeKind.BundleOnly, BundleOnly),
            "rtcp-xr" => (SdpAttributeKind.Unknown, "rtcp-xr"),
            "sctpmap" => (SdpAttributeKind.Unknown, "sctpmap"),
            "ptime" => (SdpAttributeKind.Unknown, "ptime"),
            "maxptime" => (SdpAttributeKind.Unknown, "maxptime"),
            "framerate" => (SdpAttributeKind.Unknown, "framerate"),
            "ice-pacing" => (SdpAttributeKind.Unknown, "ice-pacing"),
            _ => (SdpAttributeKind.Unknown, null),
        };
        return kind;
    }

    /// <summary>The name for a typed kind.</summary>
    internal static string NameOf(SdpAttributeKind kind) => kind switch
    {
        SdpAttributeKind.Group => Group,
        SdpAttributeKind.MsidSemantic => MsidSemantic,
        SdpAttributeKind.IceUfrag => IceUfrag,
        SdpAttributeKind.IcePwd => IcePwd,
        SdpAttributeKind.IceOptions => IceOptions,
        SdpAttributeKind.IceLite => IceLite,
        SdpAttributeKind.Fingerprint => Fingerprint,
        SdpAttributeKind.Setup => Setup,
        SdpAttributeKind.Mid => Mid,
        SdpAttributeKind.ExtMap => ExtMap,
        SdpAttributeKind.ExtMapAllowMixed => ExtMapAllowMixed,
        SdpAttributeKind.SendRecv => SendRecv,
        SdpAttributeKind.SendOnly => SendOnly,
        SdpAttributeKind.RecvOnly => RecvOnly,
        SdpAttributeKind.Inactive => Inactive,
        SdpAttributeKind.Msid => Msid,
        SdpAttributeKind.Rtcp => Rtcp,
        SdpAttributeKind.RtcpMux => RtcpMux,
        SdpAttributeKind.RtcpMuxOnly => RtcpMuxOnly,
        SdpAttributeKind.RtcpRsize => RtcpRsize,
        SdpAttributeKind.RtpMap => RtpMap,
        SdpAttributeKind.Fmtp => Fmtp,
        SdpAttributeKind.RtcpFeedback => RtcpFeedback,
        SdpAttributeKind.Ssrc => Ssrc,
        SdpAttributeKind.SsrcGroup => SsrcGroup,
        SdpAttributeKind.Rid => Rid,
        SdpAttributeKind.Simulcast => Simulcast,
        SdpAttributeKind.Candidate => Candidate,
        SdpAttributeKind.EndOfCandidates => EndOfCandidates,
        SdpAttributeKind.SctpPort => SctpPort,
        SdpAttributeKind.MaxMessageSize => MaxMessageSize,
        SdpAttributeKind.BundleOnly => BundleOnly,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a typed attribute kind"),
    };

    /// <summary>Whether the kind is a flag (an attribute without a value).</summary>
    internal static bool IsFlag(SdpAttributeKind kind) => kind is SdpAttributeKind.IceLite or SdpAttributeKind.ExtMapAllowMixed
        or SdpAttributeKind.SendRecv or SdpAttributeKind.SendOnly or SdpAttributeKind.RecvOnly or SdpAttributeKind.Inactive
        or SdpAttributeKind.RtcpMux or SdpAttributeKind.RtcpMuxOnly or SdpAttributeKind.RtcpRsize
        or SdpAttributeKind.EndOfCandidates or SdpAttributeKind.BundleOnly;
}
