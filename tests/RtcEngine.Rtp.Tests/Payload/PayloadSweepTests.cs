using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Rtp.Payload;
using RtcEngine.Testing;
using Xunit;
using static RtcEngine.Rtp.Tests.Payload.PayloadTestHelpers;

namespace RtcEngine.Rtp.Tests.Payload;

/// <summary>Every payload reader, fed every truncation of valid samples and random garbage, never throws.</summary>
public class PayloadSweepTests
{
    private static readonly string[] Samples =
    [
        "9080" + "8123" + "1002009D012A0005D002", // VP8 keyframe start
        "81E0" + "8123" + "05" + "40" + "AB",
        "AE" + "9234" + "42" + "07" + "10" + "02800168" + "82498342004FF02CF0", // VP9 with SS + key header
        "D8" + "8001" + "03" + "02" + "AA",
        "18" + "0004" + "67420C1E" + "0002" + "68CE", // STAP-A
        "7C85" + "AABBCC",                             // FU-A start
        "67" + "7A001FBCD9405005BA1000000300C000002AE0F1831960", // SPS
        "F8FFFE",                                      // Opus
    ];

    [Fact]
    public void Readers_survive_every_truncation_and_corruption()
    {
        foreach (string hex in Samples)
        {
            byte[] sample = Convert.FromHexString(hex);
            for (int length = 0; length <= sample.Length; length++)
            {
                Exercise(sample.AsSpan(0, length));
            }

            for (int i = 0; i < sample.Length; i++)
            {
                foreach (byte value in (byte[])[0x00, 0xFF, 0x80, 0x03, (byte)(sample[i] ^ 0x5A)])
                {
                    byte[] copy = (byte[])sample.Clone();
                    copy[i] = value;
                    Exercise(copy);
                }
            }
        }
    }

    [Fact]
    public void Random_payloads_never_throw_and_assemblers_stay_bounded()
    {
        var random = new SeededRandomSource(99);
        var assemblers = Enum.GetValues<RtpCodec>().Select(c => new RtpFrameAssembler(c, maxFrameSize: 4096, slots: 16)).ToArray();
        byte[] buffer = new byte[1500];
        byte[] payload = new byte[600];
        for (int i = 0; i < 20_000; i++)
        {
            int length = random.NextInt32(payload.Length);
            random.Fill(payload.AsSpan(0, length));
            Exercise(payload.AsSpan(0, length));

            var w = new RtpPacketWriter(buffer);
            w.TryWriteHeader(new RtpHeader(96, (ushort)random.NextInt32(40), (uint)random.NextInt32(4) * 3000, 1, random.NextInt32(3) == 0));
            w.TryWritePayload(payload.AsSpan(0, length), out int n);
            RtpPacketReader.TryRead(buffer.AsSpan(0, n), out RtpPacketReader packet);
            foreach (RtpFrameAssembler assembler in assemblers)
            {
                assembler.Insert(MonoTime.FromMilliseconds(i), packet);
                while (assembler.TryPollFrame(out AssembledFrame frame))
                {
                    Assert.True(frame.Data.Length <= 4096);
                }
            }
        }

        Assert.True(assemblers[0].FramesAssembled > 0);
    }

    private static void Exercise(ReadOnlySpan<byte> data)
    {
        Vp8PayloadDescriptor.TryRead(data, out _);
        Vp8Frame.TryGetResolution(data, out _, out _);
        Vp9PayloadDescriptor.TryRead(data, out _);
        Vp9Frame.TryGetKeyframeResolution(data, out _, out _);
        H264Sps.TryGetResolution(data, out _, out _);
        H264Sps.TryParse(data, out _, out _);
        Opus.GetSampleCount(data);
        Span<byte> output = stackalloc byte[2048];
        int offset = 0;
        int w = 0, h = 0;
        H264.TryAppendAnnexB(data, output, ref offset, out _, ref w, ref h);
        int position = 0;
        int guard = 0;
        while (H264.TryReadNextNal(data, ref position, out _) && guard++ < 1000)
        {
        }
    }
}
