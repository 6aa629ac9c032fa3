using RtcEngine.Sdp.Text;

namespace RtcEngine.Sdp;

/// <summary>
/// RTCP feedback capability (RFC 4585 section 4.2):
/// <code>
/// a=rtcp-fb:&lt;payload type | *&gt; SP &lt;type&gt; [SP &lt;parameter&gt;]
///   for example: a=rtcp-fb:96 nack pli    a=rtcp-fb:96 ccm fir    a=rtcp-fb:* transport-cc
/// </code>
/// Immutable.
/// </summary>
public sealed class RtcpFeedbackAttribute : SdpAttribute
{
    /// <summary>The payload type value that stands for <c>*</c> (every payload type).</summary>
    public const int Wildcard = -1;

    /// <summary>An attribute built in code (<paramref name="payloadType"/> <see cref="Wildcard"/> for <c>*</c>).</summary>
    public RtcpFeedbackAttribute(int payloadType, string type, string? parameter = null)
        : base(SdpAttributeKind.RtcpFeedback)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(payloadType, Wildcard);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, RtpMapAttribute.MaxPayloadType);
        SdpTokenList.ValidateToken(type, nameof(type));
        if (parameter is not null)
        {
            SdpTokenList.ValidateText(parameter, nameof(parameter));
        }

        PayloadType = payloadType;
        Type = type;
        Parameter = string.IsNullOrEmpty(parameter) ? null : parameter;
    }

    private RtcpFeedbackAttribute(ReadOnlyMemory<char> source, int payloadType, string type, string? parameter)
        : base(SdpAttributeNames.RtcpFeedback, SdpAttributeKind.RtcpFeedback, true, source)
    {
        PayloadType = payloadType;
        Type = type;
        Parameter = parameter;
    }

    /// <summary>The payload type, or <see cref="Wildcard"/>.</summary>
    public int PayloadType { get; }

    /// <summary>Whether the feedback applies to every payload type (<c>*</c>).</summary>
    public bool IsWildcard => PayloadType == Wildcard;

    /// <summary>The feedback type: <c>nack</c>, <c>ccm</c>, <c>goog-remb</c>, <c>transport-cc</c>, ...</summary>
    public string Type { get; }

    /// <summary>The parameter after the type (<c>pli</c>, <c>fir</c>), when present.</summary>
    public string? Parameter { get; }

    private protected override void FormatValue(ref SdpTextWriter writer)
    {
        if (IsWildcard)
        {
            writer.Append('*');
        }
        else
        {
            writer.Append(PayloadType);
        }

        writer.Append(' ');
        writer.Append(Type);
        if (Parameter is not null)
        {
            writer.Append(' ');
            writer.Append(Parameter);
        }
    }

    internal static bool TryParse(ReadOnlyMemory<char> value, ref SdpValueError error, out SdpAttribute? attribute)
    {
        attribute = null;
        var reader = new SdpValueReader(value.Span);
        reader.TryReadToken(out ReadOnlySpan<char> ptText, out int at);
        int payloadType;
        if (ptText is "*")
        {
            payloadType = Wildcard;
        }
        else if (!SdpSyntax.TryParseInt32(ptText, RtpMapAttribute.MaxPayloadType, out payloadType))
        {
            return error.Fail(at, "a=rtcp-fb payload type must be '*' or a number from 0 to 127");
        }

        if (!reader.TryReadToken(out ReadOnlySpan<char> type, out at))
        {
            return error.Fail(at, "a=rtcp-fb needs a feedback type");
        }

        ReadOnlySpan<char> parameter = reader.ReadRest(out _);
        attribute = new RtcpFeedbackAttribute(value, payloadType, SdpStrings.Get(type), parameter.IsEmpty ? null : SdpStrings.Get(parameter));
        return true;
    }
}
