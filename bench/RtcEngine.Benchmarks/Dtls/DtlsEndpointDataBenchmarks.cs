using BenchmarkDotNet.Attributes;
using RtcEngine.Dtls;
using RtcEngine.Primitives;

namespace RtcEngine.Benchmarks.Dtls;

/// <summary>
/// Application data through two connected endpoints (AES-128-GCM): send, poll the datagram, and
/// receive it in place through <see cref="DtlsEndpoint.ApplicationDataHandler"/>; the path SCTP
/// data channels take. Expected to allocate nothing.
/// </summary>
public class DtlsEndpointDataBenchmarks
{
    private readonly byte[] _payload = new byte[1100];
    private readonly byte[] _datagram = new byte[DatagramLimits.MaxDatagramSize];
    private DtlsCertificate _certificate = null!;
    private DtlsEndpoint _client = null!;
    private DtlsEndpoint _server = null!;
    private int _received;

    [GlobalSetup]
    public void Setup()
    {
        _certificate = DtlsCertificate.GenerateEcdsa("bench");
        _client = new DtlsEndpoint(new DtlsEndpointOptions
        {
            Role = DtlsRole.Client,
            Certificate = _certificate,
            RemoteFingerprints = [_certificate.GetFingerprint()],
        });
        _server = new DtlsEndpoint(new DtlsEndpointOptions
        {
            Role = DtlsRole.Server,
            Certificate = _certificate,
            RemoteFingerprints = [_certificate.GetFingerprint()],
            CookieExchange = false,
        });
        _client.Start(MonoTime.Zero);
        for (int round = 0; round < 10; round++)
        {
            Shuttle(_client, _server);
            Shuttle(_server, _client);
        }

        if (_client.State != DtlsState.Connected || _server.State != DtlsState.Connected)
        {
            throw new InvalidOperationException("The handshake did not complete.");
        }

        while (_client.TryPollEvent(out _) || _server.TryPollEvent(out _))
        {
        }

        _server.ApplicationDataHandler = data => _received += data.Length;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _server.Dispose();
        _certificate.Dispose();
    }

    [Benchmark]
    public int SendPollAndReceive1100()
    {
        _client.SendApplicationData(_payload);
        _client.TryPollTransmit(_datagram, out TransmitInfo transmit);
        _server.HandleDatagram(MonoTime.Zero, new ReceivedDatagram(_datagram.AsSpan(0, transmit.Length), PeerAddress.None, PeerAddress.None));
        return _received;
    }

    [Benchmark]
    public int SealDirectAndReceive1100()
    {
        _client.TrySealApplicationData(_payload, _datagram, out int written);
        _server.HandleDatagram(MonoTime.Zero, new ReceivedDatagram(_datagram.AsSpan(0, written), PeerAddress.None, PeerAddress.None));
        return _received;
    }

    private void Shuttle(DtlsEndpoint from, DtlsEndpoint to)
    {
        while (from.TryPollTransmit(_datagram, out TransmitInfo transmit))
        {
            to.HandleDatagram(MonoTime.Zero, new ReceivedDatagram(_datagram.AsSpan(0, transmit.Length), PeerAddress.None, PeerAddress.None));
        }
    }
}
