using System.Text;
using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Stun;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Agent;

public class IceRoutingTests
{
    private static readonly IceCredentials Target = new("SrvA", "serverpasswordserverpassword");

    [Fact]
    public void The_local_ufrag_of_a_binding_request_is_read_without_verifying()
    {
        byte[] check = StunTestMessages.Check(Target, AgentDriver.PeerCredentials, StunTransactionId.Create(new SeededRandomSource(1)));
        Assert.True(IceRouting.TryGetLocalUfrag(check, out ReadOnlySpan<byte> ufrag));
        Assert.Equal("SrvA", Encoding.ASCII.GetString(ufrag));
        Assert.True(IceRouting.IsBindingRequestFor(check, "SrvA"));
        Assert.False(IceRouting.IsBindingRequestFor(check, "SrvB"));
        Assert.False(IceRouting.IsBindingRequestFor(check, "SrvAA"));
    }

    [Fact]
    public void Anything_but_a_binding_request_with_a_username_is_not_routed()
    {
        Assert.False(IceRouting.TryGetLocalUfrag([], out _));
        Assert.False(IceRouting.TryGetLocalUfrag([0x17, 0xFE, 0xFD, 0, 0], out _));
        Assert.False(IceRouting.TryGetLocalUfrag(Rfc5769VectorsResponse(), out _));
        byte[] noUsername = StunTestMessages.Check(Target, AgentDriver.PeerCredentials, StunTransactionId.Create(new SeededRandomSource(1)), username: false);
        Assert.False(IceRouting.TryGetLocalUfrag(noUsername, out _));
    }

    [Fact]
    public void Routing_allocates_nothing()
    {
        byte[] check = StunTestMessages.Check(Target, AgentDriver.PeerCredentials, StunTransactionId.Create(new SeededRandomSource(1)));
        AllocationAssert.NoAllocations(() =>
        {
            IceRouting.TryGetLocalUfrag(check, out _);
            IceRouting.IsBindingRequestFor(check, "SrvA");
        });
    }

    [Fact]
    public void Error_responses_are_told_from_every_other_message_the_host_sends()
    {
        var id = StunTransactionId.Create(new SeededRandomSource(2));
        byte[] Write(StunMessageType type, int? errorCode = null)
        {
            var buffer = new byte[100];
            var writer = new StunMessageWriter(buffer, type, id);
            if (errorCode is { } code)
            {
                writer.TryAddErrorCode(code, "Unauthenticated");
            }

            writer.TryAddFingerprint();
            return writer.Written.ToArray();
        }

        Assert.True(IceRouting.IsStunErrorResponse(Write(StunMessageType.BindingError, 401)));
        Assert.True(IceRouting.IsStunErrorResponse(Write(new StunMessageType(StunMethod.Allocate, StunClass.ErrorResponse), 438)));
        Assert.False(IceRouting.IsStunErrorResponse(Write(StunMessageType.BindingSuccess)));
        Assert.False(IceRouting.IsStunErrorResponse(Write(StunMessageType.BindingRequest)));
        Assert.False(IceRouting.IsStunErrorResponse(Write(StunMessageType.BindingIndication)));
        Assert.False(IceRouting.IsStunErrorResponse(Rfc5769VectorsResponse()));
        Assert.False(IceRouting.IsStunErrorResponse(StunTestMessages.Check(Target, AgentDriver.PeerCredentials, id)));

        // Media and DTLS never look like one, whatever their bytes.
        byte[] rtp = [0x80, 0x6F, 0x01, 0x10, 0, 0, 0, 0, 0x21, 0x12, 0xA4, 0x42, 0, 0, 0, 0, 0, 0, 0, 0];
        Assert.False(IceRouting.IsStunErrorResponse(rtp));
        Assert.False(IceRouting.IsStunErrorResponse([0x17, 0xFE, 0xFD, 0, 0]));
        Assert.False(IceRouting.IsStunErrorResponse(Write(StunMessageType.BindingError, 401).AsSpan(0, 19)));
    }

    private static byte[] Rfc5769VectorsResponse() => Stun.Rfc5769Vectors.ResponseIPv4;
}
