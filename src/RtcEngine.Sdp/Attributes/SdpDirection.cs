namespace RtcEngine.Sdp;

/// <summary>A media direction (RFC 8866 section 6.7), from the point of view of the description's author.</summary>
public enum SdpDirection
{
    /// <summary>Sends and receives.</summary>
    SendRecv = 0,

    /// <summary>Sends only.</summary>
    SendOnly,

    /// <summary>Receives only.</summary>
    RecvOnly,

    /// <summary>Neither sends nor receives.</summary>
    Inactive,
}

/// <summary>Direction arithmetic for offer/answer (RFC 3264 section 6.1).</summary>
public static class SdpDirectionExtensions
{
    /// <summary>Whether the author sends.</summary>
    public static bool Sends(this SdpDirection direction) => direction is SdpDirection.SendRecv or SdpDirection.SendOnly;

    /// <summary>Whether the author receives.</summary>
    public static bool Receives(this SdpDirection direction) => direction is SdpDirection.SendRecv or SdpDirection.RecvOnly;

    /// <summary>The same direction seen from the other side (sendonly becomes recvonly).</summary>
    public static SdpDirection Reverse(this SdpDirection direction) => direction switch
    {
        SdpDirection.SendOnly => SdpDirection.RecvOnly,
        SdpDirection.RecvOnly => SdpDirection.SendOnly,
        _ => direction,
    };

    /// <summary>The direction that sends when both allow sending and receives when both allow receiving.</summary>
    public static SdpDirection Intersect(this SdpDirection direction, SdpDirection other) =>
        FromFlags(direction.Sends() && other.Sends(), direction.Receives() && other.Receives());

    /// <summary>The direction with the given send and receive flags.</summary>
    public static SdpDirection FromFlags(bool sends, bool receives) => (sends, receives) switch
    {
        (true, true) => SdpDirection.SendRecv,
        (true, false) => SdpDirection.SendOnly,
        (false, true) => SdpDirection.RecvOnly,
        _ => SdpDirection.Inactive,
    };

    /// <summary>The attribute name: <c>sendrecv</c>, <c>sendonly</c>, <c>recvonly</c>, <c>inactive</c>.</summary>
    public static string ToSdpName(this SdpDirection direction) => direction switch
    {
        SdpDirection.SendOnly => SdpAttributeNames.SendOnly,
        SdpDirection.RecvOnly => SdpAttributeNames.RecvOnly,
        SdpDirection.Inactive => SdpAttributeNames.Inactive,
        _ => SdpAttributeNames.SendRecv,
    };

    internal static bool TryParse(ReadOnlySpan<char> text, out SdpDirection direction)
    {
        switch (text)
        {
            case SdpAttributeNames.SendRecv: direction = SdpDirection.SendRecv; return true;
            case SdpAttributeNames.SendOnly: direction = SdpDirection.SendOnly; return true;
            case SdpAttributeNames.RecvOnly: direction = SdpDirection.RecvOnly; return true;
            case SdpAttributeNames.Inactive: direction = SdpDirection.Inactive; return true;
            default: direction = SdpDirection.SendRecv; return false;
        }
    }
}

/// <summary>The DTLS setup role an <c>a=setup</c> attribute announces (RFC 4145, RFC 8842).</summary>
public enum SdpSetupRole
{
    /// <summary><c>actpass</c>: either; the answerer chooses (every JSEP offer uses it).</summary>
    ActPass = 0,

    /// <summary><c>active</c>: this side opens the DTLS association (the DTLS client).</summary>
    Active,

    /// <summary><c>passive</c>: this side waits for the other (the DTLS server).</summary>
    Passive,

    /// <summary><c>holdconn</c>: no association now.</summary>
    HoldConn,
}
