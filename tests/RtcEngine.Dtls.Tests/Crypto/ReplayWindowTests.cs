using RtcEngine.Dtls;

namespace RtcEngine.Dtls.Tests.Crypto;

public class ReplayWindowTests
{
    [Fact]
    public void Accepts_new_and_reordered_records_and_rejects_repeats_and_old_ones()
    {
        var window = new RecordReplayWindow();
        Assert.True(window.MayAccept(5));
        window.Mark(5);
        Assert.False(window.MayAccept(5));
        Assert.True(window.MayAccept(3));
        window.Mark(3);
        Assert.False(window.MayAccept(3));
        window.Mark(100);
        Assert.True(window.MayAccept(37));
        Assert.False(window.MayAccept(36)); // 64 behind
        Assert.False(window.MayAccept(5));
        window.Mark(1000);
        Assert.False(window.MayAccept(100));
        Assert.True(window.MayAccept(999));
    }
}
