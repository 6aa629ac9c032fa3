using System.Buffers.Binary;

namespace RtcEngine.Srtp.Tests;

/// <summary>Builds plain RTP and RTCP packets for tests, with spare room after them for the SRTP trailer.</summary>
internal static class Packets
{
    public static byte[] Rtp(uint ssrc, ushort sequence, int payloadLength, int room = 32, int csrcs = 0, int extensionWords = -1, int seed = 0)
    {
        int header = 12 + (4 * csrcs) + (extensionWords >= 0 ? 4 + (4 * extensionWords) : 0);
        byte[] packet = new byte[header + payloadLength + room];
        packet[0] = (byte)(0x80 | (extensionWords >= 0 ? 0x10 : 0) | csrcs);
        packet[1] = 111;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), (uint)sequence * 960);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        for (int i = 0; i < csrcs; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(12 + (4 * i)), 0x1000u + (uint)i);
        }

        if (extensionWords >= 0)
        {
            int at = 12 + (4 * csrcs);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(at), 0xBEDE);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(at + 2), (ushort)extensionWords);
            for (int i = 0; i < extensionWords * 4; i++)
            {
                packet[at + 4 + i] = (byte)(0x20 + i);
            }
        }

        var random = new Random(seed ^ sequence ^ (int)ssrc);
        random.NextBytes(packet.AsSpan(header, payloadLength));
        return packet;
    }

    public static int RtpLength(int payloadLength, int csrcs = 0, int extensionWords = -1) =>
        12 + (4 * csrcs) + (extensionWords >= 0 ? 4 + (4 * extensionWords) : 0) + payloadLength;

    /// <summary>A typical compound: a sender report with one report block, then SDES with a CNAME (80 bytes).</summary>
    public static byte[] RtcpCompound(uint ssrc, int room = 32, int seed = 0)
    {
        byte[] packet = new byte[80 + room];
        Span<byte> p = packet;
        p[0] = 0x81; // V=2, RC=1
        p[1] = 200;  // SR
        BinaryPrimitives.WriteUInt16BigEndian(p[2..], 12); // 13 words
        BinaryPrimitives.WriteUInt32BigEndian(p[4..], ssrc);
        new Random(seed ^ (int)ssrc).NextBytes(p.Slice(8, 44));
        Span<byte> sdes = p[52..];
        sdes[0] = 0x81; // V=2, SC=1
        sdes[1] = 202;  // SDES
        BinaryPrimitives.WriteUInt16BigEndian(sdes[2..], 6); // 7 words
        BinaryPrimitives.WriteUInt32BigEndian(sdes[4..], ssrc);
        sdes[8] = 1; // CNAME
        sdes[9] = 16;
        "abcdefghijklmnop"u8.CopyTo(sdes[10..]);
        // sdes[26..28] stay zero: end of items and padding to the word.
        return packet;
    }

    public const int RtcpCompoundLength = 80;
}
