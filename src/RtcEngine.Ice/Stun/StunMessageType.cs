namespace RtcEngine.Ice.Stun;

/// <summary>STUN methods (RFC 8489 section 18.2, RFC 8656 section 17).</summary>
public enum StunMethod : ushort
{
    /// <summary>Binding (RFC 8489): reflexive address discovery, ICE connectivity and consent checks.</summary>
    Binding = 0x001,

    /// <summary>TURN Allocate (RFC 8656).</summary>
    Allocate = 0x003,

    /// <summary>TURN Refresh (RFC 8656).</summary>
    Refresh = 0x004,

    /// <summary>TURN Send indication (RFC 8656).</summary>
    Send = 0x006,

    /// <summary>TURN Data indication (RFC 8656).</summary>
    Data = 0x007,

    /// <summary>TURN CreatePermission (RFC 8656).</summary>
    CreatePermission = 0x008,

    /// <summary>TURN ChannelBind (RFC 8656).</summary>
    ChannelBind = 0x009,
}

/// <summary>STUN message classes (RFC 8489 section 5).</summary>
public enum StunClass : byte
{
    /// <summary>A request (expects a response).</summary>
    Request = 0b00,

    /// <summary>An indication (no response).</summary>
    Indication = 0b01,

    /// <summary>A success response.</summary>
    SuccessResponse = 0b10,

    /// <summary>An error response.</summary>
    ErrorResponse = 0b11,
}

/// <summary>
/// The 14-bit STUN message type: a 12-bit method with the 2-bit class interleaved (RFC 8489 section 5).
/// </summary>
/// <remarks>
/// <code>
///  0                 1
///  2  3  4 5 6 7 8 9 0 1 2 3 4 5
/// +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
/// |M |M |M|M|M|C|M|M|M|C|M|M|M|M|
/// |11|10|9|8|7|1|6|5|4|0|3|2|1|0|
/// +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// An immutable value; thread-safe.
/// </remarks>
public readonly record struct StunMessageType
{
    /// <summary>A type from its method and class.</summary>
    public StunMessageType(StunMethod method, StunClass messageClass)
    {
        Method = method;
        Class = messageClass;
    }

    /// <summary>A Binding request.</summary>
    public static StunMessageType BindingRequest => new(StunMethod.Binding, StunClass.Request);

    /// <summary>A Binding success response.</summary>
    public static StunMessageType BindingSuccess => new(StunMethod.Binding, StunClass.SuccessResponse);

    /// <summary>A Binding error response.</summary>
    public static StunMessageType BindingError => new(StunMethod.Binding, StunClass.ErrorResponse);

    /// <summary>A Binding indication (keepalive).</summary>
    public static StunMessageType BindingIndication => new(StunMethod.Binding, StunClass.Indication);

    /// <summary>The method (12 bits; values outside <see cref="StunMethod"/>'s names are kept as read).</summary>
    public StunMethod Method { get; }

    /// <summary>The class.</summary>
    public StunClass Class { get; }

    /// <summary>The 16-bit wire value (the top two bits are zero).</summary>
    public ushort Value
    {
        get
        {
            int m = (int)Method & 0x0FFF;
            int c = (int)Class;
            return (ushort)((m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2) | ((c & 1) << 4) | ((c & 2) << 7));
        }
    }

    /// <summary>Decodes a wire value (its top two bits are ignored; the reader checks them).</summary>
    public static StunMessageType FromValue(ushort value)
    {
        int method = (value & 0x000F) | ((value >> 1) & 0x0070) | ((value >> 2) & 0x0F80);
        int messageClass = ((value >> 4) & 1) | ((value >> 7) & 2);
        return new StunMessageType((StunMethod)method, (StunClass)messageClass);
    }

    /// <summary>The type of a success or error response to a request of this method.</summary>
    public StunMessageType ToResponse(bool success) => new(Method, success ? StunClass.SuccessResponse : StunClass.ErrorResponse);

    /// <summary>"Binding Request", "Allocate ErrorResponse", ...</summary>
    public override string ToString() => $"{Method} {Class}";
}
