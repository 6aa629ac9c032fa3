using Xunit;

namespace RtcEngine.Sdp.Tests;

/// <summary>The grammar of each typed attribute, including the forms the fixtures do not show.</summary>
public class TypedAttributeTests
{
    [Fact]
    public void Extmap_reads_direction_and_extension_attributes()
    {
        var extmap = Assert.IsType<ExtMapAttribute>(SdpAttribute.Parse("extmap:7/recvonly urn:example:ext some attrs"));
        Assert.Equal((7, SdpDirection.RecvOnly, "urn:example:ext", "some attrs"), (extmap.Id, extmap.Direction, extmap.Uri, extmap.ExtensionAttributes));
        Assert.Equal("7/recvonly urn:example:ext some attrs", new ExtMapAttribute(7, "urn:example:ext", SdpDirection.RecvOnly, "some attrs").Value);
    }

    [Fact]
    public void Simulcast_reads_both_directions_alternatives_and_paused_rids()
    {
        var simulcast = Assert.IsType<SimulcastAttribute>(SdpAttribute.Parse("simulcast:recv 1,~2;3 send a"));

        Assert.Equal(2, simulcast.Receive.Count);
        Assert.Equal([new SimulcastRid("1"), new SimulcastRid("2", Paused: true)], simulcast.Receive[0]);
        Assert.Equal([new SimulcastRid("3")], simulcast.Receive[1]);
        Assert.Equal("a", Assert.Single(Assert.Single(simulcast.Send)).Id);
        Assert.Equal("send a recv 1,~2;3", new SimulcastAttribute(simulcast.Send, simulcast.Receive).Value);
        Assert.Equal("send 1,~2;3 recv a", simulcast.Reversed().Value);
    }

    [Fact]
    public void Rid_reads_payload_types_and_restrictions()
    {
        var rid = Assert.IsType<RidAttribute>(SdpAttribute.Parse("rid:hi-1 recv pt=96,98;max-width=1280;max-height=720"));

        Assert.Equal(("hi-1", RidDirection.Recv), (rid.Id, rid.Direction));
        Assert.Equal([96, 98], rid.PayloadTypes);
        Assert.Equal([new SdpParameter("max-width", "1280"), new SdpParameter("max-height", "720")], rid.Restrictions);
        Assert.Equal("hi-1 recv pt=96,98;max-width=1280;max-height=720", new RidAttribute(rid.Id, rid.Direction, rid.PayloadTypes, rid.Restrictions).Value);
        Assert.Equal("hi-1 send", rid.Reversed().Value);
        Assert.Equal("x send max-fps=30", new RidAttribute("x", RidDirection.Send, restrictions: [new SdpParameter("max-fps", "30")]).Value);
    }

    [Fact]
    public void Rtcp_feedback_reads_the_wildcard_and_multi_word_parameters()
    {
        var wildcard = Assert.IsType<RtcpFeedbackAttribute>(SdpAttribute.Parse("rtcp-fb:* trr-int 100"));
        Assert.True(wildcard.IsWildcard);
        Assert.Equal(("trr-int", "100"), (wildcard.Type, wildcard.Parameter));
        Assert.Equal("* nack pli", new RtcpFeedbackAttribute(RtcpFeedbackAttribute.Wildcard, "nack", "pli").Value);
    }

    [Fact]
    public void Fmtp_splits_parameters_on_semicolons_and_ignores_spaces_around_them()
    {
        var fmtp = Assert.IsType<FmtpAttribute>(SdpAttribute.Parse("fmtp:100 profile-id=2; x=1 ;flag"));
        Assert.Equal([new SdpParameter("profile-id", "2"), new SdpParameter("x", "1"), new SdpParameter("flag", null)], fmtp.Parameters);

        var application = Assert.IsType<FmtpAttribute>(SdpAttribute.Parse("fmtp:webrtc-datachannel max-message-size=100000"));
        Assert.Equal(-1, application.PayloadType);
        Assert.Equal("webrtc-datachannel", application.Format);
        Assert.Equal("97 apt=96", new FmtpAttribute(97, [new SdpParameter("apt", "96")]).Value);
    }

    [Fact]
    public void Ssrc_reads_attributes_without_a_value_and_values_with_spaces()
    {
        var flag = Assert.IsType<SsrcAttribute>(SdpAttribute.Parse("ssrc:1 x-flag"));
        Assert.Equal((1u, "x-flag", (string?)null), (flag.Ssrc, flag.AttributeName, flag.AttributeValue));
        var msid = Assert.IsType<SsrcAttribute>(SdpAttribute.Parse("ssrc:4294967295 msid:stream track"));
        Assert.Equal((uint.MaxValue, "stream track"), (msid.Ssrc, msid.AttributeValue));
        Assert.Equal("4294967295 cname:abc", new SsrcAttribute(uint.MaxValue, "cname", "abc").Value);
    }

    [Fact]
    public void Rtcp_reads_a_port_with_or_without_an_address()
    {
        var bare = Assert.IsType<RtcpAttribute>(SdpAttribute.Parse("rtcp:53"));
        Assert.Equal((53, (string?)null), (bare.Port, bare.Address));
        var full = Assert.IsType<RtcpAttribute>(SdpAttribute.Parse("rtcp:9 IN IP6 ::"));
        Assert.Equal(("IP6", "::"), (full.AddressType, full.Address));
    }

