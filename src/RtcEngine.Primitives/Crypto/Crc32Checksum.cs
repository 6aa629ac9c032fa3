namespace RtcEngine.Primitives.Crypto;

/// <summary>
/// CRC-32 (ISO-HDLC / IEEE 802.3, the one STUN FINGERPRINT uses; SCTP uses CRC-32C instead),
/// from System.IO.Hashing, which vectorizes it. Static and allocation-free.
/// </summary>
public static class Crc32Checksum
{
    /// <summary>The CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => System.IO.Hashing.Crc32.HashToUInt32(data);
}
