using System.Security.Cryptography;

namespace RtcEngine.Dtls;

/// <summary>
/// The TLS 1.2 key schedule on top of <see cref="TlsPrf"/>: master secret (RFC 5246 section 8.1,
/// extended master secret RFC 7627 section 4), key block (RFC 5246 section 6.3), Finished
/// verify_data (section 7.4.9) and the keying material exporter (RFC 5705 section 4).
/// </summary>
internal static class KeySchedule
{
    public const int MasterSecretLength = 48;
    public const int RandomLength = 32;

    private static ReadOnlySpan<byte> MasterSecretLabel => "master secret"u8;
    private static ReadOnlySpan<byte> ExtendedMasterSecretLabel => "extended master secret"u8;
    private static ReadOnlySpan<byte> KeyExpansionLabel => "key expansion"u8;
    private static ReadOnlySpan<byte> ClientFinishedLabel => "client finished"u8;
    private static ReadOnlySpan<byte> ServerFinishedLabel => "server finished"u8;

    /// <summary>The SRTP exporter label (RFC 5764 section 4.2).</summary>
    public static ReadOnlySpan<byte> SrtpExporterLabel => "EXTRACTOR-dtls_srtp"u8;

    /// <summary>
    /// master_secret = PRF(pre_master_secret, "extended master secret", session_hash) with EMS,
    /// else PRF(pre_master_secret, "master secret", ClientHello.random + ServerHello.random).
    /// </summary>
    public static void DeriveMasterSecret(
        bool sha384,
        ReadOnlySpan<byte> preMasterSecret,
        bool extended,
        ReadOnlySpan<byte> sessionHash,
        ReadOnlySpan<byte> clientRandom,
        ReadOnlySpan<byte> serverRandom,
        Span<byte> masterSecret)
    {
        if (extended)
        {
            TlsPrf.Derive(sha384, preMasterSecret, ExtendedMasterSecretLabel, sessionHash, masterSecret[..MasterSecretLength]);
            return;
        }

        Span<byte> seed = stackalloc byte[2 * RandomLength];
        clientRandom.CopyTo(seed);
        serverRandom.CopyTo(seed[RandomLength..]);
        TlsPrf.Derive(sha384, preMasterSecret, MasterSecretLabel, seed, masterSecret[..MasterSecretLength]);
    }

    /// <summary>
    /// key_block = PRF(master_secret, "key expansion", server_random + client_random), split as
    /// client key | server key | client IV | server IV (AEAD suites have no MAC keys).
    /// </summary>
    public static (RecordCipher ClientWrite, RecordCipher ServerWrite) DeriveRecordCiphers(
        CipherSuiteInfo suite,
        ReadOnlySpan<byte> masterSecret,
        ReadOnlySpan<byte> clientRandom,
        ReadOnlySpan<byte> serverRandom)
    {
        int keyLength = suite.KeyLength;
        int ivLength = suite.IvLength;
        Span<byte> seed = stackalloc byte[2 * RandomLength];
        serverRandom.CopyTo(seed);
        clientRandom.CopyTo(seed[RandomLength..]);
        Span<byte> block = stackalloc byte[2 * (32 + 12)];
        block = block[..(2 * (keyLength + ivLength))];
        TlsPrf.Derive(suite.Sha384, masterSecret, KeyExpansionLabel, seed, block);
        var client = new RecordCipher(suite.Cipher, block[..keyLength], block.Slice(2 * keyLength, ivLength));
        var server = new RecordCipher(suite.Cipher, block.Slice(keyLength, keyLength), block.Slice(2 * keyLength + ivLength, ivLength));
        CryptographicOperations.ZeroMemory(block);
        return (client, server);
    }

    /// <summary>verify_data = PRF(master_secret, finished_label, Hash(handshake_messages))[0..11].</summary>
    public static void ComputeVerifyData(bool sha384, ReadOnlySpan<byte> masterSecret, bool client, ReadOnlySpan<byte> transcriptHash, Span<byte> verifyData) =>
        TlsPrf.Derive(sha384, masterSecret, client ? ClientFinishedLabel : ServerFinishedLabel, transcriptHash, verifyData[..KeyExchangeMessages.VerifyDataLength]);

    /// <summary>RFC 5705 exporter without context: PRF(master_secret, label, client_random + server_random).</summary>
    public static void Export(bool sha384, ReadOnlySpan<byte> masterSecret, ReadOnlySpan<byte> label, ReadOnlySpan<byte> clientRandom, ReadOnlySpan<byte> serverRandom, Span<byte> output)
    {
        Span<byte> seed = stackalloc byte[2 * RandomLength];
        clientRandom.CopyTo(seed);
        serverRandom.CopyTo(seed[RandomLength..]);
        TlsPrf.Derive(sha384, masterSecret, label, seed, output);
    }
}
