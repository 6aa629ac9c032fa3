using System.Globalization;
using RtcEngine.Primitives;

namespace RtcEngine.Ice.Configuration;

/// <summary>
/// A TURN server an <see cref="Agent.IceAgent"/> allocates a relay candidate from: a resolved
/// address, the transport to reach it, and the long-term credential. Made from a <c>turn:</c> or
/// <c>turns:</c> URL of an <see cref="IceServer"/> by <see cref="IceServer.Resolve"/>, or directly.
/// </summary>
/// <remarks>
/// Immutable; thread-safe. <see cref="ToString"/> never shows the credential.
/// </remarks>
public sealed class IceTurnServer
{
    /// <summary>A TURN server at a resolved address.</summary>
    /// <param name="address">The server's address and port.</param>
    /// <param name="protocol">UDP, TCP, or TLS (<c>turns:</c>).</param>
    /// <param name="username">The username.</param>
    /// <param name="credential">The password.</param>
    public IceTurnServer(PeerAddress address, TransportProtocol protocol, string username, string credential)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(credential);
        if (address.IsNone || address.Port == 0)
        {
            throw new ArgumentException("A TURN server needs an address and a port.", nameof(address));
        }

        if (!Enum.IsDefined(protocol))
        {
            throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "Unknown transport.");
        }

        Address = address.UnmapIPv4();
        Protocol = protocol;
        Username = username;
        Credential = credential;
    }

    /// <summary>The server's address (where requests go: <see cref="TransmitInfo.Destination"/>).</summary>
    public PeerAddress Address { get; }

    /// <summary>The transport to the server (<see cref="TransmitInfo.Protocol"/> of everything sent to it).</summary>
    public TransportProtocol Protocol { get; }

    /// <summary>The long-term credential's username.</summary>
    public string Username { get; }

    /// <summary>The long-term credential's password (W3C <c>credential</c>).</summary>
    public string Credential { get; }

    /// <summary>
    /// The host name of the URL the server came from (for TLS: the name to send in SNI and check the
    /// certificate against); null when the URL named an IP address or there was no URL.
    /// </summary>
    public string? ServerName { get; init; }

    /// <summary>The URL the server came from, for error reports (<c>turn:host:port?transport=udp</c>); null when made directly.</summary>
    public string? Url { get; init; }

    /// <summary>
    /// The first of <paramref name="hostAddresses"/> of this server's address family (IPv4-mapped
    /// addresses count as IPv4), which an allocation is made from; <see cref="PeerAddress.None"/>
    /// when there is none and the server cannot be reached.
    /// </summary>
    public PeerAddress LocalBaseAmong(IReadOnlyList<PeerAddress> hostAddresses)
    {
        ArgumentNullException.ThrowIfNull(hostAddresses);
        foreach (PeerAddress host in hostAddresses)
        {
            PeerAddress unmapped = host.UnmapIPv4();
            if (unmapped.IsIPv4 == Address.IsIPv4)
            {
                return unmapped;
            }
        }

        return PeerAddress.None;
    }

    /// <summary>The URL, or "turn(s):address?transport=..." when made directly; never the credential.</summary>
    public override string ToString() => Url ?? string.Create(
        CultureInfo.InvariantCulture,
        $"{(Protocol == TransportProtocol.Tls ? "turns" : "turn")}:{Address}?transport={(Protocol == TransportProtocol.Udp ? "udp" : "tcp")}");
}
