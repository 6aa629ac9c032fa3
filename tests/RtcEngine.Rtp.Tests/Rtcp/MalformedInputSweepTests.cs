using System.Buffers.Binary;
using RtcEngine.Primitives;
using RtcEngine.Rtp.Rtcp;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Rtp.Tests.Rtcp;

/// <summary>
/// Every packet kind, cut at every length and filled with garbage, goes through every reader
/// without an exception. Each sample is a valid packet; the sweep feeds its prefixes (raw, and with
/// the RTCP length field rewritten to match, so the typed readers see short but well-framed bodies),
/// single-byte corruptions, and random datagrams.
/// </summary>
public class MalformedInputSweepTests
{
    public static TheoryData<string> RtcpSamples()
    {
        var data = new TheoryData<string>();
        foreach (byte[] sample in BuildRtcpSamples())
        {
            data.Add(Convert.ToHexString(sample));
        }

        return data;
    }

    public static TheoryData<string> RtpSamples() => new(RtpSampleHex);

    private static readonly string[] RtpSampleHex =
    [
        "906F1234" + "00000BB8" + "DEADBEEF" + "BEDE0002" + "10AA22010203" + "0000" + "CAFEBABE",
        "9060000100000001000000021000000230" + "00F103414243" + "00",
        "A2E0FFFF000000640000000100000011000000220102000003",
        "B0600001000000010000000200000001" + "BEDE0001" + "10AA0000" + "0102030405" + "000004",
    ];

