namespace RtcEngine.Srtp;

/// <summary>
/// An SRTP protection profile. The values of the four DTLS-SRTP profiles are their IANA
/// "DTLS-SRTP Protection Profiles" ids (RFC 5764 section 4.1.2, RFC 7714 section 14.2), the same
/// numbers the DTLS layer negotiates in use_srtp, so the Session layer translates by value.
/// </summary>
/// <remarks>
/// <see cref="Aes256CmHmacSha1_80"/> (RFC 6188) has no DTLS-SRTP id; its value is private to this
/// library, outside the IANA range, and never appears on the wire.
/// </remarks>
public enum SrtpProfile : ushort
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80: AES-128 counter mode, HMAC-SHA1 truncated to 80 bits (RFC 3711, RFC 5764).</summary>
    Aes128CmHmacSha1_80 = 0x0001,

    /// <summary>
    /// SRTP_AES128_CM_HMAC_SHA1_32: as <see cref="Aes128CmHmacSha1_80"/> but with a 32-bit tag on
    /// SRTP; SRTCP keeps the 80-bit tag (RFC 5764 section 4.1.2).
    /// </summary>
    Aes128CmHmacSha1_32 = 0x0002,

    /// <summary>SRTP_AEAD_AES_128_GCM: AES-128 in Galois/Counter mode, 16-byte tag (RFC 7714).</summary>
    AeadAes128Gcm = 0x0007,

    /// <summary>SRTP_AEAD_AES_256_GCM: AES-256 in Galois/Counter mode, 16-byte tag (RFC 7714).</summary>
    AeadAes256Gcm = 0x0008,

    /// <summary>
    /// AES_256_CM_HMAC_SHA1_80 (RFC 6188): AES-256 counter mode and key derivation, HMAC-SHA1
    /// truncated to 80 bits. Private value: no DTLS-SRTP id exists for it.
    /// </summary>
    Aes256CmHmacSha1_80 = 0xFF01,
}
