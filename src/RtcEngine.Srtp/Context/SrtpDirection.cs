namespace RtcEngine.Srtp;

/// <summary>Which way a context works: each direction of a connection has its own keys and context.</summary>
public enum SrtpDirection
{
    /// <summary>Protects packets this endpoint sends (with the local write key).</summary>
    Outbound,

    /// <summary>Unprotects packets this endpoint receives (with the remote write key).</summary>
    Inbound,
}
