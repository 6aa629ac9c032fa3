using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Candidates;
using RtcEngine.Ice.Configuration;
using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;
using Xunit;

namespace RtcEngine.Interop.Tests.Turn;

/// <summary>
/// Two of our ICE agents that can reach each other only through coturn's relay (relay-only policy:
/// host candidates are neither signalled nor paired), over UDP, TCP and TLS to the server.
/// </summary>
public class CoturnIceRelayTests
{
    [Theory]
    [InlineData(TransportProtocol.Udp, TransportProtocol.Udp)]
    [InlineData(TransportProtocol.Tcp, TransportProtocol.Udp)]
    [InlineData(TransportProtocol.Tls, TransportProtocol.Tcp)]
    public async Task Relay_only_agents_connect_through_coturn_and_exchange_data(TransportProtocol protocolA, TransportProtocol protocolB)
    {
        await using Coturn coturn = await Coturn.StartAsync(new CoturnOptions { Tls = protocolA == TransportProtocol.Tls || protocolB == TransportProtocol.Tls });
        (AgentHost a, EngineRun runA) = Start(coturn, IceRole.Controlling, protocolA);
        (AgentHost b, EngineRun runB) = Start(coturn, IceRole.Controlled, protocolB);
        await using (runA)
        await using (runB)
        {
            // Non-trickle signalling: credentials, then the candidates once gathering completed.
            IceCredentials credentialsA = await runA.InvokeAsync(() => a.Agent.LocalCredentials);
            IceCredentials credentialsB = await runB.InvokeAsync(() => b.Agent.LocalCredentials);
            await runA.InvokeAsync(() => a.Agent.SetRemoteCredentials(credentialsB));
            await runB.InvokeAsync(() => b.Agent.SetRemoteCredentials(credentialsA));
            await runA.InvokeAsync(a.Agent.StartGathering);
            await runB.InvokeAsync(b.Agent.StartGathering);
            Assert.True(await runA.WaitUntilAsync(() => a.Agent.GatheringState == IceGatheringState.Complete), "A did not gather\n" + coturn.Output);
            Assert.True(await runB.WaitUntilAsync(() => b.Agent.GatheringState == IceGatheringState.Complete), "B did not gather\n" + coturn.Output);
            string[] candidatesA = await runA.InvokeAsync(() => a.Agent.LocalCandidates.Select(c => c.ToString()).ToArray());
            string[] candidatesB = await runB.InvokeAsync(() => b.Agent.LocalCandidates.Select(c => c.ToString()).ToArray());
            Assert.Empty(await runA.InvokeAsync(() => a.Events.OfType<IceTurnServerErrorEvent>().ToArray()));
            IceCandidate relayA = IceCandidate.Parse(Assert.Single(candidatesA));
            Assert.Equal(IceCandidateType.Relay, relayA.Type);
            Assert.Equal(IceCandidateType.Relay, IceCandidate.Parse(Assert.Single(candidatesB)).Type);
            Assert.InRange(relayA.Port, coturn.MinRelayPort, coturn.MaxRelayPort);

            await runA.InvokeAsync(() => { foreach (string c in candidatesB) { a.Agent.AddRemoteCandidate(IceCandidate.Parse(c)); } a.Agent.SetRemoteEndOfCandidates(); });
            await runB.InvokeAsync(() => { foreach (string c in candidatesA) { b.Agent.AddRemoteCandidate(IceCandidate.Parse(c)); } b.Agent.SetRemoteEndOfCandidates(); });
            Assert.True(await runA.WaitUntilAsync(() => a.Agent.ConnectionState == IceConnectionState.Completed), $"A {a.Agent.ConnectionState}\n{coturn.Output}");
            Assert.True(await runB.WaitUntilAsync(() => b.Agent.ConnectionState == IceConnectionState.Completed), $"B {b.Agent.ConnectionState}\n{coturn.Output}");
            Assert.Equal(IceCandidateType.Relay, (await runA.InvokeAsync(() => a.Agent.SelectedPair!)).Local.Type);
            Assert.Equal(IceCandidateType.Relay, (await runB.InvokeAsync(() => b.Agent.SelectedPair!)).Local.Type);

            for (int i = 0; i < 10; i++)
            {
                byte[] toB = [0x17, 0xFE, 0xFD, (byte)i];
                byte[] toA = [0x80, 0x00, (byte)i];
                await runA.InvokeAsync(() => a.Send(toB));
                await runB.InvokeAsync(() => b.Send(toA));
            }

            Assert.True(await runB.WaitUntilAsync(() => b.Received.Count == 10), $"B got {b.Received.Count}\n{coturn.Output}");
            Assert.True(await runA.WaitUntilAsync(() => a.Received.Count == 10), $"A got {a.Received.Count}\n{coturn.Output}");
            Assert.Equal([0x17, 0xFE, 0xFD, 9], await runB.InvokeAsync(() => b.Received[9].Data));
            Assert.Equal([0x80, 0x00, 9], await runA.InvokeAsync(() => a.Received[9].Data));
            Assert.Equal(relayA.Port, (await runB.InvokeAsync(() => b.Received[0].From)).Port); // B sees A's relayed address

            // Channels carry the media once bound.
            Assert.True(await runA.InvokeAsync(() => a.Agent.TurnClients[0].Counters.ChannelDataSent) > 0);
            await runA.InvokeAsync(a.Agent.Close);
            Assert.True(await runA.WaitUntilAsync(() => a.Agent.TurnClients[0].State == RtcEngine.Ice.Turn.TurnAllocationState.Closed), coturn.Output);
        }
    }

