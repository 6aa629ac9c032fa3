using System.Collections.Concurrent;
using RtcEngine.Dtls;
using RtcEngine.Primitives;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Interop.Tests.Dtls;

/// <summary>Shared pieces of the DTLS real-peer tests: certificates on disk, an endpoint on a UDP runner.</summary>
internal static class DtlsInteropHelpers
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>Writes a certificate and key as PEM files; returns their paths.</summary>
    public static (string Cert, string Key) WritePem(DtlsCertificate certificate, string directory, string name)
    {
        string cert = Path.Combine(directory, name + "-cert.pem");
        string key = Path.Combine(directory, name + "-key.pem");
        File.WriteAllText(cert, certificate.ExportCertificatePem());
        File.WriteAllText(key, certificate.ExportPrivateKeyPem());
        return (cert, key);
    }

    public static PeerAddress Loopback(int port) => PeerAddress.FromIPv4(0x7F000001, (ushort)port);

    /// <summary>The SRTP profile names openssl knows for our profiles.</summary>
    public static string OpenSslName(SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.Aes128CmHmacSha1_80 => "SRTP_AES128_CM_SHA1_80",
        SrtpProtectionProfile.Aes128CmHmacSha1_32 => "SRTP_AES128_CM_SHA1_32",
        SrtpProtectionProfile.AeadAes128Gcm => "SRTP_AEAD_AES_128_GCM",
        SrtpProtectionProfile.AeadAes256Gcm => "SRTP_AEAD_AES_256_GCM",
        _ => throw new ArgumentOutOfRangeException(nameof(profile)),
    };

    public static int ExportLength(SrtpProtectionProfile profile) =>
        2 * (SrtpProtectionProfiles.MasterKeyLength(profile) + SrtpProtectionProfiles.MasterSaltLength(profile));
}

/// <summary>A <see cref="DtlsEndpoint"/> driven over real UDP, with its events collected.</summary>
internal sealed class RunningEndpoint : IAsyncDisposable
{
    private RunningEndpoint(DtlsEndpoint endpoint, UdpEngineRunner runner, ConcurrentQueue<DtlsEvent> events)
    {
        Endpoint = endpoint;
        Runner = runner;
        Events = events;
    }

    public DtlsEndpoint Endpoint { get; }

    public UdpEngineRunner Runner { get; }

    public ConcurrentQueue<DtlsEvent> Events { get; }

    public static RunningEndpoint Start(DtlsEndpointOptions options, int? localPort = null)
    {
        var endpoint = new DtlsEndpoint(options);
        var events = new ConcurrentQueue<DtlsEvent>();
        UdpEngineRunner runner = localPort is int port
            ? UdpEngineRunner.Start(endpoint, events.Enqueue, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port))
            : UdpEngineRunner.Start(endpoint, events.Enqueue);
        return new RunningEndpoint(endpoint, runner, events);
    }

    public Task<bool> WaitForStateAsync(DtlsState state) =>
        Runner.WaitUntilAsync(() => Endpoint.State == state || Endpoint.State == DtlsState.Failed, DtlsInteropHelpers.Timeout);

    public async Task<DtlsConnected> WaitConnectedAsync(PeerProcess? peer = null)
    {
        await WaitForStateAsync(DtlsState.Connected);
        DtlsState state = await Runner.InvokeAsync(() => Endpoint.State);
        Assert.True(state == DtlsState.Connected, $"state {state}; events: {string.Join("; ", Events)}; counters: {await Runner.InvokeAsync(() => Endpoint.Counters.ToString())}; peer output:\n{peer?.Output}");
        return Events.OfType<DtlsConnected>().Single();
    }

    public async Task<byte[]> WaitForDataAsync(Func<byte[], bool> match)
    {
        byte[]? found = null;
        await Runner.WaitUntilAsync(
            () =>
            {
                found = Events.OfType<DtlsApplicationData>().Select(d => d.Data.ToArray()).FirstOrDefault(match);
                return found is not null;
            },
            DtlsInteropHelpers.Timeout);
        return found ?? throw new Xunit.Sdk.XunitException("No matching application data arrived; events: " + string.Join("; ", Events));
    }

    public async ValueTask DisposeAsync()
    {
        await Runner.DisposeAsync();
        Endpoint.Dispose();
    }
}
