using RtcEngine.Sdp.Text;

namespace RtcEngine.Sdp;

/// <summary>
/// One <c>a=</c> line: a name and an optional value. Attributes this library types
/// (<see cref="Kind"/> other than <see cref="SdpAttributeKind.Unknown"/>) are instances of the
/// derived classes (<see cref="RtpMapAttribute"/>, <see cref="ExtMapAttribute"/>, ...) or, for flags
/// and plain text values (mid, ice-ufrag, ice-pwd, candidate), of this class; any other attribute is
/// kept as its name and value text.
/// </summary>
/// <remarks>
/// Immutable, so thread-safe. An attribute read from a description keeps the exact text of its
/// value and writes it back unchanged (byte-exact round trip); an attribute built in code formats
/// its value canonically. To change an attribute, replace it in its <see cref="SdpAttributeCollection"/>.
/// Equality compares the name and the value text.
/// </remarks>
public class SdpAttribute : IEquatable<SdpAttribute>
{
    private readonly ReadOnlyMemory<char> _valueText;
    private readonly bool _hasValueText;
    private string? _value;

    /// <summary>An attribute whose value text is known (read from a description, or given as text).</summary>
    private protected SdpAttribute(string name, SdpAttributeKind kind, bool hasValue, ReadOnlyMemory<char> valueText)
    {
        Name = name;
        Kind = kind;
        HasValue = hasValue;
        _valueText = valueText;
        _hasValueText = hasValue;
    }

    /// <summary>A typed attribute built in code: its value is formatted from its fields.</summary>
    private protected SdpAttribute(SdpAttributeKind kind)
    {
        Name = SdpAttributeNames.NameOf(kind);
        Kind = kind;
        HasValue = true;
    }

    /// <summary>The attribute name (after <c>a=</c>, before the colon).</summary>
    public string Name { get; }

    /// <summary>The typed kind, or <see cref="SdpAttributeKind.Unknown"/>.</summary>
    public SdpAttributeKind Kind { get; }

    /// <summary>Whether the line has a colon and a value (a flag such as <c>a=rtcp-mux</c> has none).</summary>
    public bool HasValue { get; }

    /// <summary>The value text exactly as it appears after the colon (null for a flag).</summary>
    public string? Value
    {
        get
        {
            if (!HasValue)
            {
                return null;
            }

            if (_value is null)
            {
                if (_hasValueText)
                {
                    _value = _valueText.Length == 0 ? string.Empty : new string(_valueText.Span);
                }
                else
                {
                    var writer = new SdpTextWriter(64);
                    try
                    {
                        FormatValue(ref writer);
                        _value = writer.ToString();
                    }
                    finally
                    {
                        writer.Dispose();
                    }
                }
            }

            return _value;
        }
    }

    /// <summary><c>a=rtcp-mux</c> (RFC 5761).</summary>
    public static SdpAttribute RtcpMux { get; } = new(SdpAttributeNames.RtcpMux, SdpAttributeKind.RtcpMux, false, default);

    /// <summary><c>a=rtcp-mux-only</c> (RFC 8858).</summary>
    public static SdpAttribute RtcpMuxOnly { get; } = new(SdpAttributeNames.RtcpMuxOnly, SdpAttributeKind.RtcpMuxOnly, false, default);

    /// <summary><c>a=rtcp-rsize</c> (RFC 5506).</summary>
    public static SdpAttribute RtcpRsize { get; } = new(SdpAttributeNames.RtcpRsize, SdpAttributeKind.RtcpRsize, false, default);

    /// <summary><c>a=ice-lite</c> (RFC 8839).</summary>
    public static SdpAttribute IceLite { get; } = new(SdpAttributeNames.IceLite, SdpAttributeKind.IceLite, false, default);

    /// <summary><c>a=extmap-allow-mixed</c> (RFC 8285).</summary>
    public static SdpAttribute ExtMapAllowMixed { get; } = new(SdpAttributeNames.ExtMapAllowMixed, SdpAttributeKind.ExtMapAllowMixed, false, default);

    /// <summary><c>a=end-of-candidates</c> (RFC 8840).</summary>
    public static SdpAttribute EndOfCandidates { get; } = new(SdpAttributeNames.EndOfCandidates, SdpAttributeKind.EndOfCandidates, false, default);

    /// <summary><c>a=bundle-only</c> (RFC 9143).</summary>
    public static SdpAttribute BundleOnly { get; } = new(SdpAttributeNames.BundleOnly, SdpAttributeKind.BundleOnly, false, default);

    private static readonly SdpAttribute s_sendRecv = new(SdpAttributeNames.SendRecv, SdpAttributeKind.SendRecv, false, default);
    private static readonly SdpAttribute s_sendOnly = new(SdpAttributeNames.SendOnly, SdpAttributeKind.SendOnly, false, default);
    private static readonly SdpAttribute s_recvOnly = new(SdpAttributeNames.RecvOnly, SdpAttributeKind.RecvOnly, false, default);
    private static readonly SdpAttribute s_inactive = new(SdpAttributeNames.Inactive, SdpAttributeKind.Inactive, false, default);

