using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Sdp.Tests;

/// <summary>Reading allocates the model only; writing allocates only its output (or nothing into a caller's buffer).</summary>
public class AllocationTests
{
    private static readonly string Text = Fixtures.Text("sdp/chromium-156/offer_av_data.sdp");

    [Fact]
    public void Writing_to_a_string_allocates_only_the_string()
    {
        SessionDescription description = SessionDescription.Parse(Text);
        description.ToString();

        long allocated = AllocationAssert.MeasureCurrentThread(() => description.ToString());

        long stringSize = 22 + (2L * Text.Length); // object header, length and terminator, then UTF-16 chars
        Assert.InRange(allocated, stringSize, stringSize + 8);
    }

    [Fact]
    public void Writing_utf8_into_a_buffer_allocates_nothing()
    {
        SessionDescription description = SessionDescription.Parse(Text);
        byte[] destination = new byte[Text.Length];

        AllocationAssert.NoAllocations(() => description.TryWriteTo(destination, out _), what: "TryWriteTo");
    }

    [Fact]
    public void Parsing_the_audio_video_data_offer_allocates_about_the_size_of_its_model()
    {
        SessionDescription.Parse(Text);

        long allocated = AllocationAssert.MeasureCurrentThread(() => SessionDescription.Parse(Text));

        // 173 lines become ~170 attribute objects, three m-lines and their lists: measured 20,232 bytes
        // (about 117 bytes a line). The bound catches a per-line temporary creeping in.
        Assert.InRange(allocated, 10_000, 24_000);
    }
}
