using System.Buffers.Binary;
using RtcEngine.Srtp;

namespace RtcEngine.Benchmarks.Srtp;

/// <summary>The packet shapes the SRTP benchmarks use.</summary>
public enum SrtpPacketKind
{
    /// <summary>RTP, 12-byte header, 160-byte payload (20 ms of G.711, a small Opus frame).</summary>
    Rtp160,

    /// <summary>RTP, 12-byte header, 1200-byte payload (a video packet).</summary>
    Rtp1200,

    /// <summary>A typical RTCP compound: sender report with one report block and SDES CNAME (80 bytes).</summary>
    RtcpCompound,
}

internal static class SrtpBenchmarkPackets
{
    public const uint Ssrc = 0x1234ABCD;
    public const int Room = 32;

    public static bool IsRtcp(SrtpPacketKind kind) => kind == SrtpPacketKind.RtcpCompound;

    /// <summary>A plain packet of the kind, in a buffer with <see cref="Room"/> spare bytes; returns its length.</summary>
    public static int Create(SrtpPacketKind kind, ushort sequence, out byte[] buffer)
    {
        if (kind == SrtpPacketKind.RtcpCompound)
        {
            buffer = new byte[80 + Room];
            Span<byte> p = buffer;
            p[0] = 0x81;
            p[1] = 200;
            BinaryPrimitives.WriteUInt16BigEndian(p[2..], 12);
            BinaryPrimitives.WriteUInt32BigEndian(p[4..], Ssrc);
            new Random(1).NextBytes(p.Slice(8, 44));
            p[52] = 0x81;
            p[53] = 202;
            BinaryPrimitives.WriteUInt16BigEndian(p[54..], 6);
            BinaryPrimitives.WriteUInt32BigEndian(p[56..], Ssrc);
            p[60] = 1;
            p[61] = 16;
            "benchmark-cname!"u8.CopyTo(p[62..]);
            return 80;
        }

        int payload = kind == SrtpPacketKind.Rtp160 ? 160 : 1200;
        buffer = new byte[12 + payload + Room];
        buffer[0] = 0x80;
        buffer[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), 123456);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), Ssrc);
        new Random(2).NextBytes(buffer.AsSpan(12, payload));
        return 12 + payload;
    }

    public static (byte[] Key, byte[] Salt) Keys(SrtpProfile profile)
    {
        SrtpProfileInfo info = SrtpProfileInfo.Get(profile);
        byte[] key = new byte[info.MasterKeyLength];
        byte[] salt = new byte[info.MasterSaltLength];
        new Random(3).NextBytes(key);
        new Random(4).NextBytes(salt);
        return (key, salt);
    }
}
