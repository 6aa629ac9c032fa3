using RtcEngine.Session;
using Xunit;

namespace RtcEngine.Session.Tests.State;

public class SignalingStateMachineTests
{
    [Fact]
    public void Offerer_path_returns_to_stable_through_an_answer()
    {
        var m = new SignalingStateMachine();
        Assert.Equal(RtcSignalingState.HaveLocalOffer, m.ApplyLocal(RtcSdpType.Offer));
        Assert.Equal(RtcSignalingState.HaveRemotePranswer, m.ApplyRemote(RtcSdpType.Pranswer));
        Assert.Equal(RtcSignalingState.Stable, m.ApplyRemote(RtcSdpType.Answer));
    }

    [Fact]
    public void Answerer_path_returns_to_stable_through_a_local_answer()
    {
        var m = new SignalingStateMachine();
        Assert.Equal(RtcSignalingState.HaveRemoteOffer, m.ApplyRemote(RtcSdpType.Offer));
        Assert.Equal(RtcSignalingState.HaveLocalPranswer, m.ApplyLocal(RtcSdpType.Pranswer));
        Assert.Equal(RtcSignalingState.Stable, m.ApplyLocal(RtcSdpType.Answer));
    }

    [Fact]
    public void Rollback_undoes_an_unanswered_offer_either_side()
    {
        var m = new SignalingStateMachine();
        m.ApplyLocal(RtcSdpType.Offer);
        Assert.Equal(RtcSignalingState.Stable, m.ApplyLocal(RtcSdpType.Rollback));
        m.ApplyRemote(RtcSdpType.Offer);
        Assert.Equal(RtcSignalingState.Stable, m.ApplyRemote(RtcSdpType.Rollback));
    }

    [Theory]
    [InlineData(RtcSdpType.Answer)]
    [InlineData(RtcSdpType.Pranswer)]
    [InlineData(RtcSdpType.Rollback)]
    public void Answers_and_rollbacks_are_refused_in_stable_and_leave_it(RtcSdpType type)
    {
        var m = new SignalingStateMachine();
        Assert.Throws<InvalidOperationException>(() => m.ApplyLocal(type));
        Assert.Throws<InvalidOperationException>(() => m.ApplyRemote(type));
        Assert.Equal(RtcSignalingState.Stable, m.State);
    }

    [Fact]
    public void Glare_a_remote_offer_while_a_local_one_is_pending_is_refused()
    {
        var m = new SignalingStateMachine();
        m.ApplyLocal(RtcSdpType.Offer);
        Assert.Null(m.NextForRemote(RtcSdpType.Offer));
        Assert.Throws<InvalidOperationException>(() => m.ApplyRemote(RtcSdpType.Offer));
        Assert.Equal(RtcSignalingState.HaveLocalOffer, m.State);
    }

    [Fact]
    public void Description_json_has_the_browser_shape()
    {
        var d = new RtcSessionDescription(RtcSdpType.Answer, "v=0\r\n");
        string json = System.Text.Json.JsonSerializer.Serialize(d, RtcSignalingJsonContext.Default.RtcSessionDescription);
        Assert.Equal("{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}", json);
        Assert.Equal(d, System.Text.Json.JsonSerializer.Deserialize("{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}", RtcSignalingJsonContext.Default.RtcSessionDescription));
    }
}
