using RtcEngine.Dtls;
using RtcEngine.Primitives;
using RtcEngine.Testing;

namespace RtcEngine.Dtls.Tests;

/// <summary>A DTLS client and server on a <see cref="VirtualNetwork"/>, with their events recorded.</summary>
internal sealed class DtlsPair
{
    public static readonly PeerAddress ClientAddress = PeerAddress.FromIPv4(0x0A000001, 5000);
    public static readonly PeerAddress ServerAddress = PeerAddress.FromIPv4(0x0A000002, 5001);

    public DtlsPair(
        ulong seed = 1,
        Func<DtlsEndpointOptions, DtlsEndpointOptions>? client = null,
        Func<DtlsEndpointOptions, DtlsEndpointOptions>? server = null,
        LinkConditions? link = null)
    {
        Network = new VirtualNetwork(seed);
        if (link is not null)
        {
            Network.DefaultLink = link;
        }

        var random = new SeededRandomSource(seed);
        var clientOptions = new DtlsEndpointOptions
        {
            Role = DtlsRole.Client,
            Certificate = TestCertificates.Client,
            RemoteFingerprints = [TestCertificates.Server.GetFingerprint()],
            Random = random.Fork(),
        };
        var serverOptions = new DtlsEndpointOptions
        {
            Role = DtlsRole.Server,
            Certificate = TestCertificates.Server,
            RemoteFingerprints = [TestCertificates.Client.GetFingerprint()],
            Random = random.Fork(),
        };
        Client = new DtlsEndpoint(client?.Invoke(clientOptions) ?? clientOptions);
        Server = new DtlsEndpoint(server?.Invoke(serverOptions) ?? serverOptions);
        ClientNode = Network.Add(Client, ClientEvents.Add, ClientAddress);
        ServerNode = Network.Add(Server, ServerEvents.Add, ServerAddress);
        ClientNode.DefaultPeer = ServerAddress;
        ServerNode.DefaultPeer = ClientAddress;
    }

    public VirtualNetwork Network { get; }

    public DtlsEndpoint Client { get; }

    public DtlsEndpoint Server { get; }

    public VirtualNode ClientNode { get; }

    public VirtualNode ServerNode { get; }

    public List<DtlsEvent> ClientEvents { get; } = [];

    public List<DtlsEvent> ServerEvents { get; } = [];

    public bool BothConnected => Client.State == DtlsState.Connected && Server.State == DtlsState.Connected;

    public void Start()
    {
        Client.Start(Network.Now);
        Server.Start(Network.Now);
        Network.Poll();
    }

    /// <summary>Starts and runs until both are connected (or anything failed); returns the virtual time it took.</summary>
    public TimeSpan RunHandshake(TimeSpan? timeout = null)
    {
        MonoTime start = Network.Now;
        Start();
        Network.RunUntil(
            () => BothConnected || Client.State == DtlsState.Failed || Server.State == DtlsState.Failed,
            timeout ?? TimeSpan.FromSeconds(60));
        return Network.Now - start;
    }

    public static T Single<T>(List<DtlsEvent> events)
        where T : DtlsEvent => Assert.Single(events.OfType<T>());
}
