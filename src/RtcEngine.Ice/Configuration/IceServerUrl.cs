using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using RtcEngine.Primitives;

namespace RtcEngine.Ice.Configuration;

/// <summary>The scheme of an ICE server URL.</summary>
public enum IceServerScheme : byte
{
    /// <summary><c>stun:</c> (RFC 7064): a STUN server over UDP.</summary>
    Stun,

    /// <summary><c>stuns:</c> (RFC 7064): a STUN server over TLS.</summary>
    Stuns,

    /// <summary><c>turn:</c> (RFC 7065): a TURN server over UDP or TCP.</summary>
    Turn,

    /// <summary><c>turns:</c> (RFC 7065): a TURN server over TLS.</summary>
    Turns,
}

/// <summary>
/// A parsed <c>stun:</c>, <c>stuns:</c>, <c>turn:</c> or <c>turns:</c> URL (RFC 7064, RFC 7065):
/// scheme, host (a name, an IPv4 address, or an IPv6 address in brackets), port (3478 by default,
/// 5349 for the secure schemes) and the transport (<c>?transport=udp|tcp</c> on TURN URLs; UDP by
/// default for <c>turn:</c>, TLS over TCP for <c>turns:</c>).
/// </summary>
/// <remarks>
/// <code>
/// stunURI = scheme ":" host [ ":" port ]                               ; scheme = "stun" / "stuns"
/// turnURI = scheme ":" host [ ":" port ] [ "?transport=" transport ]   ; scheme = "turn" / "turns"
/// </code>
/// Immutable; thread-safe. Host names are kept as written; resolving them is the caller's job.
/// </remarks>
/// <param name="Scheme">The scheme.</param>
/// <param name="Host">The host as written, without brackets for IPv6.</param>
/// <param name="Port">The port (the scheme's default when the URL gave none).</param>
/// <param name="Transport">The transport to the server: UDP, TCP, or TLS (<c>stuns:</c>, <c>turns:</c>).</param>
public sealed record IceServerUrl(IceServerScheme Scheme, string Host, ushort Port, TransportProtocol Transport)
{
    /// <summary>The default port of <c>stun:</c> and <c>turn:</c>.</summary>
    public const ushort DefaultPort = 3478;

    /// <summary>The default port of <c>stuns:</c> and <c>turns:</c>.</summary>
    public const ushort DefaultSecurePort = 5349;

    /// <summary>Whether this is a TURN URL (<c>turn:</c> or <c>turns:</c>).</summary>
    public bool IsTurn => Scheme is IceServerScheme.Turn or IceServerScheme.Turns;

    /// <summary>Parses a URL; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static IceServerUrl Parse(string text) =>
        TryParse(text, out IceServerUrl? url, out string? error) ? url : throw new FormatException(error);

    /// <summary>Parses a URL; false when it is not a valid ICE server URL.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out IceServerUrl? url) => TryParse(text, out url, out _);

    /// <summary>Parses a URL; false with the reason in <paramref name="error"/> when it is not valid.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out IceServerUrl? url, [NotNullWhen(false)] out string? error)
    {
        url = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "The URL is empty.";
            return false;
        }

        int colon = text.IndexOf(':', StringComparison.Ordinal);
        IceServerScheme? scheme = colon < 0 ? null : text[..colon].ToUpperInvariant() switch
        {
            "STUN" => IceServerScheme.Stun,
            "STUNS" => IceServerScheme.Stuns,
            "TURN" => IceServerScheme.Turn,
            "TURNS" => IceServerScheme.Turns,
            _ => null,
        };
        if (scheme is not { } parsedScheme)
        {
            error = $"'{text}' does not start with stun:, stuns:, turn: or turns:.";
            return false;
        }