    [Fact]
    public async Task A_wrong_password_is_a_gathering_error_with_401_and_gathering_still_completes()
    {
        await using Coturn coturn = await Coturn.StartAsync();
        PeerAddress local = EngineRun.NewLocalAddress();
        var agent = new IceAgent(
            new IceAgentOptions
            {
                HostAddresses = [local],
                TurnServers = [new IceTurnServer(coturn.Address, TransportProtocol.Udp, Coturn.Username, "wrong") { Url = $"turn:{coturn.Address}?transport=udp" }],
            },
            CryptoRandomSource.Shared);
        var host = new AgentHost(agent);
        await using EngineRun run = EngineRun.Start(host, local, TransportProtocol.Udp);
        await run.InvokeAsync(agent.StartGathering);
        Assert.True(await run.WaitUntilAsync(() => agent.GatheringState == IceGatheringState.Complete), coturn.Output);

        IceTurnServerErrorEvent error = Assert.Single(await run.InvokeAsync(() => host.Events.OfType<IceTurnServerErrorEvent>().ToArray()));
        Assert.Equal(StunErrorCodes.Unauthenticated, error.ErrorCode);
        Assert.Equal(StunMethod.Allocate, error.Method);
        Assert.Contains("wrong username or password", error.Reason, StringComparison.Ordinal);
        Assert.StartsWith("turn:127.0.0.1:", error.Server.ToString(), StringComparison.Ordinal);
        Assert.All(await run.InvokeAsync(() => agent.LocalCandidates.ToArray()), c => Assert.Equal(IceCandidateType.Host, c.Type));
    }

    [Fact]
    public async Task Coturn_as_stun_and_turn_server_on_one_address_gives_both_answers()
    {
        await using Coturn coturn = await Coturn.StartAsync();
        PeerAddress local = EngineRun.NewLocalAddress();
        var agent = new IceAgent(
            new IceAgentOptions
            {
                HostAddresses = [local],
                StunServers = [coturn.Address],
                TurnServers = [new IceTurnServer(coturn.Address, TransportProtocol.Udp, Coturn.Username, Coturn.Password)],
            },
            CryptoRandomSource.Shared);
        var host = new AgentHost(agent);
        await using EngineRun run = EngineRun.Start(host, local, TransportProtocol.Udp);
        await run.InvokeAsync(agent.StartGathering);
        Assert.True(await run.WaitUntilAsync(() => agent.GatheringState == IceGatheringState.Complete), coturn.Output);

        // The Binding response from the TURN server's address reaches the STUN path, not the TURN client.
        IceEvent[] events = await run.InvokeAsync(() => host.Events.ToArray());
        Assert.Equal(local, Assert.Single(events.OfType<IceStunServerRespondedEvent>()).MappedAddress);
        Assert.Single(events.OfType<IceTurnAllocatedEvent>());
        Assert.Empty(events.OfType<IceStunServerErrorEvent>());
        Assert.Empty(events.OfType<IceTurnServerErrorEvent>());
        Assert.Contains(await run.InvokeAsync(() => agent.LocalCandidates.ToArray()), c => c.Type == IceCandidateType.Relay);
    }

    private static (AgentHost Host, EngineRun Run) Start(Coturn coturn, IceRole role, TransportProtocol protocol)
    {
        PeerAddress local = EngineRun.NewLocalAddress();
        var agent = new IceAgent(
            new IceAgentOptions
            {
                Role = role,
                HostAddresses = [local],
                TransportPolicy = IceTransportPolicy.Relay,
                TurnServers = [new IceTurnServer(coturn.AddressFor(protocol), protocol, Coturn.Username, Coturn.Password) { ServerName = Coturn.CertificateName }],
            },
            CryptoRandomSource.Shared);
        var host = new AgentHost(agent);
        return (host, EngineRun.Start(host, local, protocol));
    }
}
