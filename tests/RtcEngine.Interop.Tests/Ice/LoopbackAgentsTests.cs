using System.Net;
using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Candidates;
using RtcEngine.Primitives;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Interop.Tests.Ice;

/// <summary>Two of our agents over real loopback sockets, each on its own runner thread, with wall-clock time.</summary>
public class LoopbackAgentsTests
{
    [Fact]
    public async Task Two_agents_connect_over_real_udp_and_exchange_data()
    {
        int portA = RealPeers.FreeUdpPort();
        int portB = RealPeers.FreeUdpPort();
        using var a = new IceAgent(new IceAgentOptions { Role = IceRole.Controlling, HostAddresses = [PeerAddress.Parse($"127.0.0.1:{portA}")] }, CryptoRandomSource.Shared);
        using var b = new IceAgent(new IceAgentOptions { Role = IceRole.Controlled, HostAddresses = [PeerAddress.Parse($"127.0.0.1:{portB}")] }, CryptoRandomSource.Shared);
        var hostA = new DataHost(a);
        var hostB = new DataHost(b);
        await using UdpEngineRunner runnerA = UdpEngineRunner.Start(hostA, null, new IPEndPoint(IPAddress.Loopback, portA));
        await using UdpEngineRunner runnerB = UdpEngineRunner.Start(hostB, null, new IPEndPoint(IPAddress.Loopback, portB));

        // Signalling: credentials, then candidates as text, the way SDP would carry them.
        IceCredentials credentialsA = await runnerA.InvokeAsync(() => a.LocalCredentials);
        IceCredentials credentialsB = await runnerB.InvokeAsync(() => b.LocalCredentials);
        await runnerA.InvokeAsync(() => a.SetRemoteCredentials(credentialsB));
        await runnerB.InvokeAsync(() => b.SetRemoteCredentials(credentialsA));
        string[] candidatesA = await runnerA.InvokeAsync(() => { a.StartGathering(); return a.LocalCandidates.Select(c => c.ToString()).ToArray(); });
        string[] candidatesB = await runnerB.InvokeAsync(() => { b.StartGathering(); return b.LocalCandidates.Select(c => c.ToString()).ToArray(); });
        await runnerA.InvokeAsync(() => { foreach (string c in candidatesB) { a.AddRemoteCandidate(IceCandidate.Parse(c)); } a.SetRemoteEndOfCandidates(); });
        await runnerB.InvokeAsync(() => { foreach (string c in candidatesA) { b.AddRemoteCandidate(IceCandidate.Parse(c)); } b.SetRemoteEndOfCandidates(); });

        Assert.True(await runnerA.WaitUntilAsync(() => a.ConnectionState == IceConnectionState.Completed, TimeSpan.FromSeconds(10)), "A did not complete");
        Assert.True(await runnerB.WaitUntilAsync(() => b.ConnectionState == IceConnectionState.Completed, TimeSpan.FromSeconds(10)), "B did not complete");

        await runnerA.InvokeAsync(() => hostA.Send([0x17, 0xFE, 0xFD, 1]));
        await runnerB.InvokeAsync(() => hostB.Send([0x17, 0xFE, 0xFD, 2]));
        Assert.True(await runnerB.WaitUntilAsync(() => hostB.Received.Count == 1, TimeSpan.FromSeconds(5)));
        Assert.True(await runnerA.WaitUntilAsync(() => hostA.Received.Count == 1, TimeSpan.FromSeconds(5)));
        Assert.Equal([0x17, 0xFE, 0xFD, 1], await runnerB.InvokeAsync(() => hostB.Received[0]));
        Assert.Equal([0x17, 0xFE, 0xFD, 2], await runnerA.InvokeAsync(() => hostA.Received[0]));
    }

    /// <summary>Puts application data through Receive and TryPrepareSend, as a session would.</summary>
    private sealed class DataHost(IceAgent agent) : ISansIoEngine<IceEvent>
    {
        private readonly Queue<byte[]> _toSend = new();

        public List<byte[]> Received { get; } = [];

        public void Send(byte[] payload) => _toSend.Enqueue(payload);

        public void HandleDatagram(MonoTime now, in ReceivedDatagram datagram)
        {
            if (agent.Receive(now, datagram, out ReceivedDatagram application) == IceReceiveResult.ApplicationData)
            {
                Received.Add(application.Data.ToArray());
            }
        }

        public void HandleTimeout(MonoTime now) => agent.HandleTimeout(now);

        public bool TryPollTransmit(Span<byte> destination, out TransmitInfo transmit)
        {
            if (agent.TryPollTransmit(destination, out transmit))
            {
                return true;
            }

            if (_toSend.TryPeek(out byte[]? payload))
            {
                payload.CopyTo(destination[IceAgent.SendHeadroom..]);
                if (agent.TryPrepareSend(destination, IceAgent.SendHeadroom, payload.Length, out transmit, out int start))
                {
                    _toSend.Dequeue();
                    destination.Slice(start, transmit.Length).CopyTo(destination);
                    return true;
                }
            }

            return false;
        }

        public bool TryPollEvent(out IceEvent engineEvent) => agent.TryPollEvent(out engineEvent);

        public MonoTime PollTimeout() => agent.PollTimeout();
    }
}
