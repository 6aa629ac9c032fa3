using System.Net;
using RtcEngine.Primitives;
using RtcEngine.Testing;

namespace RtcEngine.Interop.Tests.Turn;

/// <summary>
/// One engine on real sockets: over UDP through the foundation's <see cref="UdpEngineRunner"/>, over
/// TCP or TLS through <see cref="StreamEngineRunner"/> (the stream transport). The same calls either way.
/// </summary>
internal sealed class EngineRun : IAsyncDisposable
{
    private readonly UdpEngineRunner? _udp;
    private readonly StreamEngineRunner? _stream;

    private EngineRun(UdpEngineRunner? udp, StreamEngineRunner? stream, PeerAddress local)
    {
        _udp = udp;
        _stream = stream;
        LocalAddress = local;
    }

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public PeerAddress LocalAddress { get; }

    public MonoTime Now => _udp?.Now ?? _stream!.Now;

    /// <summary>A free loopback UDP address for an engine's local socket, to configure it before it starts.</summary>
    public static PeerAddress NewLocalAddress() => PeerAddress.Parse($"127.0.0.1:{RealPeers.FreeUdpPort()}");

    public static EngineRun Start<TEvent>(ISansIoEngine<TEvent> engine, PeerAddress local, TransportProtocol protocol)
    {
        if (protocol == TransportProtocol.Udp)
        {
            return new EngineRun(UdpEngineRunner.Start(engine, null, new IPEndPoint(IPAddress.Loopback, local.Port)), null, local);
        }

        // coturn's certificate is self-signed for the tests: accepted here, by the caller's callback.
        StreamEngineRunner runner = StreamEngineRunner.Start(engine, null, local.Port, validation: (_, _, _, _) => true, serverName: Coturn.CertificateName);
        return new EngineRun(null, runner, local);
    }

    public Task<T> InvokeAsync<T>(Func<T> action) => _udp?.InvokeAsync(action) ?? _stream!.InvokeAsync(action);

    public Task InvokeAsync(Action action) => _udp?.InvokeAsync(action) ?? _stream!.InvokeAsync(action);

    public Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null) =>
        _udp?.WaitUntilAsync(condition, timeout ?? Timeout) ?? _stream!.WaitUntilAsync(condition, timeout ?? Timeout);

    public async ValueTask DisposeAsync()
    {
        if (_udp is not null)
        {
            await _udp.DisposeAsync();
        }

        if (_stream is not null)
        {
            await _stream.DisposeAsync();
        }
    }
}
