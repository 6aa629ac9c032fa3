using RtcEngine.Sdp.Text;

namespace RtcEngine.Sdp;

/// <summary><c>a=ice-options:&lt;option&gt; *(SP &lt;option&gt;)</c> (RFC 8839 section 5.6). Immutable.</summary>
public sealed class IceOptionsAttribute : SdpAttribute
{
    /// <summary>Trickle ICE (RFC 8840).</summary>
    public const string Trickle = "trickle";

    /// <summary>Renomination (draft-thatcher-ice-renomination, used by libwebrtc).</summary>
    public const string Renomination = "renomination";

    private readonly string[] _options;

    /// <summary>An attribute built in code.</summary>
    public IceOptionsAttribute(IEnumerable<string> options)
        : base(SdpAttributeKind.IceOptions)
    {
        _options = SdpTokenList.Validate(options, nameof(options));
        if (_options.Length == 0)
        {
            throw new ArgumentException("a=ice-options needs at least one option.", nameof(options));
        }
    }

    private IceOptionsAttribute(ReadOnlyMemory<char> source, string[] options)
        : base(SdpAttributeNames.IceOptions, SdpAttributeKind.IceOptions, true, source) => _options = options;

    /// <summary>The options, in order.</summary>
    public IReadOnlyList<string> Options => _options;

    /// <summary>Whether <c>trickle</c> is among the options.</summary>
    public bool HasTrickle => Array.IndexOf(_options, Trickle) >= 0;

    /// <summary>Whether <c>renomination</c> is among the options.</summary>
    public bool HasRenomination => Array.IndexOf(_options, Renomination) >= 0;

    private protected override void FormatValue(ref SdpTextWriter writer)
    {
        for (int i = 0; i < _options.Length; i++)
        {
            if (i > 0)
            {
                writer.Append(' ');
            }

            writer.Append(_options[i]);
        }
    }

    internal static bool TryParse(ReadOnlyMemory<char> value, ref SdpValueError error, out SdpAttribute? attribute)
    {
        attribute = null;
        var reader = new SdpValueReader(value.Span);
        string[] options = SdpTokenList.ReadAll(ref reader);
        if (options.Length == 0)
        {
            return error.Fail(0, "a=ice-options needs at least one option");
        }

        attribute = new IceOptionsAttribute(value, options);
        return true;
    }
}
