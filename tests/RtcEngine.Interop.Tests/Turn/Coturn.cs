using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RtcEngine.Primitives;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Interop.Tests.Turn;

/// <summary>Settings for one coturn run.</summary>
internal sealed record CoturnOptions
{
    /// <summary>Also listen for TLS (<c>turns:</c>) on a port of its own, with a self-signed certificate.</summary>
    public bool Tls { get; init; }

    /// <summary><c>--stale-nonce=N</c>: nonces expire after N seconds.</summary>
    public int? StaleNonceSeconds { get; init; }

    /// <summary><c>--user-quota=N</c>: concurrent allocations per user.</summary>
    public int? UserQuota { get; init; }

    /// <summary><c>--max-allocate-lifetime=N</c>: allocations live at most N seconds.</summary>
    public int? MaxAllocateLifetime { get; init; }

    /// <summary><c>--permission-lifetime=N</c> (300 by the RFC).</summary>
    public int? PermissionLifetime { get; init; }

    /// <summary><c>--channel-lifetime=N</c> (600 by the RFC).</summary>
    public int? ChannelLifetime { get; init; }
}

/// <summary>
/// coturn (Debian <c>coturn</c>) started for one test on 127.0.0.1: a free listening port, the static
/// user alice:secret in realm test.local, loopback peers allowed, a relay port range of its own
/// derived from the listening port, and stopped (killed) on dispose. Skips when turnserver is missing.
/// </summary>
internal sealed class Coturn : IAsyncDisposable
{
    public const string Username = "alice";
    public const string Password = "secret";
    public const string Realm = "test.local";
    public const string CertificateName = "turn.test";

    private readonly PeerProcess _process;
    private readonly string _directory;

    private Coturn(PeerProcess process, string directory, int port, int? tlsPort, int minPort, int maxPort)
    {
        _process = process;
        _directory = directory;
        Address = PeerAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}"));
        TlsAddress = tlsPort is { } p ? PeerAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{p}")) : PeerAddress.None;
        MinRelayPort = minPort;
        MaxRelayPort = maxPort;
    }

    /// <summary>UDP and TCP listening address.</summary>
    public PeerAddress Address { get; }

    /// <summary>TLS listening address (when started with TLS).</summary>
    public PeerAddress TlsAddress { get; }

    public int MinRelayPort { get; }

    public int MaxRelayPort { get; }

    public string Output => _process.Output;

    /// <summary>The address for a transport: the TLS port for TLS, the main one otherwise.</summary>
    public PeerAddress AddressFor(TransportProtocol protocol) => protocol == TransportProtocol.Tls ? TlsAddress : Address;

    public static async Task<Coturn> StartAsync(CoturnOptions? options = null)
    {
        options ??= new CoturnOptions();
        string turnserver = RealPeers.RequireProgram("turnserver", "coturn");
        RealPeers.RequireLoopbackOnlyNamespace();
        int port = RealPeers.FreeUdpAndTcpPort();
        int? tlsPort = options.Tls ? RealPeers.FreeTcpPort() : null;

        // A relay range of its own, derived from the listening port, so parallel servers never share one.
        int minPort = 30000 + (port % 10000) * 3;
        int maxPort = minPort + 40;
        string directory = Directory.CreateTempSubdirectory("coturn-").FullName;
        var arguments = new List<string>
        {
            "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", $"--listening-port={port}",
            $"--min-port={minPort}", $"--max-port={maxPort}", "--lt-cred-mech", $"--user={Username}:{Password}", $"--realm={Realm}",
            "--fingerprint", "--no-dtls", "--no-cli", "--allow-loopback-peers", "--log-file=stdout", "--simple-log", "-v",
            $"--pidfile={Path.Combine(directory, "turnserver.pid")}", $"--db={Path.Combine(directory, "turndb")}",
        };
        if (tlsPort is { } tls)
        {
            (string cert, string key) = WriteCertificate(directory);
            arguments.AddRange([$"--tls-listening-port={tls}", $"--cert={cert}", $"--pkey={key}"]);
        }
        else
        {
            arguments.Add("--no-tls");
        }

        AddIf(arguments, "--stale-nonce", options.StaleNonceSeconds);
        AddIf(arguments, "--user-quota", options.UserQuota);
        AddIf(arguments, "--max-allocate-lifetime", options.MaxAllocateLifetime);
        AddIf(arguments, "--permission-lifetime", options.PermissionLifetime);
        AddIf(arguments, "--channel-lifetime", options.ChannelLifetime);

        PeerProcess process = PeerProcess.Start(turnserver, arguments, workingDirectory: directory);
        var coturn = new Coturn(process, directory, port, tlsPort, minPort, maxPort);
        string ready = options.Tls ? "TLS/TCP listener opened on" : "UDP listener opened on";
        if (await process.WaitForLineAsync(ready, TimeSpan.FromSeconds(10)) is null
            || await process.WaitForLineAsync("TCP listener opened on", TimeSpan.FromSeconds(10)) is null)
        {
            string output = process.Output;
            await coturn.DisposeAsync();
            Assert.Fail("coturn did not start:\n" + output);
        }

        return coturn;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held: left to the temp cleaner
        }
    }

    private static void AddIf(List<string> arguments, string name, int? value)
    {
        if (value is { } v)
        {
            arguments.Add(string.Create(CultureInfo.InvariantCulture, $"{name}={v}"));
        }
    }

    private static (string Certificate, string Key) WriteCertificate(string directory)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={CertificateName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(CertificateName);
        request.CertificateExtensions.Add(names.Build());
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        string certPath = Path.Combine(directory, "cert.pem");
        string keyPath = Path.Combine(directory, "key.pem");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certPath, keyPath);
    }
}
