using BenchmarkDotNet.Attributes;
using RtcEngine.Dtls;
using RtcEngine.Primitives;

namespace RtcEngine.Benchmarks.Dtls;

/// <summary>
/// CPU of one full DTLS 1.2 handshake, client and server together in memory (datagrams handed
/// across directly, no network), certificates generated beforehand, ECDSA P-256 signatures, mutual
/// authentication, use_srtp and the exporter; X25519 and P-256 key exchange reported apart.
/// </summary>
public class DtlsHandshakeBenchmarks
{
    private readonly byte[] _buffer = new byte[DatagramLimits.MaxDatagramSize];
    private DtlsCertificate _clientCertificate = null!;
    private DtlsCertificate _serverCertificate = null!;

    [Params(DtlsNamedGroup.X25519, DtlsNamedGroup.Secp256r1)]
    public DtlsNamedGroup Group { get; set; }

    [Params(false, true)]
    public bool CookieExchange { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _clientCertificate = DtlsCertificate.GenerateEcdsa("bench-client");
        _serverCertificate = DtlsCertificate.GenerateEcdsa("bench-server");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _clientCertificate.Dispose();
        _serverCertificate.Dispose();
    }

    [Benchmark]
    public DtlsState FullHandshake()
    {
        using var client = new DtlsEndpoint(new DtlsEndpointOptions
        {
            Role = DtlsRole.Client,
            Certificate = _clientCertificate,
            RemoteFingerprints = [_serverCertificate.GetFingerprint()],
            NamedGroups = [Group],
        });
        using var server = new DtlsEndpoint(new DtlsEndpointOptions
        {
            Role = DtlsRole.Server,
            Certificate = _serverCertificate,
            RemoteFingerprints = [_clientCertificate.GetFingerprint()],
            CookieExchange = CookieExchange,
        });
        MonoTime now = MonoTime.Zero;
        client.Start(now);
        for (int round = 0; round < 20 && !(client.State == DtlsState.Connected && server.State == DtlsState.Connected); round++)
        {
            Shuttle(client, server, now);
            Shuttle(server, client, now);
        }

        while (client.TryPollEvent(out _) || server.TryPollEvent(out _))
        {
        }

        return server.State;
    }

    private void Shuttle(DtlsEndpoint from, DtlsEndpoint to, MonoTime now)
    {
        while (from.TryPollTransmit(_buffer, out TransmitInfo transmit))
        {
            to.HandleDatagram(now, new ReceivedDatagram(_buffer.AsSpan(0, transmit.Length), PeerAddress.None, PeerAddress.None));
        }
    }
}
