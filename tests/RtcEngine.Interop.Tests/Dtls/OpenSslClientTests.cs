using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using RtcEngine.Dtls;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Interop.Tests.Dtls;

/// <summary>Our DTLS server against <c>openssl s_client -dtls1_2</c> (mutual certificates, use_srtp, exporter, fragmentation).</summary>
public class OpenSslClientTests
{
    [Theory]
    [InlineData(true, 1200, 0)]
    [InlineData(false, 1200, 0)]
    [InlineData(true, 300, 400)] // both sides fragment their flights
    public async Task Server_accepts_openssl_client_and_exports_the_same_srtp_keys(bool cookieExchange, int mtu, int opensslMtu)
    {
        string openssl = RealPeers.RequireProgram("openssl", "openssl");
        string directory = TestFiles.CreateTempDirectory("dtls-openssl-client");
        using DtlsCertificate serverCertificate = DtlsCertificate.GenerateEcdsa("engine-server");
        using DtlsCertificate clientCertificate = DtlsCertificate.GenerateEcdsa("openssl-client");
        (string cert, string key) = DtlsInteropHelpers.WritePem(clientCertificate, directory, "client");

        await using RunningEndpoint server = RunningEndpoint.Start(new DtlsEndpointOptions
        {
            Role = DtlsRole.Server,
            Certificate = serverCertificate,
            RemoteFingerprints = [clientCertificate.GetFingerprint()],
            CookieExchange = cookieExchange,
            Mtu = mtu,
        });
        int clientPort = RealPeers.FreeUdpPort();
        server.Runner.DefaultPeer = DtlsInteropHelpers.Loopback(clientPort);
        await server.Runner.InvokeAsync(() => server.Endpoint.Start(server.Runner.Now));

        // Our server prefers SRTP_AEAD_AES_128_GCM (56 bytes of keying material).
        List<string> arguments =
        [
            "s_client", "-dtls1_2", "-connect", $"127.0.0.1:{server.Runner.LocalAddress.Port}", "-bind", $"127.0.0.1:{clientPort}",
            "-cert", cert, "-key", key, "-use_srtp", "SRTP_AES128_CM_SHA1_80:SRTP_AEAD_AES_128_GCM",
            "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", "56", "-no_ticket",
        ];
        if (opensslMtu > 0)
        {
            arguments.AddRange(["-mtu", opensslMtu.ToString(CultureInfo.InvariantCulture)]);
        }

        await using PeerProcess client = PeerProcess.Start(openssl, arguments, directory);

        DtlsConnected connected = await server.WaitConnectedAsync(client);
        Match? material = await client.WaitForLineAsync(@"Keying material: ([0-9A-Fa-f]+)", DtlsInteropHelpers.Timeout);
        Assert.True(material is not null, client.Output);
        Assert.Equal(SrtpProtectionProfile.AeadAes128Gcm, connected.SrtpProfile);
        Assert.Equal(material.Groups[1].Value.ToUpperInvariant(), Convert.ToHexString(connected.KeyingMaterial!.Exported));
        Assert.Equal(cookieExchange ? 1 : 0, await server.Runner.InvokeAsync(() => server.Endpoint.Counters.HelloVerifyRequestsSent));

        await server.Runner.InvokeAsync(() => server.Endpoint.SendApplicationData("hello from RtcEngine\n"u8));
        Assert.NotNull(await client.WaitForLineAsync("hello from RtcEngine", DtlsInteropHelpers.Timeout));
        await client.StandardInput.WriteLineAsync("hello from openssl");
        await client.StandardInput.FlushAsync(TestContext.Current.CancellationToken);
        byte[] received = await server.WaitForDataAsync(d => Encoding.ASCII.GetString(d).Contains("hello from openssl", StringComparison.Ordinal));
        Assert.StartsWith("hello from openssl", Encoding.ASCII.GetString(received), StringComparison.Ordinal);
    }
}
