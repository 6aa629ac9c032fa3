using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Agent;

public class StunBindingServerTests
{
    private static readonly PeerAddress Server = PeerAddress.Parse("127.0.0.1:3478");
    private static readonly PeerAddress Client = PeerAddress.Parse("127.0.0.1:40000");

    [Fact]
    public void A_binding_request_gets_its_reflexive_address_and_a_fingerprint()
    {
        var server = new StunBindingServer { Software = "RtcEngine" };
        var buffer = new byte[100];
        StunTransactionId id = StunTransactionId.Create(new SeededRandomSource(1));
        var request = new StunMessageWriter(buffer, StunMessageType.BindingRequest, id);
        request.TryAddFingerprint();
        server.HandleDatagram(MonoTime.Zero, new ReceivedDatagram(request.Written.ToArray(), Server, Client));

        var output = new byte[1500];
        Assert.True(server.TryPollTransmit(output, out TransmitInfo transmit));
        Assert.Equal(Server, transmit.Source);
        Assert.Equal(Client, transmit.Destination);
        Assert.True(StunMessageReader.TryRead(output.AsSpan(0, transmit.Length), out StunMessageReader response));
        Assert.Equal(StunMessageType.BindingSuccess, response.Type);
        Assert.Equal(id, response.TransactionId);
        Assert.True(response.TryGetXorMappedAddress(out PeerAddress mapped));
        Assert.Equal(Client, mapped);
        Assert.True(response.TryGetMappedAddress(out mapped));
        Assert.Equal(Client, mapped);
        Assert.True(response.VerifyFingerprint());
        Assert.False(server.TryPollTransmit(output, out _));
        Assert.Equal(1, server.Answered);
    }

    [Fact]
    public void Unknown_required_attributes_get_420_and_other_stun_is_dropped()
    {
        var server = new StunBindingServer();
        var buffer = new byte[100];
        var request = new StunMessageWriter(buffer, StunMessageType.BindingRequest, StunTransactionId.Create(new SeededRandomSource(1)));
        request.TryAddAttribute(0x0003, [0, 0, 0, 6]); // RFC 3489 CHANGE-REQUEST
        server.HandleDatagram(MonoTime.Zero, new ReceivedDatagram(request.Written.ToArray(), Server, Client));
        server.HandleDatagram(MonoTime.Zero, new ReceivedDatagram(Stun.Rfc5769Vectors.ResponseIPv4.ToArray(), Server, Client));
        server.HandleDatagram(MonoTime.Zero, new ReceivedDatagram(new byte[] { 1, 2, 3 }, Server, Client));

        var output = new byte[1500];
        Assert.True(server.TryPollTransmit(output, out TransmitInfo transmit));
        Assert.True(StunMessageReader.TryRead(output.AsSpan(0, transmit.Length), out StunMessageReader response));
        Assert.True(response.TryGetErrorCode(out int code, out _));
        Assert.Equal(420, code);
        Assert.False(server.TryPollTransmit(output, out _));
        Assert.Equal(2, server.Dropped);
        Assert.Equal(1, server.RejectedUnknownAttribute);
    }
}
