using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Candidates;
using RtcEngine.Primitives;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Agent;

/// <summary>
/// The media path and the steady state allocate nothing: application data in and out, and the
/// consent traffic of two connected agents (checks, responses, timers) over simulated minutes.
/// </summary>
public class AllocationTests
{
    private static readonly PeerAddress A = PeerAddress.Parse("10.0.0.1:5000");
    private static readonly PeerAddress B = PeerAddress.Parse("10.0.0.2:6000");

    [Fact]
    public void Receiving_and_sending_application_data_allocates_nothing()
    {
        var pair = new ConnectedPair();
        pair.RunFor(TimeSpan.FromSeconds(2));
        Assert.Equal(IceConnectionState.Completed, pair.AgentA.ConnectionState);
        byte[] packet = new byte[1200];
        packet[0] = 0x80;
        byte[] buffer = new byte[1300];
        MonoTime now = pair.Now;
        AllocationAssert.NoAllocations(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                var datagram = new ReceivedDatagram(packet, A, B);
                if (pair.AgentA.Receive(now, datagram, out ReceivedDatagram application) != IceReceiveResult.ApplicationData || application.Data.Length != 1200)
                {
                    throw new InvalidOperationException("not delivered");
                }

                if (!pair.AgentA.TryPrepareSend(buffer, IceAgent.SendHeadroom, 1200, out TransmitInfo transmit, out int start) || start != IceAgent.SendHeadroom || transmit.Destination != B)
                {
                    throw new InvalidOperationException("not sent");
                }

                pair.AgentA.PollTimeout();
            }
        }, what: "1000 packets in and out");
    }

    [Fact]
    public void Consent_traffic_of_two_connected_agents_allocates_nothing()
    {
        var pair = new ConnectedPair();
        pair.RunFor(TimeSpan.FromSeconds(30)); // connect, settle, grow every queue to its working size
        Assert.Equal(IceConnectionState.Completed, pair.AgentA.ConnectionState);
        Assert.Equal(IceConnectionState.Completed, pair.AgentB.ConnectionState);
        long consentBefore = pair.AgentA.Counters.ConsentResponses;

        AllocationAssert.NoAllocations(() => pair.RunFor(TimeSpan.FromMinutes(5)), warmup: 1, what: "five minutes of consent");
        Assert.True(pair.AgentA.Counters.ConsentResponses - consentBefore >= 100);
        Assert.Equal(IceConnectionState.Completed, pair.AgentA.ConnectionState);
    }

    /// <summary>Two agents wired back to back with preallocated buffers and zero delay (no harness allocations).</summary>
    private sealed class ConnectedPair
    {
        private readonly byte[] _buffer = new byte[2048];
        private readonly byte[] _inFlight = new byte[2048];

        public ConnectedPair()
        {
            AgentA = new IceAgent(new IceAgentOptions { Role = IceRole.Controlling, HostAddresses = [A] }, new SeededRandomSource(1));
            AgentB = new IceAgent(new IceAgentOptions { Role = IceRole.Controlled, HostAddresses = [B] }, new SeededRandomSource(2));
            AgentA.SetRemoteCredentials(AgentB.LocalCredentials);
            AgentB.SetRemoteCredentials(AgentA.LocalCredentials);
            AgentA.AddRemoteCandidate(IceCandidate.Parse("candidate:1 1 udp 2130706431 10.0.0.2 6000 typ host"));
            AgentB.AddRemoteCandidate(IceCandidate.Parse("candidate:1 1 udp 2130706431 10.0.0.1 5000 typ host"));
            AgentA.StartGathering();
            AgentB.StartGathering();
            AgentA.SetRemoteEndOfCandidates();
            AgentB.SetRemoteEndOfCandidates();
        }

        public IceAgent AgentA { get; }

        public IceAgent AgentB { get; }

        public MonoTime Now { get; private set; }

        public void RunFor(TimeSpan span)
        {
            MonoTime end = Now + span;
            while (true)
            {
                Exchange();
                MonoTime due = MonoTime.Min(AgentA.PollTimeout(), AgentB.PollTimeout());
                if (due > end)
                {
                    break;
                }

                Now = MonoTime.Max(Now, due);
                AgentA.HandleTimeout(Now);
                AgentB.HandleTimeout(Now);
            }

            Now = end;
        }

        private void Exchange()
        {
            bool any = true;
            while (any)
            {
                any = Forward(AgentA, AgentB) | Forward(AgentB, AgentA);
                while (AgentA.TryPollEvent(out _) || AgentB.TryPollEvent(out _))
                {
                }
            }
        }

        private bool Forward(IceAgent from, IceAgent to)
        {
            bool any = false;
            while (from.TryPollTransmit(_buffer, out TransmitInfo transmit))
            {
                any = true;
                _buffer.AsSpan(0, transmit.Length).CopyTo(_inFlight);
                var datagram = new ReceivedDatagram(_inFlight.AsSpan(0, transmit.Length), transmit.Destination, transmit.Source);
                to.Receive(Now, datagram, out _);
            }

            return any;
        }
    }
}
