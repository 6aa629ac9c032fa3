using RtcEngine.Rtp.Payload;
using Xunit;
using static RtcEngine.Rtp.Tests.Payload.PayloadTestHelpers;

namespace RtcEngine.Rtp.Tests.Payload;

public class H264Tests
{
    // SPS bodies (after the NAL header) with known sizes from public test suites (ffmpeg, x264 output).
    [Theory]
    [InlineData("7A001FBCD94050 05BA10000003 00C000002AE0F1831960", 1280, 720)]      // High 4:2:2, emulation bytes
    [InlineData("7A001EBCD940A02FF8984000000301800000 5683C58B6580", 640, 360)]      // cropping
    [InlineData("7A000DBCD943433E5E10000003006000 0015A0F1429960", 200, 400)]        // both crops
    [InlineData("42C01ED900B435F9E10000030001000003003C0F162E48", 720, 404)]        // Baseline
    [InlineData("640028ACD9407802 27E584000003000400000300C83C60C658", 1920, 1080)] // High, x264
    public void Sps_gives_the_picture_size(string hex, int width, int height)
    {
        byte[] body = Convert.FromHexString(hex.Replace(" ", ""));
        Assert.True(H264Sps.TryParse(body, out int w, out int h));
        Assert.Equal((width, height), (w, h));
        Assert.True(H264Sps.TryGetResolution([0x67, .. body], out w, out h));
        Assert.Equal((width, height), (w, h));
    }

    private static readonly byte[] Sps = [0x67, .. Convert.FromHexString("7A001FBCD9405005BA10000003 00C000002AE0F1831960".Replace(" ", ""))];
    private static readonly byte[] Pps = [0x68, 0xEB, 0xE3, 0xCB, 0x22, 0xC0];

    private static byte[] AnnexB(params byte[][] nals) =>
        nals.SelectMany(n => (byte[])[0, 0, 0, 1, .. n]).ToArray();

    private static byte[] Nal(byte header, int length, int seed)
    {
        byte[] nal = new byte[length];
        new Random(seed).NextBytes(nal);
        for (int i = 2; i < nal.Length; i++)
        {
            if (nal[i - 2] == 0 && nal[i - 1] == 0 && nal[i] <= 3)
            {
                nal[i] = 0x55; // keep the test NAL free of start-code-like sequences
            }
        }

        nal[0] = header;
        return nal;
    }

    [Fact]
    public void Keyframe_packs_sps_and_pps_in_stap_a_and_fragments_the_idr()
    {
        byte[] idr = Nal(0x65, 4000, 1);
        byte[] frame = AnnexB(Sps, Pps, idr);
        var packetizer = new H264Packetizer();
        List<(byte[] Payload, bool Marker)> payloads = Collect(packetizer.Packetize(frame, 1200));

        Assert.Equal(H264.StapA, payloads[0].Payload[0] & 0x1F);
        Assert.Equal(0x60, payloads[0].Payload[0] & 0x60); // NRI: the highest of the aggregated units
        Assert.All(payloads.Skip(1), p => Assert.Equal(H264.FuA, p.Payload[0] & 0x1F));
        Assert.Equal(0x80 | 5, payloads[1].Payload[1]);         // S, type 5
        Assert.Equal(0x40 | 5, payloads[^1].Payload[1]);        // E, type 5
        Assert.Equal(4 + 1, payloads.Count);                     // 3999 body bytes in 4 fragments of <= 1198
        Assert.True(payloads[^1].Marker);
        Assert.All(payloads, p => Assert.True(p.Payload.Length <= 1200));

        var assembler = new RtpFrameAssembler(RtpCodec.H264);
        var frames = Feed(assembler, ToPackets(payloads, 1000, 3000));
        Assert.Single(frames);
        Assert.Equal(frame, frames[0].Data);
        Assert.True(frames[0].Keyframe);
        Assert.Equal((1280, 720), (frames[0].Width, frames[0].Height));
    }

    [Fact]
    public void Small_frame_goes_as_a_single_nal_unit_and_frames_follow_each_other()
    {
        byte[] key = AnnexB(Sps, Pps, Nal(0x65, 300, 2));
        byte[] delta1 = AnnexB(Nal(0x41, 800, 3));
        byte[] delta2 = AnnexB(Nal(0x41, 2500, 4));
        var packetizer = new H264Packetizer();
        var p1 = Collect(packetizer.Packetize(key, 1200));
        var p2 = Collect(packetizer.Packetize(delta1, 1200));
        var p3 = Collect(packetizer.Packetize(delta2, 1200));
        Assert.Single(p1); // all three NAL units fit one STAP-A
        Assert.Single(p2);
        Assert.Equal(0x41, p2[0].Payload[0]); // single NAL unit packet: the NAL itself
        List<byte[]> packets = [.. ToPackets(p1, 10, 0), .. ToPackets(p2, 11, 3000), .. ToPackets(p3, 12, 6000)];

        // Deliver the second delta frame first: it waits until the frame before it has ended.
        var assembler = new RtpFrameAssembler(RtpCodec.H264);
        var frames = Feed(assembler, [.. packets.Skip(2), packets[0], packets[1]]);
        Assert.Equal(3, frames.Count);
        Assert.Equal(key, frames[0].Data);
        Assert.Equal(delta1, frames[1].Data);
        Assert.Equal(delta2, frames[2].Data);
        Assert.False(frames[2].Keyframe);
        Assert.Equal(1280, frames[2].Width); // the stream's size, from the last SPS
    }

    [Fact]
    public void Annex_b_reader_accepts_three_and_four_byte_start_codes()
    {
        byte[] stream = [0, 0, 1, 0x67, 1, 2, 0, 0, 0, 1, 0x68, 3, 0, 0, 1, 0x65, 4, 5, 6];
        int position = 0;
        Assert.True(H264.TryReadNextNal(stream, ref position, out ReadOnlySpan<byte> a));
        Assert.Equal([0x67, 1, 2], a.ToArray());
        Assert.True(H264.TryReadNextNal(stream, ref position, out ReadOnlySpan<byte> b));
        Assert.Equal([0x68, 3], b.ToArray());
        Assert.True(H264.TryReadNextNal(stream, ref position, out ReadOnlySpan<byte> c));
        Assert.Equal([0x65, 4, 5, 6], c.ToArray());
        Assert.False(H264.TryReadNextNal(stream, ref position, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("18")]          // STAP-A without units
    [InlineData("180005AABB")]  // STAP-A unit size beyond the payload
    [InlineData("1C85")]        // FU-A without data
    [InlineData("1F00")]        // type 31: reserved
    public void Malformed_payloads_are_refused(string hex)
    {
        Assert.False(H264.IsValidPayload(Convert.FromHexString(hex)));
    }
}
