using RtcEngine.Rtp.Payload;
using Xunit;
using static RtcEngine.Rtp.Tests.Payload.PayloadTestHelpers;

namespace RtcEngine.Rtp.Tests.Payload;

public class Vp9AndOpusTests
{
    // frame_marker 2, profile 0, key frame, show_frame, sync code 49 83 42, color space 0, range 0,
    // width - 1 = 1279, height - 1 = 719.
    private static readonly byte[] Vp9KeyHeader = Convert.FromHexString("82498342004FF02CF0");

    [Fact]
    public void Vp9_keyframe_header_gives_the_resolution()
    {
        Assert.True(Vp9Frame.TryGetKeyframeResolution(Vp9KeyHeader, out int w, out int h));
        Assert.Equal((1280, 720), (w, h));
        byte[] inter = (byte[])Vp9KeyHeader.Clone();
        inter[0] = 0x86; // frame_type = 1
        Assert.False(Vp9Frame.TryGetKeyframeResolution(inter, out _, out _));
        Assert.False(Vp9Frame.TryGetKeyframeResolution(Vp9KeyHeader.AsSpan(0, 5), out _, out _));
    }

    [Fact]
    public void Vp9_descriptor_reads_flags_layers_and_scalability_structure()
    {
        // I (15-bit PID 0x1234), L (TID 2, SID 1, TL0PICIDX 7), B, E, V: SS with one layer 640x360.
        byte[] payload = Convert.FromHexString("AE" + "9234" + "42" + "07" + "10" + "02800168" + "FF");
        Assert.True(Vp9PayloadDescriptor.TryRead(payload, out Vp9PayloadDescriptor d));
        Assert.Equal(0x1234, d.PictureId);
        Assert.Equal(2, d.TemporalLayer);
        Assert.Equal(1, d.SpatialLayer);
        Assert.True(d.StartOfFrame);
        Assert.True(d.EndOfFrame);
        Assert.Equal((640, 360), (d.Width, d.Height));
        Assert.Equal(payload.Length - 1, d.Length);
        Assert.False(d.IsKeyframeStart); // spatial layer 1

        // Flexible mode, inter-predicted: P_DIFF list with N continuation.
        Assert.True(Vp9PayloadDescriptor.TryRead(Convert.FromHexString("D8" + "8001" + "03" + "02" + "AA"), out d));
        Assert.Equal(5, d.Length);
        Assert.True(d.InterPicturePredicted);
    }

    [Fact]
    public void Vp9_frames_round_trip_with_keyframe_and_size()
    {
        var packetizer = new Vp9Packetizer(5);
        byte[] key = [.. Vp9KeyHeader, .. new byte[3000]];
        var payloads = Collect(packetizer.Packetize(key, 1200, keyframe: true, 1280, 720));
        Assert.Equal(3, payloads.Count);
        Assert.True(Vp9PayloadDescriptor.TryRead(payloads[0].Payload, out Vp9PayloadDescriptor first));
        Assert.True(first.IsKeyframeStart);
        Assert.Equal((1280, 720), (first.Width, first.Height));
        Assert.True(Vp9PayloadDescriptor.TryRead(payloads[^1].Payload, out Vp9PayloadDescriptor last));
        Assert.True(last.EndOfFrame);
        byte[] inter = new byte[500];
        var interPayloads = Collect(packetizer.Packetize(inter, 1200, keyframe: false, 1280, 720));

        var assembler = new RtpFrameAssembler(RtpCodec.Vp9);
        var frames = Feed(assembler, [.. ToPackets(payloads, 7, 0), .. ToPackets(interPayloads, 10, 3000)]);
        Assert.Equal(2, frames.Count);
        Assert.Equal(key, frames[0].Data);
        Assert.True(frames[0].Keyframe);
        Assert.Equal((1280, 720), (frames[0].Width, frames[0].Height));
        Assert.Equal(inter, frames[1].Data);
        Assert.False(frames[1].Keyframe);
    }

    [Theory]
    [InlineData(0x78, 960)]   // config 15: hybrid FB 20 ms
    [InlineData(0x60, 480)]   // config 12: hybrid SWB 10 ms
    [InlineData(0xF8, 960)]   // config 31: CELT FB 20 ms
    [InlineData(0x08, 960)]   // config 1: SILK NB 20 ms
    [InlineData(0x18, 2880)]  // config 3: SILK NB 60 ms
    [InlineData(0xE0, 120)]   // config 28: CELT FB 2.5 ms
    public void Opus_toc_gives_the_packet_duration(byte toc, int expected)
    {
        Assert.Equal(expected, Opus.GetSampleCount([toc, 0xAA]));
    }

    [Fact]
    public void Opus_frame_counts_and_code_3()
    {
        Assert.Equal(1920, Opus.GetSampleCount([0xF9, 1, 2])); // c = 1: two 20 ms frames
        Assert.Equal(2880, Opus.GetSampleCount([0xFB, 0x03])); // c = 3, three frames
        Assert.Equal(0, Opus.GetSampleCount([0xFB, 0x3F]));   // 63 x 20 ms is over 120 ms: invalid
        Assert.Equal(0, Opus.GetSampleCount([]));
    }

    [Fact]
    public void Every_opus_packet_is_a_frame()
    {
        var assembler = new RtpFrameAssembler(RtpCodec.Opus);
        var payloads = new List<(byte[] Payload, bool Marker)> { ([0xF8, 1, 2, 3], false), ([0xF8, 4, 5], false) };
        var frames = Feed(assembler, ToPackets(payloads, 1, 960));
        Assert.Equal(2, frames.Count);
        Assert.Equal([0xF8, 4, 5], frames[1].Data);
    }
}
