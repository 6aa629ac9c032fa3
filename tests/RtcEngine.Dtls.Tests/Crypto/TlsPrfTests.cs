using System.Text;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using RtcEngine.Dtls;

namespace RtcEngine.Dtls.Tests.Crypto;

public class TlsPrfTests
{
    [Fact]
    public void Sha256_prf_matches_the_published_tls12_test_vector()
    {
        // The TLS 1.2 PRF test vector circulated on the IETF TLS list (P_SHA256, "test label").
        byte[] secret = Convert.FromHexString("9bbe436ba940f017b17652849a71db35");
        byte[] seed = Convert.FromHexString("a0ba9f936cda311827a6f796ffd5198c");
        byte[] expected = Convert.FromHexString(
            "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff70187347b66");
        byte[] output = new byte[expected.Length];

        TlsPrf.Derive(false, secret, Encoding.ASCII.GetBytes("test label"), seed, output);

        Assert.Equal(expected, output);
    }

    [Theory]
    [InlineData(false, 13)]
    [InlineData(false, 100)]
    [InlineData(true, 48)]
    [InlineData(true, 148)]
    public void Prf_matches_bouncycastle_for_both_hashes(bool sha384, int length)
    {
        var random = new Random(length);
        byte[] secret = new byte[48];
        byte[] seed = new byte[64];
        random.NextBytes(secret);
        random.NextBytes(seed);
        var crypto = new BcTlsCrypto(new SecureRandom());
        byte[] expected = crypto.CreateSecret(secret)
            .DeriveUsingPrf(sha384 ? PrfAlgorithm.tls_prf_sha384 : PrfAlgorithm.tls_prf_sha256, "key expansion", seed, length)
            .Extract();
        byte[] output = new byte[length];

        TlsPrf.Derive(sha384, secret, "key expansion"u8, seed, output);

        Assert.Equal(expected, output);
    }

    [Fact]
    public void Srtp_exporter_splits_keys_and_salts_per_rfc5764()
    {
        byte[] exported = Enumerable.Range(0, 60).Select(i => (byte)i).ToArray();
        using var material = new DtlsKeyingMaterial(SrtpProtectionProfile.Aes128CmHmacSha1_80, DtlsRole.Server, exported);

        Assert.Equal(exported[..16], material.ClientWriteKey.ToArray());
        Assert.Equal(exported[16..32], material.ServerWriteKey.ToArray());
        Assert.Equal(exported[32..46], material.ClientWriteSalt.ToArray());
        Assert.Equal(exported[46..60], material.ServerWriteSalt.ToArray());
        Assert.Equal(material.ServerWriteKey.ToArray(), material.LocalMasterKey.ToArray());
        Assert.Equal(material.ClientWriteSalt.ToArray(), material.RemoteMasterSalt.ToArray());
    }

    [Theory]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1_80, 16, 14)]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1_32, 16, 14)]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm, 16, 12)]
    [InlineData(SrtpProtectionProfile.AeadAes256Gcm, 32, 12)]
    public void Profiles_have_their_iana_values_and_key_lengths(SrtpProtectionProfile profile, int key, int salt)
    {
        Assert.Equal(key, SrtpProtectionProfiles.MasterKeyLength(profile));
        Assert.Equal(salt, SrtpProtectionProfiles.MasterSaltLength(profile));
        Assert.Equal(
            profile switch
            {
                SrtpProtectionProfile.Aes128CmHmacSha1_80 => 1,
                SrtpProtectionProfile.Aes128CmHmacSha1_32 => 2,
                SrtpProtectionProfile.AeadAes128Gcm => 7,
                _ => 8,
            },
            (int)profile);
        Assert.Throws<ArgumentException>(() => new DtlsKeyingMaterial(profile, DtlsRole.Client, new byte[10]));
    }
}
