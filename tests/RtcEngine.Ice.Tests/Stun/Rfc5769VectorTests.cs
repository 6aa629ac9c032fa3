using System.Text;
using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;
using RtcEngine.Primitives.Crypto;
using Xunit;

namespace RtcEngine.Ice.Tests.Stun;

public class Rfc5769VectorTests
{
    private static HmacSha1 ShortTermKey() => new(StunIntegrity.ShortTermKey(Rfc5769Vectors.ShortTermPassword));

    [Fact]
    public void Sample_request_parses_and_verifies()
    {
        Assert.True(StunMessageReader.TryRead(Rfc5769Vectors.Request, out StunMessageReader message));
        Assert.Equal(StunMessageType.BindingRequest, message.Type);
        Assert.Equal(Rfc5769Vectors.TransactionId, message.TransactionIdBytes.ToArray());
        Assert.True(message.TryGetAttribute(StunAttributeType.Software, out ReadOnlySpan<byte> software));
        Assert.Equal("STUN test client", Encoding.UTF8.GetString(software));
        Assert.True(message.TryGetPriority(out uint priority));
        Assert.Equal(0x6e0001ffu, priority);
        Assert.True(message.TryGetIceControlled(out ulong tieBreaker));
        Assert.Equal(0x932ff9b151263b36UL, tieBreaker);
        Assert.False(message.TryGetIceControlling(out _));
        Assert.True(message.TryGetUsername(out ReadOnlySpan<byte> username));
        Assert.Equal("evtj:h6vY", Encoding.UTF8.GetString(username));
        Assert.True(message.VerifyFingerprint());
        using HmacSha1 key = ShortTermKey();
        Assert.True(message.VerifyMessageIntegrity(key));
        Assert.False(message.HasUnknownComprehensionRequired);
    }

