using System.Security.Cryptography;

namespace RtcEngine.Srtp.Keys;

/// <summary>
/// The six session keys of one master key and salt (RFC 3711 section 4.3): encryption key,
/// authentication key and salt, for SRTP and for SRTCP. Held only while a context is built, then wiped.
/// </summary>
internal sealed class SrtpSessionKeys : IDisposable
{
    private SrtpSessionKeys(SrtpProfileInfo info)
    {
        RtpKey = new byte[info.SessionKeyLength];
        RtpSalt = new byte[info.SessionSaltLength];
        RtpAuthKey = new byte[info.SessionAuthKeyLength];
        RtcpKey = new byte[info.SessionKeyLength];
        RtcpSalt = new byte[info.SessionSaltLength];
        RtcpAuthKey = new byte[info.SessionAuthKeyLength];
    }

    public byte[] RtpKey { get; }

    public byte[] RtpSalt { get; }

    public byte[] RtpAuthKey { get; }

    public byte[] RtcpKey { get; }

    public byte[] RtcpSalt { get; }

    public byte[] RtcpAuthKey { get; }

    /// <summary>Derives the session keys of a profile from a master key and salt.</summary>
    public static SrtpSessionKeys Derive(SrtpProfileInfo info, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        var keys = new SrtpSessionKeys(info);
        using Aes aes = Aes.Create();
        aes.SetKey(masterKey);
        SrtpKeyDerivation.Derive(aes, masterSalt, SrtpKeyDerivation.RtpEncryption, keys.RtpKey);
        SrtpKeyDerivation.Derive(aes, masterSalt, SrtpKeyDerivation.RtpAuthentication, keys.RtpAuthKey);
        SrtpKeyDerivation.Derive(aes, masterSalt, SrtpKeyDerivation.RtpSalt, keys.RtpSalt);
        SrtpKeyDerivation.Derive(aes, masterSalt, SrtpKeyDerivation.RtcpEncryption, keys.RtcpKey);
        SrtpKeyDerivation.Derive(aes, masterSalt, SrtpKeyDerivation.RtcpAuthentication, keys.RtcpAuthKey);
        SrtpKeyDerivation.Derive(aes, masterSalt, SrtpKeyDerivation.RtcpSalt, keys.RtcpSalt);
        return keys;
    }

    /// <summary>Session keys given directly (test vectors such as RFC 7714's skip the derivation).</summary>
    internal static SrtpSessionKeys FromSessionKeys(SrtpProfileInfo info, ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> authKey)
    {
        var keys = new SrtpSessionKeys(info);
        key.CopyTo(keys.RtpKey);
        key.CopyTo(keys.RtcpKey);
        salt.CopyTo(keys.RtpSalt);
        salt.CopyTo(keys.RtcpSalt);
        authKey.CopyTo(keys.RtpAuthKey);
        authKey.CopyTo(keys.RtcpAuthKey);
        return keys;
    }

    /// <summary>Wipes every key.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(RtpKey);
        CryptographicOperations.ZeroMemory(RtpSalt);
        CryptographicOperations.ZeroMemory(RtpAuthKey);
        CryptographicOperations.ZeroMemory(RtcpKey);
        CryptographicOperations.ZeroMemory(RtcpSalt);
        CryptographicOperations.ZeroMemory(RtcpAuthKey);
    }
}
