namespace RtcEngine.Dtls;

/// <summary>The record-layer content type (RFC 5246 section 6.2.1; RFC 6347 section 4.1).</summary>
public enum DtlsContentType : byte
{
    /// <summary>change_cipher_spec: the sender switches to the next epoch's keys.</summary>
    ChangeCipherSpec = 20,

    /// <summary>alert.</summary>
    Alert = 21,

    /// <summary>handshake.</summary>
    Handshake = 22,

    /// <summary>application_data.</summary>
    ApplicationData = 23,
}

/// <summary>DTLS protocol versions as they appear on the wire (the one's complement of the TLS version).</summary>
internal static class DtlsVersion
{
    /// <summary>DTLS 1.0 (0xFEFF): the record version of ClientHello and HelloVerifyRequest for compatibility (RFC 6347 section 4.2.1).</summary>
    public const ushort Dtls10 = 0xFEFF;

    /// <summary>DTLS 1.2 (0xFEFD).</summary>
    public const ushort Dtls12 = 0xFEFD;

    /// <summary>DTLS 1.3 (0xFEFC), only ever seen in a ClientHello's supported_versions, which a 1.2 server ignores.</summary>
    public const ushort Dtls13 = 0xFEFC;
}
