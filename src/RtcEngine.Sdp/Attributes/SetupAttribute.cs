using RtcEngine.Sdp.Text;

namespace RtcEngine.Sdp;

/// <summary><c>a=setup:active|passive|actpass|holdconn</c> (RFC 4145 section 4; RFC 8842). Immutable.</summary>
public sealed class SetupAttribute : SdpAttribute
{
    private static readonly SetupAttribute[] s_built =
    [
        new(SdpSetupRole.ActPass), new(SdpSetupRole.Active), new(SdpSetupRole.Passive), new(SdpSetupRole.HoldConn),
    ];

    private SetupAttribute(SdpSetupRole role)
        : base(SdpAttributeKind.Setup) => Role = role;

    private SetupAttribute(ReadOnlyMemory<char> source, SdpSetupRole role)
        : base(SdpAttributeNames.Setup, SdpAttributeKind.Setup, true, source) => Role = role;

    /// <summary>The role.</summary>
    public SdpSetupRole Role { get; }

    /// <summary>The attribute for <paramref name="role"/> (shared instances).</summary>
    public static SetupAttribute For(SdpSetupRole role) => (uint)role < (uint)s_built.Length
        ? s_built[(int)role]
        : throw new ArgumentOutOfRangeException(nameof(role), role, "unknown setup role");

    /// <summary>The SDP token for a role.</summary>
    public static string ToSdpName(SdpSetupRole role) => role switch
    {
        SdpSetupRole.Active => "active",
        SdpSetupRole.Passive => "passive",
        SdpSetupRole.HoldConn => "holdconn",
        _ => "actpass",
    };

    private protected override void FormatValue(ref SdpTextWriter writer) => writer.Append(ToSdpName(Role));

    internal static bool TryParse(ReadOnlyMemory<char> value, ref SdpValueError error, out SdpAttribute? attribute)
    {
        attribute = null;
        var reader = new SdpValueReader(value.Span);
        reader.TryReadToken(out ReadOnlySpan<char> token, out int at);
        SdpSetupRole role;
        if (token.Equals("actpass", StringComparison.OrdinalIgnoreCase))
        {
            role = SdpSetupRole.ActPass;
        }
        else if (token.Equals("active", StringComparison.OrdinalIgnoreCase))
        {
            role = SdpSetupRole.Active;
        }
        else if (token.Equals("passive", StringComparison.OrdinalIgnoreCase))
        {
            role = SdpSetupRole.Passive;
        }
        else if (token.Equals("holdconn", StringComparison.OrdinalIgnoreCase))
        {
            role = SdpSetupRole.HoldConn;
        }
        else
        {
            return error.Fail(at, "a=setup must be active, passive, actpass or holdconn");
        }

        if (!reader.AtEnd)
        {
            reader.SkipSpaces();
            return error.Fail(reader.Position, "a=setup has extra text after the role");
        }

        attribute = value.Span.SequenceEqual(ToSdpName(role)) ? s_built[(int)role] : new SetupAttribute(value, role);
        return true;
    }
}
