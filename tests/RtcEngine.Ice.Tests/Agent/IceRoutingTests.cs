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

    private static byte[] Rfc5769VectorsResponse() => Stun.Rfc5769Vectors.ResponseIPv4;
}
