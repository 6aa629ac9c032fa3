using System.Diagnostics.CodeAnalysis;

namespace RtcEngine.Srtp;

/// <summary>
/// Static facts of an <see cref="SrtpProfile"/>: what the Session layer needs to split DTLS keying
/// material (RFC 5764 section 4.2) and to size buffers (the bytes protect adds).
/// </summary>
/// <remarks>Immutable; safe to share between threads.</remarks>
public readonly struct SrtpProfileInfo
{
    private SrtpProfileInfo(SrtpProfile profile, int masterKeyLength, int masterSaltLength, int rtpTag, int rtcpTag, bool isAead)
    {
        Profile = profile;
        MasterKeyLength = masterKeyLength;
        MasterSaltLength = masterSaltLength;
        RtpAuthTagLength = rtpTag;
        RtcpAuthTagLength = rtcpTag;
        IsAead = isAead;
    }

    /// <summary>The profile these facts describe.</summary>
    public SrtpProfile Profile { get; }

    /// <summary>Master key length in bytes (16 for AES-128, 32 for AES-256).</summary>
    public int MasterKeyLength { get; }

    /// <summary>Master salt length in bytes (14 for the AES-CM profiles, 12 for AES-GCM).</summary>
    public int MasterSaltLength { get; }

    /// <summary>Authentication tag length on SRTP packets, in bytes (10, 4 or 16).</summary>
    public int RtpAuthTagLength { get; }

    /// <summary>Authentication tag length on SRTCP packets, in bytes (10 or 16).</summary>
    public int RtcpAuthTagLength { get; }

    /// <summary>Whether the profile is an AEAD (AES-GCM) profile rather than AES-CM with HMAC-SHA1.</summary>
    public bool IsAead { get; }

    /// <summary>Session encryption key length in bytes (equal to the master key length).</summary>
    public int SessionKeyLength => MasterKeyLength;

    /// <summary>Session salt length in bytes (equal to the master salt length).</summary>
    public int SessionSaltLength => MasterSaltLength;

    /// <summary>Session authentication (HMAC) key length in bytes: 20, or 0 for AEAD profiles.</summary>
    public int SessionAuthKeyLength => IsAead ? 0 : 20;

    /// <summary>Bytes that protecting an RTP packet appends (the tag; no MKI is used).</summary>
    public int RtpOverhead => RtpAuthTagLength;

    /// <summary>Bytes that protecting an RTCP packet appends (the E flag and SRTCP index word, and the tag).</summary>
    public int RtcpOverhead => RtcpAuthTagLength + 4;

    /// <summary>
    /// Length of the DTLS-SRTP keying material for this profile (RFC 5764 section 4.2): two master
    /// keys and two master salts.
    /// </summary>
    public int KeyingMaterialLength => 2 * (MasterKeyLength + MasterSaltLength);

    /// <summary>The facts of <paramref name="profile"/>; throws for a value that is not a supported profile.</summary>
    public static SrtpProfileInfo Get(SrtpProfile profile)
    {
        if (!TryGet(profile, out SrtpProfileInfo info))
        {
            ThrowUnknownProfile(profile);
        }

        return info;
    }

    /// <summary>The facts of <paramref name="profile"/>, or false when it is not a supported profile.</summary>
    public static bool TryGet(SrtpProfile profile, out SrtpProfileInfo info)
    {
        info = profile switch
        {
            SrtpProfile.Aes128CmHmacSha1_80 => new SrtpProfileInfo(profile, 16, 14, 10, 10, false),
            SrtpProfile.Aes128CmHmacSha1_32 => new SrtpProfileInfo(profile, 16, 14, 4, 10, false),
            SrtpProfile.AeadAes128Gcm => new SrtpProfileInfo(profile, 16, 12, 16, 16, true),
            SrtpProfile.AeadAes256Gcm => new SrtpProfileInfo(profile, 32, 12, 16, 16, true),
            SrtpProfile.Aes256CmHmacSha1_80 => new SrtpProfileInfo(profile, 32, 14, 10, 10, false),
            _ => default,
        };
        return info.MasterKeyLength != 0;
    }

    /// <summary>
    /// Maps a DTLS-SRTP protection profile id (as negotiated in use_srtp) to a supported profile.
    /// Returns false for ids this library does not implement (for example the NULL-cipher ones).
    /// </summary>
    public static bool TryFromDtlsId(ushort id, out SrtpProfile profile)
    {
        profile = (SrtpProfile)id;
        return id is 0x0001 or 0x0002 or 0x0007 or 0x0008;
    }

    [DoesNotReturn]
    private static void ThrowUnknownProfile(SrtpProfile profile) =>
        throw new ArgumentOutOfRangeException(nameof(profile), profile, "Not a supported SRTP profile.");
}
