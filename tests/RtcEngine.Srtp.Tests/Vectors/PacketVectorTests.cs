using RtcEngine.Srtp.Keys;
using Xunit;

namespace RtcEngine.Srtp.Tests.Vectors;

/// <summary>
/// Whole-packet known answers: RFC 7714 sections 16 and 17 (AES-GCM, session keys given directly)
/// and the SRTP/SRTCP self-test vectors libsrtp ships (AES-CM-128/HMAC-SHA1-80 through the key
/// derivation of RFC 3711 appendix B.3's master key). Each runs on the fast and the portable path.
/// </summary>
public class PacketVectorTests
{
    private const string GcmKey128 = "000102030405060708090a0b0c0d0e0f";
    private const string GcmKey256 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private const string GcmSalt = "517569642070726f2071756f"; // "Quid pro quo"

    private const string Rfc7714Rtp = "8040f17b8041f8d35501a0b2 47616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573";
    private const string Rfc7714Rtcp = "81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61 deadbeefdeadbeefdeadbeefdeadbeefdeadbeef";

    public static TheoryData<bool> Paths => new() { false, true };

    [Theory]
    [MemberData(nameof(Paths))]
    public void Rfc7714_16_1_rtp_aes128_gcm(bool portable) => CheckRtp(
        SrtpProfile.AeadAes128Gcm, GcmKey128, portable,
        "8040f17b8041f8d35501a0b2 f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833 899d7f27beb16a9152cf765ee4390cce");

    [Theory]
    [MemberData(nameof(Paths))]
    public void Rfc7714_16_2_rtp_aes256_gcm(bool portable) => CheckRtp(
        SrtpProfile.AeadAes256Gcm, GcmKey256, portable,
        "8040f17b8041f8d35501a0b2 32b1de78a822fe12ef9f78fa332e33aab18012389a58e2f3b50b2a0276ffae0f1ba63799b87b 7aa3db36dfffd6b0f9bb7878d7a76c13");

    [Theory]
    [MemberData(nameof(Paths))]
    public void Rfc7714_17_1_srtcp_aes128_gcm_encrypted(bool portable)
    {
        const string expected = "81c8000d4d617273 63e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b4686303ded0bb9275bc84aa45896cf4d2fc5abf872 45d9eade 800005d4";
        using SrtpContext sender = Gcm(SrtpProfile.AeadAes128Gcm, GcmKey128, SrtpDirection.Outbound, portable);
        byte[] rtcp = Hex.Bytes(Rfc7714Rtcp);
        byte[] buffer = new byte[rtcp.Length + 20];
        rtcp.CopyTo(buffer, 0);
        int length = sender.Transform.ProtectRtcp(buffer, rtcp.Length, 0x4d617273, 0x5d4);
        Assert.Equal(Hex.Of(Hex.Bytes(expected)), Hex.Of(buffer.AsSpan(0, length)));

        CheckRtcpReceive(SrtpProfile.AeadAes128Gcm, GcmKey128, portable, expected);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Rfc7714_17_2_srtcp_aes256_gcm_encrypted(bool portable) => CheckRtcpReceive(
        SrtpProfile.AeadAes256Gcm, GcmKey256, portable,
        "81c8000d4d617273 d50ae4d1f5ce5d304ba297e47d470c282c3ece5dbffe0a50a2eaa5c1110555be8415f658c61de0476f1b6fad1d1eb30c4446839f57ff6f6c b26ac3be 800005d4");

    // E flag clear: the whole RTCP packet is associated data, nothing is encrypted.
    [Theory]
    [MemberData(nameof(Paths))]
    public void Rfc7714_17_3_srtcp_aes128_gcm_authentication_only(bool portable) => CheckRtcpReceive(
        SrtpProfile.AeadAes128Gcm, GcmKey128, portable,
        Rfc7714Rtcp + " 841dd9683dd78ec92ae58790125f62b3 000005d4");

    [Theory]
    [MemberData(nameof(Paths))]
    public void Rfc7714_17_4_srtcp_aes256_gcm_authentication_only(bool portable) => CheckRtcpReceive(
        SrtpProfile.AeadAes256Gcm, GcmKey256, portable,
        Rfc7714Rtcp + " 91db4afbfeee5a978fab4393ed2615fe 000005d4");

    // libsrtp's srtp_validate: SSRC 0xcafebabe, sequence 0x1234, ROC 0, master key of RFC 3711 B.3.
    [Theory]
    [MemberData(nameof(Paths))]
    public void Libsrtp_self_test_vector_aes128_cm_hmac_sha1_80_rtp(bool portable)
    {
        byte[] plain = Hex.Bytes("800f1234decafbadcafebabe abababababababababababababababab");
        byte[] expected = Hex.Bytes("800f1234decafbadcafebabe 4e55dc4ce79978d88ca4d215949d2402 b78d6acc99ea179b8dbb");
        using SrtpContext sender = Cm(SrtpDirection.Outbound, portable);
        byte[] buffer = new byte[plain.Length + 10];
        plain.CopyTo(buffer, 0);
        Assert.Equal(SrtpResult.Ok, sender.ProtectRtp(buffer, plain.Length, out int length));
        Assert.Equal(Hex.Of(expected), Hex.Of(buffer.AsSpan(0, length)));

        using SrtpContext receiver = Cm(SrtpDirection.Inbound, portable);
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(expected, out int plainLength));
        Assert.Equal(Hex.Of(plain), Hex.Of(expected.AsSpan(0, plainLength)));
    }

