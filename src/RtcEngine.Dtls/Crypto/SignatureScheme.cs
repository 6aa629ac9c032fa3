using System.Security.Cryptography;

namespace RtcEngine.Dtls;

/// <summary>TLS 1.2 SignatureAndHashAlgorithm values this engine signs or verifies with (RFC 5246 section 7.4.1.4.1, RFC 8446 section 4.2.3).</summary>
internal enum SignatureScheme : ushort
{
    RsaPkcs1Sha256 = 0x0401,
    EcdsaSecp256r1Sha256 = 0x0403,
    RsaPkcs1Sha384 = 0x0501,
    EcdsaSecp384r1Sha384 = 0x0503,
    RsaPkcs1Sha512 = 0x0601,
    RsaPssRsaeSha256 = 0x0804,
    RsaPssRsaeSha384 = 0x0805,
}

/// <summary>The signature schemes this engine offers and their hashes (ECDSA signatures are DER, RFC 8422 section 5.4).</summary>
internal static class SignatureVerifier
{
    /// <summary>The schemes this engine offers in signature_algorithms, in preference order.</summary>
    public static ReadOnlySpan<ushort> Supported =>
    [
        (ushort)SignatureScheme.EcdsaSecp256r1Sha256,
        (ushort)SignatureScheme.EcdsaSecp384r1Sha384,
        (ushort)SignatureScheme.RsaPssRsaeSha256,
        (ushort)SignatureScheme.RsaPkcs1Sha256,
        (ushort)SignatureScheme.RsaPssRsaeSha384,
        (ushort)SignatureScheme.RsaPkcs1Sha384,
        (ushort)SignatureScheme.RsaPkcs1Sha512,
    ];

    public static bool IsSupported(ushort scheme) => Supported.Contains(scheme);

    public static bool IsEcdsa(SignatureScheme scheme) => scheme is SignatureScheme.EcdsaSecp256r1Sha256 or SignatureScheme.EcdsaSecp384r1Sha384;

    public static HashAlgorithmName Hash(SignatureScheme scheme) => scheme switch
    {
        SignatureScheme.EcdsaSecp384r1Sha384 or SignatureScheme.RsaPkcs1Sha384 or SignatureScheme.RsaPssRsaeSha384 => HashAlgorithmName.SHA384,
        SignatureScheme.RsaPkcs1Sha512 => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA256,
    };
}
