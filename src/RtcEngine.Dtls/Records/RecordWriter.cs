namespace RtcEngine.Dtls;

/// <summary>
/// The sending half of the record layer: sequence numbers per epoch (48 bits, never reused, RFC
/// 6347 section 4.1) and the epoch 1 write cipher once keys exist.
/// </summary>
/// <remarks>Not thread-safe; owned by one endpoint.</remarks>
internal sealed class RecordWriter : IDisposable
{
    private readonly byte[] _scratch;
    private ulong _epoch0Sequence;
    private ulong _epoch1Sequence;

    public RecordWriter(int maxPlaintext) => _scratch = new byte[maxPlaintext];

    /// <summary>The epoch 1 cipher, set once the key block is derived.</summary>
    public RecordCipher? Epoch1 { get; private set; }

    /// <summary>The epoch that alerts and application data go out in: 1 once this side sent ChangeCipherSpec.</summary>
    public ushort CurrentEpoch { get; set; }

    public void SetEpoch1(RecordCipher cipher) => Epoch1 = cipher;

    /// <summary>Sets the next epoch 0 sequence number (a stateless server continues from the client's, RFC 6347 section 4.2.1).</summary>
    public void SetEpoch0Sequence(ulong next) => _epoch0Sequence = Math.Max(_epoch0Sequence, next);

    public int Overhead(ushort epoch) => epoch == 0 ? 0 : Epoch1!.Overhead;

    /// <summary>Writes one record; returns its length.</summary>
    public int Write(DtlsContentType type, ushort epoch, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        if (epoch == 0)
        {
            DtlsRecordReader.WriteHeader(destination, type, DtlsVersion.Dtls12, 0, _epoch0Sequence++, plaintext.Length);
            plaintext.CopyTo(destination[DtlsRecordReader.HeaderLength..]);
            return DtlsRecordReader.HeaderLength + plaintext.Length;
        }

        return Epoch1!.Seal(type, DtlsVersion.Dtls12, 1, _epoch1Sequence++, plaintext, destination);
    }

    /// <summary>Writes one record holding one handshake fragment; returns its length.</summary>
    public int WriteHandshakeFragment(ushort epoch, HandshakeType type, int length, ushort messageSeq, int offset, ReadOnlySpan<byte> fragment, Span<byte> destination)
    {
        int plaintextLength = HandshakeFragmentReader.HeaderLength + fragment.Length;
        Span<byte> plaintext = epoch == 0 ? destination.Slice(DtlsRecordReader.HeaderLength, plaintextLength) : _scratch.AsSpan(0, plaintextLength);
        HandshakeFragmentReader.WriteHeader(plaintext, type, length, messageSeq, offset, fragment.Length);
        fragment.CopyTo(plaintext[HandshakeFragmentReader.HeaderLength..]);
        if (epoch == 0)
        {
            DtlsRecordReader.WriteHeader(destination, DtlsContentType.Handshake, DtlsVersion.Dtls12, 0, _epoch0Sequence++, plaintextLength);
            return DtlsRecordReader.HeaderLength + plaintextLength;
        }

        return Epoch1!.Seal(DtlsContentType.Handshake, DtlsVersion.Dtls12, 1, _epoch1Sequence++, plaintext, destination);
    }

    public void Dispose() => Epoch1?.Dispose();
}