    // libsrtp's srtp_validate SRTCP vector carries index 1 (libsrtp starts at 1; this library at 0).
    [Theory]
    [MemberData(nameof(Paths))]
    public void Libsrtp_self_test_vector_aes128_cm_hmac_sha1_80_rtcp(bool portable)
    {
        byte[] plain = Hex.Bytes("81c8000bcafebabe abababababababababababababababab");
        byte[] expected = Hex.Bytes("81c8000bcafebabe 7128035be487b9bdbef89041f977a5a8 80000001 993e08cd54d6c1230798");
        using SrtpContext sender = Cm(SrtpDirection.Outbound, portable);
        byte[] first = new byte[plain.Length + 14];
        plain.CopyTo(first, 0);
        Assert.Equal(SrtpResult.Ok, sender.ProtectRtcp(first, plain.Length, out _)); // index 0
        byte[] buffer = new byte[plain.Length + 14];
        plain.CopyTo(buffer, 0);
        Assert.Equal(SrtpResult.Ok, sender.ProtectRtcp(buffer, plain.Length, out int length)); // index 1
        Assert.Equal(Hex.Of(expected), Hex.Of(buffer.AsSpan(0, length)));

        using SrtpContext receiver = Cm(SrtpDirection.Inbound, portable);
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtcp(expected, out int plainLength));
        Assert.Equal(Hex.Of(plain), Hex.Of(expected.AsSpan(0, plainLength)));
    }

    private static void CheckRtp(SrtpProfile profile, string key, bool portable, string expectedHex)
    {
        byte[] plain = Hex.Bytes(Rfc7714Rtp);
        byte[] expected = Hex.Bytes(expectedHex);
        using SrtpContext sender = Gcm(profile, key, SrtpDirection.Outbound, portable);
        byte[] buffer = new byte[plain.Length + 16];
        plain.CopyTo(buffer, 0);
        Assert.Equal(SrtpResult.Ok, sender.ProtectRtp(buffer, plain.Length, out int length));
        Assert.Equal(Hex.Of(expected), Hex.Of(buffer.AsSpan(0, length)));

        using SrtpContext receiver = Gcm(profile, key, SrtpDirection.Inbound, portable);
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(expected, out int plainLength, out ulong index));
        Assert.Equal(Hex.Of(plain), Hex.Of(expected.AsSpan(0, plainLength)));
        Assert.Equal(0xf17bUL, index);
    }

    private static void CheckRtcpReceive(SrtpProfile profile, string key, bool portable, string packetHex)
    {
        byte[] packet = Hex.Bytes(packetHex);
        using SrtpContext receiver = Gcm(profile, key, SrtpDirection.Inbound, portable);
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtcp(packet, out int length));
        Assert.Equal(Hex.Of(Hex.Bytes(Rfc7714Rtcp)), Hex.Of(packet.AsSpan(0, length)));
    }

    private static SrtpContext Gcm(SrtpProfile profile, string key, SrtpDirection direction, bool portable)
    {
        SrtpProfileInfo info = SrtpProfileInfo.Get(profile);
        using SrtpSessionKeys keys = SrtpSessionKeys.FromSessionKeys(info, Hex.Bytes(key), Hex.Bytes(GcmSalt), default);
        return new SrtpContext(info, keys, direction, new SrtpContextOptions { ForcePortable = portable });
    }

    private static SrtpContext Cm(SrtpDirection direction, bool portable) => new(
        SrtpProfile.Aes128CmHmacSha1_80,
        Hex.Bytes("E1F97A0D3E018BE0D64FA32C06DE4139"),
        Hex.Bytes("0EC675AD498AFEEBB6960B3AABE6"),
        direction,
        new SrtpContextOptions { ForcePortable = portable });
}
