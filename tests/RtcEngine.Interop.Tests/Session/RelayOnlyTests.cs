using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Configuration;
using RtcEngine.Interop.Tests.Turn;
using RtcEngine.Session;
using RtcEngine.Testing.Browser;
using Xunit;

namespace RtcEngine.Interop.Tests.Session;

/// <summary>
/// Issue 10, test 4: Chromium relay-only (<c>iceTransportPolicy: 'relay'</c>) through coturn on
/// loopback, over UDP and TCP; and the engine's own relay candidates through its UDP socket and its
/// TCP stream transport, used by the connection.
/// </summary>
public class RelayOnlyTests
{
    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Chromium_relay_only_through_coturn_reaches_the_engine_and_decodes_the_echo(string transport)
    {
        await using Coturn coturn = await Coturn.StartAsync();
        string url = $"turn:{coturn.Address.AddressToString()}:{coturn.Address.Port}?transport={transport}";
        await using BrowserPeerConnection browser = await BrowserPeerConnection.CreateAsync(
            $$"""{"iceTransportPolicy":"relay","iceServers":[{"urls":"{{url}}","username":"{{Coturn.Username}}","credential":"{{Coturn.Password}}"}]}""");
        await browser.AddMediaAsync();
        string offer = await browser.CreateOfferAsync();
        string[] candidates = offer.Split("\r\n").Where(l => l.StartsWith("a=candidate:", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(candidates);
        Assert.All(candidates, c => Assert.Contains(" typ relay ", c));

        await using EngineEcho engine = EngineEcho.Start();
        await browser.SetRemoteAnswerAsync(await engine.AnswerAsync(offer));
        await engine.WaitConnectedAsync();
        await engine.AssertChromiumDecodesEchoAsync(browser);
    }

    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Both_relay_only_the_engine_allocating_over_its_own_transport(string transport)
    {
        await using Coturn coturn = await Coturn.StartAsync();
        string url = $"turn:{coturn.Address.AddressToString()}:{coturn.Address.Port}?transport={transport}";
        await using BrowserPeerConnection browser = await BrowserPeerConnection.CreateAsync(
            $$"""{"iceTransportPolicy":"relay","iceServers":[{"urls":"{{url}}","username":"{{Coturn.Username}}","credential":"{{Coturn.Password}}"}]}""");
        await browser.AddMediaAsync();
        string offer = await browser.CreateOfferAsync();

        await using EngineEcho engine = EngineEcho.Start(new RtcConfiguration
        {
            IceServers = IceServer.FromJson($$"""[{"urls":"{{url}}","username":"{{Coturn.Username}}","credential":"{{Coturn.Password}}"}]"""),
            IceTransportPolicy = IceTransportPolicy.Relay,
            CandidatesInDescriptions = false,
        });
        string answer = await engine.AnswerAsync(offer);
        Assert.DoesNotContain("typ host", answer);
        await browser.SetRemoteAnswerAsync(answer);

        // The engine's relay candidate arrives when its allocation does: trickle it.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        int relays = 0;
        while (watch.Elapsed < EngineEcho.Timeout && (await browser.StateAsync()).Split('/')[0] != "connected")
        {
            while (engine.Candidates.TryDequeue(out RtcIceCandidateEvent? e))
            {
                await browser.AddIceCandidateAsync(e.Candidate, e.SdpMid ?? "0");
                relays += e.Candidate?.Contains(" typ relay ", StringComparison.Ordinal) == true ? 1 : 0;
                Assert.DoesNotContain(" typ host", e.Candidate ?? string.Empty);
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.True(relays > 0, "the engine signalled no relay candidate\n" + await engine.DescribeAsync());
        await engine.WaitConnectedAsync();
        await engine.AssertChromiumDecodesEchoAsync(browser);
        RtcStatsReport stats = await engine.Peer.InvokeAsync(c => c.GetStats());
        var pair = (RtcIceCandidatePairStats)stats[stats.OfType<RtcTransportStats>().Single().SelectedCandidatePairId!];
        Assert.Equal("relay", ((RtcIceCandidateStats)stats[pair.LocalCandidateId]).CandidateType);
    }

    [Fact]
    public async Task A_wrong_turn_password_is_reported_as_a_candidate_error_with_401()
    {
        await using Coturn coturn = await Coturn.StartAsync();
        string url = $"turn:{coturn.Address.AddressToString()}:{coturn.Address.Port}?transport=udp";
        await using RtcEngine.Session.Driver.UdpRtcHost host = RtcEngine.Session.Driver.UdpRtcHost.Start();
        await using RtcPeerConnection peer = host.CreateConnection(new RtcConfiguration
        {
            IceServers = IceServer.FromJson($$"""[{"urls":"{{url}}","username":"{{Coturn.Username}}","credential":"wrong"}]"""),
        });
        var error = new TaskCompletionSource<RtcIceCandidateErrorEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        var candidates = new System.Collections.Concurrent.ConcurrentQueue<string?>();
        peer.IceCandidateError += (_, e) => error.TrySetResult(e);
        peer.IceCandidate += (_, e) => candidates.Enqueue(e.Candidate);
        await peer.InvokeAsync(c =>
        {
            c.AddTransceiver(RtcMediaKind.Audio);
            c.SetLocalDescription(c.CreateOffer());
        });

        RtcIceCandidateErrorEvent reported = await error.Task.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);
        Assert.Equal(401, reported.ErrorCode);
        Assert.Equal(url, reported.Url);
        Assert.Contains(candidates, c => c?.Contains(" typ host", StringComparison.Ordinal) == true); // the host candidate carries on
    }
}
