using System.Globalization;
using RtcEngine.Sdp.Text;

namespace RtcEngine.Sdp;

/// <summary>Whether a rid describes a stream its author sends or receives (RFC 8851).</summary>
public enum RidDirection
{
    /// <summary><c>send</c>.</summary>
    Send = 0,

    /// <summary><c>recv</c>.</summary>
    Recv,
}

/// <summary>
/// An RTP stream identifier with optional restrictions (RFC 8851 section 10):
/// <code>
/// a=rid:&lt;rid-id&gt; SP (send|recv) [SP pt=&lt;fmt&gt;*(","&lt;fmt&gt;) *(";" param) / SP param *(";" param)]
///   rid-id = 1*(ALPHA / DIGIT / "-" / "_")
///   for example: a=rid:f send    a=rid:h recv pt=96;max-width=640
/// </code>
/// Immutable.
/// </summary>
public sealed class RidAttribute : SdpAttribute
{
    private readonly int[] _payloadTypes;
    private readonly SdpParameter[] _restrictions;

    /// <summary>An attribute built in code.</summary>
    public RidAttribute(string id, RidDirection direction, IEnumerable<int>? payloadTypes = null, IEnumerable<SdpParameter>? restrictions = null)
        : base(SdpAttributeKind.Rid)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!IsValidId(id))
        {
            throw new ArgumentException($"'{id}' is not a valid rid (letters, digits, '-' and '_').", nameof(id));
        }

        Id = id;
        Direction = direction;
        _payloadTypes = payloadTypes?.ToArray() ?? [];
        foreach (int pt in _payloadTypes)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(pt, nameof(payloadTypes));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(pt, RtpMapAttribute.MaxPayloadType, nameof(payloadTypes));
        }

        _restrictions = restrictions?.ToArray() ?? [];
        foreach (SdpParameter restriction in _restrictions)
        {
            FmtpAttribute.ValidateParameter(restriction, nameof(restrictions));
        }
    }

    private RidAttribute(ReadOnlyMemory<char> source, string id, RidDirection direction, int[] payloadTypes, SdpParameter[] restrictions)
        : base(SdpAttributeNames.Rid, SdpAttributeKind.Rid, true, source)
    {
        Id = id;
        Direction = direction;
        _payloadTypes = payloadTypes;
        _restrictions = restrictions;
    }

    /// <summary>The rid.</summary>
    public string Id { get; }

    /// <summary>Whether the author sends or receives this stream.</summary>
    public RidDirection Direction { get; }

    /// <summary>The payload types from <c>pt=</c> (empty when not restricted).</summary>
    public IReadOnlyList<int> PayloadTypes => _payloadTypes;

    /// <summary>The other restrictions (<c>max-width</c>, <c>max-fps</c>, ...), in order.</summary>
    public IReadOnlyList<SdpParameter> Restrictions => _restrictions;

    /// <summary>The same rid with the direction seen from the other side and no restrictions (what an answer echoes).</summary>
    public RidAttribute Reversed() => new(Id, Direction == RidDirection.Send ? RidDirection.Recv : RidDirection.Send);

    internal static bool IsValidId(ReadOnlySpan<char> id)
    {
        if (id.IsEmpty)
        {
            return false;
        }

        foreach (char c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
            {
                return false;
            }
        }

        return true;
    }

    private protected override void FormatValue(ref SdpTextWriter writer)
    {
        writer.Append(Id);
        writer.Append(Direction == RidDirection.Send ? " send" : " recv");
        bool any = false;
        if (_payloadTypes.Length > 0)
        {
            writer.Append(" pt=");
            for (int i = 0; i < _payloadTypes.Length; i++)
            {
                if (i > 0)
                {
                    writer.Append(',');
                }

                writer.Append(_payloadTypes[i]);
            }

            any = true;
        }

        if (_restrictions.Length > 0)
        {
            writer.Append(any ? ';' : ' ');
            FmtpAttribute.WriteParameters(ref writer, _restrictions, ';');
        }
    }

    internal static bool TryParse(ReadOnlyMemory<char> value, ref SdpValueError error, out SdpAttribute? attribute)
    {
        attribute = null;
        var reader = new SdpValueReader(value.Span);
        reader.TryReadToken(out ReadOnlySpan<char> id, out int at);
        if (!IsValidId(id))
        {
            return error.Fail(at, "a=rid id must be letters, digits, '-' or '_'");
        }

        reader.TryReadToken(out ReadOnlySpan<char> directionText, out at);
        RidDirection direction;
        if (directionText is "send")
        {
            direction = RidDirection.Send;
        }
        else if (directionText is "recv")
        {
            direction = RidDirection.Recv;
        }
        else
        {
            return error.Fail(at, "a=rid direction must be send or recv");
        }

        ReadOnlySpan<char> rest = reader.ReadRest(out int restAt);
        SdpParameter[] all = FmtpAttribute.ParseParameters(rest, ';');
        int[] payloadTypes = [];
        int ptIndex = -1;
        for (int i = 0; i < all.Length; i++)
        {
            if (all[i].Name == "pt")
            {
                ptIndex = i;
                if (!TryParsePayloadTypes(all[i].Value, out payloadTypes))
                {
                    return error.Fail(restAt, "a=rid pt= must list payload types from 0 to 127 separated by ','");
                }

                break;
            }
        }

        SdpParameter[] restrictions = all;
        if (ptIndex >= 0)
        {
            restrictions = new SdpParameter[all.Length - 1];
            Array.Copy(all, 0, restrictions, 0, ptIndex);
            Array.Copy(all, ptIndex + 1, restrictions, ptIndex, all.Length - ptIndex - 1);
        }

        attribute = new RidAttribute(value, SdpStrings.Get(id), direction, payloadTypes, restrictions);
        return true;
    }

    private static bool TryParsePayloadTypes(string? text, out int[] payloadTypes)
    {
        payloadTypes = [];
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var list = new List<int>();
        foreach (Range range in text.AsSpan().Split(','))
        {
            if (!int.TryParse(text.AsSpan()[range], NumberStyles.None, CultureInfo.InvariantCulture, out int pt) || pt > RtpMapAttribute.MaxPayloadType)
            {
                return false;
            }

            list.Add(pt);
        }

        payloadTypes = list.ToArray();
        return true;
    }
}
