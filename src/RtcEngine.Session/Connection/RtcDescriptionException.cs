namespace RtcEngine.Session;

/// <summary>
/// A remote (or local) description was refused: malformed SDP (with its line and column), a
/// description that breaks the offer/answer rules, or one that does not fit the signalling state.
/// The connection is left as it was.
/// </summary>
public sealed class RtcDescriptionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RtcDescriptionException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RtcDescriptionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public RtcDescriptionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The 1-based line of a parse error, when the SDP did not parse.</summary>
    public int? Line { get; init; }

    /// <summary>The 1-based column of a parse error, when the SDP did not parse.</summary>
    public int? Column { get; init; }
}
