using System.Diagnostics.CodeAnalysis;
using RtcEngine.Sdp.Text;

namespace RtcEngine.Sdp;

/// <summary>
/// Reads the text of one attribute line after <c>a=</c> (RFC 8866 section 5.13):
/// <code>
/// a=&lt;attribute-name&gt;[:&lt;attribute-value&gt;]
///   attribute-name = token; the value runs to the end of the line
/// </code>
/// and, for the attributes WebRTC uses, checks the value's grammar and builds the typed attribute.
/// Error offsets count from the first char of the name.
/// </summary>
internal static class SdpAttributeParser
{
    public static bool TryParseLine(string source, int start, int length, [NotNullWhen(true)] out SdpAttribute? attribute, out SdpValueError error)
    {
        error = default;
        attribute = null;
        ReadOnlySpan<char> line = source.AsSpan(start, length);
        int colon = line.IndexOf(':');
        ReadOnlySpan<char> name = colon < 0 ? line : line[..colon];
        if (name.IsEmpty)
        {
            return error.Fail(0, "attribute name is empty", SdpParseErrorKind.InvalidAttributeName);
        }

        int bad = SdpSyntax.IndexOfNonToken(name);
        if (bad >= 0)
        {
            return error.Fail(bad, "attribute name contains a character not allowed in a token", SdpParseErrorKind.InvalidAttributeName);
        }

        SdpAttributeKind kind = SdpAttributeNames.KindOf(name, out string? sharedName);
        string nameText = sharedName ?? new string(name);
        bool hasValue = colon >= 0;
        ReadOnlyMemory<char> value = hasValue ? source.AsMemory(start + colon + 1, length - colon - 1) : default;

        if (SdpAttributeNames.IsFlag(kind))
        {
            if (hasValue)
            {
                return error.Fail(colon, $"a={nameText} takes no value");
            }

            attribute = SdpAttribute.FromSource(nameText, kind, false, default);
            return true;
        }

        if (kind == SdpAttributeKind.Unknown)
        {
            attribute = SdpAttribute.FromSource(nameText, kind, hasValue, value);
            return true;
        }

        if (!hasValue || value.Span.Trim(' ').IsEmpty)
        {
            return error.Fail(hasValue ? colon + 1 : length, $"a={nameText} needs a value");
        }

        var valueError = default(SdpValueError);
        bool parsed = kind switch
        {
            SdpAttributeKind.Group => GroupAttribute.TryParse(value, ref valueError, out attribute),
            SdpAttributeKind.MsidSemantic => MsidSemanticAttribute.TryParse(value, ref valueError, out attribute),
            SdpAttributeKind.IceOptions => IceOptionsAttribute.TryParse(value, ref valueError, out attribute),
            SdpAttributeKind.Fingerprint => FingerprintAttribute.TryParse(value, ref valueError, out attribute),
            SdpAttributeKind.Setup => SetupAttribute.TryParse(value, ref valueError, out attribute),
            SdpAttributeKind.ExtMap => ExtMapAttribute.TryParse(value, ref valueError, out attribute),
            SdpAttributeKind.Msid => MsidAttribute.TryParse(value, ref valueError, out attribute),
            SdpAttributeKind.Rtcp => RtcpAttribute.TryParse(value, ref valueError, out attribute),
            SdpAttributeKind.RtpMap => RtpMapAttribute.TryParse(value, ref valueError, out attribute),
            SdpAttributeKind.Fmtp => FmtpAttribute.TryParse(value, ref valueError, out attribute),
            SdpAttributeKind.RtcpFeedback => RtcpFeedbackAttribute.TryParse(value, ref valueError, out attribute),
            SdpAttributeKind.Ssrc => SsrcAttribute.TryParse(value, ref valueError, out attribute),
            SdpAttributeKind.SsrcGroup => SsrcGroupAttribute.TryParse(value, ref valueError, out attribute),
            SdpAttributeKind.Rid => RidAttribute.TryParse(value, ref valueError, out attribute),
            SdpAttributeKind.Simulcast => SimulcastAttribute.TryParse(value, ref valueError, out attribute),
            SdpAttributeKind.SctpPort or SdpAttributeKind.MaxMessageSize => SdpNumericAttribute.TryParse(kind, value, ref valueError, out attribute),
            _ => TryParseText(nameText, kind, value, ref valueError, out attribute),
        };

        if (!parsed)
        {
            error = valueError;
            error.Offset += colon + 1;
            attribute = null;
            return false;
        }

        return attribute is not null;
    }

    // mid, ice-ufrag, ice-pwd: one field. candidate: any text (the ICE layer parses it).
    private static bool TryParseText(string name, SdpAttributeKind kind, ReadOnlyMemory<char> value, ref SdpValueError error, out SdpAttribute? attribute)
    {
        attribute = null;
        if (kind != SdpAttributeKind.Candidate)
        {
            int space = value.Span.IndexOf(' ');
            if (space >= 0)
            {
                return error.Fail(space, $"a={name} must be a single field without spaces");
            }
        }

        attribute = SdpAttribute.FromSource(name, kind, true, value);
        return true;
    }
}
