using System.Text;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Sdp.Tests;

public class RoundTripTests
{
    public static TheoryDataHelper FixtureFiles => Fixtures.AllData();

    [Theory]
    [MemberData(nameof(FixtureFiles))]
    public void Writing_an_unmodified_fixture_gives_back_the_same_bytes(string fixture)
    {
        byte[] bytes = TestFiles.ReadFixtureBytes(fixture);
        SessionDescription description = SessionDescription.Parse(bytes);

        Assert.Equal(bytes, description.ToUtf8Bytes());
        Assert.Equal(Encoding.UTF8.GetString(bytes), description.ToString());

        var destination = new byte[description.GetSerializedLength()];
        Assert.True(description.TryWriteTo(destination, out int written));
        Assert.Equal(bytes.Length, written);
        Assert.Equal(bytes, destination);
        Assert.False(description.TryWriteTo(new byte[bytes.Length - 1], out written));
        Assert.Equal(0, written);
    }

    [Theory]
    [MemberData(nameof(FixtureFiles))]
    public void Parsing_what_was_written_gives_an_equal_model(string fixture)
    {
        SessionDescription first = Fixtures.Parse(fixture);
        SessionDescription second = SessionDescription.Parse(first.ToString());
        ModelAssert.Equal(first, second);
    }

    [Theory]
    [MemberData(nameof(FixtureFiles))]
    public void A_model_rebuilt_from_typed_values_writes_the_same_text(string fixture)
    {
        // Every typed attribute re-created from its fields (no source text) formats like the original.
        SessionDescription parsed = Fixtures.Parse(fixture);
        SessionDescription rebuilt = SessionDescription.Parse(parsed.ToString());
        ReplaceWithFormatted(rebuilt.Attributes);
        foreach (MediaDescription media in rebuilt.Media)
        {
            media.Formats = media.Formats.ToArray(); // drops the m-line source text
            ReplaceWithFormatted(media.Attributes);
        }

        Assert.Equal(parsed.ToString(), rebuilt.ToString());
    }

    [Fact]
    public void Lines_ending_in_LF_are_written_with_CRLF()
    {
        string crlf = Fixtures.Text("sdp/chromium-156/offer_datachannel_only.sdp");
        string lf = crlf.Replace("\r\n", "\n", StringComparison.Ordinal);

        Assert.Equal(crlf, SessionDescription.Parse(lf).ToString());
    }

    [Fact]
    public void Unknown_attributes_are_kept_verbatim_and_in_order()
    {
        const string text = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=x-first:  spaced  value \r\na=group:BUNDLE 0\r\na=x-flag\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=x-vendor:{\"json\":true}\r\na=mid:0\r\na=x-empty:\r\na=rtpmap:111 opus/48000/2\r\n";
        SessionDescription description = SessionDescription.Parse(text);

        Assert.Equal(text, description.ToString());
        Assert.Equal(["x-first", "group", "x-flag"], description.Attributes.Select(a => a.Name));
        Assert.Equal("  spaced  value ", description.Attributes[0].Value);
        Assert.False(description.Attributes[2].HasValue);
        MediaDescription audio = description.Media[0];
        Assert.Equal(["x-vendor", "mid", "x-empty", "rtpmap"], audio.Attributes.Select(a => a.Name));
        Assert.Equal("{\"json\":true}", audio.Attributes[0].Value);
        Assert.Equal(string.Empty, audio.Attributes[2].Value);
        Assert.Equal(SdpAttributeKind.Unknown, audio.Attributes[0].Kind);
    }

    [Fact]
    public void Lines_with_extra_spaces_are_read_and_written_back_unchanged()
    {
        const string text = "v=0\r\no=-  1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0  0\r\n"
            + "m=audio  9 UDP/TLS/RTP/SAVPF 111 \r\nc=IN IP4  0.0.0.0\r\na=rtpmap:111  opus/48000/2 \r\na=group:BUNDLE  0  1\r\n";
        SessionDescription description = SessionDescription.Parse(text);

        Assert.Equal(text, description.ToString());
        Assert.Equal(9, description.Media[0].Port);
        Assert.Equal(["111"], description.Media[0].Formats);
        Assert.Equal("opus", description.Media[0].RtpMaps[0].EncodingName);
        Assert.Equal(["0", "1"], description.Media[0].Attributes.Find<GroupAttribute>()!.Mids);
    }

    [Fact]
    public void Edited_lines_are_written_canonically_and_the_rest_verbatim()
    {
        SessionDescription description = Fixtures.Chromium("offer_av_data");
        MediaDescription audio = description.Media[0];
        audio.Port = 0;
        audio.Attributes.Add(SdpAttribute.EndOfCandidates);
        description.Origin = description.Origin.WithSessionVersion(3);

        string written = description.ToString();
        Assert.Contains("\r\no=- 5345326166865845030 3 IN IP4 127.0.0.1\r\n", written, StringComparison.Ordinal);
        Assert.Contains("\r\nm=audio 0 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\n", written, StringComparison.Ordinal);
        Assert.Contains("a=ssrc:4055273578 msid:f2fd1e57-9dd0-4a6e-a960-3feb9d847a6b 34f1485a-3608-4178-b2bc-79f8bda00a3e\r\na=end-of-candidates\r\nm=video", written, StringComparison.Ordinal);
    }

    private static void ReplaceWithFormatted(SdpAttributeCollection attributes)
    {
        for (int i = 0; i < attributes.Count; i++)
        {
            SdpAttribute? rebuilt = TypedCopy.Of(attributes[i]);
            if (rebuilt is not null)
            {
                attributes[i] = rebuilt;
            }
        }
    }
}
