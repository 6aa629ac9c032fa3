using System.Collections.ObjectModel;
using RtcEngine.Sdp.Text;

namespace RtcEngine.Sdp;

/// <summary>The media type of an m-line.</summary>
public enum SdpMediaKind
{
    /// <summary>Any media type other than the three WebRTC uses (kept as text in <see cref="MediaDescription.Media"/>).</summary>
    Other = 0,

    /// <summary><c>audio</c>.</summary>
    Audio,

    /// <summary><c>video</c>.</summary>
    Video,

    /// <summary><c>application</c> (data channels).</summary>
    Application,
}

/// <summary>
/// One media description: the m-line (RFC 8866 section 5.14) and the lines that follow it until
/// the next m-line:
/// <code>
/// m=&lt;media&gt; &lt;port&gt;[/&lt;number of ports&gt;] &lt;proto&gt; &lt;fmt&gt; ...
/// i=  c=*  b=*  k=  a=*
/// </code>
/// The typed properties below read the media-level attributes only (session-level values that
/// apply to every m-line, such as a session-level <c>a=fingerprint</c>, are resolved by
/// <see cref="SessionDescription"/> and the JSEP helpers).
/// </summary>
/// <remarks>Not thread-safe: owned by whoever builds or edits the description.</remarks>
public sealed class MediaDescription
{
    private ReadOnlyMemory<char> _mediaLineSource;
    private string _media;
    private int _port;
    private int? _portCount;
    private string _protocol;
    private string[] _formats;
    private string? _information;
    private string? _encryptionKey;

    /// <summary>A media description built in code.</summary>
    public MediaDescription(string media, int port, string protocol, IEnumerable<string> formats)
    {
        SdpTokenList.ValidateToken(media, nameof(media));
        SdpTokenList.ValidateToken(protocol, nameof(protocol));
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        _media = media;
        _port = port;
        _protocol = protocol;
        _formats = SdpTokenList.Validate(formats, nameof(formats));
    }

    internal MediaDescription(ReadOnlyMemory<char> source, string media, int port, int? portCount, string protocol, string[] formats)
    {
        _mediaLineSource = source;
        _media = media;
        _port = port;
        _portCount = portCount;
        _protocol = protocol;
        _formats = formats;
    }

    /// <summary>The media type as written (<c>audio</c>, <c>video</c>, <c>application</c>, ...).</summary>
    public string Media
    {
        get => _media;
        set
        {
            SdpTokenList.ValidateToken(value, nameof(value));
            _media = value;
            _mediaLineSource = default;
        }
    }

    /// <summary>The media type as an enum.</summary>
    public SdpMediaKind Kind => _media switch
    {
        "audio" => SdpMediaKind.Audio,
        "video" => SdpMediaKind.Video,
        "application" => SdpMediaKind.Application,
        _ => SdpMediaKind.Other,
    };

