using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using RtcEngine.Dtls;
using SrtpProtectionProfile = RtcEngine.Dtls.SrtpProtectionProfile;
using Xunit;

namespace RtcEngine.Interop.Tests.Dtls;

/// <summary>
/// Our endpoint against BouncyCastle's DtlsClientProtocol and DtlsServerProtocol, in process,
/// for every suite both support, in both roles: same SRTP keys from both exporters, certificates
/// pinned both ways, application data both ways.
/// </summary>
public class BouncyCastleTests
{
    private static readonly Lazy<DtlsCertificate> s_ecdsa1 = new(() => DtlsCertificate.GenerateEcdsa("bc-a"));
    private static readonly Lazy<DtlsCertificate> s_ecdsa2 = new(() => DtlsCertificate.GenerateEcdsa("bc-b"));
    private static readonly Lazy<DtlsCertificate> s_rsa = new(() => DtlsCertificate.GenerateRsa(2048, "bc-rsa"));

    public static TheoryData<DtlsCipherSuite, DtlsNamedGroup> Suites()
    {
        var data = new TheoryData<DtlsCipherSuite, DtlsNamedGroup>();
        foreach (DtlsCipherSuite suite in DtlsEndpointOptions.DefaultCipherSuites)
        {
            data.Add(suite, DtlsNamedGroup.X25519);
        }

        data.Add(DtlsCipherSuite.EcdheEcdsaWithAes128GcmSha256, DtlsNamedGroup.Secp256r1);
        return data;
    }

    private static bool IsRsa(DtlsCipherSuite suite) => suite is DtlsCipherSuite.EcdheRsaWithAes128GcmSha256
        or DtlsCipherSuite.EcdheRsaWithAes256GcmSha384 or DtlsCipherSuite.EcdheRsaWithChaCha20Poly1305Sha256;

    [Theory]
    [MemberData(nameof(Suites))]
    public async Task Client_connects_to_bouncycastle_server(DtlsCipherSuite suite, DtlsNamedGroup group)
    {
        DtlsCertificate serverCertificate = IsRsa(suite) ? s_rsa.Value : s_ecdsa1.Value;
        DtlsCertificate clientCertificate = s_ecdsa2.Value;
        var crypto = new BcTlsCrypto(new SecureRandom());
        var server = new BcDtlsServer(crypto, new BcCredentials(crypto, serverCertificate), [(int)suite], [1, 7]);
        using var bridge = new InMemoryDtlsBridge(new DtlsEndpointOptions
        {
            Role = DtlsRole.Client,
            Certificate = clientCertificate,
            RemoteFingerprints = [serverCertificate.GetFingerprint()],
            CipherSuites = [suite],
            NamedGroups = [group],
        });

        Task<DtlsTransport> accept = Task.Run(() => new DtlsServerProtocol().Accept(server, bridge.PeerTransport), TestContext.Current.CancellationToken);
        bridge.Invoke(e =>
        {
            e.Start(bridge.Now);
            return 0;
        });
        DtlsConnected connected = await bridge.WaitConnectedAsync(DtlsInteropHelpers.Timeout);
        DtlsTransport transport = await accept.WaitAsync(DtlsInteropHelpers.Timeout, TestContext.Current.CancellationToken);

        Assert.Equal(suite, connected.CipherSuite);
        Assert.Equal(group, connected.NamedGroup);
        Assert.Equal(SrtpProtectionProfile.Aes128CmHmacSha1_80, connected.SrtpProfile);
        Assert.Equal(server.Exported, connected.KeyingMaterial!.Exported.ToArray());
        Assert.Equal(clientCertificate.RawData.ToArray(), server.ClientCertificate);
        await ExchangeApplicationData(bridge, transport);
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public async Task Server_accepts_bouncycastle_client(DtlsCipherSuite suite, DtlsNamedGroup group)
    {
        DtlsCertificate serverCertificate = IsRsa(suite) ? s_rsa.Value : s_ecdsa1.Value;
        DtlsCertificate clientCertificate = s_ecdsa2.Value;
        var crypto = new BcTlsCrypto(new SecureRandom());
        int[] groups = group == DtlsNamedGroup.X25519 ? [NamedGroup.x25519, NamedGroup.secp256r1] : [NamedGroup.secp256r1];
        var client = new BcDtlsClient(crypto, new BcCredentials(crypto, clientCertificate), [(int)suite], [1, 8, 7], groups);
        using var bridge = new InMemoryDtlsBridge(new DtlsEndpointOptions
        {
            Role = DtlsRole.Server,
            Certificate = serverCertificate,
            RemoteFingerprints = [clientCertificate.GetFingerprint()],
        });

        Task<DtlsTransport> connect = Task.Run(() => new DtlsClientProtocol().Connect(client, bridge.PeerTransport), TestContext.Current.CancellationToken);
        DtlsConnected connected = await bridge.WaitConnectedAsync(DtlsInteropHelpers.Timeout);
        DtlsTransport transport = await connect.WaitAsync(DtlsInteropHelpers.Timeout, TestContext.Current.CancellationToken);

        Assert.Equal(suite, connected.CipherSuite);
        Assert.Equal(group, connected.NamedGroup);
        Assert.Equal(SrtpProtectionProfile.AeadAes128Gcm, connected.SrtpProfile); // our preference over the client's order
        Assert.Equal(7, client.SelectedSrtpProfile);
        Assert.Equal(client.Exported, connected.KeyingMaterial!.Exported.ToArray());
        Assert.Equal(serverCertificate.RawData.ToArray(), client.ServerCertificate);
        Assert.Equal(1, bridge.Invoke(e => e.Counters.HelloVerifyRequestsSent));
        await ExchangeApplicationData(bridge, transport);
    }

    private static async Task ExchangeApplicationData(InMemoryDtlsBridge bridge, DtlsTransport transport)
    {
        byte[] toPeer = "from RtcEngine"u8.ToArray();
        bridge.Invoke(e =>
        {
            e.SendApplicationData(toPeer);
            return 0;
        });
        byte[] buffer = new byte[2048];
        int received = await Task.Run(() => transport.Receive(buffer, 0, buffer.Length, 5000), TestContext.Current.CancellationToken);
        Assert.Equal(toPeer, buffer.AsSpan(0, Math.Max(received, 0)).ToArray());

        byte[] toEngine = "from BouncyCastle"u8.ToArray();
        transport.Send(toEngine, 0, toEngine.Length);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!bridge.Events().OfType<DtlsApplicationData>().Any() && watch.Elapsed < DtlsInteropHelpers.Timeout)
        {
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        Assert.Equal(toEngine, bridge.Events().OfType<DtlsApplicationData>().First().Data.ToArray());
        transport.Close();
    }
}
