using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Rtp.Payload;

namespace RtcEngine.Rtp.Tests.Payload;

internal static class PayloadTestHelpers
{
    /// <summary>A VP8 keyframe: frame tag with P = 0, start code, 14-bit width and height, then filler.</summary>
    public static byte[] Vp8Keyframe(int width, int height, int length)
    {
        byte[] frame = new byte[length];
        new Random(length).NextBytes(frame);
        frame[0] = 0x10; // P = 0 (key), version 0, show_frame = 1
        frame[1] = 0x02;
        frame[2] = 0x00;
        frame[3] = 0x9D;
        frame[4] = 0x01;
        frame[5] = 0x2A;
        frame[6] = (byte)width;
        frame[7] = (byte)(width >> 8);
        frame[8] = (byte)height;
        frame[9] = (byte)(height >> 8);
        return frame;
    }

    public static byte[] Vp8InterFrame(int length)
    {
        byte[] frame = new byte[length];
        new Random(length + 1).NextBytes(frame);
        frame[0] = 0x11; // P = 1
        return frame;
    }

    /// <summary>Wraps payloads into RTP packets with consecutive sequence numbers.</summary>
    public static List<byte[]> ToPackets(List<(byte[] Payload, bool Marker)> payloads, ushort firstSequence, uint timestamp, uint ssrc = 0x55)
    {
        var packets = new List<byte[]>();
        for (int i = 0; i < payloads.Count; i++)
        {
            byte[] buffer = new byte[1500];
            var w = new RtpPacketWriter(buffer);
            w.TryWriteHeader(new RtpHeader(96, (ushort)(firstSequence + i), timestamp, ssrc, payloads[i].Marker));
            w.TryWritePayload(payloads[i].Payload, out int n);
            packets.Add(buffer.AsSpan(0, n).ToArray());
        }

        return packets;
    }

    public static List<(byte[] Payload, bool Marker)> Collect(RtpFragmentCursor cursor)
    {
        var result = new List<(byte[], bool)>();
        byte[] buffer = new byte[1500];
        while (cursor.TryWriteNext(buffer, out int n, out bool last))
        {
            result.Add((buffer.AsSpan(0, n).ToArray(), last));
        }

        return result;
    }

    public static List<(byte[] Payload, bool Marker)> Collect(H264PacketizerCursor cursor)
    {
        var result = new List<(byte[], bool)>();
        byte[] buffer = new byte[1500];
        while (cursor.TryWriteNext(buffer, out int n, out bool last))
        {
            result.Add((buffer.AsSpan(0, n).ToArray(), last));
        }

        return result;
    }

    public static List<(byte[] Data, bool Keyframe, int Width, int Height, uint Timestamp)> Feed(RtpFrameAssembler assembler, IEnumerable<byte[]> packets, long startMs = 0)
    {
        var frames = new List<(byte[], bool, int, int, uint)>();
        long ms = startMs;
        foreach (byte[] packet in packets)
        {
            RtpPacketReader.TryRead(packet, out RtpPacketReader reader);
            assembler.Insert(MonoTime.FromMilliseconds(ms++), reader);
            while (assembler.TryPollFrame(out AssembledFrame frame))
            {
                frames.Add((frame.Data.ToArray(), frame.IsKeyframe, frame.Width, frame.Height, frame.Timestamp));
            }
        }

        return frames;
    }
}