    /// <summary>The port: 9 is the JSEP placeholder (RFC 9429 section 5.2.1); 0 rejects the m-line unless it is bundle-only.</summary>
    public int Port
    {
        get => _port;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 65535);
            _port = value;
            _mediaLineSource = default;
        }
    }

    /// <summary>The number of ports after a slash, when written (not used by WebRTC).</summary>
    public int? PortCount
    {
        get => _portCount;
        set
        {
            _portCount = value;
            _mediaLineSource = default;
        }
    }

    /// <summary>The transport protocol (<c>UDP/TLS/RTP/SAVPF</c>, <c>UDP/DTLS/SCTP</c>, ...).</summary>
    public string Protocol
    {
        get => _protocol;
        set
        {
            SdpTokenList.ValidateToken(value, nameof(value));
            _protocol = value;
            _mediaLineSource = default;
        }
    }

    /// <summary>The formats: RTP payload types as text for RTP protocols, <c>webrtc-datachannel</c> for SCTP.</summary>
    public IReadOnlyList<string> Formats
    {
        get => _formats;
        set
        {
            _formats = SdpTokenList.Validate(value, nameof(value));
            _mediaLineSource = default;
        }
    }

    /// <summary>The <c>i=</c> line, when present.</summary>
    public string? Information
    {
        get => _information;
        set
        {
            if (value is not null)
            {
                SdpTokenList.ValidateText(value, nameof(value));
            }

            _information = value;
        }
    }

    /// <summary>The <c>c=</c> lines (WebRTC writes one).</summary>
    public Collection<SdpConnection> Connections { get; } = [];

    /// <summary>The <c>b=</c> lines.</summary>
    public Collection<SdpBandwidth> Bandwidths { get; } = [];

    /// <summary>The <c>k=</c> line (obsolete), when present.</summary>
    public string? EncryptionKey
    {
        get => _encryptionKey;
        set
        {
            if (value is not null)
            {
                SdpTokenList.ValidateText(value, nameof(value));
            }

            _encryptionKey = value;
        }
    }

    /// <summary>The media-level attributes, in order.</summary>
    public SdpAttributeCollection Attributes { get; } = new();

    /// <summary>Whether the protocol carries RTP (<c>RTP/</c> in it).</summary>
    public bool IsRtp => _protocol.Contains("RTP/", StringComparison.Ordinal);

    /// <summary>Whether the protocol is SCTP over DTLS (data channels).</summary>
    public bool IsSctp => _protocol.EndsWith("SCTP", StringComparison.Ordinal);

    /// <summary>Whether the m-line is rejected or removed: port 0 without <c>a=bundle-only</c> (RFC 9143 section 7.1.1).</summary>
    public bool IsRejected => _port == 0 && !BundleOnly;

    /// <summary>The formats that are RTP payload types (0-127), in order.</summary>
    public IReadOnlyList<int> PayloadTypes
    {
        get
        {
            var payloadTypes = new List<int>(_formats.Length);
            foreach (string format in _formats)
            {
                if (SdpSyntax.TryParseInt32(format, RtpMapAttribute.MaxPayloadType, out int pt))
                {
                    payloadTypes.Add(pt);
                }
            }

            return payloadTypes;
        }
    }

    /// <summary><c>a=mid</c>, or null.</summary>
    public string? Mid => Attributes.Find(SdpAttributeKind.Mid)?.Value;

    /// <summary>The media-level direction attribute, or null when absent (then the session level, else sendrecv, applies).</summary>
    public SdpDirection? Direction => SessionDescription.FindDirection(Attributes);

    /// <summary><c>a=ice-ufrag</c> at media level, or null.</summary>
    public string? IceUfrag => Attributes.Find(SdpAttributeKind.IceUfrag)?.Value;

    /// <summary><c>a=ice-pwd</c> at media level, or null.</summary>
    public string? IcePwd => Attributes.Find(SdpAttributeKind.IcePwd)?.Value;

    /// <summary><c>a=ice-options</c> at media level, or null.</summary>
    public IceOptionsAttribute? IceOptions => Attributes.Find<IceOptionsAttribute>();

    /// <summary>The <c>a=fingerprint</c> lines at media level.</summary>
    public IReadOnlyList<FingerprintAttribute> Fingerprints => Attributes.FindAll<FingerprintAttribute>();

    /// <summary><c>a=setup</c> at media level, or null.</summary>
    public SdpSetupRole? Setup => Attributes.Find<SetupAttribute>()?.Role;

    /// <summary>The <c>a=msid</c> lines.</summary>
    public IReadOnlyList<MsidAttribute> Msids => Attributes.FindAll<MsidAttribute>();

    /// <summary><c>a=rtcp</c>, or null.</summary>
    public RtcpAttribute? Rtcp => Attributes.Find<RtcpAttribute>();

    /// <summary>Whether <c>a=rtcp-mux</c> is present.</summary>
    public bool RtcpMux => Attributes.Contains(SdpAttributeKind.RtcpMux);

    /// <summary>Whether <c>a=rtcp-mux-only</c> is present.</summary>
    public bool RtcpMuxOnly => Attributes.Contains(SdpAttributeKind.RtcpMuxOnly);

    /// <summary>Whether <c>a=rtcp-rsize</c> is present.</summary>
    public bool RtcpReducedSize => Attributes.Contains(SdpAttributeKind.RtcpRsize);

    /// <summary>Whether <c>a=bundle-only</c> is present.</summary>
    public bool BundleOnly => Attributes.Contains(SdpAttributeKind.BundleOnly);

    /// <summary>Whether <c>a=extmap-allow-mixed</c> is present at media level.</summary>
    public bool ExtMapAllowMixed => Attributes.Contains(SdpAttributeKind.ExtMapAllowMixed);

    /// <summary>The <c>a=rtpmap</c> lines, in order.</summary>
    public IReadOnlyList<RtpMapAttribute> RtpMaps => Attributes.FindAll<RtpMapAttribute>();

    /// <summary>The <c>a=fmtp</c> lines, in order.</summary>
    public IReadOnlyList<FmtpAttribute> Fmtps => Attributes.FindAll<FmtpAttribute>();

    /// <summary>The <c>a=rtcp-fb</c> lines, in order.</summary>
    public IReadOnlyList<RtcpFeedbackAttribute> RtcpFeedbacks => Attributes.FindAll<RtcpFeedbackAttribute>();

    /// <summary>The <c>a=extmap</c> lines, in order.</summary>
    public IReadOnlyList<ExtMapAttribute> ExtMaps => Attributes.FindAll<ExtMapAttribute>();

    /// <summary>The <c>a=ssrc</c> lines, in order.</summary>
    public IReadOnlyList<SsrcAttribute> Ssrcs => Attributes.FindAll<SsrcAttribute>();

    /// <summary>The <c>a=ssrc-group</c> lines, in order.</summary>
    public IReadOnlyList<SsrcGroupAttribute> SsrcGroups => Attributes.FindAll<SsrcGroupAttribute>();

    /// <summary>The <c>a=rid</c> lines, in order.</summary>
    public IReadOnlyList<RidAttribute> Rids => Attributes.FindAll<RidAttribute>();

    /// <summary><c>a=simulcast</c>, or null.</summary>
    public SimulcastAttribute? Simulcast => Attributes.Find<SimulcastAttribute>();

    /// <summary>The <c>a=candidate</c> values (without the <c>candidate:</c> prefix), as text for the ICE layer.</summary>
    public IReadOnlyList<string> Candidates
    {
        get
        {
            var candidates = new List<string>();
            foreach (SdpAttribute attribute in Attributes.List)
            {
                if (attribute.Kind == SdpAttributeKind.Candidate)
                {
                    candidates.Add(attribute.Value!);
                }
            }

            return candidates;
        }
    }

    /// <summary>Whether <c>a=end-of-candidates</c> is present.</summary>
    public bool EndOfCandidates => Attributes.Contains(SdpAttributeKind.EndOfCandidates);

    /// <summary><c>a=sctp-port</c>, or null.</summary>
    public int? SctpPort => Attributes.Find(SdpAttributeKind.SctpPort) is SdpNumericAttribute port ? (int)port.Number : null;

    /// <summary><c>a=max-message-size</c>, or null.</summary>
    public ulong? MaxMessageSize => Attributes.Find(SdpAttributeKind.MaxMessageSize) is SdpNumericAttribute size ? size.Number : null;

    /// <summary>The <c>a=rtpmap</c> for <paramref name="payloadType"/>, or null.</summary>
    public RtpMapAttribute? GetRtpMap(int payloadType)
    {
        foreach (SdpAttribute attribute in Attributes.List)
        {
            if (attribute is RtpMapAttribute map && map.PayloadType == payloadType)
            {
                return map;
            }
        }

        return null;
    }

    /// <summary>The <c>a=fmtp</c> for <paramref name="payloadType"/>, or null.</summary>
    public FmtpAttribute? GetFmtp(int payloadType)
    {
        foreach (SdpAttribute attribute in Attributes.List)
        {
            if (attribute is FmtpAttribute fmtp && fmtp.PayloadType == payloadType)
            {
                return fmtp;
            }
        }

        return null;
    }

    /// <summary>The <c>a=rtcp-fb</c> lines for <paramref name="payloadType"/>, wildcard ones included.</summary>
    public IReadOnlyList<RtcpFeedbackAttribute> GetRtcpFeedback(int payloadType)
    {
        var found = new List<RtcpFeedbackAttribute>();
        foreach (SdpAttribute attribute in Attributes.List)
        {
            if (attribute is RtcpFeedbackAttribute feedback && (feedback.PayloadType == payloadType || feedback.IsWildcard))
            {
                found.Add(feedback);
            }
        }

        return found;
    }

    /// <summary>The m-line value (after <c>m=</c>).</summary>
    public override string ToString()
    {
        var writer = new SdpTextWriter(128);
        try
        {
            WriteMediaLineValue(ref writer);
            return writer.ToString();
        }
        finally
        {
            writer.Dispose();
        }
    }

    internal void WriteTo(ref SdpTextWriter writer)
    {
        writer.Append("m=");
        WriteMediaLineValue(ref writer);
        writer.AppendLineEnd();
        if (Information is not null)
        {
            writer.Append("i=");
            writer.Append(Information);
            writer.AppendLineEnd();
        }

        // Index loops: Collection<T> enumerators are boxed, and writing should allocate only its output.
        for (int i = 0; i < Connections.Count; i++)
        {
            writer.Append("c=");
            Connections[i].WriteValue(ref writer);
            writer.AppendLineEnd();
        }

        for (int i = 0; i < Bandwidths.Count; i++)
        {
            writer.Append("b=");
            Bandwidths[i].WriteValue(ref writer);
            writer.AppendLineEnd();
        }

        if (EncryptionKey is not null)
        {
            writer.Append("k=");
            writer.Append(EncryptionKey);
            writer.AppendLineEnd();
        }

        List<SdpAttribute> attributes = Attributes.List;
        for (int i = 0; i < attributes.Count; i++)
        {
            attributes[i].WriteLine(ref writer);
        }
    }

    private void WriteMediaLineValue(ref SdpTextWriter writer)
    {
        if (!_mediaLineSource.IsEmpty)
        {
            writer.Append(_mediaLineSource.Span);
            return;
        }

        writer.Append(_media);
        writer.Append(' ');
        writer.Append(_port);
        if (_portCount is int count)
        {
            writer.Append('/');
            writer.Append(count);
        }

        writer.Append(' ');
        writer.Append(_protocol);
        foreach (string format in _formats)
        {
            writer.Append(' ');
            writer.Append(format);
        }
    }
}
