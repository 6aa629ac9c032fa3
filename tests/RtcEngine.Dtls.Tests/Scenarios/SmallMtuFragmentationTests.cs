using RtcEngine.Dtls;
using RtcEngine.Testing;

namespace RtcEngine.Dtls.Tests.Scenarios;

/// <summary>Flights fragmented to a small MTU, reordered, still reassemble; no datagram exceeds the MTU.</summary>
public class SmallMtuFragmentationTests
{
    [Theory]
    [InlineData(256)]
    [InlineData(400)]
    public void Every_datagram_fits_the_mtu_and_the_handshake_completes(int mtu)
    {
        var pair = new DtlsPair(
            seed: 5,
            client: o => o.With(mtu: mtu),
            server: o => o.With(mtu: mtu),
            link: new LinkConditions { Mtu = mtu, Reorder = 0.3, Jitter = TimeSpan.FromMilliseconds(10) });

        pair.Network.TraceEnabled = true;
        pair.RunHandshake();

        Assert.True(pair.BothConnected, $"{pair.Client.Counters} / {pair.Server.Counters}");
        Assert.Equal(0, pair.Network.Stats.DroppedOverMtu);
        Assert.All(pair.Network.Trace, t => Assert.True(t.Length <= mtu));
        Assert.True(pair.Network.Trace.Count(t => t.Length > mtu - 64) >= 3, "flights should fill datagrams up to the MTU");
    }
}
