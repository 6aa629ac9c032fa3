using Xunit;

namespace RtcEngine.Testing.Tests;

public class UdpEngineRunnerTests
{
    [Fact]
    public async Task Two_engines_exchange_datagrams_over_loopback()
    {
        var echo = new PingEngine(default, count: 0, interval: TimeSpan.Zero, echo: true);
        await using UdpEngineRunner echoRunner = UdpEngineRunner.Start(echo, onEvent: null);
        var pinger = new PingEngine(echoRunner.LocalAddress, count: 20, interval: TimeSpan.FromMilliseconds(1));
        await using UdpEngineRunner pingRunner = UdpEngineRunner.Start(pinger, onEvent: null);

        Assert.True(await pingRunner.WaitUntilAsync(() => pinger.Received.Count == 20, TimeSpan.FromSeconds(10)));
        Assert.All(pinger.Received, r => Assert.Equal(echoRunner.LocalAddress, r.From));
        Assert.Equal(Enumerable.Range(0, 20), pinger.Received.Select(r => r.Number).Order());
        Assert.True(await echoRunner.InvokeAsync(() => echo.Received.Count) == 20);
    }
}
