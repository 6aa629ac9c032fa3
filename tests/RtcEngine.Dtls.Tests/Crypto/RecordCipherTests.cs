using RtcEngine.Dtls;
using RtcEngine.Testing;

namespace RtcEngine.Dtls.Tests.Crypto;

public class RecordCipherTests
{
    public static TheoryData<int> Kinds => [(int)RecordCipherKind.Aes128Gcm, (int)RecordCipherKind.Aes256Gcm, (int)RecordCipherKind.ChaCha20Poly1305];

    private static RecordCipher Create(int kindValue)
    {
        var kind = (RecordCipherKind)kindValue;
        int keyLength = kind == RecordCipherKind.Aes128Gcm ? 16 : 32;
        int ivLength = kind == RecordCipherKind.ChaCha20Poly1305 ? 12 : 4;
        return new RecordCipher(kind, Enumerable.Range(1, keyLength).Select(i => (byte)i).ToArray(), Enumerable.Range(50, ivLength).Select(i => (byte)i).ToArray());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Seal_then_open_in_place_gives_the_plaintext_back(int kind)
    {
        using RecordCipher cipher = Create(kind);
        byte[] plaintext = Enumerable.Range(0, 1200).Select(i => (byte)(i * 3)).ToArray();
        byte[] record = new byte[1300];

        int length = cipher.Seal(DtlsContentType.ApplicationData, 0xFEFD, 1, 42, plaintext, record);

        Assert.Equal(13 + 1200 + cipher.Overhead, length);
        var reader = new DtlsRecordReader(record.AsSpan(0, length));
        Assert.True(reader.TryReadNext(out DtlsRecord parsed));
        Assert.Equal(1, parsed.Epoch);
        Assert.Equal(42UL, parsed.SequenceNumber);
        Assert.True(cipher.TryOpen(parsed.Type, parsed.Version, parsed.Epoch, parsed.SequenceNumber, parsed.Fragment, out Span<byte> opened));
        Assert.Equal(plaintext, opened.ToArray());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_changed_byte_anywhere_or_a_wrong_sequence_fails_to_open(int kind)
    {
        using RecordCipher cipher = Create(kind);
        byte[] record = new byte[200];
        int length = cipher.Seal(DtlsContentType.ApplicationData, 0xFEFD, 1, 7, new byte[100], record);
        for (int i = 13; i < length; i++)
        {
            byte[] copy = record[..length];
            copy[i] ^= 1;
            Assert.False(cipher.TryOpen(DtlsContentType.ApplicationData, 0xFEFD, 1, 7, copy.AsSpan(13), out _));
        }

        Assert.False(cipher.TryOpen(DtlsContentType.ApplicationData, 0xFEFD, 1, 8, record.AsSpan(13, length - 13), out _));
        Assert.False(cipher.TryOpen(DtlsContentType.Alert, 0xFEFD, 1, 7, record.AsSpan(13, length - 13), out _));
        Assert.False(cipher.TryOpen(DtlsContentType.ApplicationData, 0xFEFD, 1, 7, record.AsSpan(13, 10), out _));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Seal_and_open_of_1200_bytes_allocate_nothing(int kind)
    {
        using RecordCipher cipher = Create(kind);
        byte[] plaintext = new byte[1200];
        byte[] record = new byte[1300];
        ulong sequence = 0;
        AllocationAssert.NoAllocations(
            () =>
            {
                int length = cipher.Seal(DtlsContentType.ApplicationData, 0xFEFD, 1, sequence, plaintext, record);
                Assert.True(cipher.TryOpen(DtlsContentType.ApplicationData, 0xFEFD, 1, sequence, record.AsSpan(13, length - 13), out _));
                sequence++;
            },
            what: "seal+open");
    }
}
