using System.Text;
using System.Text.RegularExpressions;
using RtcEngine.Dtls;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Interop.Tests.Dtls;

/// <summary>Our DTLS client against <c>openssl s_server -dtls1_2</c> (mutual certificates, use_srtp, exporter).</summary>
public class OpenSslServerTests
{
    [Theory]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1_80, true, null)]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm, false, null)]
    [InlineData(SrtpProtectionProfile.AeadAes256Gcm, true, null)]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1_32, true, "ECDHE-ECDSA-AES256-GCM-SHA384")]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1_80, false, "ECDHE-ECDSA-CHACHA20-POLY1305")]
    public async Task Client_connects_to_openssl_server_and_exports_the_same_srtp_keys(SrtpProtectionProfile profile, bool helloVerifyRequest, string? cipher)
    {
        string openssl = RealPeers.RequireProgram("openssl", "openssl");
        string directory = TestFiles.CreateTempDirectory("dtls-openssl-server");
        using DtlsCertificate serverCertificate = DtlsCertificate.GenerateEcdsa("openssl-server");
        using DtlsCertificate clientCertificate = DtlsCertificate.GenerateEcdsa("engine-client");
        (string cert, string key) = DtlsInteropHelpers.WritePem(serverCertificate, directory, "server");
        int port = RealPeers.FreeUdpPort();
        int exportLength = DtlsInteropHelpers.ExportLength(profile);
        List<string> arguments =
        [
            "s_server", "-dtls1_2", "-accept", $"127.0.0.1:{port}", "-cert", cert, "-key", key, "-Verify", "1",
            "-use_srtp", DtlsInteropHelpers.OpenSslName(profile),
            "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", exportLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-no_ticket",
        ];
        if (helloVerifyRequest)
        {
            arguments.Insert(2, "-listen");
        }

        if (cipher is not null)
        {
            arguments.AddRange(["-cipher", cipher]);
        }

        await using PeerProcess server = PeerProcess.Start(openssl, arguments, directory);
        Assert.NotNull(await server.WaitForLineAsync("ACCEPT", DtlsInteropHelpers.Timeout));

        await using RunningEndpoint client = RunningEndpoint.Start(new DtlsEndpointOptions
        {
            Role = DtlsRole.Client,
            Certificate = clientCertificate,
            RemoteFingerprints = [serverCertificate.GetFingerprint()],
        });
        client.Runner.DefaultPeer = DtlsInteropHelpers.Loopback(port);
        await client.Runner.InvokeAsync(() => client.Endpoint.Start(client.Runner.Now));

        DtlsConnected connected = await client.WaitConnectedAsync(server);
        Match? material = await server.WaitForLineAsync(@"Keying material: ([0-9A-Fa-f]+)", DtlsInteropHelpers.Timeout);
        Assert.True(material is not null, server.Output);
        Assert.Equal(profile, connected.SrtpProfile);
        Assert.Equal(
            cipher switch
            {
                "ECDHE-ECDSA-AES256-GCM-SHA384" => DtlsCipherSuite.EcdheEcdsaWithAes256GcmSha384,
                "ECDHE-ECDSA-CHACHA20-POLY1305" => DtlsCipherSuite.EcdheEcdsaWithChaCha20Poly1305Sha256,
                _ => DtlsCipherSuite.EcdheEcdsaWithAes128GcmSha256,
            },
            connected.CipherSuite);
        Assert.Equal(material.Groups[1].Value.ToUpperInvariant(), Convert.ToHexString(connected.KeyingMaterial!.Exported));

        // Application data both ways: s_server prints what it receives and sends its stdin.
        await client.Runner.InvokeAsync(() => client.Endpoint.SendApplicationData("hello from RtcEngine\n"u8));
        Assert.NotNull(await server.WaitForLineAsync("hello from RtcEngine", DtlsInteropHelpers.Timeout));
        await server.StandardInput.WriteLineAsync("hello from openssl");
        await server.StandardInput.FlushAsync(TestContext.Current.CancellationToken);
        byte[] received = await client.WaitForDataAsync(d => Encoding.ASCII.GetString(d).Contains("hello from openssl", StringComparison.Ordinal));
        Assert.StartsWith("hello from openssl", Encoding.ASCII.GetString(received), StringComparison.Ordinal);
    }
}
