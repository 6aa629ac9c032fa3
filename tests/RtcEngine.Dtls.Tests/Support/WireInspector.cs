using System.Buffers.Binary;
using RtcEngine.Dtls;
using RtcEngine.Primitives;

namespace RtcEngine.Dtls.Tests;

/// <summary>Reads what an endpoint sent, at the record and plaintext handshake level (epoch 0 only).</summary>
internal static class WireInspector
{
    public sealed record Record(byte Type, ushort Version, ushort Epoch, ulong Sequence, byte[] Fragment);

    public sealed record Fragment(byte Type, int Length, ushort MessageSeq, int Offset, byte[] Body, ushort RecordVersion);

    public static List<byte[]> Drain(ISansIoEngine engine)
    {
        var datagrams = new List<byte[]>();
        byte[] buffer = new byte[DatagramLimits.MaxDatagramSize];
        while (engine.TryPollTransmit(buffer, out TransmitInfo transmit))
        {
            Assert.True(transmit.Source.IsNone && transmit.Destination.IsNone);
            datagrams.Add(buffer.AsSpan(0, transmit.Length).ToArray());
        }

        return datagrams;
    }

    public static List<Record> Records(IEnumerable<byte[]> datagrams)
    {
        var records = new List<Record>();
        foreach (byte[] d in datagrams)
        {
            int at = 0;
            while (at + 13 <= d.Length)
            {
                int length = BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(at + 11));
                ulong es = BinaryPrimitives.ReadUInt64BigEndian(d.AsSpan(at + 3));
                records.Add(new Record(d[at], BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(at + 1)), (ushort)(es >> 48), es & 0xFFFFFFFFFFFF, d.AsSpan(at + 13, length).ToArray()));
                at += 13 + length;
            }

            Assert.Equal(d.Length, at);
        }

        return records;
    }

    public static List<Fragment> HandshakeFragments(IEnumerable<byte[]> datagrams)
    {
        var fragments = new List<Fragment>();
        foreach (Record r in Records(datagrams).Where(r => r.Type == 22 && r.Epoch == 0))
        {
            int at = 0;
            while (at + 12 <= r.Fragment.Length)
            {
                byte[] f = r.Fragment;
                int fragmentLength = f[at + 9] << 16 | f[at + 10] << 8 | f[at + 11];
                fragments.Add(new Fragment(
                    f[at],
                    f[at + 1] << 16 | f[at + 2] << 8 | f[at + 3],
                    BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(at + 4)),
                    f[at + 6] << 16 | f[at + 7] << 8 | f[at + 8],
                    f.AsSpan(at + 12, fragmentLength).ToArray(),
                    r.Version));
                at += 12 + fragmentLength;
            }
        }

        return fragments;
    }

    /// <summary>Whole message bodies by type, reassembled from fragments.</summary>
    public static Dictionary<byte, byte[]> Messages(IEnumerable<byte[]> datagrams)
    {
        var messages = new Dictionary<byte, byte[]>();
        foreach (Fragment f in HandshakeFragments(datagrams))
        {
            if (!messages.TryGetValue(f.Type, out byte[]? body))
            {
                body = new byte[f.Length];
                messages[f.Type] = body;
            }

            f.Body.CopyTo(body, f.Offset);
        }

        return messages;
    }
}
