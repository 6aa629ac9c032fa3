using RtcEngine.Sdp.Text;

namespace RtcEngine.Sdp;

/// <summary>
/// An attribute whose value is one number: <c>a=sctp-port:&lt;port&gt;</c> (0-65535) and
/// <c>a=max-message-size:&lt;bytes&gt;</c> (0 means no limit), both RFC 8841 section 5 and 6. Immutable.
/// </summary>
public sealed class SdpNumericAttribute : SdpAttribute
{
    private SdpNumericAttribute(SdpAttributeKind kind, ulong number)
        : base(kind) => Number = number;

    private SdpNumericAttribute(ReadOnlyMemory<char> source, SdpAttributeKind kind, ulong number)
        : base(SdpAttributeNames.NameOf(kind), kind, true, source) => Number = number;

    /// <summary>The number.</summary>
    public ulong Number { get; }

    /// <summary><c>a=sctp-port:&lt;port&gt;</c>.</summary>
    public static SdpNumericAttribute SctpPort(int port)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        return new SdpNumericAttribute(SdpAttributeKind.SctpPort, (ulong)port);
    }

    /// <summary><c>a=max-message-size:&lt;bytes&gt;</c>.</summary>
    public static SdpNumericAttribute MaxMessageSize(ulong bytes) => new(SdpAttributeKind.MaxMessageSize, bytes);

    private protected override void FormatValue(ref SdpTextWriter writer) => writer.Append(Number);

    internal static bool TryParse(SdpAttributeKind kind, ReadOnlyMemory<char> value, ref SdpValueError error, out SdpAttribute? attribute)
    {
        attribute = null;
        ReadOnlySpan<char> text = value.Span.TrimEnd(' ');
        int start = text.Length - text.TrimStart(' ').Length;
        text = text[start..];
        ulong limit = kind == SdpAttributeKind.SctpPort ? 65535 : ulong.MaxValue;
        if (!SdpSyntax.TryParseUInt64(text, out ulong number) || number > limit)
        {
            return error.Fail(start, kind == SdpAttributeKind.SctpPort
                ? "a=sctp-port must be a number from 0 to 65535"
                : "a=max-message-size must be a non-negative number");
        }

        attribute = new SdpNumericAttribute(value, kind, number);
        return true;
    }
}
