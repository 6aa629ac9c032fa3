using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Rtp.Payload;
using Xunit;
using static RtcEngine.Rtp.Tests.Payload.PayloadTestHelpers;

namespace RtcEngine.Rtp.Tests.Payload;

public class Vp8Tests
{
    [Theory]
    [InlineData("10AB", 1, true, 0, -1)]                  // S, PID 0, no extension
    [InlineData("9080" + "23" + "AB", 3, true, 0, 0x23)]  // X, I with a 7-bit picture ID
    [InlineData("9080" + "8123" + "AB", 4, true, 0, 0x123)] // 15-bit picture ID (M = 1)
    [InlineData("81E0" + "8123" + "05" + "40" + "AB", 6, false, 1, 0x123)] // I, L, T: TL0PICIDX and TID
    public void Descriptor_fields_follow_rfc_7741(string hex, int length, bool frameStart, int partition, int pictureId)
    {
        Assert.True(Vp8PayloadDescriptor.TryRead(Convert.FromHexString(hex), out Vp8PayloadDescriptor d));
        Assert.Equal(length, d.Length);
        Assert.Equal(frameStart, d.IsFrameStart);
        Assert.Equal(partition, d.PartitionId);
        Assert.Equal(pictureId, d.PictureId);
    }

    [Fact]
    public void Temporal_layer_and_tl0picidx_are_read()
    {
        Assert.True(Vp8PayloadDescriptor.TryRead(Convert.FromHexString("90E0" + "8123" + "05" + "80" + "AB"), out Vp8PayloadDescriptor d));
        Assert.Equal(5, d.Tl0PicIdx);
        Assert.Equal(2, d.TemporalLayer);
    }

    [Fact]
    public void Keyframe_header_gives_the_resolution()
    {
        byte[] key = Vp8Keyframe(1280, 720, 100);
        Assert.True(Vp8Frame.IsKeyframe(key));
        Assert.True(Vp8Frame.TryGetResolution(key, out int w, out int h));
        Assert.Equal((1280, 720), (w, h));
        Assert.False(Vp8Frame.IsKeyframe(Vp8InterFrame(100)));
    }

    [Fact]
    public void Frames_split_into_equal_payloads_and_reassemble_out_of_order()
    {
        var packetizer = new Vp8Packetizer(initialPictureId: 0x7FFE);
        byte[] key = Vp8Keyframe(1280, 720, 5000);
        byte[] inter = Vp8InterFrame(700);
        List<(byte[] Payload, bool Marker)> keyPayloads = Collect(packetizer.Packetize(key, 1200));
        List<(byte[] Payload, bool Marker)> interPayloads = Collect(packetizer.Packetize(inter, 1200));
        Assert.Equal(5, keyPayloads.Count);
        Assert.All(keyPayloads, p => Assert.InRange(p.Payload.Length, 1000 + 4, 1200));
        Assert.Single(interPayloads);
        Assert.Equal([false, false, false, false, true], keyPayloads.Select(p => p.Marker));
        Assert.True(Vp8PayloadDescriptor.TryRead(keyPayloads[0].Payload, out Vp8PayloadDescriptor first));
        Assert.True(first.IsFrameStart);
        Assert.Equal(0x7FFE, first.PictureId);
        Assert.True(Vp8PayloadDescriptor.TryRead(interPayloads[0].Payload, out Vp8PayloadDescriptor next));
        Assert.Equal(0x7FFF, next.PictureId);
        Assert.Equal(0, packetizer.NextPictureId); // 15 bits wrap

        List<byte[]> packets = [.. ToPackets(keyPayloads, 65533, 9000), .. ToPackets(interPayloads, 2, 12000)];
        // Out of order, with a duplicate: 2 (inter) first, then the keyframe packets shuffled.
        List<byte[]> order = [packets[5], packets[3], packets[0], packets[0], packets[4], packets[1], packets[2]];
        var stream = new RtpReceiveStream(new RtpReceiveStreamConfig { Ssrc = 0x55, MinSequential = 1 });
        var assembler = new RtpFrameAssembler(RtpCodec.Vp8, stream);
        var frames = Feed(assembler, order);

        // VP8 frames delimit themselves (S bit, marker): the one-packet frame comes out at once.
        Assert.Equal(2, frames.Count);
        Assert.Equal(12000u, frames[0].Timestamp);
        frames.Reverse();
        Assert.Equal(key, frames[0].Data);
        Assert.True(frames[0].Keyframe);
        Assert.Equal((1280, 720), (frames[0].Width, frames[0].Height));
        Assert.Equal(inter, frames[1].Data);
        Assert.False(frames[1].Keyframe);
        InboundRtpStreamStats stats = stream.GetStats(default);
        Assert.Equal(2, stats.FramesReceived);
        Assert.Equal(1, stats.KeyFramesReceived);
        Assert.Equal(1280, stats.FrameWidth);
        Assert.Equal(720, stats.FrameHeight);
    }

    [Fact]
    public void Missing_packet_holds_the_frame_until_it_arrives()
    {
        var packetizer = new Vp8Packetizer();
        byte[] key = Vp8Keyframe(640, 480, 3000);
        List<byte[]> packets = ToPackets(Collect(packetizer.Packetize(key, 1200)), 100, 0);
        var assembler = new RtpFrameAssembler(RtpCodec.Vp8);
        Assert.Empty(Feed(assembler, [packets[0], packets[2]]));
        var frames = Feed(assembler, [packets[1]]); // the retransmission
        Assert.Single(frames);
        Assert.Equal(key, frames[0].Data);
    }

    [Fact]
    public void Frame_rate_statistics_come_from_assembled_frames()
    {
        var packetizer = new Vp8Packetizer();
        var stream = new RtpReceiveStream(new RtpReceiveStreamConfig { Ssrc = 0x55, MinSequential = 1 });
        var assembler = new RtpFrameAssembler(RtpCodec.Vp8, stream);
        ushort seq = 0;
        for (int f = 0; f < 90; f++)
        {
            byte[] frame = f % 30 == 0 ? Vp8Keyframe(320, 240, 2000) : Vp8InterFrame(400);
            List<byte[]> packets = ToPackets(Collect(packetizer.Packetize(frame, 1200)), seq, (uint)(f * 3000));
            seq += (ushort)packets.Count;
            Feed(assembler, packets, startMs: f * 1000 / 30);
        }

        InboundRtpStreamStats stats = stream.GetStats(default);
        Assert.Equal(90, stats.FramesReceived);
        Assert.Equal(3, stats.KeyFramesReceived);
        Assert.InRange(stats.FramesPerSecond, 29, 31);
        Assert.Equal(320, stats.FrameWidth);
    }
}
