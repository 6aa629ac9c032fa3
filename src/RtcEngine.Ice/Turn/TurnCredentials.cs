using System.Security.Cryptography;
using System.Text;
using RtcEngine.Ice.Stun;
using RtcEngine.Primitives.Crypto;

namespace RtcEngine.Ice.Turn;

/// <summary>
/// The long-term credential state of one client (RFC 8489 section 9.2): USERNAME, and the REALM and
/// NONCE the server gave in its 401 or 438, with the key MD5(username ":" realm ":" password)
/// keyed once into an HMAC-SHA1. REALM and NONCE live in fixed buffers of the protocol's maximum
/// size (763 bytes), so a server cannot make the client grow them. Not thread-safe.
/// </summary>
internal sealed class TurnCredentials : IDisposable
{
    /// <summary>RFC 8489 sections 14.9 and 14.10: REALM and NONCE are at most 763 bytes.</summary>
    public const int MaxRealmOrNonceLength = 763;

    private readonly string _username;
    private readonly string _password;
    private readonly byte[] _realm = new byte[MaxRealmOrNonceLength];
    private readonly byte[] _nonce = new byte[MaxRealmOrNonceLength];
    private int _realmLength;
    private int _nonceLength;

    public TurnCredentials(string username, string password)
    {
        _username = username;
        _password = password;
        Username = Encoding.UTF8.GetBytes(username);
    }

    public byte[] Username { get; }

    public ReadOnlySpan<byte> Realm => _realm.AsSpan(0, _realmLength);

    public ReadOnlySpan<byte> Nonce => _nonce.AsSpan(0, _nonceLength);

    /// <summary>The keyed HMAC once a realm is known; null before the first challenge.</summary>
    public HmacSha1? Key { get; private set; }

    /// <summary>The realm as text, for error messages (allocates).</summary>
    public string RealmText => Encoding.UTF8.GetString(Realm);

    /// <summary>
    /// Takes the REALM and NONCE of a challenge (401 or 438). The key is derived again only when the
    /// realm changed. False (nothing changed) when either is missing, empty or too long.
    /// </summary>
    public bool TryAccept(in StunMessageReader challenge)
    {
        if (!challenge.TryGetAttribute(StunAttributeType.Nonce, out ReadOnlySpan<byte> nonce)
            || nonce.IsEmpty || nonce.Length > MaxRealmOrNonceLength)
        {
            return false;
        }

        // A 438 may omit REALM; the realm stays what it was (a 401 must carry one).
        bool hasRealm = challenge.TryGetAttribute(StunAttributeType.Realm, out ReadOnlySpan<byte> realm);
        if (hasRealm && (realm.IsEmpty || realm.Length > MaxRealmOrNonceLength))
        {
            return false;
        }

        if (!hasRealm && Key is null)
        {
            return false;
        }

        nonce.CopyTo(_nonce);
        _nonceLength = nonce.Length;
        if (hasRealm && (Key is null || !realm.SequenceEqual(Realm)))
        {
            realm.CopyTo(_realm);
            _realmLength = realm.Length;
            DeriveKey();
        }

        return true;
    }

    /// <summary>Whether <paramref name="nonce"/> is the nonce we hold (a 438 repeating it gives no new information).</summary>
    public bool IsCurrentNonce(ReadOnlySpan<byte> nonce) => nonce.SequenceEqual(Nonce);

    /// <summary>Adds USERNAME, REALM, NONCE and MESSAGE-INTEGRITY (in that order, MESSAGE-INTEGRITY last but for FINGERPRINT).</summary>
    public bool TryAddTo(ref StunMessageWriter writer) =>
        Key is not null
        && writer.TryAddAttribute(StunAttributeType.Username, Username)
        && writer.TryAddAttribute(StunAttributeType.Realm, Realm)
        && writer.TryAddAttribute(StunAttributeType.Nonce, Nonce)
        && writer.TryAddMessageIntegrity(Key);

    public void Dispose()
    {
        Key?.Dispose();
        Key = null;
        CryptographicOperations.ZeroMemory(_nonce);
    }

    private void DeriveKey()
    {
        Span<byte> key = stackalloc byte[StunIntegrity.LongTermKeyMd5Length];
        StunIntegrity.LongTermKeyMd5(_username, RealmText, _password, key);
        Key?.Dispose();
        Key = new HmacSha1(key);
        CryptographicOperations.ZeroMemory(key);
    }
}
