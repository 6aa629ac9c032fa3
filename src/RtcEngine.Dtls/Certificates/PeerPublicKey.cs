using System.Formats.Asn1;
using System.Security.Cryptography;

namespace RtcEngine.Dtls;

/// <summary>
/// The public key of the peer's certificate, read straight from the DER (only as far as
/// subjectPublicKeyInfo, RFC 5280 section 4.1): the handshake needs the key, not a parsed
/// X509Certificate2, and the fingerprint already pins the exact certificate bytes.
/// </summary>
/// <remarks>
/// <code>
/// Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
/// TBSCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer, validity,
///                               subject, subjectPublicKeyInfo, ... }
/// </code>
/// Not thread-safe; one per handshake.
/// </remarks>
internal sealed class PeerPublicKey : IDisposable
{
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";
    private const string RsaEncryptionOid = "1.2.840.113549.1.1.1";

    private readonly ECDsa? _ecdsa;
    private readonly RSA? _rsa;

    private PeerPublicKey(ECDsa? ecdsa, RSA? rsa)
    {
        _ecdsa = ecdsa;
        _rsa = rsa;
    }

    public bool IsEcdsa => _ecdsa is not null;

    /// <summary>Reads the key; false (never an exception) when the DER is not a certificate with an EC or RSA key.</summary>
    public static bool TryRead(ReadOnlySpan<byte> certificateDer, out PeerPublicKey? key)
    {
        key = null;
        try
        {
            byte[] spki = ReadSubjectPublicKeyInfo(certificateDer.ToArray());
            var info = new AsnReader(spki, AsnEncodingRules.DER).ReadSequence();
            string algorithm = info.ReadSequence().ReadObjectIdentifier();
            if (algorithm == EcPublicKeyOid)
            {
                var ecdsa = ECDsa.Create();
                ecdsa.ImportSubjectPublicKeyInfo(spki, out _);
                key = new PeerPublicKey(ecdsa, null);
                return true;
            }

            if (algorithm == RsaEncryptionOid)
            {
                var rsa = RSA.Create();
                rsa.ImportSubjectPublicKeyInfo(spki, out _);
                key = new PeerPublicKey(null, rsa);
                return true;
            }

            return false;
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException)
        {
            return false;
        }
    }

    /// <summary>Whether the key can have made a signature of this scheme.</summary>
    public bool Fits(SignatureScheme scheme) =>
        SignatureVerifier.IsSupported((ushort)scheme) && SignatureVerifier.IsEcdsa(scheme) == IsEcdsa;

    /// <summary>Verifies; false (never an exception) for a wrong key type, a malformed or a bad signature.</summary>
    public bool Verify(SignatureScheme scheme, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (!Fits(scheme))
        {
            return false;
        }

        try
        {
            if (_ecdsa is not null)
            {
                return _ecdsa.VerifyData(data, signature, SignatureVerifier.Hash(scheme), DSASignatureFormat.Rfc3279DerSequence);
            }

            RSASignaturePadding padding = scheme is SignatureScheme.RsaPssRsaeSha256 or SignatureScheme.RsaPssRsaeSha384
                ? RSASignaturePadding.Pss
                : RSASignaturePadding.Pkcs1;
            return _rsa!.VerifyData(data, signature, SignatureVerifier.Hash(scheme), padding);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _ecdsa?.Dispose();
        _rsa?.Dispose();
    }

    private static byte[] ReadSubjectPublicKeyInfo(byte[] der)
    {
        AsnReader tbs = new AsnReader(der, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        if (tbs.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            tbs.ReadEncodedValue(); // version
        }

        tbs.ReadEncodedValue(); // serialNumber
        tbs.ReadEncodedValue(); // signature
        tbs.ReadEncodedValue(); // issuer
        tbs.ReadEncodedValue(); // validity
        tbs.ReadEncodedValue(); // subject
        return tbs.ReadEncodedValue().ToArray();
    }
}
