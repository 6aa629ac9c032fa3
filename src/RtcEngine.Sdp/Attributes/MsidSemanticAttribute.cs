using RtcEngine.Sdp.Text;

namespace RtcEngine.Sdp;

/// <summary>
/// <c>a=msid-semantic: WMS [ids]</c>: the session-level attribute of the early msid drafts that
/// Chromium still emits (RFC 8830 dropped it). Read and written with the space Chromium puts after
/// the colon. Immutable.
/// </summary>
public sealed class MsidSemanticAttribute : SdpAttribute
{
    private readonly string[] _ids;

    /// <summary>An attribute built in code (semantic usually <c>WMS</c>; ids are stream ids, or <c>*</c>).</summary>
    public MsidSemanticAttribute(string semantic, IEnumerable<string> ids)
        : base(SdpAttributeKind.MsidSemantic)
    {
        SdpTokenList.ValidateToken(semantic, nameof(semantic));
        Semantic = semantic;
        _ids = SdpTokenList.Validate(ids, nameof(ids));
    }

    private MsidSemanticAttribute(ReadOnlyMemory<char> source, string semantic, string[] ids)
        : base(SdpAttributeNames.MsidSemantic, SdpAttributeKind.MsidSemantic, true, source)
    {
        Semantic = semantic;
        _ids = ids;
    }

    /// <summary>The semantic token (<c>WMS</c>).</summary>
    public string Semantic { get; }

    /// <summary>The identifiers after the semantic (media stream ids).</summary>
    public IReadOnlyList<string> Identifiers => _ids;

    private protected override void FormatValue(ref SdpTextWriter writer)
    {
        writer.Append(' ');
        writer.Append(Semantic);
        foreach (string id in _ids)
        {
            writer.Append(' ');
            writer.Append(id);
        }
    }

    internal static bool TryParse(ReadOnlyMemory<char> value, ref SdpValueError error, out SdpAttribute? attribute)
    {
        attribute = null;
        var reader = new SdpValueReader(value.Span);
        if (!reader.TryReadToken(out ReadOnlySpan<char> semantic, out int at))
        {
            return error.Fail(at, "a=msid-semantic needs a semantic (WMS)");
        }

        attribute = new MsidSemanticAttribute(value, SdpStrings.Get(semantic), SdpTokenList.ReadAll(ref reader));
        return true;
    }
}
