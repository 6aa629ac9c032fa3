using RtcEngine.Sdp.Text;

namespace RtcEngine.Sdp;

/// <summary>
/// Format parameters (RFC 8866 section 6.15):
/// <code>
/// a=fmtp:&lt;format&gt; &lt;format specific parameters&gt;
///   parameters (RTP codecs): name=value *(";" name=value), for example
///   a=fmtp:111 minptime=10;useinbandfec=1     a=fmtp:97 apt=96     a=fmtp:63 111/111 (RED, no '=')
/// </code>
/// Parameters are split on ';' (spaces around them ignored); one without '=' has a null value.
/// Immutable.
/// </summary>
public sealed class FmtpAttribute : SdpAttribute
{
    private readonly SdpParameter[] _parameters;

    /// <summary>An attribute built in code for an RTP payload type.</summary>
    public FmtpAttribute(int payloadType, IEnumerable<SdpParameter> parameters)
        : base(SdpAttributeKind.Fmtp)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadType);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, RtpMapAttribute.MaxPayloadType);
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters.ToArray();
        foreach (SdpParameter parameter in _parameters)
        {
            ValidateParameter(parameter, nameof(parameters));
        }

        PayloadType = payloadType;
        Format = SdpStrings.Get(payloadType.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private FmtpAttribute(ReadOnlyMemory<char> source, string format, int payloadType, SdpParameter[] parameters)
        : base(SdpAttributeNames.Fmtp, SdpAttributeKind.Fmtp, true, source)
    {
        Format = format;
        PayloadType = payloadType;
        _parameters = parameters;
    }

    /// <summary>The format the parameters apply to, as written.</summary>
    public string Format { get; }

    /// <summary>The format as an RTP payload type, or -1 when it is not a number from 0 to 127.</summary>
    public int PayloadType { get; }

    /// <summary>The parameters, in order.</summary>
    public IReadOnlyList<SdpParameter> Parameters => _parameters;

    /// <summary>The value of the first parameter named <paramref name="name"/> (case-insensitive, as RFC 6184 and others compare them).</summary>
    public bool TryGetParameter(string name, out string? value)
    {
        foreach (SdpParameter parameter in _parameters)
        {
            if (string.Equals(parameter.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = parameter.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    private protected override void FormatValue(ref SdpTextWriter writer)
    {
        writer.Append(Format);
        writer.Append(' ');
        WriteParameters(ref writer, _parameters, ';');
    }

    internal static void WriteParameters(ref SdpTextWriter writer, SdpParameter[] parameters, char separator)
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            if (i > 0)
            {
                writer.Append(separator);
            }

            writer.Append(parameters[i].Name);
            if (parameters[i].Value is string value)
            {
                writer.Append('=');
                writer.Append(value);
            }
        }
    }

    internal static void ValidateParameter(SdpParameter parameter, string parameterName)
    {
        if (string.IsNullOrEmpty(parameter.Name) || parameter.Name.AsSpan().IndexOfAny(";= \r\n\0") >= 0
            || (parameter.Value is not null && parameter.Value.AsSpan().IndexOfAny("; \r\n\0") >= 0))
        {
            throw new ArgumentException($"'{parameter}' is not a valid format parameter.", parameterName);
        }
    }

    /// <summary>Splits <c>a=b;c=d</c> into parameters (empty segments skipped).</summary>
    internal static SdpParameter[] ParseParameters(ReadOnlySpan<char> text, char separator)
    {
        int count = 0;
        foreach (Range range in text.Split(separator))
        {
            if (!text[range].Trim(' ').IsEmpty)
            {
                count++;
            }
        }

        if (count == 0)
        {
            return [];
        }

        var parameters = new SdpParameter[count];
        int index = 0;
        foreach (Range range in text.Split(separator))
        {
            ReadOnlySpan<char> part = text[range].Trim(' ');
            if (part.IsEmpty)
            {
                continue;
            }

            int equals = part.IndexOf('=');
            parameters[index++] = equals < 0
                ? new SdpParameter(SdpStrings.Get(part), null)
                : new SdpParameter(SdpStrings.Get(part[..equals].TrimEnd(' ')), SdpStrings.Get(part[(equals + 1)..].TrimStart(' ')));
        }

        return parameters;
    }

    internal static bool TryParse(ReadOnlyMemory<char> value, ref SdpValueError error, out SdpAttribute? attribute)
    {
        attribute = null;
        var reader = new SdpValueReader(value.Span);
        if (!reader.TryReadToken(out ReadOnlySpan<char> format, out int at))
        {
            return error.Fail(at, "a=fmtp needs a format (payload type)");
        }

        int payloadType = SdpSyntax.TryParseInt32(format, RtpMapAttribute.MaxPayloadType, out int pt) ? pt : -1;
        ReadOnlySpan<char> rest = reader.ReadRest(out _);
        attribute = new FmtpAttribute(value, SdpStrings.Get(format), payloadType, ParseParameters(rest, ';'));
        return true;
    }
}
