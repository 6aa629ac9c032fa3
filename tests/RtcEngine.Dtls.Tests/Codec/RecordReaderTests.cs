using RtcEngine.Dtls;

namespace RtcEngine.Dtls.Tests.Codec;

public class RecordReaderTests
{
    private static byte[] TwoRecords()
    {
        byte[] datagram = new byte[13 + 3 + 13 + 2];
        DtlsRecordReader.WriteHeader(datagram, DtlsContentType.Handshake, 0xFEFD, 0, 5, 3);
        datagram[13] = 0xAA;
        DtlsRecordReader.WriteHeader(datagram.AsSpan(16), DtlsContentType.Alert, 0xFEFF, 1, 0x0000_1234_5678_9ABC, 2);
        return datagram;
    }

    [Fact]
    public void Reads_every_record_of_a_datagram()
    {
        var reader = new DtlsRecordReader(TwoRecords());
        Assert.True(reader.TryReadNext(out DtlsRecord first));
        Assert.Equal(DtlsContentType.Handshake, first.Type);
        Assert.Equal(0xFEFD, first.Version);
        Assert.Equal(0, first.Epoch);
        Assert.Equal(5UL, first.SequenceNumber);
        Assert.Equal(3, first.Fragment.Length);
        Assert.Equal(0xAA, first.Fragment[0]);
        Assert.True(reader.TryReadNext(out DtlsRecord second));
        Assert.Equal(DtlsContentType.Alert, second.Type);
        Assert.Equal(1, second.Epoch);
        Assert.Equal(0x0000_1234_5678_9ABCUL, second.SequenceNumber);
        Assert.False(reader.TryReadNext(out _));
        Assert.False(reader.Malformed);
    }

    [Fact]
    public void Every_truncation_stops_cleanly_and_is_flagged()
    {
        byte[] datagram = TwoRecords();
        for (int length = 1; length < datagram.Length; length++)
        {
            var reader = new DtlsRecordReader(datagram.AsSpan(0, length));
            int records = 0;
            while (reader.TryReadNext(out _))
            {
                records++;
            }

            Assert.Equal(length >= 16 ? 1 : 0, records);
            Assert.Equal(length != 16, reader.Malformed);
        }
    }

    [Fact]
    public void Random_garbage_never_throws()
    {
        var random = new Random(11);
        byte[] buffer = new byte[300];
        for (int i = 0; i < 5000; i++)
        {
            Span<byte> datagram = buffer.AsSpan(0, random.Next(buffer.Length));
            random.NextBytes(datagram);
            var reader = new DtlsRecordReader(datagram);
            while (reader.TryReadNext(out DtlsRecord record))
            {
                Assert.True(record.Fragment.Length <= datagram.Length);
            }
        }
    }
}
