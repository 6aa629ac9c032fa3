using RtcEngine.Session;
using Xunit;
using Ice = RtcEngine.Session.RtcIceConnectionState;
using Dtls = RtcEngine.Session.RtcDtlsTransportState;
using Pc = RtcEngine.Session.RtcPeerConnectionState;

namespace RtcEngine.Session.Tests.State;

public class PeerConnectionStateRuleTests
{
    [Theory]
    [InlineData(Ice.New, Dtls.New, Pc.New)]
    [InlineData(Ice.Checking, Dtls.New, Pc.Connecting)]
    [InlineData(Ice.Connected, Dtls.New, Pc.Connecting)]
    [InlineData(Ice.Connected, Dtls.Connecting, Pc.Connecting)]
    [InlineData(Ice.Connected, Dtls.Connected, Pc.Connected)]
    [InlineData(Ice.Completed, Dtls.Connected, Pc.Connected)]
    [InlineData(Ice.Disconnected, Dtls.Connected, Pc.Disconnected)]
    [InlineData(Ice.Failed, Dtls.Connected, Pc.Failed)]
    [InlineData(Ice.Connected, Dtls.Failed, Pc.Failed)]
    [InlineData(Ice.Disconnected, Dtls.Failed, Pc.Failed)]
    [InlineData(Ice.Checking, Dtls.Connected, Pc.Connecting)]
    [InlineData(Ice.Closed, Dtls.Closed, Pc.New)]
    public void Derives_the_w3c_aggregate(Ice ice, Dtls dtls, Pc expected) =>
        Assert.Equal(expected, PeerConnectionStateRule.Derive(closed: false, ice, dtls));

    [Fact]
    public void Closed_wins_over_everything() =>
        Assert.Equal(Pc.Closed, PeerConnectionStateRule.Derive(closed: true, Ice.Failed, Dtls.Failed));
}