    /// <summary>The direction attribute for <paramref name="direction"/> (<c>a=sendrecv</c>, ...).</summary>
    public static SdpAttribute ForDirection(SdpDirection direction) => direction switch
    {
        SdpDirection.SendRecv => s_sendRecv,
        SdpDirection.SendOnly => s_sendOnly,
        SdpDirection.RecvOnly => s_recvOnly,
        SdpDirection.Inactive => s_inactive,
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "unknown direction"),
    };

    /// <summary><c>a=mid:&lt;mid&gt;</c> (RFC 5888). The mid must be a non-empty token.</summary>
    public static SdpAttribute Mid(string mid) => Text(SdpAttributeKind.Mid, mid, requireToken: true);

    /// <summary><c>a=ice-ufrag:&lt;ufrag&gt;</c>.</summary>
    public static SdpAttribute IceUfrag(string ufrag) => Text(SdpAttributeKind.IceUfrag, ufrag, requireToken: true);

    /// <summary><c>a=ice-pwd:&lt;pwd&gt;</c>.</summary>
    public static SdpAttribute IcePwd(string pwd) => Text(SdpAttributeKind.IcePwd, pwd, requireToken: true);

    /// <summary>
    /// <c>a=candidate:&lt;text&gt;</c>: the candidate exactly as the ICE layer formatted it (without
    /// the <c>candidate:</c> prefix). Its grammar is the ICE layer's; here it is only checked to be one line.
    /// </summary>
    public static SdpAttribute Candidate(string candidate) => Text(SdpAttributeKind.Candidate, candidate, requireToken: false);

    /// <summary>
    /// Any attribute from its name and value text (null for a flag). A typed name is parsed into
    /// its typed class; a malformed value throws <see cref="SdpParseException"/> (line 1, column
    /// counted within <c>a=name:value</c>).
    /// </summary>
    public static SdpAttribute Create(string name, string? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        string line = value is null ? name : name + ":" + value;
        return Parse(line);
    }

    /// <summary>
    /// Parses the text of one attribute line without its <c>a=</c> prefix (<c>rtpmap:96 VP8/90000</c>);
    /// throws <see cref="SdpParseException"/> when it does not follow its grammar.
    /// </summary>
    public static SdpAttribute Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!SdpAttributeParser.TryParseLine(text, 0, text.Length, out SdpAttribute? attribute, out SdpValueError error))
        {
            throw new SdpParseException(new SdpParseError(error.Kind, 1, error.Offset + 3, error.Message));
        }

        return attribute;
    }

    /// <summary>The line as written in a description, without CRLF: <c>a=name[:value]</c>.</summary>
    public override string ToString() => HasValue ? "a=" + Name + ":" + Value : "a=" + Name;

    /// <inheritdoc />
    public bool Equals(SdpAttribute? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return other is not null && Name == other.Name && HasValue == other.HasValue && Value == other.Value;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SdpAttribute);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Value);

    /// <summary>Writes <c>a=name[:value]</c> and CRLF.</summary>
    internal void WriteLine(ref SdpTextWriter writer)
    {
        writer.Append("a=");
        writer.Append(Name);
        if (HasValue)
        {
            writer.Append(':');
            if (_hasValueText)
            {
                writer.Append(_valueText.Span);
            }
            else
            {
                FormatValue(ref writer);
            }
        }

        writer.AppendLineEnd();
    }

    /// <summary>Formats the value of a typed attribute built in code.</summary>
    private protected virtual void FormatValue(ref SdpTextWriter writer)
    {
        // Attributes of this class always carry their value text; derived classes override.
    }

    /// <summary>An attribute read from a description, typed as flag or text.</summary>
    internal static SdpAttribute FromSource(string name, SdpAttributeKind kind, bool hasValue, ReadOnlyMemory<char> valueText)
    {
        if (!hasValue)
        {
            switch (kind)
            {
                case SdpAttributeKind.RtcpMux: return RtcpMux;
                case SdpAttributeKind.RtcpMuxOnly: return RtcpMuxOnly;
                case SdpAttributeKind.RtcpRsize: return RtcpRsize;
                case SdpAttributeKind.IceLite: return IceLite;
                case SdpAttributeKind.ExtMapAllowMixed: return ExtMapAllowMixed;
                case SdpAttributeKind.EndOfCandidates: return EndOfCandidates;
                case SdpAttributeKind.BundleOnly: return BundleOnly;
                case SdpAttributeKind.SendRecv: return s_sendRecv;
                case SdpAttributeKind.SendOnly: return s_sendOnly;
                case SdpAttributeKind.RecvOnly: return s_recvOnly;
                case SdpAttributeKind.Inactive: return s_inactive;
            }
        }

        return new SdpAttribute(name, kind, hasValue, valueText);
    }

    private static SdpAttribute Text(SdpAttributeKind kind, string value, bool requireToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0 || (requireToken && value.Contains(' ', StringComparison.Ordinal)))
        {
            throw new ArgumentException($"'{value}' is not a valid a={SdpAttributeNames.NameOf(kind)} value.", nameof(value));
        }

        return new SdpAttribute(SdpAttributeNames.NameOf(kind), kind, true, value.AsMemory()) { _value = value };
    }
}
