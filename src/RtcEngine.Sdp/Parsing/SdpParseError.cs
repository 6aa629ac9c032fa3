using System.Globalization;

namespace RtcEngine.Sdp;

/// <summary>What kind of problem the SDP reader found in a description.</summary>
public enum SdpParseErrorKind
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The description is longer than <see cref="SessionDescription.MaxLength"/>.</summary>
    TooLong,

    /// <summary>The UTF-8 input is not valid UTF-8.</summary>
    InvalidEncoding,

    /// <summary>A NUL, or a CR not followed by LF (RFC 8866 section 5: neither may appear in a value).</summary>
    InvalidCharacter,

    /// <summary>The description is empty.</summary>
    Empty,

    /// <summary>A line is not <c>&lt;type&gt;=&lt;value&gt;</c> with a lowercase letter as type, or is blank.</summary>
    MalformedLine,

    /// <summary>A type letter this reader does not know (RFC 8866 says to reject the whole description).</summary>
    UnknownLineType,

    /// <summary>A line appears where RFC 8866 section 5 does not allow it (order, or a repeated single line).</summary>
    UnexpectedLine,

    /// <summary>A required line (<c>o=</c>, <c>s=</c>, <c>t=</c>) is missing.</summary>
    MissingLine,

    /// <summary><c>v=</c> is not 0.</summary>
    InvalidVersion,

    /// <summary><c>o=</c> does not have its six fields, or a number is not a number.</summary>
    InvalidOrigin,

    /// <summary><c>c=</c> does not have its three fields.</summary>
    InvalidConnection,

    /// <summary><c>b=</c> is not <c>&lt;type&gt;:&lt;number&gt;</c>.</summary>
    InvalidBandwidth,

    /// <summary><c>t=</c> is not two numbers.</summary>
    InvalidTiming,

    /// <summary><c>m=</c> lacks a field, or its port is not a number.</summary>
    InvalidMedia,

    /// <summary>An attribute name is not a token.</summary>
    InvalidAttributeName,

    /// <summary>A known attribute's value does not follow its grammar (the message names the attribute).</summary>
    InvalidAttributeValue,
}

/// <summary>
/// Where and why a description failed to parse: 1-based line and column (the column counts UTF-16
/// chars from the start of the line, so it points into the line as the caller sees it in an editor).
/// </summary>
public readonly record struct SdpParseError(SdpParseErrorKind Kind, int Line, int Column, string Message)
{
    /// <summary>"line L, column C: message".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"line {Line}, column {Column}: {Message}");
}

/// <summary>
/// A session description that does not follow RFC 8866 or the grammar of a WebRTC attribute. Thrown
/// by <see cref="SessionDescription.Parse(string)"/>; <see cref="SessionDescription.TryParse(string, out SessionDescription?, out SdpParseError)"/>
/// reports the same information without throwing.
/// </summary>
public sealed class SdpParseException : FormatException
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    public SdpParseException(SdpParseError error)
        : base("Invalid SDP at " + error.ToString())
    {
        Error = error;
    }

    /// <summary>Creates an exception with a message only (line and column 0).</summary>
    public SdpParseException()
        : this(new SdpParseError(SdpParseErrorKind.None, 0, 0, "invalid SDP"))
    {
    }

    /// <summary>Creates an exception with a message only (line and column 0).</summary>
    public SdpParseException(string message)
        : this(new SdpParseError(SdpParseErrorKind.None, 0, 0, message))
    {
    }

    /// <summary>Creates an exception with a message and inner exception (line and column 0).</summary>
    public SdpParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = new SdpParseError(SdpParseErrorKind.None, 0, 0, message);
    }

    /// <summary>The error: kind, line, column, message.</summary>
    public SdpParseError Error { get; }

    /// <summary>The 1-based line of the error.</summary>
    public int Line => Error.Line;

    /// <summary>The 1-based column of the error.</summary>
    public int Column => Error.Column;

    /// <summary>The kind of error.</summary>
    public SdpParseErrorKind Kind => Error.Kind;
}

/// <summary>An error inside one value: its offset from the start of the value and a message.</summary>
internal struct SdpValueError
{
    public int Offset;
    public string Message;
    public SdpParseErrorKind Kind;

    /// <summary>Records the error and returns false, so parsers can <c>return error.Fail(...)</c>.</summary>
    public bool Fail(int offset, string message, SdpParseErrorKind kind = SdpParseErrorKind.InvalidAttributeValue)
    {
        Offset = offset;
        Message = message;
        Kind = kind;
        return false;
    }
}
