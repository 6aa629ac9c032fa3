using RtcEngine.Rtp;

namespace RtcEngine.Rtp.Tests;

/// <summary>Builds RTP packets for tests.</summary>
internal static class TestPackets
{
    public static byte[] Rtp(ushort sequence, uint timestamp, uint ssrc, byte payloadType = 96, int payloadLength = 100, bool marker = false)
    {
        byte[] buffer = new byte[RtpPacketReader.FixedHeaderLength + payloadLength];
        var w = new RtpPacketWriter(buffer);
        w.TryWriteHeader(new RtpHeader(payloadType, sequence, timestamp, ssrc, marker));
        w.TryFinish(payloadLength, 0, out int written);
        return buffer.AsSpan(0, written).ToArray();
    }

    public static RtpSequenceOutcome Feed(RtpReceiveStream stream, long atMicroseconds, ushort sequence, uint timestamp, int payloadLength = 100)
    {
        byte[] packet = Rtp(sequence, timestamp, stream.Ssrc, payloadLength: payloadLength);
        RtpPacketReader.TryRead(packet, out RtpPacketReader reader);
        return stream.OnPacket(RtcEngine.Primitives.MonoTime.FromMicroseconds(atMicroseconds), reader);
    }
}