    [Fact]
    public void Sample_request_is_written_byte_for_byte()
    {
        using HmacSha1 key = ShortTermKey();
        var buffer = new byte[200];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, Rfc5769Vectors.TransactionId, paddingByte: 0x20);
        Assert.True(writer.TryAddString(StunAttributeType.Software, "STUN test client"));
        Assert.True(writer.TryAddUInt32(StunAttributeType.Priority, 0x6e0001ff));
        Assert.True(writer.TryAddUInt64(StunAttributeType.IceControlled, 0x932ff9b151263b36));
        Assert.True(writer.TryAddString(StunAttributeType.Username, "evtj:h6vY"));
        Assert.True(writer.TryAddMessageIntegrity(key));
        Assert.True(writer.TryAddFingerprint());
        Assert.Equal(Convert.ToHexString(Rfc5769Vectors.Request), Convert.ToHexString(writer.Written));
    }

    [Fact]
    public void Sample_IPv4_response_parses_and_verifies()
    {
        Assert.True(StunMessageReader.TryRead(Rfc5769Vectors.ResponseIPv4, out StunMessageReader message));
        Assert.Equal(StunMessageType.BindingSuccess, message.Type);
        Assert.True(message.TryGetXorMappedAddress(out PeerAddress mapped));
        Assert.Equal(PeerAddress.Parse("192.0.2.1:32853"), mapped);
        Assert.True(message.TryGetAttribute(StunAttributeType.Software, out ReadOnlySpan<byte> software));
        Assert.Equal("test vector", Encoding.UTF8.GetString(software));
        Assert.True(message.VerifyFingerprint());
        using HmacSha1 key = ShortTermKey();
        Assert.True(message.VerifyMessageIntegrity(key));
    }

    [Fact]
    public void Sample_IPv4_response_is_written_byte_for_byte()
    {
        using HmacSha1 key = ShortTermKey();
        var buffer = new byte[200];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccess, Rfc5769Vectors.TransactionId, paddingByte: 0x20);
        Assert.True(writer.TryAddString(StunAttributeType.Software, "test vector"));
        Assert.True(writer.TryAddXorMappedAddress(PeerAddress.Parse("192.0.2.1:32853")));
        Assert.True(writer.TryAddMessageIntegrity(key));
        Assert.True(writer.TryAddFingerprint());
        Assert.Equal(Convert.ToHexString(Rfc5769Vectors.ResponseIPv4), Convert.ToHexString(writer.Written));
    }

    [Fact]
    public void Sample_IPv6_response_parses_and_verifies()
    {
        Assert.True(StunMessageReader.TryRead(Rfc5769Vectors.ResponseIPv6, out StunMessageReader message));
        Assert.True(message.TryGetXorMappedAddress(out PeerAddress mapped));
        Assert.Equal(PeerAddress.Parse("[2001:db8:1234:5678:11:2233:4455:6677]:32853"), mapped);
        Assert.True(message.VerifyFingerprint());
        using HmacSha1 key = ShortTermKey();
        Assert.True(message.VerifyMessageIntegrity(key));
    }

    [Fact]
    public void Sample_IPv6_response_is_written_byte_for_byte()
    {
        using HmacSha1 key = ShortTermKey();
        var buffer = new byte[200];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccess, Rfc5769Vectors.TransactionId, paddingByte: 0x20);
        Assert.True(writer.TryAddString(StunAttributeType.Software, "test vector"));
        Assert.True(writer.TryAddXorMappedAddress(PeerAddress.Parse("[2001:db8:1234:5678:11:2233:4455:6677]:32853")));
        Assert.True(writer.TryAddMessageIntegrity(key));
        Assert.True(writer.TryAddFingerprint());
        Assert.Equal(Convert.ToHexString(Rfc5769Vectors.ResponseIPv6), Convert.ToHexString(writer.Written));
    }

    [Fact]
    public void Long_term_request_parses_and_verifies_with_the_SASLprepped_MD5_key()
    {
        Assert.True(StunMessageReader.TryRead(Rfc5769Vectors.LongTermRequest, out StunMessageReader message));
        Assert.True(message.TryGetUsername(out ReadOnlySpan<byte> username));
        Assert.Equal(Rfc5769Vectors.LongTermUsername, Encoding.UTF8.GetString(username));
        Assert.True(message.TryGetAttribute(StunAttributeType.Nonce, out ReadOnlySpan<byte> nonce));
        Assert.Equal(Rfc5769Vectors.LongTermNonce, Encoding.UTF8.GetString(nonce));
        Assert.True(message.TryGetAttribute(StunAttributeType.Realm, out ReadOnlySpan<byte> realm));
        Assert.Equal(Rfc5769Vectors.LongTermRealm, Encoding.UTF8.GetString(realm));
        Assert.False(message.HasFingerprint);

        Span<byte> longTermKey = stackalloc byte[StunIntegrity.LongTermKeyMd5Length];
        StunIntegrity.LongTermKeyMd5(Rfc5769Vectors.LongTermUsername, Rfc5769Vectors.LongTermRealm, Rfc5769Vectors.LongTermPassword, longTermKey);
        using var key = new HmacSha1(longTermKey);
        Assert.True(message.VerifyMessageIntegrity(key));
    }

    [Fact]
    public void Long_term_request_is_written_byte_for_byte()
    {
        Span<byte> longTermKey = stackalloc byte[StunIntegrity.LongTermKeyMd5Length];
        StunIntegrity.LongTermKeyMd5(Rfc5769Vectors.LongTermUsername, Rfc5769Vectors.LongTermRealm, Rfc5769Vectors.LongTermPassword, longTermKey);
        using var key = new HmacSha1(longTermKey);
        var buffer = new byte[200];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, Rfc5769Vectors.LongTermTransactionId);
        Assert.True(writer.TryAddString(StunAttributeType.Username, Rfc5769Vectors.LongTermUsername));
        Assert.True(writer.TryAddString(StunAttributeType.Nonce, Rfc5769Vectors.LongTermNonce));
        Assert.True(writer.TryAddString(StunAttributeType.Realm, Rfc5769Vectors.LongTermRealm));
        Assert.True(writer.TryAddMessageIntegrity(key));
        Assert.Equal(Convert.ToHexString(Rfc5769Vectors.LongTermRequest), Convert.ToHexString(writer.Written));
    }

    [Fact]
    public void SASLprep_maps_the_vector_password_to_TheMatrIX()
    {
        Assert.Equal("TheMatrIX", StunIntegrity.PreparePassword(Rfc5769Vectors.LongTermPassword));
    }

    [Fact]
    public void A_wrong_password_fails_integrity()
    {
        using var key = new HmacSha1(StunIntegrity.ShortTermKey("VOkJxbRl1RmTxUk/WvJxBT"));
        Assert.True(StunMessageReader.TryRead(Rfc5769Vectors.Request, out StunMessageReader message));
        Assert.False(message.VerifyMessageIntegrity(key));
    }

    [Fact]
    public void A_flipped_bit_anywhere_fails_integrity_or_fingerprint()
    {
        using HmacSha1 key = ShortTermKey();
        byte[] data = Rfc5769Vectors.Request;
        for (int i = 0; i < data.Length; i++)
        {
            byte[] copy = (byte[])data.Clone();
            copy[i] ^= 0x01;
            if (StunMessageReader.TryRead(copy, out StunMessageReader message))
            {
                Assert.False(message.VerifyMessageIntegrity(key) && message.VerifyFingerprint(), $"bit flip at {i} went unnoticed");
            }
        }
    }
}
