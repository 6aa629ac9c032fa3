using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;
using RtcEngine.Primitives.Crypto;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Stun;

public class StunAllocationTests
{
    [Fact]
    public void Parsing_and_verifying_a_binding_request_allocates_nothing()
    {
        using var key = new HmacSha1(StunIntegrity.ShortTermKey(Rfc5769Vectors.ShortTermPassword));
        byte[] data = Rfc5769Vectors.Request;
        AllocationAssert.NoAllocations(() =>
        {
            Assert.True(StunMessageReader.TryRead(data, out StunMessageReader message));
            Assert.True(message.VerifyFingerprint());
            Assert.True(message.VerifyMessageIntegrity(key));
            Assert.True(message.TryGetUsername(out _));
            Assert.True(message.TryGetPriority(out _));
        }, what: "parse + verify");
    }

    [Fact]
    public void Building_a_binding_request_allocates_nothing()
    {
        using var key = new HmacSha1(StunIntegrity.ShortTermKey(Rfc5769Vectors.ShortTermPassword));
        byte[] buffer = new byte[200];
        byte[] username = "evtj:h6vY"u8.ToArray();
        var id = StunTransactionId.FromBytes(Rfc5769Vectors.TransactionId);
        AllocationAssert.NoAllocations(() =>
        {
            var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, id);
            writer.TryAddAttribute(StunAttributeType.Username, username);
            writer.TryAddUInt32(StunAttributeType.Priority, 0x6e0001ff);
            writer.TryAddUInt64(StunAttributeType.IceControlling, 42);
            writer.TryAddFlag(StunAttributeType.UseCandidate);
            writer.TryAddMessageIntegrity(key);
            writer.TryAddFingerprint();
        }, what: "build");
    }

    [Fact]
    public void Building_a_response_with_an_address_and_string_allocates_nothing()
    {
        using var key = new HmacSha1("pwd"u8);
        byte[] buffer = new byte[200];
        var id = StunTransactionId.FromBytes(Rfc5769Vectors.TransactionId);
        PeerAddress mapped = PeerAddress.Parse("[2001:db8::1]:9");
        AllocationAssert.NoAllocations(() =>
        {
            var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccess, id);
            writer.TryAddXorMappedAddress(mapped);
            writer.TryAddString(StunAttributeType.Software, "RtcEngine");
            writer.TryAddMessageIntegrity(key);
            writer.TryAddFingerprint();
        }, what: "build response");
    }
}
