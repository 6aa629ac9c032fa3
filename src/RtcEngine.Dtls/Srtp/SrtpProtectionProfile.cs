namespace RtcEngine.Dtls;

/// <summary>
/// DTLS-SRTP protection profiles negotiated by use_srtp, by their IANA values (RFC 5764 section
/// 4.1.2, RFC 7714 section 14.2). The SRTP layer uses the same numbers; the session translates by value.
/// </summary>
public enum SrtpProtectionProfile : ushort
{
    /// <summary>No profile negotiated.</summary>
    None = 0,

    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80 (0x0001): 16-byte key, 14-byte salt.</summary>
    Aes128CmHmacSha1_80 = 0x0001,

    /// <summary>SRTP_AES128_CM_HMAC_SHA1_32 (0x0002): 16-byte key, 14-byte salt.</summary>
    Aes128CmHmacSha1_32 = 0x0002,

    /// <summary>SRTP_AEAD_AES_128_GCM (0x0007): 16-byte key, 12-byte salt.</summary>
    AeadAes128Gcm = 0x0007,

    /// <summary>SRTP_AEAD_AES_256_GCM (0x0008): 32-byte key, 12-byte salt.</summary>
    AeadAes256Gcm = 0x0008,
}

/// <summary>Key and salt lengths of the SRTP profiles (RFC 5764 section 4.1.2, RFC 7714 section 14.2).</summary>
public static class SrtpProtectionProfiles
{
    /// <summary>Whether this engine knows the profile.</summary>
    public static bool IsKnown(SrtpProtectionProfile profile) => profile is SrtpProtectionProfile.Aes128CmHmacSha1_80
        or SrtpProtectionProfile.Aes128CmHmacSha1_32 or SrtpProtectionProfile.AeadAes128Gcm or SrtpProtectionProfile.AeadAes256Gcm;

    /// <summary>The master key length in bytes.</summary>
    public static int MasterKeyLength(SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.Aes128CmHmacSha1_80 or SrtpProtectionProfile.Aes128CmHmacSha1_32 or SrtpProtectionProfile.AeadAes128Gcm => 16,
        SrtpProtectionProfile.AeadAes256Gcm => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(profile)),
    };

    /// <summary>The master salt length in bytes.</summary>
    public static int MasterSaltLength(SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.Aes128CmHmacSha1_80 or SrtpProtectionProfile.Aes128CmHmacSha1_32 => 14,
        SrtpProtectionProfile.AeadAes128Gcm or SrtpProtectionProfile.AeadAes256Gcm => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(profile)),
    };
}
