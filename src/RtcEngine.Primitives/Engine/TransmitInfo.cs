namespace RtcEngine.Primitives;

/// <summary>
/// Where a datagram written by <see cref="ISansIoEngine.TryPollTransmit"/> goes. The bytes are the
/// first <see cref="Length"/> bytes of the destination span the host passed in.
/// </summary>
/// <remarks>
/// <see cref="Source"/> names the local socket to send from (its bound address). An engine that runs
/// on top of another layer and has no addresses of its own (DTLS or SCTP inside a connection, or an
/// engine driven alone against one peer) leaves <see cref="Source"/> and <see cref="Destination"/>
/// as <see cref="PeerAddress.None"/>: the host sends it on the path it routes that engine to.
/// </remarks>
public readonly struct TransmitInfo
{
    /// <summary>Describes a datagram to send.</summary>
    public TransmitInfo(int length, PeerAddress source, PeerAddress destination, TransportProtocol protocol = TransportProtocol.Udp)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        Source = source;
        Destination = destination;
        Protocol = protocol;
    }

    /// <summary>A datagram for the host's default path (no addresses).</summary>
    public static TransmitInfo ToDefaultPath(int length) => new(length, PeerAddress.None, PeerAddress.None);

    /// <summary>Number of bytes written at the start of the destination span.</summary>
    public int Length { get; }

    /// <summary>The local socket to send from, by its bound address; <see cref="PeerAddress.None"/> for the host's default.</summary>
    public PeerAddress Source { get; }

    /// <summary>The remote address; <see cref="PeerAddress.None"/> for the host's default peer.</summary>
    public PeerAddress Destination { get; }

    /// <summary>The transport to send over.</summary>
    public TransportProtocol Protocol { get; }
}
