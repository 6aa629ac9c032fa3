using System.Text.Json;
using RtcEngine.Sdp;
using RtcEngine.Sdp.Jsep;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Interop.Tests.Sdp;

/// <summary>
/// Headless Chromium takes our SDP: it applies our answers to its offers (audio, video and data
/// with data rejected or accepted, a stopped transceiver on the BUNDLE tag m-line, renegotiation adding a transceiver, simulcast with three rids)
/// and answers our offers (initial, ICE restart with a stopped transceiver, a recycled m-line).
/// Only SDP is exchanged: no media flows, so this proves the descriptions, not the transports.
/// </summary>
public class ChromiumSdpInteropTests
{
    private const string Script = """
        async function post(path, body) {
          const r = await fetch(path, { method: 'POST', body });
          const t = await r.text();
          if (!r.ok) throw new Error('server: ' + t);
          return t;
        }
        async function getText(path) {
          const r = await fetch(path);
          const t = await r.text();
          if (!r.ok) throw new Error('server: ' + t);
          return t;
        }
        async function run(name, fn) {
          try {
            const r = await fn();
            await post('/result/' + name, JSON.stringify(Object.assign({ ok: true }, r || {})));
          } catch (e) {
            await post('/result/' + name, JSON.stringify({ ok: false, error: String((e && e.message) || e) }));
          }
        }
        const directions = pc => pc.getTransceivers().map(t => String(t.currentDirection));
        const mids = pc => pc.getTransceivers().map(t => String(t.mid));
        (async () => {
          await run('av-data-rejected', async () => {
            const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
            pc.addTransceiver('audio'); pc.addTransceiver('video'); pc.createDataChannel('x');
            const offer = await pc.createOffer(); await pc.setLocalDescription(offer);
            await pc.setRemoteDescription({ type: 'answer', sdp: await post('/answer/av-data-rejected', offer.sdp) });
            const r = { offer: offer.sdp, directions: directions(pc), sctp: pc.sctp ? 'present' : 'none' };
            pc.close(); return r;
          });
          await run('tag-rejected', async () => {
            const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
            pc.addTransceiver('audio'); pc.addTransceiver('video');
            let offer = await pc.createOffer(); await pc.setLocalDescription(offer);
            await pc.setRemoteDescription({ type: 'answer', sdp: await post('/answer/tag-rejected', offer.sdp) });
            offer = await pc.createOffer(); await pc.setLocalDescription(offer);
            await pc.setRemoteDescription({ type: 'answer', sdp: await post('/answer/tag-rejected-again', offer.sdp) });
            const r = { offer: offer.sdp, directions: directions(pc), mids: mids(pc) };
            pc.close(); return r;
          });
          let a;
          await run('av-data', async () => {
            a = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
            a.addTransceiver('audio'); a.addTransceiver('video'); a.createDataChannel('x');
            const offer = await a.createOffer(); await a.setLocalDescription(offer);
            await a.setRemoteDescription({ type: 'answer', sdp: await post('/answer/av-data', offer.sdp) });
            return { offer: offer.sdp, directions: directions(a), sctp: a.sctp ? 'present' : 'none' };
          });
          await run('av-data-renegotiate', async () => {
            a.addTransceiver('video', { direction: 'recvonly' });
            const offer = await a.createOffer(); await a.setLocalDescription(offer);
            await a.setRemoteDescription({ type: 'answer', sdp: await post('/answer/av-data-renegotiate', offer.sdp) });
            const r = { offer: offer.sdp, directions: directions(a), mids: mids(a) };
            a.close(); return r;
          });
          await run('simulcast', async () => {
            const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
            const t = pc.addTransceiver('video', { direction: 'sendonly', sendEncodings: [
              { rid: 'f' }, { rid: 'h', scaleResolutionDownBy: 2 }, { rid: 'q', scaleResolutionDownBy: 4 }] });
            const offer = await pc.createOffer(); await pc.setLocalDescription(offer);
            await pc.setRemoteDescription({ type: 'answer', sdp: await post('/answer/simulcast', offer.sdp) });
            const r = { offer: offer.sdp, rids: t.sender.getParameters().encodings.map(e => String(e.rid)), directions: directions(pc) };
            pc.close(); return r;
          });
          let b;
          for (const name of ['engine-offer', 'engine-reoffer', 'engine-recycle']) {
            await run(name, async () => {
              b = b || new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
              await b.setRemoteDescription({ type: 'offer', sdp: await getText('/offer/' + name) });
              const answer = await b.createAnswer(); await b.setLocalDescription(answer);
              return { answer: answer.sdp, directions: directions(b), mids: mids(b), sctp: b.sctp ? 'present' : 'none' };
            });
          }
          b.close();
          await post('/done', '');
        })();
        """;

