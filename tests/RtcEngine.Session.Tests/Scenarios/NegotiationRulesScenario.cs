using RtcEngine.Sdp;
using Xunit;

namespace RtcEngine.Session.Tests.Scenarios;

public class NegotiationRulesScenario
{
    [Fact]
    public void Malformed_remote_sdp_is_refused_with_its_position_and_changes_nothing()
    {
        using var pair = new ConnectionPair(seed: 41);
        pair.A.AddTransceiver(RtcMediaKind.Audio);
        RtcSessionDescription offer = pair.A.CreateOffer();
        pair.A.SetLocalDescription(offer);
        string broken = offer.Sdp.Replace("a=rtpmap:111 opus/48000/2", "a=rtpmap:111 opus/forty-eight", StringComparison.Ordinal);

        var error = Assert.Throws<RtcDescriptionException>(() => pair.B.SetRemoteDescription(new RtcSessionDescription(RtcSdpType.Offer, broken)));
        Assert.NotNull(error.Line);
        Assert.NotNull(error.Column);
        Assert.Equal(RtcSignalingState.Stable, pair.B.SignalingState);
        Assert.Empty(pair.B.Transceivers);

        // The same connection then negotiates normally.
        pair.B.SetRemoteDescription(offer);
        RtcSessionDescription answer = pair.B.CreateAnswer();
        pair.B.SetLocalDescription(answer);
        pair.A.SetRemoteDescription(answer);
        Assert.True(pair.RunUntilConnected(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void An_answer_that_breaks_the_offer_answer_rules_is_refused_and_the_offer_stays_pending()
    {
        using var pair = new ConnectionPair(seed: 42);
        pair.A.AddTransceiver(RtcMediaKind.Audio);
        pair.A.AddTransceiver(RtcMediaKind.Video);
        RtcSessionDescription offer = pair.A.CreateOffer();
        pair.A.SetLocalDescription(offer);
        pair.B.SetRemoteDescription(offer);
        RtcSessionDescription answer = pair.B.CreateAnswer();

        // Drop the video m-line: the answer no longer matches the offer's m-lines.
        int video = answer.Sdp.IndexOf("m=video", StringComparison.Ordinal);
        string truncated = answer.Sdp[..video];
        Assert.Throws<RtcDescriptionException>(() => pair.A.SetRemoteDescription(new RtcSessionDescription(RtcSdpType.Answer, truncated)));
        Assert.Equal(RtcSignalingState.HaveLocalOffer, pair.A.SignalingState);

        pair.B.SetLocalDescription(answer);
        pair.A.SetRemoteDescription(answer);
        Assert.Equal(RtcSignalingState.Stable, pair.A.SignalingState);
        Assert.True(pair.RunUntilConnected(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Rollback_of_a_local_offer_returns_to_stable_and_a_new_offer_works()
    {
        using var pair = new ConnectionPair(seed: 43);
        pair.A.AddTransceiver(RtcMediaKind.Video);
        pair.A.SetLocalDescription(pair.A.CreateOffer());
        Assert.NotNull(pair.A.Transceivers[0].Mid);
        pair.A.SetLocalDescription(new RtcSessionDescription(RtcSdpType.Rollback, string.Empty));
        Assert.Equal(RtcSignalingState.Stable, pair.A.SignalingState);
        Assert.Null(pair.A.Transceivers[0].Mid);

        pair.Negotiate();
        Assert.True(pair.RunUntilConnected(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Rollback_of_a_remote_offer_returns_to_stable()
    {
        using var pair = new ConnectionPair(seed: 44);
        pair.A.AddTransceiver(RtcMediaKind.Audio);
        RtcSessionDescription offer = pair.A.CreateOffer();
        pair.B.SetRemoteDescription(offer);
        Assert.Equal(RtcSignalingState.HaveRemoteOffer, pair.B.SignalingState);
        Assert.Single(pair.B.Transceivers);
        pair.B.SetRemoteDescription(new RtcSessionDescription(RtcSdpType.Rollback, string.Empty));
        Assert.Equal(RtcSignalingState.Stable, pair.B.SignalingState);
        Assert.Empty(pair.B.Transceivers);
    }

    [Fact]
    public void Adding_stopping_and_redirecting_tracks_each_raise_negotiation_needed()
    {
        using var pair = new ConnectionPair(seed: 45);
        RtcRtpTransceiver audio = pair.A.AddTransceiver(RtcMediaKind.Audio);
        Assert.Single(Drain(pair.A).OfType<RtcNegotiationNeededEvent>());
        pair.Negotiate();
        Assert.True(pair.RunUntilConnected(TimeSpan.FromSeconds(5)));
        Drain(pair.A);

        audio.Direction = SdpDirection.RecvOnly;
        Assert.Single(Drain(pair.A).OfType<RtcNegotiationNeededEvent>());
        pair.A.AddTransceiver(RtcMediaKind.Video);
        Assert.Single(Drain(pair.A).OfType<RtcNegotiationNeededEvent>());
        audio.Stop();
        Assert.Single(Drain(pair.A).OfType<RtcNegotiationNeededEvent>());

        pair.Negotiate();
        Assert.False(audio.CanSend);
        Assert.Contains("m=audio 0 ", pair.A.Negotiated!.LocalDescription.ToString(), StringComparison.Ordinal);
    }

    private static List<RtcConnectionEvent> Drain(RtcConnection connection)
    {
        var events = new List<RtcConnectionEvent>();
        while (connection.TryPollEvent(out RtcConnectionEvent e))
        {
            events.Add(e);
        }

        return events;
    }
}
