using RtcEngine.Sdp.Text;

namespace RtcEngine.Sdp;

/// <summary>
/// An RTP header extension mapping (RFC 8285 section 8):
/// <code>
/// a=extmap:&lt;value&gt;["/"&lt;direction&gt;] &lt;URI&gt; [&lt;extensionattributes&gt;]
///   value: 1-14 (one-byte header) or 1-255 (two-byte header)
/// </code>
/// Immutable.
/// </summary>
public sealed class ExtMapAttribute : SdpAttribute
{
    /// <summary>The largest id this reader accepts (two-byte headers, RFC 8285 section 4.3).</summary>
    public const int MaxId = 255;

    /// <summary>An attribute built in code.</summary>
    public ExtMapAttribute(int id, string uri, SdpDirection? direction = null, string? extensionAttributes = null)
        : base(SdpAttributeKind.ExtMap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(id, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(id, MaxId);
        SdpTokenList.ValidateToken(uri, nameof(uri));
        if (extensionAttributes is not null)
        {
            SdpTokenList.ValidateText(extensionAttributes, nameof(extensionAttributes));
        }

        Id = id;
        Uri = uri;
        Direction = direction;
        ExtensionAttributes = extensionAttributes;
    }

    private ExtMapAttribute(ReadOnlyMemory<char> source, int id, string uri, SdpDirection? direction, string? extensionAttributes)
        : base(SdpAttributeNames.ExtMap, SdpAttributeKind.ExtMap, true, source)
    {
        Id = id;
        Uri = uri;
        Direction = direction;
        ExtensionAttributes = extensionAttributes;
    }

    /// <summary>The local identifier carried in RTP packets.</summary>
    public int Id { get; }

    /// <summary>The extension URI.</summary>
    public string Uri { get; }

    /// <summary>The direction suffix, when present (absent means the media's direction).</summary>
    public SdpDirection? Direction { get; }

    /// <summary>Extension-specific attributes after the URI, as text.</summary>
    public string? ExtensionAttributes { get; }

    private protected override void FormatValue(ref SdpTextWriter writer)
    {
        writer.Append(Id);
        if (Direction is SdpDirection direction)
        {
            writer.Append('/');
            writer.Append(direction.ToSdpName());
        }

        writer.Append(' ');
        writer.Append(Uri);
        if (ExtensionAttributes is not null)
        {
            writer.Append(' ');
            writer.Append(ExtensionAttributes);
        }
    }

    internal static bool TryParse(ReadOnlyMemory<char> value, ref SdpValueError error, out SdpAttribute? attribute)
    {
        attribute = null;
        var reader = new SdpValueReader(value.Span);
        ReadOnlySpan<char> idText = reader.ReadUntil('/', out int at);
        if (!SdpSyntax.TryParseInt32(idText, MaxId, out int id) || id == 0)
        {
            return error.Fail(at, "a=extmap id must be a number from 1 to 255");
        }

        SdpDirection? direction = null;
        if (reader.TryConsume('/'))
        {
            ReadOnlySpan<char> directionText = reader.ReadUntil(' ', out at);
            if (!SdpDirectionExtensions.TryParse(directionText, out SdpDirection parsed))
            {
                return error.Fail(at, "a=extmap direction must be sendrecv, sendonly, recvonly or inactive");
            }

            direction = parsed;
        }

        if (reader.SkipSpaces() == 0 || !reader.TryReadToken(out ReadOnlySpan<char> uri, out at))
        {
            return error.Fail(reader.Position, "a=extmap needs a URI after the id");
        }

        ReadOnlySpan<char> rest = reader.ReadRest(out _);
        attribute = new ExtMapAttribute(value, id, SdpStrings.Get(uri), direction, rest.IsEmpty ? null : new string(rest));
        return true;
    }
}
