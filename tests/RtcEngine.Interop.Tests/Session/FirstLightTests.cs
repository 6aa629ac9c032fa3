using System.Net;
using RtcEngine.Primitives;
using RtcEngine.Sdp;
using RtcEngine.Session;
using RtcEngine.Testing;
using RtcEngine.Testing.Browser;
using Xunit;

namespace RtcEngine.Interop.Tests.Session;

/// <summary>Issue 9's proof: the engine exchanges media with headless Chromium.</summary>
public class FirstLightTests
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(RtcAnswerDtlsRole.Client)]
    [InlineData(RtcAnswerDtlsRole.Server)]
    public async Task Chromium_offers_audio_and_video_the_engine_answers_and_echoes(RtcAnswerDtlsRole role)
    {
        await using BrowserPeerConnection browser = await BrowserPeerConnection.CreateAsync();
        await browser.AddMediaAsync();
        string offer = await browser.CreateOfferAsync();

        (RtcConnection connection, UdpEngineRunner runner, EchoSink echo) = Start(new RtcConfiguration { AnswerDtlsRole = role });
        await using (runner)
        {
            string answer = await runner.InvokeAsync(() =>
            {
                connection.SetRemoteDescription(new RtcSessionDescription(RtcSdpType.Offer, offer));
                foreach (RtcRtpTransceiver transceiver in connection.Transceivers)
                {
                    transceiver.Direction = SdpDirection.SendRecv;
                    transceiver.Receiver.Sink = echo;
                }

                RtcSessionDescription description = connection.CreateAnswer();
                connection.SetLocalDescription(description);
                return description.Sdp;
            });
            Assert.Contains(role == RtcAnswerDtlsRole.Client ? "a=setup:active" : "a=setup:passive", answer);
            await browser.SetRemoteAnswerAsync(answer);

            await browser.WaitConnectedAsync(ConnectTimeout);
            Assert.True(await runner.WaitUntilAsync(() => connection.ConnectionState == RtcPeerConnectionState.Connected, ConnectTimeout), await Describe(runner, connection));
            await AssertEchoDecodedAsync(browser, runner, connection);
            (_, string? tls, _) = await browser.TransportAsync();
            Assert.Equal("FEFD", tls); // DTLS 1.2, although Chromium offered 1.3
        }

        connection.Dispose();
    }

    internal static (RtcConnection Connection, UdpEngineRunner Runner, EchoSink Echo) Start(RtcConfiguration configuration)
    {
        int port = RealPeers.FreeUdpPort();
        var connection = new RtcConnection(configuration, [PeerAddress.Parse($"127.0.0.1:{port}")]);
        var echo = new EchoSink(connection);
        UdpEngineRunner runner = UdpEngineRunner.Start(connection, e => EchoSink.OnEvent(connection, e), new IPEndPoint(IPAddress.Loopback, port));
        return (connection, runner, echo);
    }

    internal static async Task AssertEchoDecodedAsync(BrowserPeerConnection browser, UdpEngineRunner runner, RtcConnection connection)
    {
        bool decoded = await browser.WaitForAsync(
            "rtc.rtpStats('inbound-rtp').then(s => s.some(x => x.kind === 'video' && x.framesDecoded > 10) && s.some(x => x.kind === 'audio' && x.packetsReceived > 20))",
            TimeSpan.FromSeconds(20));
        Assert.True(decoded, $"Chromium did not decode the echo: {string.Join(", ", await browser.InboundStatsAsync())}\n{await Describe(runner, connection)}");
    }

    internal static async Task<string> Describe(UdpEngineRunner runner, RtcConnection connection) =>
        await runner.InvokeAsync(() =>
            $"engine: {connection.ConnectionState} ice={connection.IceConnectionState} dtls={connection.DtlsState} " +
            $"failure={connection.FailureReason} ice counters: stunIn={connection.IceAgent?.Counters.StunReceived} stunOut={connection.IceAgent?.Counters.StunSent} " +
            $"dropped(unpermitted={connection.IceAgent?.Counters.DroppedUnpermitted}, unauth={connection.IceAgent?.Counters.RejectedUnauthenticated}) " +
            $"dtls: {connection.Dtls?.State} conn counters: beforeReady={connection.Counters.DroppedBeforeReady} noSrtp={connection.Counters.DroppedNoSrtp} " +
            $"unprotect={connection.Counters.DroppedUnprotectFailed} unroutable={connection.Counters.DroppedUnroutable} " +
            $"rx={string.Join("/", connection.Transceivers.Select(t => t.Receiver.PacketsReceived))} tx={string.Join("/", connection.Transceivers.Select(t => t.Sender.PacketsSent))}");
}

public class FirstLightEngineOffersTests
{
    [Fact]
    public async Task The_engine_offers_chromium_answers_active_and_the_echo_is_decoded()
    {
        await using BrowserPeerConnection browser = await BrowserPeerConnection.CreateAsync();
        (RtcConnection connection, UdpEngineRunner runner, EchoSink echo) = FirstLightTests.Start(new RtcConfiguration());
        await using (runner)
        {
            string offer = await runner.InvokeAsync(() =>
            {
                foreach (RtcMediaKind kind in new[] { RtcMediaKind.Audio, RtcMediaKind.Video })
                {
                    connection.AddTransceiver(kind).Receiver.Sink = echo;
                }

                RtcSessionDescription description = connection.CreateOffer();
                connection.SetLocalDescription(description);
                return description.Sdp;
            });
            Assert.Contains("a=setup:actpass", offer);

            string answer = await browser.AnswerAsync(offer, withMedia: true);
            Assert.Contains("a=setup:active", answer);
            await runner.InvokeAsync(() => connection.SetRemoteDescription(new RtcSessionDescription(RtcSdpType.Answer, answer)));

            await browser.WaitConnectedAsync(TimeSpan.FromSeconds(20));
            Assert.True(await runner.WaitUntilAsync(() => connection.ConnectionState == RtcPeerConnectionState.Connected, TimeSpan.FromSeconds(20)));
            Assert.Equal(RtcEngine.Dtls.DtlsRole.Server, await runner.InvokeAsync(() => connection.Dtls!.Role));
            await FirstLightTests.AssertEchoDecodedAsync(browser, runner, connection);
        }

        connection.Dispose();
    }

    [Fact]
    public async Task A_chromium_offer_with_a_data_channel_still_gets_audio_and_video_through()
    {
        await using BrowserPeerConnection browser = await BrowserPeerConnection.CreateAsync();
        await browser.AddMediaAsync();
        await browser.CreateDataChannelAsync("chat");
        string offer = await browser.CreateOfferAsync();
        Assert.Contains("m=application", offer);

        (RtcConnection connection, UdpEngineRunner runner, EchoSink echo) = FirstLightTests.Start(new RtcConfiguration());
        await using (runner)
        {
            string answer = await runner.InvokeAsync(() =>
            {
                connection.SetRemoteDescription(new RtcSessionDescription(RtcSdpType.Offer, offer));
                foreach (RtcRtpTransceiver transceiver in connection.Transceivers)
                {
                    transceiver.Direction = SdpDirection.SendRecv;
                    transceiver.Receiver.Sink = echo;
                }

                RtcSessionDescription description = connection.CreateAnswer();
                connection.SetLocalDescription(description);
                return description.Sdp;
            });
            Assert.Contains("m=application 0 ", answer);

            await browser.SetRemoteAnswerAsync(answer);
            await browser.WaitConnectedAsync(TimeSpan.FromSeconds(20));
            await FirstLightTests.AssertEchoDecodedAsync(browser, runner, connection);
        }

        connection.Dispose();
    }
}
