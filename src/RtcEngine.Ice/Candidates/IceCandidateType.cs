namespace RtcEngine.Ice.Candidates;

/// <summary>ICE candidate types (RFC 8445 section 5.1.1, RFC 8839 "typ").</summary>
public enum IceCandidateType : byte
{
    /// <summary>"host": an address of a local interface.</summary>
    Host,

    /// <summary>"srflx": the address a NAT maps a host candidate to, learned from a STUN server.</summary>
    ServerReflexive,

    /// <summary>"prflx": an address learned from a connectivity check.</summary>
    PeerReflexive,

    /// <summary>"relay": an address allocated on a TURN server.</summary>
    Relay,
}

/// <summary>Names and preferences of <see cref="IceCandidateType"/>.</summary>
public static class IceCandidateTypes
{
    /// <summary>The SDP name: "host", "srflx", "prflx", "relay".</summary>
    public static string ToSdpName(this IceCandidateType type) => type switch
    {
        IceCandidateType.Host => "host",
        IceCandidateType.ServerReflexive => "srflx",
        IceCandidateType.PeerReflexive => "prflx",
        IceCandidateType.Relay => "relay",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Parses an SDP type name (case-insensitive); false for unknown types, which RFC 8839 says to ignore.</summary>
    public static bool TryParseSdpName(ReadOnlySpan<char> name, out IceCandidateType type)
    {
        type = default;
        if (name.Equals("host", StringComparison.OrdinalIgnoreCase))
        {
            type = IceCandidateType.Host;
        }
        else if (name.Equals("srflx", StringComparison.OrdinalIgnoreCase))
        {
            type = IceCandidateType.ServerReflexive;
        }
        else if (name.Equals("prflx", StringComparison.OrdinalIgnoreCase))
        {
            type = IceCandidateType.PeerReflexive;
        }
        else if (name.Equals("relay", StringComparison.OrdinalIgnoreCase))
        {
            type = IceCandidateType.Relay;
        }
        else
        {
            return false;
        }

        return true;
    }

    /// <summary>
    /// The recommended type preference (RFC 8445 section 5.1.2.2): host 126, peer-reflexive 110,
    /// server-reflexive 100, relay 0.
    /// </summary>
    public static int TypePreference(this IceCandidateType type) => type switch
    {
        IceCandidateType.Host => 126,
        IceCandidateType.PeerReflexive => 110,
        IceCandidateType.ServerReflexive => 100,
        _ => 0,
    };
}
