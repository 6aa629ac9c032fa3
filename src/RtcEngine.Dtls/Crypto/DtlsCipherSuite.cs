namespace RtcEngine.Dtls;

/// <summary>The cipher suites this engine speaks, by their IANA values (RFC 5289, RFC 7905).</summary>
public enum DtlsCipherSuite : ushort
{
    /// <summary>No suite negotiated yet.</summary>
    None = 0,

    /// <summary>TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 (0xC02B): what browsers pick.</summary>
    EcdheEcdsaWithAes128GcmSha256 = 0xC02B,

    /// <summary>TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 (0xC02C).</summary>
    EcdheEcdsaWithAes256GcmSha384 = 0xC02C,

    /// <summary>TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (0xC02F).</summary>
    EcdheRsaWithAes128GcmSha256 = 0xC02F,

    /// <summary>TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 (0xC030).</summary>
    EcdheRsaWithAes256GcmSha384 = 0xC030,

    /// <summary>TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 (0xCCA9).</summary>
    EcdheEcdsaWithChaCha20Poly1305Sha256 = 0xCCA9,

    /// <summary>TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 (0xCCA8).</summary>
    EcdheRsaWithChaCha20Poly1305Sha256 = 0xCCA8,
}

/// <summary>The ECDHE groups this engine speaks (RFC 8422, RFC 7748), by their IANA values.</summary>
public enum DtlsNamedGroup : ushort
{
    /// <summary>secp256r1 (P-256), 0x0017.</summary>
    Secp256r1 = 0x0017,

    /// <summary>x25519, 0x001D.</summary>
    X25519 = 0x001D,
}

/// <summary>The bulk cipher of a suite's record protection.</summary>
internal enum RecordCipherKind
{
    Aes128Gcm,
    Aes256Gcm,
    ChaCha20Poly1305,
}

/// <summary>What a cipher suite implies: authentication, record cipher, PRF hash, key block sizes.</summary>
internal readonly record struct CipherSuiteInfo(DtlsCipherSuite Suite, bool UsesEcdsa, RecordCipherKind Cipher, bool Sha384)
{
    /// <summary>Length of each write key.</summary>
    public int KeyLength => Cipher == RecordCipherKind.Aes128Gcm ? 16 : 32;

    /// <summary>Length of each write IV from the key block: the 4-byte implicit salt for GCM (RFC 5288), 12 bytes for ChaCha20 (RFC 7905).</summary>
    public int IvLength => Cipher == RecordCipherKind.ChaCha20Poly1305 ? 12 : 4;

    /// <summary>Bytes a protected record adds to its plaintext: explicit nonce (GCM only) and 16-byte tag.</summary>
    public int RecordOverhead => Cipher == RecordCipherKind.ChaCha20Poly1305 ? 16 : 24;

    public static bool TryGet(DtlsCipherSuite suite, out CipherSuiteInfo info)
    {
        info = suite switch
        {
            DtlsCipherSuite.EcdheEcdsaWithAes128GcmSha256 => new(suite, true, RecordCipherKind.Aes128Gcm, false),
            DtlsCipherSuite.EcdheEcdsaWithAes256GcmSha384 => new(suite, true, RecordCipherKind.Aes256Gcm, true),
            DtlsCipherSuite.EcdheRsaWithAes128GcmSha256 => new(suite, false, RecordCipherKind.Aes128Gcm, false),
            DtlsCipherSuite.EcdheRsaWithAes256GcmSha384 => new(suite, false, RecordCipherKind.Aes256Gcm, true),
            DtlsCipherSuite.EcdheEcdsaWithChaCha20Poly1305Sha256 => new(suite, true, RecordCipherKind.ChaCha20Poly1305, false),
            DtlsCipherSuite.EcdheRsaWithChaCha20Poly1305Sha256 => new(suite, false, RecordCipherKind.ChaCha20Poly1305, false),
            _ => default,
        };
        return info.Suite != DtlsCipherSuite.None;
    }
}