    [Theory]
    [MemberData(nameof(RtpSamples))]
    public void Rtp_reader_survives_every_truncation_and_corruption(string hex)
    {
        byte[] packet = Convert.FromHexString(hex);
        Assert.True(RtpPacketReader.TryRead(packet, out _));
        for (int length = 0; length <= packet.Length; length++)
        {
            ExerciseRtp(packet.AsSpan(0, length));
        }

        for (int i = 0; i < packet.Length; i++)
        {
            foreach (byte value in (byte[])[0x00, 0xFF, 0x0F, 0xF0, (byte)(packet[i] ^ 0x55)])
            {
                byte[] copy = (byte[])packet.Clone();
                copy[i] = value;
                for (int length = 0; length <= copy.Length; length++)
                {
                    ExerciseRtp(copy.AsSpan(0, length));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(RtcpSamples))]
    public void Rtcp_readers_survive_every_truncation_and_corruption(string hex)
    {
        byte[] packet = Convert.FromHexString(hex);
        for (int length = 0; length <= packet.Length; length++)
        {
            ExerciseRtcp(packet.AsSpan(0, length));

            // Same prefix with its length field made consistent (bodies shorter than the type needs).
            if (length >= 4)
            {
                byte[] framed = packet.AsSpan(0, length & ~3).ToArray();
                BinaryPrimitives.WriteUInt16BigEndian(framed.AsSpan(2), (ushort)((framed.Length >> 2) - 1));
                framed[0] &= 0xDF; // no padding bit
                ExerciseRtcp(framed);
            }
        }

        for (int i = 0; i < packet.Length; i++)
        {
            foreach (byte value in (byte[])[0x00, 0xFF, 0x7F, 0x80, (byte)(packet[i] ^ 0xA5)])
            {
                byte[] copy = (byte[])packet.Clone();
                copy[i] = value;
                ExerciseRtcp(copy);
            }
        }
    }

    [Fact]
    public void Random_garbage_never_throws()
    {
        var random = new SeededRandomSource(77);
        byte[] buffer = new byte[1500];
        for (int i = 0; i < 20_000; i++)
        {
            int length = random.NextInt32(200);
            Span<byte> span = buffer.AsSpan(0, length);
            random.Fill(span);
            if (length > 0 && random.NextInt32(2) == 0)
            {
                span[0] = (byte)(0x80 | (span[0] & 0x3F)); // version 2, to get past the first check
            }

            if (length > 1 && random.NextInt32(2) == 0)
            {
                span[1] = (byte)(200 + random.NextInt32(8));
            }

            ExerciseRtp(span);
            ExerciseRtcp(span);
        }
    }

    [Fact]
    public void Random_corruption_of_valid_packets_never_throws()
    {
        var random = new SeededRandomSource(78);
        List<byte[]> samples = [.. BuildRtcpSamples(), .. RtpSampleHex.Select(Convert.FromHexString)];
        for (int i = 0; i < 20_000; i++)
        {
            byte[] copy = (byte[])samples[random.NextInt32(samples.Count)].Clone();
            int flips = 1 + random.NextInt32(4);
            for (int f = 0; f < flips; f++)
            {
                copy[random.NextInt32(copy.Length)] ^= (byte)(1 << random.NextInt32(8));
            }

            ExerciseRtp(copy);
            ExerciseRtcp(copy);
        }
    }

    internal static IEnumerable<byte[]> BuildRtcpSamples()
    {
        var block = new RtcpReportBlock(0x11223344, 64, -3, 0x0001FFFF, 250, 0xAABBCCDD, 0x00010000);
        byte[] b = new byte[1500];
        int n;
        var compound = new List<byte>();
        new RtcpSenderReportWriter(7, new NtpTime(1234567), 1, 2, 3, [block, block]).TryWriteTo(b, out n);
        compound.AddRange(b.AsSpan(0, n).ToArray());
        new RtcpSdesWriter([7u, 8u], "cname-of-seven"u8).TryWriteTo(b, out n);
        compound.AddRange(b.AsSpan(0, n).ToArray());
        yield return [.. compound];
        new RtcpReceiverReportWriter(9, [block]).TryWriteTo(b, out n);
        yield return b.AsSpan(0, n).ToArray();
        new RtcpByeWriter([1u, 2u], "bye"u8).TryWriteTo(b, out n);
        yield return b.AsSpan(0, n).ToArray();
        new RtcpAppWriter(1, 2, 3, [1, 2, 3, 4, 5, 6, 7, 8]).TryWriteTo(b, out n);
        yield return b.AsSpan(0, n).ToArray();
        new RtcpNackWriter(1, 2, [5, 6, 9, 40, 41, 300]).TryWriteTo(b, out n);
        yield return b.AsSpan(0, n).ToArray();
        new RtcpPliWriter(1, 2).TryWriteTo(b, out n);
        yield return b.AsSpan(0, n).ToArray();
        new RtcpFirWriter(1, 2, 3).TryWriteTo(b, out n);
        yield return b.AsSpan(0, n).ToArray();
        new RtcpRembWriter(1, 123_456_789, [4u, 5u, 6u]).TryWriteTo(b, out n);
        yield return b.AsSpan(0, n).ToArray();
        new RtcpExtendedReportWriter(1, new NtpTime(99), [new RtcpDlrrItem(1, 2, 3), new RtcpDlrrItem(4, 5, 6)]).TryWriteTo(b, out n);
        yield return b.AsSpan(0, n).ToArray();
        var twcc = new RtcpTransportFeedbackBuilder();
        twcc.Reset(1, 2, 100, MonoTime.FromMilliseconds(1000), 3);
        twcc.TryAdd(100, MonoTime.FromMilliseconds(1001));
        twcc.TryAdd(103, MonoTime.FromMilliseconds(1003));
        twcc.TryAdd(104, MonoTime.FromMilliseconds(1200));
        twcc.TryAdd(105, MonoTime.FromMilliseconds(1100));
        for (ushort s = 106; s < 140; s++)
        {
            twcc.TryAdd(s, MonoTime.FromMilliseconds(1100 + s));
        }

        twcc.TryWriteTo(b, out n);
        yield return b.AsSpan(0, n).ToArray();
    }

    private static void ExerciseRtp(ReadOnlySpan<byte> data)
    {
        RtpHeaderExtensionMap map = RtpHeaderExtensionMap.CreateChromiumDefaults();
        if (!RtpPacketReader.TryRead(data, out RtpPacketReader p))
        {
            return;
        }

        _ = p.Marker ^ p.HasPadding;
        _ = p.PayloadType + p.SequenceNumber + p.Timestamp + p.Ssrc + (uint)p.Payload.Length + (uint)p.ExtensionData.Length;
        for (int i = 0; i < p.CsrcCount; i++)
        {
            _ = p.GetCsrc(i);
        }

        foreach (RtpHeaderExtension e in p.GetExtensions())
        {
            _ = e.Id + e.Value.Length;
        }

        for (int id = 0; id < 256; id += 17)
        {
            p.TryGetExtension(id, out _);
        }

        p.TryGetMid(map, out _);
        p.TryGetRtpStreamId(map, out _);
        p.TryGetRepairedRtpStreamId(map, out _);
        p.TryGetAbsSendTime(map, out _);
        p.TryGetTransportSequenceNumber(map, out _);
        p.TryGetAudioLevel(map, out _);
        p.TryGetVideoOrientation(map, out _);
        p.TryGetPlayoutDelay(map, out _);
    }

    internal static void ExerciseRtcp(ReadOnlySpan<byte> data)
    {
        var reader = new RtcpCompoundReader(data);
        while (reader.TryReadNext(out RtcpPacket p))
        {
            _ = p.Kind;
            if (RtcpSenderReportReader.TryRead(p, out RtcpSenderReportReader sr))
            {
                _ = sr.Ssrc + sr.NtpTimestamp.Value + sr.RtpTimestamp + sr.PacketCount + sr.OctetCount;
                for (int i = 0; i < sr.ReportCount; i++)
                {
                    _ = sr.GetReportBlock(i);
                }
            }

            if (RtcpReceiverReportReader.TryRead(p, out RtcpReceiverReportReader rr))
            {
                for (int i = 0; i < rr.ReportCount; i++)
                {
                    _ = rr.GetReportBlock(i);
                }
            }

            if (RtcpSdesReader.TryRead(p, out RtcpSdesReader sdes))
            {
                while (sdes.TryReadNextChunk(out RtcpSdesChunk chunk))
                {
                    chunk.TryGetItem(RtcpSdesItemType.Cname, out _);
                    chunk.TryGetItem(RtcpSdesItemType.Note, out _);
                }
            }

            if (RtcpByeReader.TryRead(p, out RtcpByeReader bye))
            {
                for (int i = 0; i < bye.SourceCount; i++)
                {
                    _ = bye.GetSsrc(i);
                }
            }

            RtcpAppReader.TryRead(p, out _);
            if (RtcpNackReader.TryRead(p, out RtcpNackReader nack))
            {
                while (nack.TryReadNext(out _))
                {
                }
            }

            RtcpPliReader.TryRead(p, out _, out _);
            if (RtcpFirReader.TryRead(p, out RtcpFirReader fir))
            {
                for (int i = 0; i < fir.EntryCount; i++)
                {
                    _ = fir.GetEntry(i);
                }
            }

            if (RtcpRembReader.TryRead(p, out RtcpRembReader remb))
            {
                for (int i = 0; i < remb.SsrcCount; i++)
                {
                    _ = remb.GetSsrc(i);
                }
            }

            if (RtcpTransportFeedbackReader.TryRead(p, out RtcpTransportFeedbackReader twcc))
            {
                int guard = 0;
                while (twcc.TryReadNext(out _) && guard++ < 70_000)
                {
                }
            }

            if (RtcpExtendedReportReader.TryRead(p, out RtcpExtendedReportReader xr))
            {
                while (xr.TryReadNextBlock(out RtcpXrBlock block))
                {
                    RtcpExtendedReportReader.TryReadReceiverReferenceTime(block, out _);
                    for (int i = 0; i < RtcpExtendedReportReader.GetDlrrItemCount(block); i++)
                    {
                        _ = RtcpExtendedReportReader.GetDlrrItem(block, i);
                    }
                }
            }
        }
    }
}
