using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RtcEngine.Primitives;

namespace RtcEngine.Session.Tests.Driver.Stream;

/// <summary>An in-process TCP (optionally TLS) server on 127.0.0.1 that accepts one client and exposes the raw stream to the test.</summary>
internal sealed class LoopbackStreamServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly X509Certificate2? _certificate;
    private readonly Task<System.IO.Stream> _accepted;
    private TcpClient? _client;

    public LoopbackStreamServer(bool tls = false)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Address = PeerAddress.FromIPEndPoint((IPEndPoint)_listener.LocalEndpoint);
        _certificate = tls ? CreateCertificate() : null;
        _accepted = AcceptAsync();
    }

    public PeerAddress Address { get; }

    public const string ServerName = "turn.test";

    /// <summary>The accepted stream (after the TLS handshake when TLS).</summary>
    public Task<System.IO.Stream> Stream => _accepted;

    public static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={ServerName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(ServerName);
        request.CertificateExtensions.Add(names.Build());
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        if (_accepted.IsCompletedSuccessfully)
        {
            await (await _accepted.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        }

        _client?.Dispose();
        _certificate?.Dispose();
    }

    private async Task<System.IO.Stream> AcceptAsync()
    {
        _client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
        _client.NoDelay = true;
        System.IO.Stream stream = _client.GetStream();
        if (_certificate is not null)
        {
            var tls = new SslStream(stream);
            await tls.AuthenticateAsServerAsync(_certificate).ConfigureAwait(false);
            stream = tls;
        }

        return stream;
    }
}
