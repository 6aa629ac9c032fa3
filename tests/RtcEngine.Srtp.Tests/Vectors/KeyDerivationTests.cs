using System.Security.Cryptography;
using RtcEngine.Srtp.Keys;
using Xunit;

namespace RtcEngine.Srtp.Tests.Vectors;

public class KeyDerivationTests
{
    // RFC 3711 appendix B.3 (the auth key is its first 160 bits; the RFC lists 94 bytes of PRF output).
    [Fact]
    public void Session_keys_match_rfc3711_appendix_b3()
    {
        using SrtpSessionKeys keys = Derive(SrtpProfile.Aes128CmHmacSha1_80, "E1F97A0D3E018BE0D64FA32C06DE4139", "0EC675AD498AFEEBB6960B3AABE6");
        Assert.Equal("c61e7a93744f39ee10734afe3ff7a087", Hex.Of(keys.RtpKey));
        Assert.Equal("30cbbc08863d8c85d49db34a9ae1", Hex.Of(keys.RtpSalt));
        Assert.Equal("cebe321f6ff7716b6fd4ab49af256a156d38baa4", Hex.Of(keys.RtpAuthKey));
    }

    [Fact]
    public void Long_prf_output_matches_rfc3711_appendix_b3()
    {
        using Aes aes = Aes.Create();
        aes.Key = Hex.Bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
        byte[] output = new byte[94];
        SrtpKeyDerivation.Derive(aes, Hex.Bytes("0EC675AD498AFEEBB6960B3AABE6"), SrtpKeyDerivation.RtpAuthentication, output);
        Assert.Equal(
            "cebe321f6ff7716b6fd4ab49af256a156d38baa48f0a0acf3c34e2359e6cdbce" +
            "e049646c43d9327ad175578ef72270986371c10c9a369ac2f94a8c5fbcdddc25" +
            "6d6e919a48b610ef17c2041e474035766b68642c59bbfc2f34db60dbdfb2",
            Hex.Of(output));
    }

    // RFC 6188 section 7.2: AES-256 PRF.
    [Fact]
    public void Aes256_session_keys_match_rfc6188_section_7_2()
    {
        using SrtpSessionKeys keys = Derive(SrtpProfile.Aes256CmHmacSha1_80, "f0f04914b513f2763a1b1fa130f10e2998f6f6e43e4309d1e622a0e332b9f1b6", "3b04803de51ee7c96423ab5b78d2");
        Assert.Equal("5ba1064e30ec51613cad926c5a28ef731ec7fb397f70a960653caf06554cd8c4", Hex.Of(keys.RtpKey));
        Assert.Equal("fa31791685ca444a9e07c6c64e93", Hex.Of(keys.RtpSalt));
        Assert.Equal("fd9c32d39ed5fbb5a9dc96b30818454d1313dc05", Hex.Of(keys.RtpAuthKey));
    }

    // The 96-bit GCM master salt is multiplied by 2^16 before the PRF (RFC 7714 erratum 4938).
    // Expected values computed independently with `openssl enc -aes-128-ctr` / `-aes-256-ctr`
    // over zeros with IV = (salt || 0000) XOR (label << 64).
    [Fact]
    public void Gcm_master_salt_is_zero_extended_before_the_prf()
    {
        using SrtpSessionKeys keys128 = Derive(SrtpProfile.AeadAes128Gcm, "000102030405060708090a0b0c0d0e0f", "a0a1a2a3a4a5a6a7a8a9aaab");
        Assert.Equal("077c6143cb221bc355ff23d5f984a16e", Hex.Of(keys128.RtpKey));
        Assert.Equal("9af3e95364ebac9c99c5a7c4", Hex.Of(keys128.RtpSalt));
        Assert.Equal("615dcd9042600666f6fd4d9e4fe4519f", Hex.Of(keys128.RtcpKey));
        Assert.Equal("fcca937b9112a500dac72269", Hex.Of(keys128.RtcpSalt));
        Assert.Empty(keys128.RtpAuthKey);

        using SrtpSessionKeys keys256 = Derive(SrtpProfile.AeadAes256Gcm, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "a0a1a2a3a4a5a6a7a8a9aaab");
        Assert.Equal("b7a435ce454463b760dc82c838468a115c699625af4b93a0f8220a2a6119c5d0", Hex.Of(keys256.RtpKey));
        Assert.Equal("944bd21c268a962cd09c674a", Hex.Of(keys256.RtpSalt));
    }

