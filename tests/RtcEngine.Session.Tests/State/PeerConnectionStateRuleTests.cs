using RtcEngine.Session;
using Xunit;
using IceState = RtcEngine.Session.RtcIceConnectionState;
using DtlsState = RtcEngine.Session.RtcDtlsTransportState;
using PcState = RtcEngine.Session.RtcPeerConnectionState;

namespace RtcEngine.Session.Tests.State;

public class PeerConnectionStateRuleTests
{
    [Theory]
    [InlineData(IceState.New, DtlsState.New, PcState.New)]
    [InlineData(IceState.Checking, DtlsState.New, PcState.Connecting)]
    [InlineData(IceState.Connected, DtlsState.New, PcState.Connecting)]
    [InlineData(IceState.Connected, DtlsState.Connecting, PcState.Connecting)]
    [InlineData(IceState.Connected, DtlsState.Connected, PcState.Connected)]
    [InlineData(IceState.Completed, DtlsState.Connected, PcState.Connected)]
    [InlineData(IceState.Disconnected, DtlsState.Connected, PcState.Disconnected)]
    [InlineData(IceState.Failed, DtlsState.Connected, PcState.Failed)]
    [InlineData(IceState.Connected, DtlsState.Failed, PcState.Failed)]
    [InlineData(IceState.Disconnected, DtlsState.Failed, PcState.Failed)]
    [InlineData(IceState.Checking, DtlsState.Connected, PcState.Connecting)]
    [InlineData(IceState.Closed, DtlsState.Closed, PcState.New)]
    public void Derives_the_w3c_aggregate(IceState ice, DtlsState dtls, PcState expected) =>
        Assert.Equal(expected, PeerConnectionStateRule.Derive(closed: false, ice, dtls));

    [Fact]
    public void Closed_wins_over_everything() =>
        Assert.Equal(PcState.Closed, PeerConnectionStateRule.Derive(closed: true, IceState.Failed, DtlsState.Failed));
}
