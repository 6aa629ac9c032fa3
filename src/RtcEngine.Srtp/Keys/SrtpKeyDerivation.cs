using System.Diagnostics;
using System.Security.Cryptography;

namespace RtcEngine.Srtp.Keys;

/// <summary>
/// The SRTP key derivation function (RFC 3711 section 4.3.1 and 4.3.3, AES-CM PRF; RFC 6188 section
/// 3 for AES-256) with key derivation rate 0, so each session key is derived once per context.
/// </summary>
/// <remarks>
/// <code>
///   x  = (label &lt;&lt; 48) XOR master_salt          (112 bits; key_id = label || r, r = 0)
///   PRF_n(k_master, x) = first n bits of AES-CM keystream with key k_master and IV = x * 2^16
/// </code>
/// A 96-bit AES-GCM master salt is first multiplied by 2^16 (zero-appended to 112 bits), as RFC
/// 7714 erratum 4938 settles. Runs only when a context is built: it uses the platform's AES.
/// Stateless and thread-safe.
/// </remarks>
internal static class SrtpKeyDerivation
{
    /// <summary>Label of the SRTP encryption key.</summary>
    public const byte RtpEncryption = 0x00;

    /// <summary>Label of the SRTP authentication key.</summary>
    public const byte RtpAuthentication = 0x01;

    /// <summary>Label of the SRTP salt.</summary>
    public const byte RtpSalt = 0x02;

    /// <summary>Label of the SRTCP encryption key.</summary>
    public const byte RtcpEncryption = 0x03;

    /// <summary>Label of the SRTCP authentication key.</summary>
    public const byte RtcpAuthentication = 0x04;

    /// <summary>Label of the SRTCP salt.</summary>
    public const byte RtcpSalt = 0x05;

    private const int SaltBits112 = 14;

    /// <summary>Fills <paramref name="output"/> with PRF(master key, label) output.</summary>
    public static void Derive(Aes masterCipher, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        Debug.Assert(masterSalt.Length <= SaltBits112, "salts are 96 or 112 bits");
        if (output.IsEmpty)
        {
            return; // AEAD profiles have no authentication key
        }

        int blocks = (output.Length + 15) / 16;
        Span<byte> counters = stackalloc byte[blocks * 16];
        counters.Clear();
        Span<byte> iv = counters[..16];
        masterSalt.CopyTo(iv);
        iv[7] ^= label;
        for (int i = 1; i < blocks; i++)
        {
            Span<byte> block = counters.Slice(i * 16, 16);
            iv[..14].CopyTo(block);
            block[14] = (byte)(i >> 8);
            block[15] = (byte)i;
        }

        Span<byte> keystream = stackalloc byte[blocks * 16];
        masterCipher.EncryptEcb(counters, keystream, PaddingMode.None);
        keystream[..output.Length].CopyTo(output);
        CryptographicOperations.ZeroMemory(keystream);
        CryptographicOperations.ZeroMemory(counters);
    }
}
