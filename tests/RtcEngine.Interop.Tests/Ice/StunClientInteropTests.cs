using System.Net;
using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Interop.Tests.Ice;

/// <summary>coturn's reference STUN client (RFC 5389, <c>turnutils_stunclient</c>) against our binding server.</summary>
public class StunClientInteropTests
{
    [Fact]
    public async Task Turnutils_stunclient_gets_its_reflexive_address_from_our_binding_server()
    {
        string client = RealPeers.RequireProgram("turnutils_stunclient", "coturn");
        var server = new StunBindingServer { Software = "RtcEngine" };
        int port = RealPeers.FreeUdpPort();
        await using UdpEngineRunner runner = UdpEngineRunner.Start(server, new IPEndPoint(IPAddress.Loopback, port));

        await using PeerProcess process = PeerProcess.Start(client, ["-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "127.0.0.1"]);
        var match = await process.WaitForLineAsync(@"UDP reflexive addr: 127\.0\.0\.1:(\d+)", TimeSpan.FromSeconds(10));
        Assert.True(match is not null, "no reflexive address in the client's output:\n" + process.Output);
        Assert.True(await runner.WaitUntilAsync(() => server.Answered >= 1, TimeSpan.FromSeconds(5)));
        Assert.Equal(0, await runner.InvokeAsync(() => server.Dropped));
    }
}
