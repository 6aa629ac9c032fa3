using System.Security.Cryptography;

namespace RtcEngine.Dtls;

/// <summary>
/// The handshake messages both sides hash for CertificateVerify, the extended master secret and
/// Finished: each message as if sent unfragmented (12-byte DTLS header with fragment_offset 0 and
/// fragment_length = length, RFC 6347 section 4.2.6). The first ClientHello and the
/// HelloVerifyRequest are left out. Kept as bytes, because the hash function is known only after
/// ServerHello and CertificateVerify may sign with another one.
/// </summary>
/// <remarks>Not thread-safe; one per handshake.</remarks>
internal sealed class HandshakeTranscript
{
    private byte[] _buffer = new byte[4096];
    private int _length;

    public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, _length);

    public int Length => _length;

    public void Reset() => _length = 0;

    public void Append(HandshakeType type, ushort messageSeq, ReadOnlySpan<byte> body)
    {
        int needed = _length + HandshakeFragmentReader.HeaderLength + body.Length;
        if (needed > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
        }

        HandshakeFragmentReader.WriteHeader(_buffer.AsSpan(_length), type, body.Length, messageSeq, 0, body.Length);
        body.CopyTo(_buffer.AsSpan(_length + HandshakeFragmentReader.HeaderLength));
        _length = needed;
    }

    /// <summary>Hash of the transcript so far (or of its first <paramref name="length"/> bytes); returns the hash length.</summary>
    public int Hash(bool sha384, Span<byte> destination, int length = -1)
    {
        ReadOnlySpan<byte> data = _buffer.AsSpan(0, length < 0 ? _length : length);
        return sha384 ? SHA384.HashData(data, destination) : SHA256.HashData(data, destination);
    }
}
