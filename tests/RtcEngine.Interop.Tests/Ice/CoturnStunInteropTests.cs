using System.Globalization;
using System.Net;
using RtcEngine.Ice.Agent;
using RtcEngine.Primitives;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Interop.Tests.Ice;

/// <summary>coturn (Debian <c>coturn</c>) as the STUN server our agent gathers a server-reflexive address from.</summary>
public class CoturnStunInteropTests
{
    [Fact]
    public async Task Coturn_answers_our_binding_request_with_our_reflexive_address()
    {
        string turnserver = RealPeers.RequireProgram("turnserver", "coturn");
        int serverPort = RealPeers.FreeUdpAndTcpPort();
        await using PeerProcess coturn = PeerProcess.Start(turnserver,
        [
            "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", $"--listening-port={serverPort}",
            "--min-port=49160", "--max-port=49200", "--lt-cred-mech", "--user=alice:secret", "--realm=test.local",
            "--fingerprint", "--no-tls", "--no-dtls", "--no-cli", "--allow-loopback-peers", "--log-file=stdout", "--simple-log", "-v",
        ]);
        Assert.True(await coturn.WaitForLineAsync("UDP listener opened", TimeSpan.FromSeconds(10)) is not null, "coturn did not start:\n" + coturn.Output);

        int agentPort = RealPeers.FreeUdpPort();
        PeerAddress host = PeerAddress.Parse($"127.0.0.1:{agentPort}");
        PeerAddress server = PeerAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{serverPort}"));
        using var agent = new IceAgent(new IceAgentOptions { HostAddresses = [host], StunServers = [server] }, CryptoRandomSource.Shared);
        var events = new List<IceEvent>();
        await using UdpEngineRunner runner = UdpEngineRunner.Start(agent, events.Add, new IPEndPoint(IPAddress.Loopback, agentPort));
        await runner.InvokeAsync(agent.StartGathering);

        Assert.True(await runner.WaitUntilAsync(() => agent.GatheringState == IceGatheringState.Complete, TimeSpan.FromSeconds(15)), "gathering did not complete");
        IceEvent[] seen = await runner.InvokeAsync(() => events.ToArray());
        IceStunServerRespondedEvent responded = Assert.Single(seen.OfType<IceStunServerRespondedEvent>());
        Assert.Equal(server, responded.Server);
        Assert.Equal(host, responded.MappedAddress); // loopback has no NAT: the server saw our socket
        Assert.Empty(seen.OfType<IceStunServerErrorEvent>());
        Assert.Single(seen.OfType<IceGatheringCompleteEvent>());
    }
}