        string rest = text[(colon + 1)..];
        string? query = null;
        int question = rest.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            query = rest[(question + 1)..];
            rest = rest[..question];
        }

        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            error = $"'{text}': ICE server URLs have no '//' (write {text[..colon]}:host:port).";
            return false;
        }

        bool secure = parsedScheme is IceServerScheme.Stuns or IceServerScheme.Turns;
        if (!TrySplitHostPort(rest, secure ? DefaultSecurePort : DefaultPort, out string host, out ushort port))
        {
            error = $"'{text}': the host or port is not valid.";
            return false;
        }

        if (!TryParseTransport(parsedScheme, query, out TransportProtocol transport, out string? transportError))
        {
            error = $"'{text}': {transportError}";
            return false;
        }

        url = new IceServerUrl(parsedScheme, host, port, transport);
        error = null;
        return true;
    }

    /// <summary>The server's address when the host is an IP literal (no resolution needed).</summary>
    public bool TryGetAddress(out PeerAddress address)
    {
        address = default;
        if (!IPAddress.TryParse(Host, out IPAddress? ip) || ip.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            return false;
        }

        address = PeerAddress.FromIPEndPoint(new IPEndPoint(ip, Port)).UnmapIPv4();
        return true;
    }

    /// <summary>The canonical form: <c>turn:host:port?transport=udp</c> (TURN URLs always name the transport).</summary>
    public override string ToString()
    {
        string scheme = Scheme switch
        {
            IceServerScheme.Stun => "stun",
            IceServerScheme.Stuns => "stuns",
            IceServerScheme.Turn => "turn",
            _ => "turns",
        };
        string host = Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;
        string transport = IsTurn ? (Transport == TransportProtocol.Udp ? "?transport=udp" : "?transport=tcp") : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{scheme}:{host}:{Port}{transport}");
    }

    private static bool TrySplitHostPort(string text, ushort defaultPort, out string host, out ushort port)
    {
        host = string.Empty;
        port = defaultPort;
        string? portText = null;
        if (text.StartsWith('['))
        {
            int close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = text[1..close];
            string after = text[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':')
                {
                    return false;
                }

                portText = after[1..];
            }

            if (!IPAddress.TryParse(host, out IPAddress? v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }
        }
        else
        {
            int colon = text.LastIndexOf(':');
            if (colon >= 0)
            {
                if (text.IndexOf(':', StringComparison.Ordinal) != colon)
                {
                    return false; // a bare IPv6 address must be in brackets
                }

                portText = text[(colon + 1)..];
                host = text[..colon];
            }
            else
            {
                host = text;
            }

            if (host.Length == 0 || host.Length > 253 || !IsHostText(host))
            {
                return false;
            }
        }

        // A port separator needs a port after it.
        return portText is null
            || (ushort.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port != 0);
    }

    // RFC 3986 reg-name characters that host names and IPv4 literals use.
    private static bool IsHostText(string host)
    {
        foreach (char c in host)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseTransport(IceServerScheme scheme, string? query, out TransportProtocol transport, [NotNullWhen(false)] out string? error)
    {
        bool turn = scheme is IceServerScheme.Turn or IceServerScheme.Turns;
        bool secure = scheme is IceServerScheme.Stuns or IceServerScheme.Turns;
        transport = secure ? TransportProtocol.Tls : TransportProtocol.Udp;
        error = null;
        if (query is null)
        {
            return true;
        }

        const string Prefix = "transport=";
        if (!query.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || query.Contains('&', StringComparison.Ordinal))
        {
            error = "the only query a TURN URL takes is '?transport=udp' or '?transport=tcp'.";
            return false;
        }

        string value = query[Prefix.Length..];
        if (value.Equals("tcp", StringComparison.OrdinalIgnoreCase))
        {
            if (!turn)
            {
                error = "STUN URLs take no transport (STUN over TCP is not supported).";
                return false;
            }

            transport = secure ? TransportProtocol.Tls : TransportProtocol.Tcp;
            return true;
        }

        if (value.Equals("udp", StringComparison.OrdinalIgnoreCase))
        {
            if (secure)
            {
                error = "turns: over UDP would be DTLS, which is not supported.";
                return false;
            }

            return true;
        }

        error = $"unknown transport '{value}' (udp or tcp).";
        return false;
    }
}
