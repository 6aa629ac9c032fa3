using System.Buffers.Binary;
using System.Security.Cryptography;

namespace RtcEngine.Dtls;

/// <summary>
/// AEAD protection of one direction of one epoch's records (RFC 5246 section 6.2.3.3, RFC 6347
/// section 4.1.2.1): AES-GCM with a 4-byte implicit salt and an 8-byte explicit nonce (RFC 5288),
/// or ChaCha20-Poly1305 with a 12-byte IV XORed with the sequence number (RFC 7905).
/// </summary>
/// <remarks>
/// <code>
/// additional_data = epoch(2) + sequence_number(6) + type(1) + version(2) + plaintext length(2)
/// AES-GCM fragment = explicit nonce (8) | ciphertext | tag (16)
/// ChaCha20 fragment =                    ciphertext | tag (16)
/// </code>
/// The explicit nonce this engine writes is the record's epoch and sequence number, so it never
/// repeats under one key. Seal and open allocate nothing. Not thread-safe.
/// </remarks>
internal sealed class RecordCipher : IDisposable
{
    private const int TagLength = 16;
    private const int ExplicitNonceLength = 8;
    private const int AadLength = 13;

    private readonly AesGcm? _aes;
    private readonly ChaCha20Poly1305? _chacha;
    private readonly byte[] _iv;

    public RecordCipher(RecordCipherKind kind, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv)
    {
        Kind = kind;
        _iv = iv.ToArray();
        if (kind == RecordCipherKind.ChaCha20Poly1305)
        {
            _chacha = new ChaCha20Poly1305(key);
        }
        else
        {
            _aes = new AesGcm(key, TagLength);
        }
    }

    public RecordCipherKind Kind { get; }

    /// <summary>Bytes added to a plaintext.</summary>
    public int Overhead => _aes is not null ? ExplicitNonceLength + TagLength : TagLength;

    /// <summary>
    /// Writes a whole protected record (header and fragment) into <paramref name="destination"/>;
    /// returns its length. <paramref name="plaintext"/> must not overlap the destination.
    /// </summary>
    public int Seal(DtlsContentType type, ushort version, ushort epoch, ulong sequenceNumber, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        int fragmentLength = plaintext.Length + Overhead;
        DtlsRecordReader.WriteHeader(destination, type, version, epoch, sequenceNumber, fragmentLength);
        Span<byte> aad = stackalloc byte[AadLength];
        WriteAad(aad, type, version, epoch, sequenceNumber, plaintext.Length);
        Span<byte> nonce = stackalloc byte[12];
        Span<byte> fragment = destination.Slice(DtlsRecordReader.HeaderLength, fragmentLength);
        ulong epochAndSequence = ((ulong)epoch << 48) | sequenceNumber;
        if (_aes is not null)
        {
            _iv.CopyTo(nonce);
            BinaryPrimitives.WriteUInt64BigEndian(nonce[4..], epochAndSequence);
            nonce[4..].CopyTo(fragment);
            _aes.Encrypt(nonce, plaintext, fragment.Slice(ExplicitNonceLength, plaintext.Length), fragment[(ExplicitNonceLength + plaintext.Length)..], aad);
        }
        else
        {
            ChaChaNonce(nonce, epochAndSequence);
            _chacha!.Encrypt(nonce, plaintext, fragment[..plaintext.Length], fragment[plaintext.Length..], aad);
        }

        return DtlsRecordReader.HeaderLength + fragmentLength;
    }

    /// <summary>Opens a record's fragment in place; false (nothing thrown) when it does not authenticate.</summary>
    public bool TryOpen(DtlsContentType type, ushort version, ushort epoch, ulong sequenceNumber, Span<byte> fragment, out Span<byte> plaintext)
    {
        plaintext = default;
        int plaintextLength = fragment.Length - Overhead;
        if (plaintextLength < 0)
        {
            return false;
        }

        Span<byte> aad = stackalloc byte[AadLength];
        WriteAad(aad, type, version, epoch, sequenceNumber, plaintextLength);
        Span<byte> nonce = stackalloc byte[12];
        try
        {
            if (_aes is not null)
            {
                _iv.CopyTo(nonce);
                fragment[..ExplicitNonceLength].CopyTo(nonce[4..]);
                Span<byte> ciphertext = fragment.Slice(ExplicitNonceLength, plaintextLength);
                _aes.Decrypt(nonce, ciphertext, fragment[(ExplicitNonceLength + plaintextLength)..], ciphertext, aad);
                plaintext = ciphertext;
            }
            else
            {
                ChaChaNonce(nonce, ((ulong)epoch << 48) | sequenceNumber);
                Span<byte> ciphertext = fragment[..plaintextLength];
                _chacha!.Decrypt(nonce, ciphertext, fragment[plaintextLength..], ciphertext, aad);
                plaintext = ciphertext;
            }

            return true;
        }
        catch (CryptographicException)
        {
            // A forged or damaged record: the platform reports a tag mismatch by exception.
            return false;
        }
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_iv);
        _aes?.Dispose();
        _chacha?.Dispose();
    }

    private static void WriteAad(Span<byte> aad, DtlsContentType type, ushort version, ushort epoch, ulong sequenceNumber, int length)
    {
        BinaryPrimitives.WriteUInt64BigEndian(aad, ((ulong)epoch << 48) | sequenceNumber);
        aad[8] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(aad[9..], version);
        BinaryPrimitives.WriteUInt16BigEndian(aad[11..], (ushort)length);
    }

    private void ChaChaNonce(Span<byte> nonce, ulong epochAndSequence)
    {
        _iv.CopyTo(nonce);
        ulong tail = BinaryPrimitives.ReadUInt64BigEndian(nonce[4..]) ^ epochAndSequence;
        BinaryPrimitives.WriteUInt64BigEndian(nonce[4..], tail);
    }
}
