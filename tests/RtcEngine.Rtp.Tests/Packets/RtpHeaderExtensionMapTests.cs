using RtcEngine.Rtp;
using Xunit;

namespace RtcEngine.Rtp.Tests.Packets;

public class RtpHeaderExtensionMapTests
{
    [Fact]
    public void Maps_sdp_extmap_uris_both_ways()
    {
        var map = new RtpHeaderExtensionMap();
        Assert.True(map.TryRegister(4, "urn:ietf:params:rtp-hdrext:sdes:mid"));
        Assert.True(map.TryRegister(10, "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"));
        Assert.True(map.TryRegister(11, "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id"));
        Assert.True(map.TryRegister(2, "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"));
        Assert.True(map.TryRegister(3, "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"));
        Assert.True(map.TryRegister(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"));
        Assert.True(map.TryRegister(13, "urn:3gpp:video-orientation"));
        Assert.True(map.TryRegister(5, "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay"));
        Assert.False(map.TryRegister(14, "urn:ietf:params:rtp-hdrext:toffset"));

        Assert.Equal(4, map.GetId(RtpExtensionKind.Mid));
        Assert.Equal(RtpExtensionKind.RepairedRtpStreamId, map.GetKind(11));
        Assert.Equal(RtpExtensionKind.Unknown, map.GetKind(14));
        Assert.Equal(0, new RtpHeaderExtensionMap().GetId(RtpExtensionKind.Mid));
        foreach (RtpExtensionKind kind in Enum.GetValues<RtpExtensionKind>().Where(k => k != RtpExtensionKind.Unknown))
        {
            Assert.Equal(kind, RtpHeaderExtensionMap.KindFromUri(RtpHeaderExtensionMap.UriOf(kind)));
        }
    }

    [Fact]
    public void Remapping_a_kind_frees_its_old_id_and_conflicts_are_misuse()
    {
        var map = new RtpHeaderExtensionMap();
        map.Register(4, RtpExtensionKind.Mid);
        map.Register(9, RtpExtensionKind.Mid);
        Assert.Equal(RtpExtensionKind.Unknown, map.GetKind(4));
        Assert.Equal(9, map.GetId(RtpExtensionKind.Mid));
        Assert.Throws<ArgumentException>(() => map.Register(9, RtpExtensionKind.AbsSendTime));
        Assert.Throws<ArgumentOutOfRangeException>(() => map.Register(0, RtpExtensionKind.AbsSendTime));
        Assert.Throws<ArgumentOutOfRangeException>(() => map.Register(256, RtpExtensionKind.AbsSendTime));
        map.Clear();
        Assert.False(map.Contains(RtpExtensionKind.Mid));
    }

    [Fact]
    public void Typed_values_decode_their_wire_forms()
    {
        Assert.True(AudioLevel.TryRead([0x85], out AudioLevel level));
        Assert.True(level.VoiceActivity);
        Assert.Equal(5, level.Level);
        Assert.Equal(Math.Pow(10, -5 / 20.0), level.LinearLevel, 9);
        Assert.Equal(0, new AudioLevel(false, 127).LinearLevel);

        Assert.True(VideoOrientation.TryRead([0x0F], out VideoOrientation o));
        Assert.Equal(new VideoOrientation(true, true, 270), o);
        Assert.Equal(0x0F, o.ToByte());

        Assert.True(PlayoutDelay.TryRead([0x01, 0x20, 0x64], out PlayoutDelay d));
        Assert.Equal(18, d.MinimumTenMilliseconds);
        Assert.Equal(100, d.MaximumTenMilliseconds);
        Assert.Equal(TimeSpan.FromSeconds(1), d.Maximum);
        byte[] back = new byte[3];
        d.Write(back);
        Assert.Equal([0x01, 0x20, 0x64], back);

        Assert.False(PlayoutDelay.TryRead([1, 2], out _));
        Assert.False(AbsSendTime.TryRead([1, 2], out _));
        Assert.False(AudioLevel.TryRead([], out _));
    }
}
