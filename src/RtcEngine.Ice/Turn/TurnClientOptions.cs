using System.Text;
using RtcEngine.Primitives;

namespace RtcEngine.Ice.Turn;

/// <summary>
/// Configuration of a <see cref="TurnClient"/>: which server, over which transport, with which
/// long-term credentials, and the timers RFC 8656 fixes (with test hooks for shorter ones).
/// </summary>
/// <remarks>Immutable once given to the client (init-only); thread-safe.</remarks>
public sealed class TurnClientOptions
{
    /// <summary>The TURN server's address (resolved by the caller; the client does no DNS).</summary>
    public PeerAddress ServerAddress { get; init; }

    /// <summary>
    /// The transport to the server: <see cref="TransportProtocol.Udp"/>, or a stream
    /// (<see cref="TransportProtocol.Tcp"/>, <see cref="TransportProtocol.Tls"/>) that the host frames
    /// per RFC 8656 section 5. Over a stream the client sends each request once (no retransmissions)
    /// and pads ChannelData to four bytes. The relayed transport is UDP either way.
    /// </summary>
    public TransportProtocol Protocol { get; init; } = TransportProtocol.Udp;

    /// <summary>
    /// The <see cref="TransmitInfo.Source"/> of everything the client sends: the local UDP socket's
    /// bound address over UDP. Over a stream the host routes by <see cref="ServerAddress"/> and
    /// <see cref="Protocol"/>, and this address is informational (it becomes the relay candidate's base).
    /// </summary>
    public PeerAddress LocalAddress { get; init; }

    /// <summary>The long-term credential's username (USERNAME).</summary>
    public string Username { get; init; } = string.Empty;

    /// <summary>The long-term credential's password (the W3C <c>credential</c>).</summary>
    public string Password { get; init; } = string.Empty;

    /// <summary>The allocation lifetime asked for in Allocate and Refresh (RFC 8656: 10 minutes by default); the server decides.</summary>
    public TimeSpan RequestedLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The allocation is refreshed this long before it expires (or at half its lifetime when that is shorter).</summary>
    public TimeSpan RefreshMargin { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a permission lasts (RFC 8656 section 9: 300 s, fixed by the protocol; shorter only
    /// to test against a server configured so).
    /// </summary>
    public TimeSpan PermissionLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A permission in use is refreshed this long after it was installed or last refreshed (about 4 minutes).</summary>
    public TimeSpan PermissionRefreshInterval { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>How long a channel binding lasts (RFC 8656 section 12: 10 minutes).</summary>
    public TimeSpan ChannelLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A channel in use is rebound this long after it was bound or last refreshed (one minute before it expires).</summary>
    public TimeSpan ChannelRefreshInterval { get; init; } = TimeSpan.FromMinutes(9);

    /// <summary>Initial retransmission timeout over UDP (RFC 8489: 500 ms), doubled per retransmission.</summary>
    public TimeSpan InitialRto { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The retransmission timeout stops doubling here.</summary>
    public TimeSpan MaxRto { get; init; } = TimeSpan.FromMilliseconds(1600);

    /// <summary>
    /// Transmissions of a request over UDP before the server counts as not answering (about 9.5 s
    /// with the defaults). Over a stream the request goes once and the same total time is waited.
    /// </summary>
    public int MaxTransmissions { get; init; } = 7;

    /// <summary>Cap on permissions (one per peer IP address); requests beyond it are refused and counted.</summary>
    public int MaxPermissions { get; init; } = 64;

    /// <summary>Cap on channels (one per peer transport address); beyond it data keeps using Send indications.</summary>
    public int MaxChannels { get; init; } = 64;

    /// <summary>
    /// When true (the default), the first data sent to a peer whose permission is installed binds a
    /// channel to it, so that later data uses the four-byte ChannelData header instead of a Send indication.
    /// </summary>
    public bool BindChannels { get; init; } = true;

    /// <summary>A SOFTWARE attribute for requests; null (the default) sends none.</summary>
    public string? Software { get; init; }

    internal void Validate()
    {
        if (ServerAddress.IsNone || ServerAddress.Port == 0)
        {
            throw new ArgumentException("The TURN server needs an address and a port.", nameof(ServerAddress));
        }

        if (LocalAddress.IsNone)
        {
            throw new ArgumentException("The local address (the socket the client sends from) is required.", nameof(LocalAddress));
        }

        if (!Enum.IsDefined(Protocol))
        {
            throw new ArgumentOutOfRangeException(nameof(Protocol), Protocol, "Unknown transport.");
        }

        ArgumentNullException.ThrowIfNull(Username);
        ArgumentNullException.ThrowIfNull(Password);

        // RFC 8489 section 14.3: USERNAME is at most 513 bytes; keep every request within a datagram.
        if (Encoding.UTF8.GetByteCount(Username) > 513)
        {
            throw new ArgumentException("The username is longer than 513 bytes of UTF-8.", nameof(Username));
        }

        if (Software is not null && Encoding.UTF8.GetByteCount(Software) > 128)
        {
            throw new ArgumentException("SOFTWARE is limited to 128 bytes here.", nameof(Software));
        }

        RequirePositive(RequestedLifetime, nameof(RequestedLifetime));
        RequirePositive(RefreshMargin, nameof(RefreshMargin));
        RequirePositive(PermissionLifetime, nameof(PermissionLifetime));
        RequirePositive(PermissionRefreshInterval, nameof(PermissionRefreshInterval));
        RequirePositive(ChannelLifetime, nameof(ChannelLifetime));
        RequirePositive(ChannelRefreshInterval, nameof(ChannelRefreshInterval));
        RequirePositive(InitialRto, nameof(InitialRto));
        RequirePositive(MaxRto, nameof(MaxRto));
        if (PermissionRefreshInterval >= PermissionLifetime)
        {
            throw new ArgumentException("Permissions must be refreshed before they expire.", nameof(PermissionRefreshInterval));
        }

        if (ChannelRefreshInterval >= ChannelLifetime)
        {
            throw new ArgumentException("Channels must be refreshed before they expire.", nameof(ChannelRefreshInterval));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTransmissions, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxPermissions);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxChannels);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxChannels, ChannelDataReader.MaxChannelNumber - ChannelDataReader.MinChannelNumber + 1);
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be positive.");
        }
    }
}