    private static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--allow-loopback-in-peer-connection", "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream", "--disable-features=WebRtcHideLocalIpsWithMdns",
    ];

    [Fact]
    public async Task Chromium_accepts_our_answers_and_answers_our_offers()
    {
        RealPeers.RequireLoopbackOnlyNamespace();
        string chromium = RealPeers.RequireProgram("chromium", "chromium");
        var engine = new EngineSide();
        await using var page = new ChromiumPage(Script, engine.Answer, engine.Offer);
        string profile = TestFiles.CreateTempDirectory("chromium-sdp");
        try
        {
            await using (PeerProcess browser = PeerProcess.Start(chromium, [.. Flags, "--user-data-dir=" + profile, page.Url]))
            {
                Task finished = await Task.WhenAny(page.Done, Task.Delay(TimeSpan.FromSeconds(90), TestContext.Current.CancellationToken));
                Assert.True(finished == page.Done, "Chromium did not finish within 90 s. Results: " + string.Join(", ", page.Results.Keys)
                    + "\nServer errors: " + string.Join("\n", page.ServerErrors) + "\nBrowser output:\n" + browser.Output);
            }

            Assert.Empty(page.ServerErrors);
            JsonElement rejected = Result(page, "av-data-rejected");
            Assert.Equal(["sendrecv", "sendonly"], Strings(rejected, "directions")); // our video is an implicit recvonly transceiver
            Assert.Equal("none", rejected.GetProperty("sctp").GetString()); // m=application rejected: no SCTP transport

            // Our transceiver for mid 0 (Chromium's BUNDLE tag) stopped: the re-answer keeps it inactive (RFC 9143 7.3.3).
            JsonElement tagKept = Result(page, "tag-rejected");
            Assert.Equal(["0", "1"], Strings(tagKept, "mids"));
            Assert.Equal(["inactive", "sendonly"], Strings(tagKept, "directions"));

            JsonElement accepted = Result(page, "av-data");
            Assert.Equal(["sendrecv", "sendonly"], Strings(accepted, "directions"));
            Assert.Equal("present", accepted.GetProperty("sctp").GetString());
            JsonElement renegotiated = Result(page, "av-data-renegotiate");
            Assert.Equal(["0", "1", "3"], Strings(renegotiated, "mids"));
            Assert.Equal(["sendrecv", "sendonly", "inactive"], Strings(renegotiated, "directions")); // recvonly offered, our implicit transceiver only receives

            JsonElement simulcast = Result(page, "simulcast");
            Assert.Equal(["f", "h", "q"], Strings(simulcast, "rids"));
            Assert.Equal(["sendonly"], Strings(simulcast, "directions"));

            JsonElement first = Result(page, "engine-offer");
            Assert.Equal(["recvonly", "recvonly"], Strings(first, "directions")); // Chromium has no tracks to send back
            Assert.Equal("present", first.GetProperty("sctp").GetString());
            JsonElement restart = Result(page, "engine-reoffer");
            Assert.Equal(["1"], Strings(restart, "mids")); // the audio transceiver stopped with our port 0 and is gone
            JsonElement recycled = Result(page, "engine-recycle");
            Assert.Equal(["1", "3"], Strings(recycled, "mids")); // the new transceiver took the recycled m-line with a new mid
            Assert.Equal(["recvonly", "inactive"], Strings(recycled, "directions"));

            // Chromium's answers to our offers are valid answers and negotiate as expected.
            engine.Finish(page.Results);
            Assert.Equal(3, engine.Negotiated.Count);
            NegotiatedSession initial = engine.Negotiated[0];
            Assert.Equal(JsepDtlsRole.Server, initial.LocalDtlsRole); // Chromium answers actpass with active
            Assert.Equal(["0", "1", "2"], initial.BundleMids);
            Assert.Equal(SdpDirection.SendOnly, initial.Media[1].Direction);
            Assert.Contains(initial.Media[1].Codecs, c => c.Name == "VP8" && c.RtxPayloadType == 97);
            Assert.Equal(5000, initial.Media[2].RemoteSctpPort);
            Assert.True(engine.Negotiated[1].RemoteIceRestart);
            Assert.True(engine.Negotiated[1].Media[0].Rejected);
            Assert.Equal("3", engine.Negotiated[2].Media[0].Mid);
            Assert.False(engine.Negotiated[2].Media[0].Rejected);

            SaveCapture(page, engine);
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }

    private static JsonElement Result(ChromiumPage page, string name)
    {
        Assert.True(page.Results.TryGetValue(name, out string? json), $"no result for {name}");
        JsonElement result = JsonDocument.Parse(json).RootElement;
        Assert.True(result.GetProperty("ok").GetBoolean(), $"{name}: Chromium reported {result}");
        return result;
    }

    private static string[] Strings(JsonElement result, string property) =>
        result.GetProperty(property).EnumerateArray().Select(e => e.GetString()!).ToArray();

    // Set RTCENGINE_SDP_CAPTURE to a directory to keep the SDP exchanged (how the chromium-156/engine-* fixtures were made).
    private static void SaveCapture(ChromiumPage page, EngineSide engine)
    {
        string? directory = Environment.GetEnvironmentVariable("RTCENGINE_SDP_CAPTURE");
        if (string.IsNullOrEmpty(directory))
        {
            return;
        }

        Directory.CreateDirectory(directory);
        foreach ((string name, string text) in engine.Sent)
        {
            File.WriteAllText(Path.Combine(directory, name + ".sdp"), text);
        }

        foreach ((string name, string json) in page.Results)
        {
            File.WriteAllText(Path.Combine(directory, $"result_{name}.json"), json);
            JsonElement result = JsonDocument.Parse(json).RootElement;
            foreach (string property in new[] { "offer", "answer" })
            {
                if (result.TryGetProperty(property, out JsonElement sdp))
                {
                    File.WriteAllText(Path.Combine(directory, $"chromium_{property}_{name}.sdp"), sdp.GetString());
                }
            }
        }
    }

    /// <summary>Our side of the exchanges: answers Chromium's offers and makes offers, negotiating each answer.</summary>
    private sealed class EngineSide
    {
        private readonly JsepSessionOrigin _origin = new(new SeededRandomSource(11));
        private readonly Dictionary<string, NegotiatedSession> _answered = [];
        private readonly Dictionary<string, List<JsepTransceiver>> _answering = [];
        private readonly List<JsepTransceiver> _offering =
        [
            new(SdpMediaKind.Audio) { Sender = new JsepSender(1111, null, "engine", "engine-stream", "engine-audio") },
            new(SdpMediaKind.Video) { Sender = new JsepSender(2222, 3333, "engine", "engine-stream", "engine-video") },
            new(SdpMediaKind.Application),
        ];

        private SessionDescription? _lastOffer;
        private string? _lastOfferName;

        public List<(string Name, string Text)> Sent { get; } = [];

        public List<NegotiatedSession> Negotiated { get; } = [];

        private static JsepTransport Transport(string ufrag) => new()
        {
            IceUfrag = ufrag,
            IcePwd = ufrag + "passwordpasswordpass",
            Fingerprints = [new SdpFingerprint("sha-256", "6C:1D:34:9A:0B:7E:52:C8:1F:AA:30:64:D2:9E:5B:71:08:3C:EE:41:9D:B2:27:F0:55:6A:C3:18:7B:E4:02:9F")],
        };

        public string Answer(string name, string offerText)
        {
            SessionDescription offer = SessionDescription.Parse(offerText);
            string group = name switch
            {
                "av-data-renegotiate" => "av-data",
                "tag-rejected-again" => "tag-rejected",
                _ => name,
            };
            _answered.TryGetValue(group, out NegotiatedSession? current);
            if (!_answering.TryGetValue(group, out List<JsepTransceiver>? transceivers))
            {
                transceivers = [new JsepTransceiver(SdpMediaKind.Audio) { Sender = new JsepSender(5555, null, "engine", "s", "a") }];
                _answering[group] = transceivers;
            }

            if (name == "tag-rejected-again")
            {
                transceivers.First(t => t.Mid == "0").Stopped = true; // our side stops the m-line Chromium bundles on
            }

            JsepAnswer answer = JsepAnswerBuilder.CreateAnswer(new JsepAnswerRequest
            {
                Offer = offer,
                Origin = _origin.Next(),
                Transport = Transport("EnGn"),
                Capabilities = name.EndsWith("-rejected", StringComparison.Ordinal) ? new JsepCapabilities { DataChannels = false } : JsepCapabilities.Default,
                Transceivers = transceivers,
                Current = current,
            });
            transceivers.AddRange(answer.CreatedTransceivers); // the session keeps what the answer created
            _answered[group] = answer.Negotiated;
            Sent.Add(("engine_answer_" + name, answer.Description.ToString()));
            return answer.Description.ToString();
        }

        public string Offer(string name, IReadOnlyDictionary<string, string> results)
        {
            NegotiatedSession? current = null;
            if (_lastOffer is not null)
            {
                string answer = JsonDocument.Parse(results[_lastOfferName!]).RootElement.GetProperty("answer").GetString()!;
                current = JsepNegotiation.Negotiate(_lastOffer, SessionDescription.Parse(answer), localIsOfferer: true, Negotiated.LastOrDefault());
                Negotiated.Add(current);
            }

            switch (name)
            {
                case "engine-reoffer":
                    _offering[0].Stopped = true; // audio stops: port 0 now, recyclable after this exchange
                    break;
                case "engine-recycle":
                    _offering.Add(new JsepTransceiver(SdpMediaKind.Video) { Direction = SdpDirection.RecvOnly });
                    break;
            }

            JsepOffer offer = JsepOfferBuilder.CreateOffer(new JsepOfferRequest
            {
                Origin = _origin.Next(),
                Transport = Transport(name == "engine-offer" ? "EnGn" : "ReSt"),
                Transceivers = _offering,
                Current = current,
                IceRestart = name == "engine-reoffer",
            });
            _lastOffer = offer.Description;
            _lastOfferName = name;
            Sent.Add(("engine_" + name.Replace('-', '_'), offer.Description.ToString()));
            return offer.Description.ToString();
        }

        /// <summary>Negotiates the last offer with Chromium's answer (called after the page finished).</summary>
        public void Finish(IReadOnlyDictionary<string, string> results)
        {
            string answer = JsonDocument.Parse(results[_lastOfferName!]).RootElement.GetProperty("answer").GetString()!;
            Negotiated.Add(JsepNegotiation.Negotiate(_lastOffer!, SessionDescription.Parse(answer), localIsOfferer: true, Negotiated.LastOrDefault()));
        }
    }
}
