using System.Text;
using Xunit;

namespace RtcEngine.Sdp.Tests;

/// <summary>Each kind of malformed line is reported with the right kind, line and column.</summary>
public class ErrorPositionTests
{
    private const string Head = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
    private const string Audio = "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\n";

    public static TheoryData<string, SdpParseErrorKind, int, int> Cases => new()
    {
        // text, kind, line, column
        { "", SdpParseErrorKind.Empty, 1, 1 },
        { "\r\n", SdpParseErrorKind.Empty, 1, 1 },
        { "v=1\r\n", SdpParseErrorKind.InvalidVersion, 1, 3 },
        { "o=- 1 2 IN IP4 127.0.0.1\r\n", SdpParseErrorKind.MissingLine, 1, 1 },
        { "v=0\r\nV=0\r\n", SdpParseErrorKind.MalformedLine, 2, 1 },
        { "v=0\r\nox\r\n", SdpParseErrorKind.MalformedLine, 2, 2 },
        { "v=0\r\no\r\n", SdpParseErrorKind.MalformedLine, 2, 2 },
        { "v=0\r\ns=-\r\n", SdpParseErrorKind.MissingLine, 2, 1 },
        { "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n", SdpParseErrorKind.MissingLine, 4, 1 },
        { "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\na=x\r\n", SdpParseErrorKind.MissingLine, 4, 1 },
        { "v=0\r\no=- x 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n", SdpParseErrorKind.InvalidOrigin, 2, 5 },
        { "v=0\r\no=- 1 y IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n", SdpParseErrorKind.InvalidOrigin, 2, 7 },
        { "v=0\r\no=- 1 2 IN IP4\r\ns=-\r\nt=0 0\r\n", SdpParseErrorKind.InvalidOrigin, 2, 15 },
        { "v=0\r\no=- 1 2 IN IP4 a b\r\ns=-\r\nt=0 0\r\n", SdpParseErrorKind.InvalidOrigin, 2, 18 },
        { "v=0\r\no=- 1 99999999999999999999 IN IP4 a\r\ns=-\r\nt=0 0\r\n", SdpParseErrorKind.InvalidOrigin, 2, 7 },
        { "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\ns=-\r\n", SdpParseErrorKind.UnexpectedLine, 4, 1 },
        { Head + "c=IN IP4 0.0.0.0\r\n", SdpParseErrorKind.UnexpectedLine, 5, 1 },
        { Head + "r=7d 1h 0 25h\r\na=x\r\nr=1\r\n", SdpParseErrorKind.UnexpectedLine, 7, 1 },
        { Head + "y=unknown\r\n", SdpParseErrorKind.UnknownLineType, 5, 1 },
        { "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4\r\nt=0 0\r\n", SdpParseErrorKind.InvalidConnection, 4, 9 },
        { "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nb=AS\r\nt=0 0\r\n", SdpParseErrorKind.InvalidBandwidth, 4, 5 },
        { "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nb=AS:fast\r\nt=0 0\r\n", SdpParseErrorKind.InvalidBandwidth, 4, 6 },
        { "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 later\r\n", SdpParseErrorKind.InvalidTiming, 4, 5 },
        { "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0\r\n", SdpParseErrorKind.InvalidTiming, 4, 4 },
        { Head + "m=audio x UDP/TLS/RTP/SAVPF 111\r\n", SdpParseErrorKind.InvalidMedia, 5, 9 },
        { Head + "m=audio 70000 UDP/TLS/RTP/SAVPF 111\r\n", SdpParseErrorKind.InvalidMedia, 5, 9 },
        { Head + "m=audio 9/x UDP/TLS/RTP/SAVPF 111\r\n", SdpParseErrorKind.InvalidMedia, 5, 11 },
        { Head + "m=audio 9 UDP/TLS/RTP/SAVPF\r\n", SdpParseErrorKind.InvalidMedia, 5, 28 },
        { Head + "m=audio\r\n", SdpParseErrorKind.InvalidMedia, 5, 8 },
        { Head + Audio + "t=0 0\r\n", SdpParseErrorKind.UnexpectedLine, 7, 1 },
        { Head + Audio + "a=mid:0\r\nc=IN IP4 0.0.0.0\r\n", SdpParseErrorKind.UnexpectedLine, 8, 1 },
        { Head + Audio + "i=one\r\n", SdpParseErrorKind.UnexpectedLine, 7, 1 },
        { Head + Audio + "q=unknown\r\n", SdpParseErrorKind.UnknownLineType, 7, 1 },
        { Head + "a=\r\n", SdpParseErrorKind.InvalidAttributeName, 5, 3 },
        { Head + "a=bad name:x\r\n", SdpParseErrorKind.InvalidAttributeName, 5, 6 },
        { Head + "a=rtcp-mux:1\r\n", SdpParseErrorKind.InvalidAttributeValue, 5, 11 },
        { Head + "a=mid\r\n", SdpParseErrorKind.InvalidAttributeValue, 5, 6 },
        { Head + "a=mid:\r\n", SdpParseErrorKind.InvalidAttributeValue, 5, 7 },
        { Head + "a=mid:a b\r\n", SdpParseErrorKind.InvalidAttributeValue, 5, 8 },
        { Head + Audio + "a=rtpmap:abc opus/48000/2\r\n", SdpParseErrorKind.InvalidAttributeValue, 7, 10 },
        { Head + Audio + "a=rtpmap:128 opus/48000/2\r\n", SdpParseErrorKind.InvalidAttributeValue, 7, 10 },
        { Head + Audio + "a=rtpmap:111 opus\r\n", SdpParseErrorKind.InvalidAttributeValue, 7, 18 },
        { Head + Audio + "a=rtpmap:111 opus/fast\r\n", SdpParseErrorKind.InvalidAttributeValue, 7, 19 },
        { Head + Audio + "a=rtpmap:111 opus/48000/0\r\n", SdpParseErrorKind.InvalidAttributeValue, 7, 25 },
        { Head + Audio + "a=rtpmap:111 opus/48000/2 extra\r\n", SdpParseErrorKind.InvalidAttributeValue, 7, 27 },
        { Head + Audio + "a=fmtp: \r\n", SdpParseErrorKind.InvalidAttributeValue, 7, 8 },
        { Head + Audio + "a=rtcp-fb:x nack\r\n", SdpParseErrorKind.InvalidAttributeValue, 7, 11 },
        { Head + Audio + "a=rtcp-fb:96\r\n", SdpParseErrorKind.InvalidAttributeValue, 7, 13 },
        { Head + Audio + "a=extmap:0 urn:x\r\n", SdpParseErrorKind.InvalidAttributeValue, 7, 10 },
        { Head + Audio + "a=extmap:1/sideways urn:x\r\n", SdpParseErrorKind.InvalidAttributeValue, 7, 12 },
        { Head + Audio + "a=extmap:1\r\n", SdpParseErrorKind.InvalidAttributeValue, 7, 11 },
        { Head + Audio + "a=ssrc:4294967296 cname:x\r\n", SdpParseErrorKind.InvalidAttributeValue, 7, 8 },
        { Head + Audio + "a=ssrc:1\r\n", SdpParseErrorKind.InvalidAttributeValue, 7, 9 },
        { Head + Audio + "a=ssrc-group:FID 1 x\r\n", SdpParseErrorKind.InvalidAttributeValue, 7, 20 },
        { Head + Audio + "a=setup:sometimes\r\n", SdpParseErrorKind.InvalidAttributeValue, 7, 9 },
        { Head + Audio + "a=fingerprint:sha-256\r\n", SdpParseErrorKind.InvalidAttributeValue, 7, 22 },
        { Head + Audio + "a=rid:f sideways\r\n", SdpParseErrorKind.InvalidAttributeValue, 7, 9 },
        { Head + Audio + "a=rid:f? send\r\n", SdpParseErrorKind.InvalidAttributeValue, 7, 7 },
        { Head + Audio + "a=rid:f send pt=96,x\r\n", SdpParseErrorKind.InvalidAttributeValue, 7, 14 },
        { Head + Audio + "a=simulcast:send f;h;\r\n", SdpParseErrorKind.InvalidAttributeValue, 7, 22 },
        { Head + Audio + "a=simulcast:both f\r\n", SdpParseErrorKind.InvalidAttributeValue, 7, 13 },
        { Head + Audio + "a=simulcast:send f send h\r\n", SdpParseErrorKind.InvalidAttributeValue, 7, 20 },
        { Head + Audio + "a=rtcp:port\r\n", SdpParseErrorKind.InvalidAttributeValue, 7, 8 },
        { Head + Audio + "a=rtcp:9 IN IP4\r\n", SdpParseErrorKind.InvalidAttributeValue, 7, 16 },
        { Head + Audio + "a=msid:a b c\r\n", SdpParseErrorKind.InvalidAttributeValue, 7, 12 },
        { Head + "a=group\r\n", SdpParseErrorKind.InvalidAttributeValue, 5, 8 },
        { Head + "a=ice-options: \r\n", SdpParseErrorKind.InvalidAttributeValue, 5, 15 },
        { Head + Audio + "a=sctp-port:70000\r\n", SdpParseErrorKind.InvalidAttributeValue, 7, 13 },
        { Head + Audio + "a=max-message-size:-1\r\n", SdpParseErrorKind.InvalidAttributeValue, 7, 20 },
        { Head + "a=x\0y\r\n", SdpParseErrorKind.InvalidCharacter, 5, 4 },
        { Head + "a=x\ry\r\n", SdpParseErrorKind.InvalidCharacter, 5, 4 },
        { Head + "\r\na=x\r\n", SdpParseErrorKind.MalformedLine, 5, 1 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_kind_of_malformed_line_is_reported_at_its_line_and_column(string text, SdpParseErrorKind kind, int line, int column)
    {
        Assert.False(SessionDescription.TryParse(text, out SessionDescription? description, out SdpParseError error));
        Assert.Null(description);
        Assert.Equal((kind, line, column), (error.Kind, error.Line, error.Column));
        Assert.False(string.IsNullOrEmpty(error.Message));

        var thrown = Assert.Throws<SdpParseException>(() => SessionDescription.Parse(text));
        Assert.Equal(error, thrown.Error);
        Assert.Equal((line, column, kind), (thrown.Line, thrown.Column, thrown.Kind));
        Assert.Contains($"line {line}, column {column}", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_in_a_fixture_points_into_that_fixture()
    {
        string text = Fixtures.Text("sdp/chromium-156/offer_av_data.sdp").Replace("a=rtpmap:97 rtx/90000", "a=rtpmap:97 rtx/9O000", StringComparison.Ordinal);

        var error = Assert.Throws<SdpParseException>(() => SessionDescription.Parse(text));

        Assert.Equal(72, error.Line);
        Assert.Equal(17, error.Column);
        Assert.Equal("a=rtpmap:97 rtx/9O000", text.Split("\r\n")[error.Line - 1]);
        Assert.Equal("9O000", text.Split("\r\n")[error.Line - 1][(error.Column - 1)..]);
    }

    [Fact]
    public void Invalid_utf8_is_reported_at_the_first_bad_byte()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes(Head + "a=x-name:caf"), 0xC3, 0x28, .. "\r\n"u8];

        Assert.False(SessionDescription.TryParse(bytes, out _, out SdpParseError error));
        Assert.Equal((SdpParseErrorKind.InvalidEncoding, 5, 13), (error.Kind, error.Line, error.Column));
    }

    [Fact]
    public void Valid_utf8_text_fields_round_trip()
    {
        string text = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=Café ☕\r\ni=données\r\nt=0 0\r\na=x-label:日本\r\n";
        byte[] bytes = Encoding.UTF8.GetBytes(text);

        SessionDescription description = SessionDescription.Parse(bytes);

        Assert.Equal("Café ☕", description.SessionName);
        Assert.Equal(bytes, description.ToUtf8Bytes());
        Assert.Equal(bytes.Length, description.GetSerializedLength());
    }

    [Fact]
    public void A_description_longer_than_the_limit_is_refused()
    {
        string text = Head + new string('x', SessionDescription.MaxLength);

        Assert.False(SessionDescription.TryParse(text, out _, out SdpParseError error));
        Assert.Equal(SdpParseErrorKind.TooLong, error.Kind);
    }

    [Fact]
    public void Trailing_blank_lines_and_a_missing_final_newline_are_accepted()
    {
        Assert.True(SessionDescription.TryParse(Head + "a=x\r\n\r\n\n", out _, out _));
        SessionDescription noFinalNewline = SessionDescription.Parse(Head + "a=x");
        Assert.Equal(Head + "a=x\r\n", noFinalNewline.ToString());
    }
}
