using RtcEngine.Sdp.Text;

namespace RtcEngine.Sdp;

/// <summary>
/// A payload type mapping (RFC 8866 section 6.6):
/// <code>
/// a=rtpmap:&lt;payload type&gt; &lt;encoding name&gt;/&lt;clock rate&gt;[/&lt;encoding parameters&gt;]
///   payload type: 0-127; encoding parameters: the channel count for audio
/// </code>
/// Immutable.
/// </summary>
public sealed class RtpMapAttribute : SdpAttribute
{
    /// <summary>The largest RTP payload type (7 bits).</summary>
    public const int MaxPayloadType = 127;

    /// <summary>An attribute built in code.</summary>
    public RtpMapAttribute(int payloadType, string encodingName, int clockRate, int? channels = null)
        : base(SdpAttributeKind.RtpMap)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadType);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, MaxPayloadType);
        SdpTokenList.ValidateToken(encodingName, nameof(encodingName));
        if (encodingName.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException("An encoding name cannot contain '/'.", nameof(encodingName));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        if (channels is int count)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count, nameof(channels));
        }

        PayloadType = payloadType;
        EncodingName = encodingName;
        ClockRate = clockRate;
        Channels = channels;
    }

    private RtpMapAttribute(ReadOnlyMemory<char> source, int payloadType, string encodingName, int clockRate, int? channels)
        : base(SdpAttributeNames.RtpMap, SdpAttributeKind.RtpMap, true, source)
    {
        PayloadType = payloadType;
        EncodingName = encodingName;
        ClockRate = clockRate;
        Channels = channels;
    }

    /// <summary>The payload type.</summary>
    public int PayloadType { get; }

    /// <summary>The encoding name as written (compare case-insensitively: <c>opus</c>, <c>VP8</c>, <c>rtx</c>).</summary>
    public string EncodingName { get; }

    /// <summary>The RTP clock rate in Hz.</summary>
    public int ClockRate { get; }

    /// <summary>The channel count (audio), when written.</summary>
    public int? Channels { get; }

    private protected override void FormatValue(ref SdpTextWriter writer)
    {
        writer.Append(PayloadType);
        writer.Append(' ');
        writer.Append(EncodingName);
        writer.Append('/');
        writer.Append(ClockRate);
        if (Channels is int channels)
        {
            writer.Append('/');
            writer.Append(channels);
        }
    }

    internal static bool TryParse(ReadOnlyMemory<char> value, ref SdpValueError error, out SdpAttribute? attribute)
    {
        attribute = null;
        var reader = new SdpValueReader(value.Span);
        reader.TryReadToken(out ReadOnlySpan<char> ptText, out int at);
        if (!SdpSyntax.TryParseInt32(ptText, MaxPayloadType, out int payloadType))
        {
            return error.Fail(at, "a=rtpmap payload type must be a number from 0 to 127");
        }

        reader.SkipSpaces();
        ReadOnlySpan<char> name = reader.ReadUntil('/', out at);
        if (name.IsEmpty)
        {
            return error.Fail(at, "a=rtpmap needs an encoding name");
        }

        if (!reader.TryConsume('/'))
        {
            return error.Fail(reader.Position, "a=rtpmap needs '/' and a clock rate after the encoding name");
        }

        ReadOnlySpan<char> clockText = reader.ReadUntil('/', out at);
        if (!SdpSyntax.TryParseInt32(clockText, int.MaxValue, out int clockRate) || clockRate == 0)
        {
            return error.Fail(at, "a=rtpmap clock rate must be a positive number");
        }

        int? channels = null;
        if (reader.TryConsume('/'))
        {
            ReadOnlySpan<char> channelText = reader.ReadUntil(' ', out at);
            if (!SdpSyntax.TryParseInt32(channelText, int.MaxValue, out int count) || count == 0)
            {
                return error.Fail(at, "a=rtpmap channel count must be a positive number");
            }

            channels = count;
        }

        if (!reader.AtEnd)
        {
            reader.SkipSpaces();
            return error.Fail(reader.Position, "a=rtpmap has extra text after the clock rate");
        }

        attribute = new RtpMapAttribute(value, payloadType, SdpStrings.Get(name), clockRate, channels);
        return true;
    }
}