    [Fact]
    public void Group_and_msid_semantic_accept_empty_lists()
    {
        var group = Assert.IsType<GroupAttribute>(SdpAttribute.Parse("group:BUNDLE"));
        Assert.Empty(group.Mids);
        var semantic = Assert.IsType<MsidSemanticAttribute>(SdpAttribute.Parse("msid-semantic:WMS *"));
        Assert.Equal(("WMS", "*"), (semantic.Semantic, Assert.Single(semantic.Identifiers)));
        Assert.Equal(" WMS", new MsidSemanticAttribute("WMS", []).Value);
        Assert.Equal("LS 1 2", new GroupAttribute("LS", ["1", "2"]).Value);
    }

    [Fact]
    public void Ice_options_report_trickle_and_renomination()
    {
        var options = Assert.IsType<IceOptionsAttribute>(SdpAttribute.Parse("ice-options:trickle renomination"));
        Assert.True(options.HasTrickle);
        Assert.True(options.HasRenomination);
    }

    [Theory]
    [InlineData("setup:actpass", SdpSetupRole.ActPass)]
    [InlineData("setup:active", SdpSetupRole.Active)]
    [InlineData("setup:passive", SdpSetupRole.Passive)]
    [InlineData("setup:holdconn", SdpSetupRole.HoldConn)]
    [InlineData("setup:ACTIVE", SdpSetupRole.Active)]
    public void Setup_reads_every_role(string text, SdpSetupRole role)
    {
        var setup = Assert.IsType<SetupAttribute>(SdpAttribute.Parse(text));
        Assert.Equal(role, setup.Role);
        Assert.Equal(text, setup.ToString()[2..]);
    }

    [Theory]
    [InlineData("sendrecv", SdpAttributeKind.SendRecv)]
    [InlineData("sendonly", SdpAttributeKind.SendOnly)]
    [InlineData("recvonly", SdpAttributeKind.RecvOnly)]
    [InlineData("inactive", SdpAttributeKind.Inactive)]
    [InlineData("rtcp-mux", SdpAttributeKind.RtcpMux)]
    [InlineData("rtcp-mux-only", SdpAttributeKind.RtcpMuxOnly)]
    [InlineData("rtcp-rsize", SdpAttributeKind.RtcpRsize)]
    [InlineData("ice-lite", SdpAttributeKind.IceLite)]
    [InlineData("extmap-allow-mixed", SdpAttributeKind.ExtMapAllowMixed)]
    [InlineData("end-of-candidates", SdpAttributeKind.EndOfCandidates)]
    [InlineData("bundle-only", SdpAttributeKind.BundleOnly)]
    public void Flags_are_typed_and_shared(string name, SdpAttributeKind kind)
    {
        SdpAttribute flag = SdpAttribute.Parse(name);
        Assert.Equal(kind, flag.Kind);
        Assert.False(flag.HasValue);
        Assert.Same(flag, SdpAttribute.Parse(name));
    }

    [Fact]
    public void Text_attributes_keep_their_value()
    {
        Assert.Equal(SdpAttributeKind.Mid, SdpAttribute.Parse("mid:audio-1").Kind);
        Assert.Equal("audio-1", SdpAttribute.Mid("audio-1").Value);
        SdpAttribute candidate = SdpAttribute.Parse("candidate:1 1 udp 1 127.0.0.1 9 typ host");
        Assert.Equal(SdpAttributeKind.Candidate, candidate.Kind);
        Assert.Equal("1 1 udp 1 127.0.0.1 9 typ host", candidate.Value);
        Assert.Equal(SdpAttribute.Parse("mid:0"), SdpAttribute.Mid("0"));
        Assert.Equal(SdpAttribute.Create("rtpmap", "96 VP8/90000"), new RtpMapAttribute(96, "VP8", 90000));
    }

    [Fact]
    public void Numeric_attributes_hold_their_number()
    {
        Assert.Equal(5000UL, Assert.IsType<SdpNumericAttribute>(SdpAttribute.Parse("sctp-port:5000")).Number);
        Assert.Equal(0UL, Assert.IsType<SdpNumericAttribute>(SdpAttribute.Parse("max-message-size:0")).Number);
        Assert.Equal("65535", SdpNumericAttribute.SctpPort(65535).Value);
    }

    [Fact]
    public void Builders_reject_values_that_would_break_the_line()
    {
        Assert.Throws<ArgumentException>(() => SdpAttribute.Mid("a b"));
        Assert.Throws<ArgumentException>(() => SdpAttribute.Candidate("x\r\na=evil"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtpMapAttribute(128, "VP8", 90000));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExtMapAttribute(0, "urn:x"));
        Assert.Throws<ArgumentException>(() => new RidAttribute("bad rid", RidDirection.Send));
        Assert.Throws<ArgumentException>(() => new FmtpAttribute(96, [new SdpParameter("a;b", "1")]));
        Assert.Throws<SdpParseException>(() => SdpAttribute.Create("rtpmap", "x VP8/90000"));
    }
}
