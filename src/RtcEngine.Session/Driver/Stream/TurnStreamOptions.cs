using System.Net.Security;
using RtcEngine.Primitives;

namespace RtcEngine.Session.Driver.Stream;

/// <summary>How a <see cref="TurnStreamConnection"/> reaches its TURN server. Immutable once given (init-only).</summary>
public sealed class TurnStreamOptions
{
    /// <summary>The server's address.</summary>
    public PeerAddress RemoteAddress { get; init; }

    /// <summary><see cref="TransportProtocol.Tcp"/>, or <see cref="TransportProtocol.Tls"/> for <c>turns:</c>.</summary>
    public TransportProtocol Protocol { get; init; } = TransportProtocol.Tcp;

    /// <summary>
    /// For TLS: the name sent in SNI and checked against the certificate (the host of the <c>turns:</c>
    /// URL); null uses the address's text.
    /// </summary>
    public string? ServerName { get; init; }

    /// <summary>
    /// For TLS: decides whether the server's certificate is accepted; null uses the system's
    /// validation (a trusted chain for <see cref="ServerName"/>). Tests accept a self-signed
    /// certificate here. Called on an I/O thread.
    /// </summary>
    public RemoteCertificateValidationCallback? CertificateValidation { get; init; }

    /// <summary>How long connecting (and the TLS handshake) may take before the connection fails.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Longest message accepted from the server; a longer one closes the connection (a stream cannot
    /// resynchronize). At most <see cref="TurnStreamFramer.MaxMessageLength"/>.
    /// </summary>
    public int MaxMessageLength { get; init; } = TurnStreamFramer.MaxMessageLength;

    /// <summary>
    /// Received bytes buffered before the connection stops reading from the socket until the host
    /// catches up (TCP flow control then slows the server). Bounds memory whatever the server does.
    /// </summary>
    public int MaxReceiveBuffer { get; init; } = 256 * 1024;

    /// <summary>Bytes waiting to be written before <see cref="TurnStreamConnection.TrySend"/> refuses more (counted drops, as a full UDP buffer would).</summary>
    public int MaxSendBuffer { get; init; } = 256 * 1024;

    internal void Validate()
    {
        if (RemoteAddress.IsNone || RemoteAddress.Port == 0)
        {
            throw new ArgumentException("The server needs an address and a port.", nameof(RemoteAddress));
        }

        if (Protocol is not (TransportProtocol.Tcp or TransportProtocol.Tls))
        {
            throw new ArgumentOutOfRangeException(nameof(Protocol), Protocol, "A stream connection is TCP or TLS.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessageLength, 1024);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxMessageLength, TurnStreamFramer.MaxMessageLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReceiveBuffer, MaxMessageLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSendBuffer, 4096);
        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ConnectTimeout), ConnectTimeout, "Must be positive.");
        }
    }
}

/// <summary>Where a <see cref="TurnStreamConnection"/> stands.</summary>
public enum TurnStreamState : byte
{
    /// <summary>Connecting (and for TLS, the handshake). Sends are buffered and go out once connected.</summary>
    Connecting,

    /// <summary>Connected: messages flow both ways.</summary>
    Connected,

    /// <summary>The server closed the stream, or the connection was disposed.</summary>
    Closed,

    /// <summary>Connecting failed, the TLS handshake failed, an I/O error, or the server sent something that is not TURN.</summary>
    Failed,
}

/// <summary>
/// A snapshot of a <see cref="TurnStreamConnection"/>'s counters. A plain value; each counter is
/// read atomically, but not all at one instant.
/// </summary>
public readonly record struct TurnStreamCounters
{
    /// <summary>Whole messages handed to the host.</summary>
    public long MessagesReceived { get; init; }

    /// <summary>Bytes read from the socket.</summary>
    public long BytesReceived { get; init; }

    /// <summary>Messages accepted by <see cref="TurnStreamConnection.TrySend"/>.</summary>
    public long MessagesSent { get; init; }

    /// <summary>Bytes written to the socket.</summary>
    public long BytesSent { get; init; }

    /// <summary>Sends refused because <see cref="TurnStreamOptions.MaxSendBuffer"/> bytes were still waiting.</summary>
    public long SendsDroppedBufferFull { get; init; }

    /// <summary>Sends refused because the connection is closed or failed.</summary>
    public long SendsDroppedClosed { get; init; }

    /// <summary>Sends refused because the message was not one whole TURN message.</summary>
    public long SendsDroppedMalformed { get; init; }

    /// <summary>Messages received from a multi-segment buffer and copied to be contiguous.</summary>
    public long MessagesCopied { get; init; }
}
