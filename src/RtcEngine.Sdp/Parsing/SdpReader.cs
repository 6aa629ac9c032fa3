using RtcEngine.Sdp.Text;

namespace RtcEngine.Sdp;

/// <summary>
/// Reads SDP text into a <see cref="SessionDescription"/> (RFC 8866 section 5). Lines end in CRLF
/// or LF; blank lines are allowed only at the very end. The line order is checked:
/// <code>
/// session:  v o s [i] [u] e* p* [c] b* (t r*)+ [z] [k] a*
/// media:    m [i] c* b* [k] a*        (repeated)
/// </code>
/// Every element keeps the exact text it was read from, so the writer reproduces it. Errors are
/// reported with 1-based line and column, never thrown from here.
/// </summary>
internal static class SdpReader
{
    // Order of session-level line types (RFC 8866 section 5); media-level lines use MediaRank.
    private static int SessionRank(char type) => type switch
    {
        'v' => 0, 'o' => 1, 's' => 2, 'i' => 3, 'u' => 4, 'e' => 5, 'p' => 6, 'c' => 7, 'b' => 8,
        't' => 9, 'r' => 10, 'z' => 11, 'k' => 12, 'a' => 13, 'm' => 14, _ => -1,
    };

    private static int MediaRank(char type) => type switch
    {
        'i' => 1, 'c' => 2, 'b' => 3, 'k' => 4, 'a' => 5, _ => -1,
    };

