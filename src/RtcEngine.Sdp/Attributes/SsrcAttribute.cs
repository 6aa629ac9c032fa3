using RtcEngine.Sdp.Text;

namespace RtcEngine.Sdp;

/// <summary>
/// A source attribute (RFC 5576 section 4.1):
/// <code>
/// a=ssrc:&lt;ssrc-id&gt; &lt;attribute&gt;[:&lt;value&gt;]
///   for example: a=ssrc:3083565116 cname:M1qd6V3u29grnbeW
///                a=ssrc:3083565116 msid:&lt;stream id&gt; &lt;track id&gt;
/// </code>
/// Immutable.
/// </summary>
public sealed class SsrcAttribute : SdpAttribute
{
    /// <summary>An attribute built in code.</summary>
    public SsrcAttribute(uint ssrc, string attributeName, string? attributeValue)
        : base(SdpAttributeKind.Ssrc)
    {
        SdpTokenList.ValidateToken(attributeName, nameof(attributeName));
        if (attributeName.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("A source attribute name cannot contain ':'.", nameof(attributeName));
        }

        if (attributeValue is not null)
        {
            SdpTokenList.ValidateText(attributeValue, nameof(attributeValue));
        }

        Ssrc = ssrc;
        AttributeName = attributeName;
        AttributeValue = attributeValue;
    }

    private SsrcAttribute(ReadOnlyMemory<char> source, uint ssrc, string attributeName, string? attributeValue)
        : base(SdpAttributeNames.Ssrc, SdpAttributeKind.Ssrc, true, source)
    {
        Ssrc = ssrc;
        AttributeName = attributeName;
        AttributeValue = attributeValue;
    }

    /// <summary>The synchronization source.</summary>
    public uint Ssrc { get; }

    /// <summary>The source attribute name (<c>cname</c>, <c>msid</c>, ...).</summary>
    public string AttributeName { get; }

    /// <summary>The source attribute value, when present.</summary>
    public string? AttributeValue { get; }

    private protected override void FormatValue(ref SdpTextWriter writer)
    {
        writer.Append((ulong)Ssrc);
        writer.Append(' ');
        writer.Append(AttributeName);
        if (AttributeValue is not null)
        {
            writer.Append(':');
            writer.Append(AttributeValue);
        }
    }

    internal static bool TryParse(ReadOnlyMemory<char> value, ref SdpValueError error, out SdpAttribute? attribute)
    {
        attribute = null;
        var reader = new SdpValueReader(value.Span);
        reader.TryReadToken(out ReadOnlySpan<char> ssrcText, out int at);
        if (!SdpSyntax.TryParseUInt32(ssrcText, out uint ssrc))
        {
            return error.Fail(at, "a=ssrc id must be a number from 0 to 4294967295");
        }

        reader.SkipSpaces();
        ReadOnlySpan<char> name = reader.ReadUntil(':', out at);
        if (name.IsEmpty)
        {
            return error.Fail(at, "a=ssrc needs a source attribute name after the id");
        }

        string? attributeValue = null;
        if (reader.TryConsume(':'))
        {
            // The value runs to the end of the line: msid values contain a space.
            ReadOnlySpan<char> rest = value.Span[reader.Position..].TrimEnd(' ');
            attributeValue = SdpStrings.Get(rest);
        }
        else if (!reader.AtEnd)
        {
            reader.SkipSpaces();
            return error.Fail(reader.Position, "a=ssrc has text after the attribute name without ':'");
        }

        attribute = new SsrcAttribute(value, ssrc, SdpStrings.Get(name), attributeValue);
        return true;
    }
}
