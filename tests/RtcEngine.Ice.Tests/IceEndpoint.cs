using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Candidates;
using RtcEngine.Primitives;
using RtcEngine.Testing;

namespace RtcEngine.Ice.Tests;

/// <summary>
/// Test host for an <see cref="IceAgent"/> on the virtual network: feeds datagrams through
/// <see cref="IceAgent.Receive"/> (recording application data), sends queued application payloads
/// through <see cref="IceAgent.TryPrepareSend"/>, records events, and acts as the signalling
/// channel to its peer (trickled candidates, end-of-candidates, restarted credentials).
/// </summary>
internal sealed class IceEndpoint : ISansIoEngine<IceEvent>
{
    private readonly Queue<byte[]> _toSend = new();

    public IceEndpoint(string name, IceAgentOptions options, ulong seed)
    {
        Name = name;
        Agent = new IceAgent(options, new SeededRandomSource(seed));
        Options = options;
    }

    public string Name { get; }

    public IceAgent Agent { get; }

    public IceAgentOptions Options { get; }

    public IceEndpoint? Peer { get; set; }

    /// <summary>Forward gathered candidates and end-of-candidates to the peer as they appear.</summary>
    public bool Trickle { get; set; } = true;

    /// <summary>Forward new local credentials (restart) to the peer.</summary>
    public bool SignalCredentials { get; set; } = true;

    public List<IceEvent> Events { get; } = [];

    public List<(MonoTime At, IceConnectionState State)> States { get; } = [];

    public List<(byte[] Data, PeerAddress From)> Application { get; } = [];

    public List<IceCandidate> Gathered { get; } = [];

    public VirtualNode? Node { get; set; }

    public Func<MonoTime>? Clock { get; set; }

    public IceConnectionState State => Agent.ConnectionState;

    public void Send(byte[] payload) => _toSend.Enqueue(payload);

    public void OnEvent(IceEvent e)
    {
        Events.Add(e);
        switch (e)
        {
            case IceConnectionStateChangedEvent changed:
                States.Add((Clock?.Invoke() ?? MonoTime.Zero, changed.State));
                break;
            case IceCandidateGatheredEvent gathered:
                Gathered.Add(gathered.Candidate);
                if (Trickle && Peer is not null)
                {
                    // Through the text form, as signalling would carry it.
                    Peer.Agent.AddRemoteCandidate(IceCandidate.Parse(gathered.Candidate.ToString()));
                }

                break;
            case IceGatheringCompleteEvent when Trickle && Peer is not null:
                Peer.Agent.SetRemoteEndOfCandidates();
                break;
            case IceLocalCredentialsChangedEvent credentials when SignalCredentials && Peer is not null:
                Peer.Agent.SetRemoteCredentials(credentials.Credentials, Agent.IsLite);
                break;
        }
    }

    public void HandleDatagram(MonoTime now, in ReceivedDatagram datagram)
    {
        if (Agent.Receive(now, datagram, out ReceivedDatagram application) == IceReceiveResult.ApplicationData)
        {
            Application.Add((application.Data.ToArray(), application.Remote));
        }
    }

    public void HandleTimeout(MonoTime now) => Agent.HandleTimeout(now);

    public bool TryPollTransmit(Span<byte> destination, out TransmitInfo transmit)
    {
        if (Agent.TryPollTransmit(destination, out transmit))
        {
            return true;
        }

        while (_toSend.Count > 0)
        {
            byte[] payload = _toSend.Peek();
            payload.CopyTo(destination[IceAgent.SendHeadroom..]);
            if (!Agent.TryPrepareSend(destination, IceAgent.SendHeadroom, payload.Length, out transmit, out int start))
            {
                return false; // keep it until a pair exists
            }

            _toSend.Dequeue();
            destination.Slice(start, transmit.Length).CopyTo(destination);
            return true;
        }

        return false;
    }

    public bool TryPollEvent(out IceEvent engineEvent) => Agent.TryPollEvent(out engineEvent);

    public MonoTime PollTimeout() => Agent.PollTimeout();

    public T? Last<T>() where T : IceEvent => Events.OfType<T>().LastOrDefault();

    public override string ToString() => Name;
}

/// <summary>Builds two endpoints on a virtual network and signals between them.</summary>
internal static class IceScenario
{
    public static readonly PeerAddress AddressA = PeerAddress.Parse("10.0.0.1:5000");
    public static readonly PeerAddress AddressB = PeerAddress.Parse("10.0.0.2:6000");

    public static IceAgentOptions Options(IceRole role, params PeerAddress[] hosts) => new() { Role = role, HostAddresses = hosts };

    /// <summary>Adds both endpoints, exchanges credentials, starts gathering on both (candidates trickle as gathered).</summary>
    public static (IceEndpoint A, IceEndpoint B) Create(
        VirtualNetwork net,
        IceAgentOptions a,
        IceAgentOptions b,
        bool exchangeCredentials = true,
        bool start = true)
    {
        var endpointA = new IceEndpoint("A", a, 1001);
        var endpointB = new IceEndpoint("B", b, 2002);
        endpointA.Peer = endpointB;
        endpointB.Peer = endpointA;
        endpointA.Clock = () => net.Now;
        endpointB.Clock = () => net.Now;
        endpointA.Node = net.Add(endpointA, endpointA.OnEvent, [.. a.HostAddresses]);
        endpointB.Node = net.Add(endpointB, endpointB.OnEvent, [.. b.HostAddresses]);
        if (exchangeCredentials)
        {
            endpointA.Agent.SetRemoteCredentials(endpointB.Agent.LocalCredentials, endpointB.Agent.IsLite);
            endpointB.Agent.SetRemoteCredentials(endpointA.Agent.LocalCredentials, endpointA.Agent.IsLite);
        }

        if (start)
        {
            endpointA.Agent.StartGathering();
            endpointB.Agent.StartGathering();
        }

        net.Poll();
        return (endpointA, endpointB);
    }

    public static bool BothConnected(IceEndpoint a, IceEndpoint b) =>
        a.State is IceConnectionState.Connected or IceConnectionState.Completed
        && b.State is IceConnectionState.Connected or IceConnectionState.Completed;

    public static bool BothCompleted(IceEndpoint a, IceEndpoint b) =>
        a.State == IceConnectionState.Completed && b.State == IceConnectionState.Completed;
}
