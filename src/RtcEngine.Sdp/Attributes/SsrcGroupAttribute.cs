using RtcEngine.Sdp.Text;

namespace RtcEngine.Sdp;

/// <summary>
/// A source group (RFC 5576 section 4.2):
/// <code>
/// a=ssrc-group:&lt;semantics&gt; *(SP &lt;ssrc-id&gt;)
///   FID: primary then RTX (RFC 4588); SIM: simulcast layers, lowest first
/// </code>
/// Immutable.
/// </summary>
public sealed class SsrcGroupAttribute : SdpAttribute
{
    /// <summary>Flow identification: a primary SSRC and its RTX SSRC.</summary>
    public const string Fid = "FID";

    /// <summary>Simulcast layers.</summary>
    public const string Sim = "SIM";

    private readonly uint[] _ssrcs;

    /// <summary>An attribute built in code.</summary>
    public SsrcGroupAttribute(string semantics, IEnumerable<uint> ssrcs)
        : base(SdpAttributeKind.SsrcGroup)
    {
        SdpTokenList.ValidateToken(semantics, nameof(semantics));
        ArgumentNullException.ThrowIfNull(ssrcs);
        Semantics = semantics;
        _ssrcs = ssrcs.ToArray();
    }

    private SsrcGroupAttribute(ReadOnlyMemory<char> source, string semantics, uint[] ssrcs)
        : base(SdpAttributeNames.SsrcGroup, SdpAttributeKind.SsrcGroup, true, source)
    {
        Semantics = semantics;
        _ssrcs = ssrcs;
    }

    /// <summary>The semantics (<c>FID</c>, <c>SIM</c>, <c>FEC-FR</c>).</summary>
    public string Semantics { get; }

    /// <summary>The SSRCs in order.</summary>
    public IReadOnlyList<uint> Ssrcs => _ssrcs;

    private protected override void FormatValue(ref SdpTextWriter writer)
    {
        writer.Append(Semantics);
        foreach (uint ssrc in _ssrcs)
        {
            writer.Append(' ');
            writer.Append((ulong)ssrc);
        }
    }

    internal static bool TryParse(ReadOnlyMemory<char> value, ref SdpValueError error, out SdpAttribute? attribute)
    {
        attribute = null;
        var reader = new SdpValueReader(value.Span);
        if (!reader.TryReadToken(out ReadOnlySpan<char> semantics, out int at))
        {
            return error.Fail(at, "a=ssrc-group needs a semantics (FID, SIM)");
        }

        var probe = reader;
        int count = 0;
        while (probe.TryReadToken(out _, out _))
        {
            count++;
        }

        uint[] ssrcs = count == 0 ? [] : new uint[count];
        for (int i = 0; i < count; i++)
        {
            reader.TryReadToken(out ReadOnlySpan<char> ssrcText, out at);
            if (!SdpSyntax.TryParseUInt32(ssrcText, out ssrcs[i]))
            {
                return error.Fail(at, "a=ssrc-group SSRC must be a number from 0 to 4294967295");
            }
        }

        attribute = new SsrcGroupAttribute(value, SdpStrings.Get(semantics), ssrcs);
        return true;
    }
}
