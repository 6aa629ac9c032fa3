using RtcEngine.Sdp.Text;

namespace RtcEngine.Sdp;

/// <summary>
/// <c>a=group:&lt;semantics&gt; *(SP &lt;identification-tag&gt;)</c> (RFC 5888 section 5), for
/// example <c>a=group:BUNDLE 0 1 2</c> (RFC 9143). Immutable.
/// </summary>
public sealed class GroupAttribute : SdpAttribute
{
    /// <summary>The BUNDLE semantics (RFC 9143).</summary>
    public const string BundleSemantics = "BUNDLE";

    private readonly string[] _mids;

    /// <summary>A group built in code.</summary>
    public GroupAttribute(string semantics, IEnumerable<string> mids)
        : base(SdpAttributeKind.Group)
    {
        SdpTokenList.ValidateToken(semantics, nameof(semantics));
        Semantics = semantics;
        _mids = SdpTokenList.Validate(mids, nameof(mids));
    }

    private GroupAttribute(ReadOnlyMemory<char> source, string semantics, string[] mids)
        : base(SdpAttributeNames.Group, SdpAttributeKind.Group, true, source)
    {
        Semantics = semantics;
        _mids = mids;
    }

    /// <summary>The semantics (<c>BUNDLE</c>, <c>LS</c>, ...).</summary>
    public string Semantics { get; }

    /// <summary>The mids in the group, in order (the first is the BUNDLE tag in an answer).</summary>
    public IReadOnlyList<string> Mids => _mids;

    /// <summary>Whether this is a BUNDLE group.</summary>
    public bool IsBundle => Semantics == BundleSemantics;

    private protected override void FormatValue(ref SdpTextWriter writer)
    {
        writer.Append(Semantics);
        foreach (string mid in _mids)
        {
            writer.Append(' ');
            writer.Append(mid);
        }
    }

    internal static bool TryParse(ReadOnlyMemory<char> value, ref SdpValueError error, out SdpAttribute? attribute)
    {
        attribute = null;
        var reader = new SdpValueReader(value.Span);
        if (!reader.TryReadToken(out ReadOnlySpan<char> semantics, out int at))
        {
            return error.Fail(at, "a=group needs a semantics (such as BUNDLE)");
        }

        string semanticsText = SdpStrings.Get(semantics);
        attribute = new GroupAttribute(value, semanticsText, SdpTokenList.ReadAll(ref reader));
        return true;
    }
}
