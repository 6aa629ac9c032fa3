using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RtcEngine.Ice.Stun;

/// <summary>
/// Keys for STUN message integrity (RFC 8489 section 9): short-term credentials (ICE) use the
/// password itself; long-term credentials (TURN) use MD5(username ":" realm ":" password) or its
/// SHA-256 form. Also the HMAC-SHA256 of MESSAGE-INTEGRITY-SHA256. Static and thread-safe.
/// </summary>
/// <remarks>
/// The hot path (ICE checks) keys an <see cref="Primitives.Crypto.HmacSha1"/> once per password with
/// <see cref="ShortTermKey"/> and reuses it; nothing here runs per packet except
/// <see cref="VerifySha256"/>, which only MESSAGE-INTEGRITY-SHA256 users need.
/// </remarks>
public static class StunIntegrity
{
    /// <summary>Length of an MD5 long-term key.</summary>
    public const int LongTermKeyMd5Length = 16;

    /// <summary>Length of a SHA-256 long-term key.</summary>
    public const int LongTermKeySha256Length = 32;

    /// <summary>
    /// The short-term key: the password's UTF-8 bytes after preparation. ICE passwords are
    /// ice-chars (ASCII), for which preparation changes nothing.
    /// </summary>
    public static byte[] ShortTermKey(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return Encoding.UTF8.GetBytes(PreparePassword(password));
    }

    /// <summary>The long-term key MD5(username ":" realm ":" password), into 16 bytes.</summary>
    public static void LongTermKeyMd5(string username, string realm, string password, Span<byte> destination) =>
        LongTermKey(username, realm, password, destination, sha256: false);

    /// <summary>The long-term key SHA-256(username ":" realm ":" password), into 32 bytes (RFC 8489 PASSWORD-ALGORITHM 0x0002).</summary>
    public static void LongTermKeySha256(string username, string realm, string password, Span<byte> destination) =>
        LongTermKey(username, realm, password, destination, sha256: true);

    /// <summary>
    /// A minimal SASLprep (RFC 4013), which the RFC 5769 vectors use: characters "commonly mapped
    /// to nothing" are removed, non-ASCII spaces become U+0020, then NFKC normalization.
    /// </summary>
    public static string PreparePassword(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        bool ascii = true;
        foreach (char c in password)
        {
            if (c > 0x7E)
            {
                ascii = false;
                break;
            }
        }

        if (ascii)
        {
            return password;
        }

        var builder = new StringBuilder(password.Length);
        foreach (char c in password)
        {
            if (IsMappedToNothing(c))
            {
                continue;
            }

            builder.Append(CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator ? ' ' : c);
        }

        return builder.ToString().Normalize(NormalizationForm.FormKC);
    }

    /// <summary>
    /// Computes HMAC-SHA256 over <paramref name="prefix"/> with its header's length field replaced
    /// by <paramref name="adjustedLength"/>, into <paramref name="destination"/> (truncated to its length).
    /// </summary>
    internal static void ComputeSha256(ReadOnlySpan<byte> key, ReadOnlySpan<byte> prefix, ushort adjustedLength, Span<byte> destination)
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent(prefix.Length);
        try
        {
            Span<byte> copy = rented.AsSpan(0, prefix.Length);
            prefix.CopyTo(copy);
            BinaryPrimitives.WriteUInt16BigEndian(copy[StunConstants.LengthOffset..], adjustedLength);
            Span<byte> mac = stackalloc byte[32];
            HMACSHA256.HashData(key, copy, mac);
            mac[..destination.Length].CopyTo(destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Verifies a (possibly truncated) MESSAGE-INTEGRITY-SHA256 value in constant time.</summary>
    internal static bool VerifySha256(ReadOnlySpan<byte> key, ReadOnlySpan<byte> prefix, ushort adjustedLength, ReadOnlySpan<byte> tag)
    {
        if (tag.Length is < 16 or > 32)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[32];
        ComputeSha256(key, prefix, adjustedLength, mac[..tag.Length]);
        return CryptographicOperations.FixedTimeEquals(mac[..tag.Length], tag);
    }

    private static void LongTermKey(string username, string realm, string password, Span<byte> destination, bool sha256)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(realm);
        ArgumentNullException.ThrowIfNull(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, sha256 ? LongTermKeySha256Length : LongTermKeyMd5Length);
        byte[] input = Encoding.UTF8.GetBytes($"{username}:{realm}:{PreparePassword(password)}");
        try
        {
            if (sha256)
            {
                SHA256.HashData(input, destination);
            }
            else
            {
#pragma warning disable CA5351 // MD5 is what RFC 8489 long-term credentials specify
                MD5.HashData(input, destination);
#pragma warning restore CA5351
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
        }
    }

    // RFC 3454 table B.1.
    private static bool IsMappedToNothing(char c) =>
        c is '\u00AD' or '\u034F' or '\u1806' or '\u180B' or '\u180C' or '\u180D' or '\u200B' or '\u200C'
            or '\u200D' or '\u2060' or '\uFEFF' || (c >= '\uFE00' && c <= '\uFE0F');
}
