using System.Security.Cryptography;
using RtcEngine.Primitives;
using BcX25519 = Org.BouncyCastle.Math.EC.Rfc7748.X25519;

namespace RtcEngine.Dtls;

/// <summary>
/// One side's ephemeral ECDHE key for one handshake (RFC 8422 section 5.10 for P-256, RFC 7748 for
/// X25519): writes its public value and derives the shared secret from the peer's. The private
/// scalar is drawn from the endpoint's <see cref="IRandomSource"/>; X25519 comes from BouncyCastle
/// (the platform has no X25519 on Linux), P-256 from the platform.
/// </summary>
/// <remarks>Not thread-safe; used once by one handshake, then disposed (which wipes the private key).</remarks>
internal sealed class EphemeralKeyExchange : IDisposable
{
    private const int X25519Length = 32;
    private const int P256CoordinateLength = 32;

    private readonly byte[] _private;
    private readonly byte[] _public;
    private readonly ECDiffieHellman? _ecdh;

    private EphemeralKeyExchange(DtlsNamedGroup group, byte[] privateKey, byte[] publicKey, ECDiffieHellman? ecdh)
    {
        Group = group;
        _private = privateKey;
        _public = publicKey;
        _ecdh = ecdh;
    }

    public DtlsNamedGroup Group { get; }

    /// <summary>The public value as sent on the wire (32 bytes for X25519; 65, uncompressed, for P-256).</summary>
    public ReadOnlySpan<byte> PublicKey => _public;

    public static EphemeralKeyExchange Create(DtlsNamedGroup group, IRandomSource random)
    {
        if (group == DtlsNamedGroup.X25519)
        {
            byte[] scalar = new byte[X25519Length];
            random.Fill(scalar);
            BcX25519.ClampPrivateKey(scalar);
            byte[] publicKey = new byte[X25519Length];
            BcX25519.ScalarMultBase(scalar, publicKey);
            return new EphemeralKeyExchange(group, scalar, publicKey, null);
        }

        // P-256: a scalar from the random source, reduced into [1, n-1] by retrying (probability ~2^-32 per draw).
        byte[] d = new byte[P256CoordinateLength];
        while (true)
        {
            random.Fill(d);
            try
            {
                var ecdh = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = d });
                ECParameters exported = ecdh.ExportParameters(false);
                byte[] point = new byte[1 + 2 * P256CoordinateLength];
                point[0] = 4;
                exported.Q.X!.CopyTo(point, 1);
                exported.Q.Y!.CopyTo(point, 1 + P256CoordinateLength);
                return new EphemeralKeyExchange(group, d, point, ecdh);
            }
            catch (CryptographicException)
            {
                // d was zero or not below the group order: draw again.
            }
        }
    }

    /// <summary>Derives the premaster secret (32 bytes for both groups); false when the peer's value is invalid.</summary>
    public bool TryDeriveSharedSecret(ReadOnlySpan<byte> peerPublic, Span<byte> secret)
    {
        if (Group == DtlsNamedGroup.X25519)
        {
            // An all-zero result (a low-order peer point) is rejected, as RFC 7748 section 6.1 allows.
            return peerPublic.Length == X25519Length && BcX25519.CalculateAgreement(_private, peerPublic, secret[..X25519Length]);
        }

        if (peerPublic.Length != 1 + 2 * P256CoordinateLength || peerPublic[0] != 4)
        {
            return false;
        }

        try
        {
            using var peer = ECDiffieHellman.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = peerPublic.Slice(1, 32).ToArray(), Y = peerPublic.Slice(33, 32).ToArray() },
            });
            byte[] raw = _ecdh!.DeriveRawSecretAgreement(peer.PublicKey);
            raw.CopyTo(secret);
            CryptographicOperations.ZeroMemory(raw);
            return raw.Length == P256CoordinateLength;
        }
        catch (CryptographicException)
        {
            return false; // not a point on the curve
        }
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_private);
        _ecdh?.Dispose();
    }
}
