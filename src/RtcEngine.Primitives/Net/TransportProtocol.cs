namespace RtcEngine.Primitives;

/// <summary>How a datagram travels between a local socket and a remote address.</summary>
public enum TransportProtocol : byte
{
    /// <summary>Plain UDP.</summary>
    Udp = 0,

    /// <summary>A TCP connection carrying self-delimited messages (TURN over TCP, RFC 4571 framing for ICE-TCP).</summary>
    Tcp = 1,

    /// <summary>A TLS connection over TCP (for example <c>turns:</c>).</summary>
    Tls = 2,
}
