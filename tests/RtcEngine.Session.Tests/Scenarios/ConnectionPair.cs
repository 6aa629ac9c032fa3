using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Testing;

namespace RtcEngine.Session.Tests.Scenarios;

/// <summary>Collects what a transceiver receives.</summary>
internal sealed class RecordingSink : IRtpPacketSink
{
    public List<(ushort Sequence, uint Timestamp, byte[] Payload, MonoTime At)> Packets { get; } = [];

    public void OnRtpPacket(RtcRtpTransceiver transceiver, in RtpPacketReader packet, MonoTime now) =>
        Packets.Add((packet.SequenceNumber, packet.Timestamp, packet.Payload.ToArray(), now));
}

/// <summary>Two connections on a virtual network, each with its own events list, negotiated by a helper.</summary>
internal sealed class ConnectionPair : IDisposable
{
    public static readonly PeerAddress AddressA = PeerAddress.Parse("10.0.0.1:5000");
    public static readonly PeerAddress AddressB = PeerAddress.Parse("10.0.0.2:6000");

    public ConnectionPair(ulong seed, RtcConfiguration? configA = null, RtcConfiguration? configB = null)
    {
        Network = new VirtualNetwork(seed);
        var random = new SeededRandomSource(seed);
        A = new RtcConnection((configA ?? new RtcConfiguration()) is var a ? WithRandom(a, random.Fork()) : null!, [AddressA]);
        B = new RtcConnection((configB ?? new RtcConfiguration()) is var b ? WithRandom(b, random.Fork()) : null!, [AddressB]);
        NodeA = Network.Add(A, EventsA.Add, AddressA);
        NodeB = Network.Add(B, EventsB.Add, AddressB);
    }

    public VirtualNetwork Network { get; }

    public RtcConnection A { get; }

    public RtcConnection B { get; }

    public VirtualNode NodeA { get; }

    public VirtualNode NodeB { get; }

    public List<RtcConnectionEvent> EventsA { get; } = [];

    public List<RtcConnectionEvent> EventsB { get; } = [];

    /// <summary>A offers, B answers (non-trickle: candidates are in the descriptions).</summary>
    public void Negotiate()
    {
        RtcSessionDescription offer = A.CreateOffer();
        A.SetLocalDescription(offer);
        B.SetRemoteDescription(offer);
        RtcSessionDescription answer = B.CreateAnswer();
        B.SetLocalDescription(answer);
        A.SetRemoteDescription(answer);
        Network.Poll();
    }

    public bool RunUntilConnected(TimeSpan timeout) => Network.RunUntil(
        () => A.ConnectionState == RtcPeerConnectionState.Connected && B.ConnectionState == RtcPeerConnectionState.Connected,
        timeout);

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
    }

    private static RtcConfiguration WithRandom(RtcConfiguration config, IRandomSource random) => new()
    {
        StunServers = config.StunServers,
        Certificate = config.Certificate,
        SrtpProfiles = config.SrtpProfiles,
        AnswerDtlsRole = config.AnswerDtlsRole,
        Capabilities = config.Capabilities,
        IceLite = config.IceLite,
        DtlsMtu = config.DtlsMtu,
        Random = random,
        WallClock = config.WallClock,
        OutboundQueueCapacity = config.OutboundQueueCapacity,
        Cname = config.Cname,
    };
}