    public static bool TryRead(string text, SessionDescription description, out SdpParseError error)
    {
        error = default;
        if (text.Length > SessionDescription.MaxLength)
        {
            error = new SdpParseError(SdpParseErrorKind.TooLong, 1, 1, "the description is longer than " + SessionDescription.MaxLength + " chars");
            return false;
        }

        var state = new State(text, description);
        int position = 0;
        while (position < text.Length)
        {
            state.LineNumber++;
            int newLine = text.IndexOf('\n', position);
            int lineEnd = newLine < 0 ? text.Length : newLine;
            int contentEnd = lineEnd > position && text[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            state.LineStart = position;
            position = newLine < 0 ? text.Length : newLine + 1;
            ReadOnlySpan<char> line = text.AsSpan(state.LineStart, contentEnd - state.LineStart);

            if (line.IsEmpty)
            {
                if (text.AsSpan(state.LineStart).Trim("\r\n").IsEmpty)
                {
                    break; // trailing blank lines
                }

                return state.Fail(SdpParseErrorKind.MalformedLine, 0, "blank line inside the description", out error);
            }

            int bad = line.IndexOfAny('\r', '\0');
            if (bad >= 0)
            {
                return state.Fail(SdpParseErrorKind.InvalidCharacter, bad, line[bad] == '\0' ? "NUL character" : "CR not followed by LF", out error);
            }

            if (line[0] is < 'a' or > 'z')
            {
                return state.Fail(SdpParseErrorKind.MalformedLine, 0, "a line must start with a lowercase type letter", out error);
            }

            if (line.Length < 2 || line[1] != '=')
            {
                return state.Fail(SdpParseErrorKind.MalformedLine, 1, "expected '=' after the type letter", out error);
            }

            if (!state.ReadLine(line[0], state.LineStart + 2, contentEnd - state.LineStart - 2, out error))
            {
                return false;
            }
        }

        return state.Finish(out error);
    }

    private struct State
    {
        private readonly string _text;
        private readonly SessionDescription _description;
        private MediaDescription? _media;
        private int _lastRank;
        private bool _seenOrigin;
        private bool _seenName;
        private bool _seenTiming;

        public State(string text, SessionDescription description)
        {
            _text = text;
            _description = description;
            _lastRank = -1;
        }

        public int LineNumber;
        public int LineStart;

        public readonly bool Fail(SdpParseErrorKind kind, int column, string message, out SdpParseError error)
        {
            error = new SdpParseError(kind, LineNumber, column + 1, message);
            return false;
        }

        public bool Finish(out SdpParseError error)
        {
            error = default;
            if (_lastRank < 0)
            {
                LineNumber = Math.Max(LineNumber, 1);
                return Fail(SdpParseErrorKind.Empty, 0, "the description is empty", out error);
            }

            // Point just past the last line for a missing required line.
            LineNumber++;
            if (!_seenOrigin)
            {
                return Fail(SdpParseErrorKind.MissingLine, 0, "missing o= line", out error);
            }

            if (!_seenName)
            {
                return Fail(SdpParseErrorKind.MissingLine, 0, "missing s= line", out error);
            }

            if (!_seenTiming)
            {
                return Fail(SdpParseErrorKind.MissingLine, 0, "missing t= line", out error);
            }

            return true;
        }

        public bool ReadLine(char type, int valueStart, int valueLength, out SdpParseError error)
        {
            error = default;
            if (_media is not null || type == 'm')
            {
                return ReadMediaLine(type, valueStart, valueLength, out error);
            }

            int rank = SessionRank(type);
            if (rank < 0)
            {
                return Fail(SdpParseErrorKind.UnknownLineType, 0, $"unknown line type '{type}='", out error);
            }

            if (_lastRank < 0 && type != 'v')
            {
                return Fail(SdpParseErrorKind.MissingLine, 0, "a description must start with v=0", out error);
            }

            bool repeatable = type is 'e' or 'p' or 'b' or 't' or 'r' or 'a';
            bool timingAfterRepeat = type == 't' && _lastRank == 10;
            if ((rank < _lastRank && !timingAfterRepeat) || (rank == _lastRank && !repeatable) || (type == 'r' && _lastRank is not (9 or 10)))
            {
                return Fail(SdpParseErrorKind.UnexpectedLine, 0, $"'{type}=' is not allowed here (RFC 8866 section 5 fixes the line order)", out error);
            }

            if (!CheckRequiredBefore(rank, out error))
            {
                return false;
            }

            _lastRank = rank;
            ReadOnlyMemory<char> value = _text.AsMemory(valueStart, valueLength);
            switch (type)
            {
                case 'v':
                    if (!value.Span.SequenceEqual("0"))
                    {
                        return Fail(SdpParseErrorKind.InvalidVersion, 2, "v= must be 0", out error);
                    }

                    return true;
                case 'o':
                    _seenOrigin = true;
                    return ReadOrigin(value, out error);
                case 's':
                    _seenName = true;
                    _description.SessionName = SdpStrings.Get(value.Span);
                    return true;
                case 'i':
                    _description.Information = new string(value.Span);
                    return true;
                case 'u':
                    _description.Uri = new string(value.Span);
                    return true;
                case 'e':
                    _description.Emails.Add(new string(value.Span));
                    return true;
                case 'p':
                    _description.Phones.Add(new string(value.Span));
                    return true;
                case 'c':
                    if (!ReadConnection(value, out SdpConnection? connection, out error))
                    {
                        return false;
                    }

                    _description.Connection = connection;
                    return true;
                case 'b':
                    if (!ReadBandwidth(value, out SdpBandwidth? bandwidth, out error))
                    {
                        return false;
                    }

                    _description.Bandwidths.Add(bandwidth!);
                    return true;
                case 't':
                    _seenTiming = true;
                    return ReadTiming(value, out error);
                case 'r':
                    int last = _description.Timings.Count - 1;
                    _description.Timings[last] = _description.Timings[last].WithRepeat(new string(value.Span));
                    return true;
                case 'z':
                    _description.TimeZones = new string(value.Span);
                    return true;
                case 'k':
                    _description.EncryptionKey = new string(value.Span);
                    return true;
                default: // 'a'
                    return ReadAttribute(_description.Attributes, valueStart, valueLength, out error);
            }
        }

        private bool CheckRequiredBefore(int rank, out SdpParseError error)
        {
            error = default;
            if (rank > 1 && !_seenOrigin)
            {
                return Fail(SdpParseErrorKind.MissingLine, 0, "missing o= line before this line", out error);
            }

            if (rank > 2 && !_seenName)
            {
                return Fail(SdpParseErrorKind.MissingLine, 0, "missing s= line before this line", out error);
            }

            if (rank > 10 && !_seenTiming)
            {
                return Fail(SdpParseErrorKind.MissingLine, 0, "missing t= line before this line", out error);
            }

            return true;
        }

        private bool ReadMediaLine(char type, int valueStart, int valueLength, out SdpParseError error)
        {
            error = default;
            if (type == 'm')
            {
                if (_media is null && !CheckRequiredBefore(14, out error))
                {
                    return false;
                }

                if (!ReadMedia(_text.AsMemory(valueStart, valueLength), out MediaDescription? media, out error))
                {
                    return false;
                }

                _media = media!;
                _description.Media.Add(_media);
                _lastRank = 0;
                return true;
            }

            int rank = MediaRank(type);
            if (rank < 0)
            {
                return SessionRank(type) < 0
                    ? Fail(SdpParseErrorKind.UnknownLineType, 0, $"unknown line type '{type}='", out error)
                    : Fail(SdpParseErrorKind.UnexpectedLine, 0, $"'{type}=' is a session-level line and cannot follow an m= line", out error);
            }

            bool repeatable = type is 'c' or 'b' or 'a';
            if (rank < _lastRank || (rank == _lastRank && !repeatable))
            {
                return Fail(SdpParseErrorKind.UnexpectedLine, 0, $"'{type}=' is not allowed here (RFC 8866 section 5 fixes the line order)", out error);
            }

            _lastRank = rank;
            ReadOnlyMemory<char> value = _text.AsMemory(valueStart, valueLength);
            MediaDescription current = _media!;
            switch (type)
            {
                case 'i':
                    current.Information = new string(value.Span);
                    return true;
                case 'c':
                    if (!ReadConnection(value, out SdpConnection? connection, out error))
                    {
                        return false;
                    }

                    current.Connections.Add(connection!);
                    return true;
                case 'b':
                    if (!ReadBandwidth(value, out SdpBandwidth? bandwidth, out error))
                    {
                        return false;
                    }

                    current.Bandwidths.Add(bandwidth!);
                    return true;
                case 'k':
                    current.EncryptionKey = new string(value.Span);
                    return true;
                default: // 'a'
                    return ReadAttribute(current.Attributes, valueStart, valueLength, out error);
            }
        }

        private readonly bool ReadAttribute(SdpAttributeCollection attributes, int valueStart, int valueLength, out SdpParseError error)
        {
            if (!SdpAttributeParser.TryParseLine(_text, valueStart, valueLength, out SdpAttribute? attribute, out SdpValueError valueError))
            {
                return Fail(valueError.Kind, 2 + valueError.Offset, valueError.Message, out error);
            }

            attributes.AddParsed(attribute);
            error = default;
            return true;
        }

        // o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>
        private readonly bool ReadOrigin(ReadOnlyMemory<char> value, out SdpParseError error)
        {
            var reader = new SdpValueReader(value.Span);
            if (!reader.TryReadToken(out ReadOnlySpan<char> username, out int at)
                || !reader.TryReadToken(out ReadOnlySpan<char> sessionId, out at)
                || !reader.TryReadToken(out ReadOnlySpan<char> versionText, out at)
                || !reader.TryReadToken(out ReadOnlySpan<char> netType, out at)
                || !reader.TryReadToken(out ReadOnlySpan<char> addrType, out at)
                || !reader.TryReadToken(out ReadOnlySpan<char> address, out at))
            {
                return Fail(SdpParseErrorKind.InvalidOrigin, 2 + at, "o= needs username, session id, version, network type, address type and address", out error);
            }

            if (!reader.AtEnd)
            {
                reader.SkipSpaces();
                return Fail(SdpParseErrorKind.InvalidOrigin, 2 + reader.Position, "o= has more than six fields", out error);
            }

            int idAt = value.Span.IndexOf(sessionId);
            if (!SdpSyntax.TryParseUInt64(sessionId, out _) && !IsDigits(sessionId))
            {
                return Fail(SdpParseErrorKind.InvalidOrigin, 2 + idAt, "o= session id must be digits", out error);
            }

            if (!SdpSyntax.TryParseUInt64(versionText, out ulong version))
            {
                int versionAt = idAt + sessionId.Length + value.Span[(idAt + sessionId.Length)..].IndexOf(versionText);
                return Fail(SdpParseErrorKind.InvalidOrigin, 2 + versionAt, "o= session version must be a number below 2^64", out error);
            }

            _description.Origin = new SdpOrigin(value, SdpStrings.Get(username), new string(sessionId), version,
                SdpStrings.Get(netType), SdpStrings.Get(addrType), SdpStrings.Get(address));
            error = default;
            return true;
        }

        // c=<nettype> <addrtype> <connection-address>
        private readonly bool ReadConnection(ReadOnlyMemory<char> value, out SdpConnection? connection, out SdpParseError error)
        {
            connection = null;
            var reader = new SdpValueReader(value.Span);
            if (!reader.TryReadToken(out ReadOnlySpan<char> netType, out int at)
                || !reader.TryReadToken(out ReadOnlySpan<char> addrType, out at)
                || !reader.TryReadToken(out ReadOnlySpan<char> address, out at))
            {
                return Fail(SdpParseErrorKind.InvalidConnection, 2 + at, "c= needs network type, address type and address", out error);
            }

            if (!reader.AtEnd)
            {
                reader.SkipSpaces();
                return Fail(SdpParseErrorKind.InvalidConnection, 2 + reader.Position, "c= has more than three fields", out error);
            }

            connection = new SdpConnection(value, SdpStrings.Get(netType), SdpStrings.Get(addrType), SdpStrings.Get(address));
            error = default;
            return true;
        }

        // b=<bwtype>:<bandwidth>
        private readonly bool ReadBandwidth(ReadOnlyMemory<char> value, out SdpBandwidth? bandwidth, out SdpParseError error)
        {
            bandwidth = null;
            ReadOnlySpan<char> span = value.Span;
            int colon = span.IndexOf(':');
            if (colon <= 0)
            {
                return Fail(SdpParseErrorKind.InvalidBandwidth, 2 + (colon < 0 ? span.Length : 0), "b= must be <type>:<number>", out error);
            }

            int bad = SdpSyntax.IndexOfNonToken(span[..colon]);
            if (bad >= 0)
            {
                return Fail(SdpParseErrorKind.InvalidBandwidth, 2 + bad, "b= type must be a token", out error);
            }

            if (!SdpSyntax.TryParseUInt64(span[(colon + 1)..], out ulong amount))
            {
                return Fail(SdpParseErrorKind.InvalidBandwidth, 3 + colon, "b= bandwidth must be a number", out error);
            }

            bandwidth = new SdpBandwidth(value, SdpStrings.Get(span[..colon]), amount);
            error = default;
            return true;
        }

        // t=<start-time> <stop-time>
        private readonly bool ReadTiming(ReadOnlyMemory<char> value, out SdpParseError error)
        {
            var reader = new SdpValueReader(value.Span);
            reader.TryReadToken(out ReadOnlySpan<char> startText, out int at);
            if (!SdpSyntax.TryParseUInt64(startText, out ulong start))
            {
                return Fail(SdpParseErrorKind.InvalidTiming, 2 + at, "t= start time must be a number", out error);
            }

            reader.TryReadToken(out ReadOnlySpan<char> stopText, out at);
            if (!SdpSyntax.TryParseUInt64(stopText, out ulong stop))
            {
                return Fail(SdpParseErrorKind.InvalidTiming, 2 + at, "t= stop time must be a number", out error);
            }

            if (!reader.AtEnd)
            {
                reader.SkipSpaces();
                return Fail(SdpParseErrorKind.InvalidTiming, 2 + reader.Position, "t= has more than two fields", out error);
            }

            _description.Timings.Add(start == 0 && stop == 0 && value.Span.SequenceEqual("0 0")
                ? SdpTiming.Unbounded
                : new SdpTiming(value, start, stop, []));
            error = default;
            return true;
        }

        // m=<media> <port>[/<number of ports>] <proto> <fmt> ...
        private readonly bool ReadMedia(ReadOnlyMemory<char> value, out MediaDescription? media, out SdpParseError error)
        {
            media = null;
            var reader = new SdpValueReader(value.Span);
            if (!reader.TryReadToken(out ReadOnlySpan<char> mediaType, out int at))
            {
                return Fail(SdpParseErrorKind.InvalidMedia, 2 + at, "m= needs a media type", out error);
            }

            reader.SkipSpaces();
            ReadOnlySpan<char> portText = reader.ReadUntil('/', out at);
            if (!SdpSyntax.TryParseInt32(portText, 65535, out int port))
            {
                return Fail(SdpParseErrorKind.InvalidMedia, 2 + at, "m= port must be a number from 0 to 65535", out error);
            }

            int? portCount = null;
            if (reader.TryConsume('/'))
            {
                ReadOnlySpan<char> countText = reader.ReadUntil(' ', out at);
                if (!SdpSyntax.TryParseInt32(countText, 65535, out int count))
                {
                    return Fail(SdpParseErrorKind.InvalidMedia, 2 + at, "m= number of ports must be a number", out error);
                }

                portCount = count;
            }

            if (!reader.TryReadToken(out ReadOnlySpan<char> protocol, out at))
            {
                return Fail(SdpParseErrorKind.InvalidMedia, 2 + at, "m= needs a transport protocol", out error);
            }

            string[] formats = SdpTokenList.ReadAll(ref reader);
            if (formats.Length == 0)
            {
                return Fail(SdpParseErrorKind.InvalidMedia, 2 + value.Length, "m= needs at least one format", out error);
            }

            media = new MediaDescription(value, SdpStrings.Get(mediaType), port, portCount, SdpStrings.Get(protocol), formats);
            error = default;
            return true;
        }

        private static bool IsDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');
    }
}
