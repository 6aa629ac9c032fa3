using RtcEngine.Dtls;
using RtcEngine.Session;
using RtcEngine.Testing.Browser;
using Xunit;

namespace RtcEngine.Interop.Tests.Session;

/// <summary>Issue 10, test 2: both SRTP profile families negotiated with Chromium by changing preferences.</summary>
public class SrtpProfileTests
{
    [Theory]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm, "SRTP_AEAD_AES_128_GCM")]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1_80, "SRTP_AES128_CM_HMAC_SHA1_80")]
    [InlineData(SrtpProtectionProfile.AeadAes256Gcm, "SRTP_AEAD_AES_256_GCM")]
    public async Task The_engine_as_dtls_server_picks_the_profile_and_media_flows(SrtpProtectionProfile profile, string chromiumName)
    {
        await using BrowserPeerConnection browser = await BrowserPeerConnection.CreateAsync();
        await browser.AddMediaAsync();
        string offer = await browser.CreateOfferAsync();

        // As DTLS server the engine's preference decides among the profiles Chromium offers.
        await using EngineEcho engine = EngineEcho.Start(new RtcConfiguration
        {
            AnswerDtlsRole = RtcAnswerDtlsRole.Server,
            SrtpProfiles = [profile],
        });
        await browser.SetRemoteAnswerAsync(await engine.AnswerAsync(offer));
        await engine.WaitConnectedAsync();
        await engine.AssertChromiumDecodesEchoAsync(browser);

        (string? cipher, _, _) = await browser.TransportAsync();
        Assert.Equal(chromiumName, cipher);
        Assert.Equal((ushort)profile, (ushort)(await engine.Peer.InvokeAsync(c => c.SrtpProfile))!.Value);
    }
}
