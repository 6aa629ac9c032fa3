namespace RtcEngine.Srtp;

/// <summary>
/// Splits DTLS-SRTP keying material (the TLS exporter output with label "EXTRACTOR-dtls_srtp") into
/// the two master keys and salts, RFC 5764 section 4.2:
/// <code>
/// client_write_SRTP_master_key | server_write_SRTP_master_key |
/// client_write_SRTP_master_salt | server_write_SRTP_master_salt
/// </code>
/// The DTLS client protects with the client write key and unprotects with the server's.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class SrtpKeyingMaterial
{
    /// <summary>Bytes of keying material <paramref name="profile"/> needs (to ask the DTLS exporter for).</summary>
    public static int GetLength(SrtpProfile profile) => SrtpProfileInfo.Get(profile).KeyingMaterialLength;

    /// <summary>
    /// The four parts of <paramref name="keyingMaterial"/>, as slices of it. Throws when its length
    /// is not <see cref="GetLength"/> of the profile.
    /// </summary>
    public static void Split(
        SrtpProfile profile,
        ReadOnlySpan<byte> keyingMaterial,
        out ReadOnlySpan<byte> clientKey,
        out ReadOnlySpan<byte> clientSalt,
        out ReadOnlySpan<byte> serverKey,
        out ReadOnlySpan<byte> serverSalt)
    {
        SrtpProfileInfo info = SrtpProfileInfo.Get(profile);
        if (keyingMaterial.Length != info.KeyingMaterialLength)
        {
            throw new ArgumentException($"{profile} needs {info.KeyingMaterialLength} bytes of keying material, not {keyingMaterial.Length}.", nameof(keyingMaterial));
        }

        int key = info.MasterKeyLength;
        int salt = info.MasterSaltLength;
        clientKey = keyingMaterial[..key];
        serverKey = keyingMaterial.Slice(key, key);
        clientSalt = keyingMaterial.Slice(2 * key, salt);
        serverSalt = keyingMaterial.Slice((2 * key) + salt, salt);
    }
}