    [Fact]
    public void Keying_material_splits_as_rfc5764_section_4_2_lays_it_out()
    {
        byte[] material = Enumerable.Range(0, 56).Select(i => (byte)i).ToArray();
        SrtpKeyingMaterial.Split(SrtpProfile.AeadAes128Gcm, material, out var clientKey, out var clientSalt, out var serverKey, out var serverSalt);
        Assert.Equal(material[..16], clientKey.ToArray());
        Assert.Equal(material[16..32], serverKey.ToArray());
        Assert.Equal(material[32..44], clientSalt.ToArray());
        Assert.Equal(material[44..56], serverSalt.ToArray());
        Assert.Equal(60, SrtpKeyingMaterial.GetLength(SrtpProfile.Aes128CmHmacSha1_80));
        Assert.Equal(60, SrtpKeyingMaterial.GetLength(SrtpProfile.Aes128CmHmacSha1_32));
        Assert.Equal(88, SrtpKeyingMaterial.GetLength(SrtpProfile.AeadAes256Gcm));
        Assert.Throws<ArgumentException>(() => SrtpKeyingMaterial.Split(SrtpProfile.AeadAes128Gcm, new byte[60], out _, out _, out _, out _));
    }

    [Fact]
    public void Client_and_server_pairs_from_the_same_material_talk_to_each_other()
    {
        byte[] material = new byte[60];
        new Random(3).NextBytes(material);
        var (clientOut, clientIn) = SrtpContext.CreateFromKeyingMaterial(SrtpProfile.Aes128CmHmacSha1_80, material, isDtlsClient: true);
        var (serverOut, serverIn) = SrtpContext.CreateFromKeyingMaterial(SrtpProfile.Aes128CmHmacSha1_80, material, isDtlsClient: false);
        using (clientOut)
        using (clientIn)
        using (serverOut)
        using (serverIn)
        {
            byte[] packet = Packets.Rtp(ssrc: 1, sequence: 1, payloadLength: 50, room: 16);
            Assert.Equal(SrtpResult.Ok, clientOut.ProtectRtp(packet, 62, out int length));
            byte[] copy = packet[..length];
            Assert.Equal(SrtpResult.Ok, serverIn.UnprotectRtp(copy, out _));
            Assert.Equal(SrtpResult.AuthenticationFailed, clientIn.UnprotectRtp(packet[..length], out _));

            packet = Packets.Rtp(ssrc: 2, sequence: 1, payloadLength: 50, room: 16);
            Assert.Equal(SrtpResult.Ok, serverOut.ProtectRtp(packet, 62, out length));
            Assert.Equal(SrtpResult.Ok, clientIn.UnprotectRtp(packet.AsSpan(0, length), out _));
        }
    }

    [Fact]
    public void Profile_facts_match_rfc5764_and_rfc7714()
    {
        Check(SrtpProfile.Aes128CmHmacSha1_80, 0x0001, 16, 14, 10, 10);
        Check(SrtpProfile.Aes128CmHmacSha1_32, 0x0002, 16, 14, 4, 10);
        Check(SrtpProfile.AeadAes128Gcm, 0x0007, 16, 12, 16, 16);
        Check(SrtpProfile.AeadAes256Gcm, 0x0008, 32, 12, 16, 16);
        Check(SrtpProfile.Aes256CmHmacSha1_80, 0xFF01, 32, 14, 10, 10);
        Assert.True(SrtpProfileInfo.TryFromDtlsId(0x0007, out SrtpProfile gcm));
        Assert.Equal(SrtpProfile.AeadAes128Gcm, gcm);
        Assert.False(SrtpProfileInfo.TryFromDtlsId(0x0005, out _)); // SRTP_NULL_HMAC_SHA1_80
        Assert.False(SrtpProfileInfo.TryFromDtlsId(0xFF01, out _));
        Assert.False(SrtpProfileInfo.TryGet((SrtpProfile)0x0005, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => SrtpProfileInfo.Get((SrtpProfile)0x0003));

        static void Check(SrtpProfile profile, ushort id, int key, int salt, int rtpTag, int rtcpTag)
        {
            SrtpProfileInfo info = SrtpProfileInfo.Get(profile);
            Assert.Equal(id, (ushort)profile);
            Assert.Equal(key, info.MasterKeyLength);
            Assert.Equal(salt, info.MasterSaltLength);
            Assert.Equal(rtpTag, info.RtpAuthTagLength);
            Assert.Equal(rtcpTag, info.RtcpAuthTagLength);
            Assert.Equal(rtpTag, info.RtpOverhead);
            Assert.Equal(rtcpTag + 4, info.RtcpOverhead);
        }
    }

    private static SrtpSessionKeys Derive(SrtpProfile profile, string key, string salt) =>
        SrtpSessionKeys.Derive(SrtpProfileInfo.Get(profile), Hex.Bytes(key), Hex.Bytes(salt));
}
