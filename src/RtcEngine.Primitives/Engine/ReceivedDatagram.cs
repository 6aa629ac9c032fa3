namespace RtcEngine.Primitives;

/// <summary>
/// A datagram that arrived, as handed to <see cref="ISansIoEngine.HandleDatagram"/>: a view of the
/// bytes in the driver's buffer, valid only for the duration of the call, and the addresses it
/// travelled between. The bytes are writable so that layers can work in place (SRTP unprotects the
/// packet where it lies); an engine that needs them later copies them.
/// </summary>
public readonly ref struct ReceivedDatagram
{
    /// <summary>Creates a view of a received datagram.</summary>
    /// <param name="data">The datagram's bytes, in the driver's buffer.</param>
    /// <param name="local">The local address it arrived on (which socket).</param>
    /// <param name="remote">The address it came from.</param>
    /// <param name="protocol">The transport it came over.</param>
    public ReceivedDatagram(Span<byte> data, PeerAddress local, PeerAddress remote, TransportProtocol protocol = TransportProtocol.Udp)
    {
        Data = data;
        Local = local;
        Remote = remote;
        Protocol = protocol;
    }

    /// <summary>The datagram's bytes; valid only during the call that received them.</summary>
    public Span<byte> Data { get; }

    /// <summary>The local address the datagram arrived on.</summary>
    public PeerAddress Local { get; }

    /// <summary>The remote address the datagram came from.</summary>
    public PeerAddress Remote { get; }

    /// <summary>The transport the datagram came over.</summary>
    public TransportProtocol Protocol { get; }

    /// <summary>The same addresses with other bytes (a layer passing an inner payload down the stack).</summary>
    public ReceivedDatagram WithData(Span<byte> data) => new(data, Local, Remote, Protocol);
}
