using Xunit;

namespace RtcEngine.Sdp.Tests;

/// <summary>The synthetic Cloudflare-shaped fixtures parse into the values their shapes are meant to exercise.</summary>
public class SyntheticCloudflareFixtureValueTests
{
    private static SessionDescription Load(string name) => Fixtures.Parse("sdp/synthetic-cloudflare/" + name + ".sdp");

    [Fact]
    public void Publish_answer_is_ice_lite_passive_and_receives_simulcast()
    {
        SessionDescription answer = Load("publish_answer");

        Assert.True(answer.IceLite);
        Assert.Equal(["0", "1"], answer.BundleGroup!.Mids);
        Assert.All(answer.Media, m => Assert.Equal(SdpSetupRole.Passive, m.Setup));
        Assert.All(answer.Media, m => Assert.Equal(SdpDirection.RecvOnly, m.Direction));
        Assert.True(answer.Media[0].EndOfCandidates);
        Assert.Equal(3478, answer.Media[0].Port);
        MediaDescription video = answer.Media[1];
        Assert.Equal(["f", "h", "q"], video.Rids.Select(r => r.Id));
        Assert.All(video.Rids, r => Assert.Equal(RidDirection.Recv, r.Direction));
        Assert.Equal(["f", "h", "q"], video.Simulcast!.Receive.Select(s => s[0].Id));
        Assert.Empty(video.Simulcast.Send);
    }

    [Fact]
    public void Pull_offer_sends_tracks_with_msid_and_rtx_group()
    {
        SessionDescription offer = Load("pull_offer");

        Assert.Equal(3UL, offer.Origin.SessionVersion);
        Assert.All(offer.Media, m => Assert.Equal(SdpDirection.SendOnly, m.Direction));
        Assert.All(offer.Media, m => Assert.Equal(SdpSetupRole.ActPass, m.Setup));
        Assert.Equal("2e037563-a35d-4bf6-a9ee-2d474cbb9a58", offer.Media[0].Msids[0].TrackId);
        Assert.Equal([2222222222u, 3333333333u], offer.Media[1].SsrcGroups[0].Ssrcs);
    }

    [Fact]
    public void Simulcast_recv_offer_lists_one_recv_rid_per_layer()
    {
        MediaDescription video = Assert.Single(Load("simulcast_recv_offer").Media);

        Assert.Equal(["f", "h", "q"], video.Rids.Select(r => r.Id));
        Assert.All(video.Rids, r => Assert.Equal(RidDirection.Recv, r.Direction));
        Assert.Equal(["f", "h", "q"], video.Simulcast!.Receive.Select(s => s[0].Id));
    }

    [Fact]
    public void Datachannel_establish_offer_has_only_an_application_section()
    {
        MediaDescription data = Assert.Single(Load("datachannel_establish_offer").Media);

        Assert.Equal(SdpMediaKind.Application, data.Kind);
        Assert.Equal(5000, data.SctpPort);
        Assert.Equal(262144UL, data.MaxMessageSize);
        Assert.True(data.EndOfCandidates);
    }
}
