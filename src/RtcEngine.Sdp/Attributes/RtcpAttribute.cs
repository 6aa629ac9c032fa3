using RtcEngine.Sdp.Text;

namespace RtcEngine.Sdp;

/// <summary>
/// <c>a=rtcp:&lt;port&gt; [&lt;nettype&gt; SP &lt;addrtype&gt; SP &lt;connection-address&gt;]</c>
/// (RFC 3605 section 2.1). JSEP writes the placeholder <c>9 IN IP4 0.0.0.0</c>. Immutable.
/// </summary>
public sealed class RtcpAttribute : SdpAttribute
{
    /// <summary>An attribute built in code; the address part is optional (all three or none).</summary>
    public RtcpAttribute(int port, string? networkType = null, string? addressType = null, string? address = null)
        : base(SdpAttributeKind.Rtcp)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        if (networkType is not null || addressType is not null || address is not null)
        {
            SdpTokenList.ValidateToken(networkType!, nameof(networkType));
            SdpTokenList.ValidateToken(addressType!, nameof(addressType));
            SdpTokenList.ValidateToken(address!, nameof(address));
        }

        Port = port;
        NetworkType = networkType;
        AddressType = addressType;
        Address = address;
    }

    private RtcpAttribute(ReadOnlyMemory<char> source, int port, string? networkType, string? addressType, string? address)
        : base(SdpAttributeNames.Rtcp, SdpAttributeKind.Rtcp, true, source)
    {
        Port = port;
        NetworkType = networkType;
        AddressType = addressType;
        Address = address;
    }

    /// <summary>The RTCP port.</summary>
    public int Port { get; }

    /// <summary>The network type (<c>IN</c>), when an address is given.</summary>
    public string? NetworkType { get; }

    /// <summary>The address type (<c>IP4</c>, <c>IP6</c>), when an address is given.</summary>
    public string? AddressType { get; }

    /// <summary>The address, when given.</summary>
    public string? Address { get; }

    private protected override void FormatValue(ref SdpTextWriter writer)
    {
        writer.Append(Port);
        if (Address is not null)
        {
            writer.Append(' ');
            writer.Append(NetworkType);
            writer.Append(' ');
            writer.Append(AddressType);
            writer.Append(' ');
            writer.Append(Address);
        }
    }

    internal static bool TryParse(ReadOnlyMemory<char> value, ref SdpValueError error, out SdpAttribute? attribute)
    {
        attribute = null;
        var reader = new SdpValueReader(value.Span);
        reader.TryReadToken(out ReadOnlySpan<char> portText, out int at);
        if (!SdpSyntax.TryParseInt32(portText, 65535, out int port))
        {
            return error.Fail(at, "a=rtcp port must be a number from 0 to 65535");
        }

        if (reader.AtEnd)
        {
            attribute = new RtcpAttribute(value, port, null, null, null);
            return true;
        }

        if (!reader.TryReadToken(out ReadOnlySpan<char> netType, out _)
            || !reader.TryReadToken(out ReadOnlySpan<char> addrType, out _)
            || !reader.TryReadToken(out ReadOnlySpan<char> address, out at))
        {
            return error.Fail(reader.Position, "a=rtcp address needs network type, address type and address");
        }

        if (!reader.AtEnd)
        {
            reader.SkipSpaces();
            return error.Fail(reader.Position, "a=rtcp has extra text after the address");
        }

        attribute = new RtcpAttribute(value, port, SdpStrings.Get(netType), SdpStrings.Get(addrType), SdpStrings.Get(address));
        return true;
    }
}
