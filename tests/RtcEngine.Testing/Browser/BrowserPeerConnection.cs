using System.Text.Json;

namespace RtcEngine.Testing.Browser;

/// <summary>Chromium's view of one of its inbound or outbound RTP streams (from getStats).</summary>
public sealed record BrowserRtpStats(
    string Kind,
    string? Mid,
    long Packets,
    long Bytes,
    long PacketsLost,
    long FramesDecoded,
    long FramesEncoded,
    double? Jitter,
    double? RoundTripTime,
    long NackCount,
    long PliCount,
    string? Rid,
    int? FrameWidth,
    int? FrameHeight,
    string? CodecMimeType);

/// <summary>
/// An RTCPeerConnection inside headless Chromium, driven from C#: a small JavaScript library is
/// installed in the page (<c>window.rtc</c>) and each method evaluates one call of it. The browser
/// side uses the fake camera and microphone, so VP8 (or H.264) and Opus flow.
/// </summary>
public sealed class BrowserPeerConnection : IAsyncDisposable
{
    private readonly ChromiumBrowser _browser;
    private readonly LoopbackHttpServer _server;

    private BrowserPeerConnection(ChromiumBrowser browser, LoopbackHttpServer server)
    {
        _browser = browser;
        _server = server;
    }

    public ChromiumBrowser Browser => _browser;

    /// <summary>
    /// Launches Chromium (skipping outside a loopback-only namespace), loads a blank page and
    /// creates one RTCPeerConnection with <paramref name="configurationJson"/> (an RTCConfiguration
    /// as JSON, for example <c>{"iceTransportPolicy":"relay","iceServers":[...]}</c>).
    /// </summary>
    public static async Task<BrowserPeerConnection> CreateAsync(string configurationJson = "{}", IEnumerable<string>? extraFlags = null)
    {
        var server = new LoopbackHttpServer();
        ChromiumBrowser? browser = null;
        try
        {
            browser = await ChromiumBrowser.LaunchAsync(extraFlags: extraFlags).ConfigureAwait(false);
            await browser.NavigateAsync(server.BaseUrl).ConfigureAwait(false);
            await browser.EvaluateJsonAsync(Library).ConfigureAwait(false);
            await browser.EvaluateJsonAsync($"rtc.create({configurationJson})").ConfigureAwait(false);
            return new BrowserPeerConnection(browser, server);
        }
        catch
        {
            if (browser is not null)
            {
                await browser.DisposeAsync().ConfigureAwait(false);
            }

            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Adds the fake microphone and/or camera (1280x720 when <paramref name="hd"/>) as sendrecv tracks.</summary>
    public Task AddMediaAsync(bool audio = true, bool video = true, bool hd = false) =>
        _browser.EvaluateJsonAsync($"rtc.addMedia({Js(audio)}, {Js(video)}, {Js(hd)})");

    /// <summary>Adds a transceiver without a track (for example <c>"video", "recvonly"</c>).</summary>
    public Task AddTransceiverAsync(string kind, string direction) =>
        _browser.EvaluateJsonAsync($"rtc.pc.addTransceiver({Js(kind)}, {{ direction: {Js(direction)} }}) && null");

    /// <summary>Adds the fake camera as a simulcast sender with three rids (f, h, q), at 1280x720.</summary>
    public Task AddSimulcastVideoAsync() => _browser.EvaluateJsonAsync("rtc.addSimulcastVideo()");

    /// <summary>Creates a data channel (to check it does not disturb audio and video).</summary>
    public Task CreateDataChannelAsync(string label) => _browser.EvaluateJsonAsync($"rtc.pc.createDataChannel({Js(label)}) && null");

    /// <summary>
    /// Creates an offer, sets it locally and returns it: once gathering completes (non-trickle), or
    /// at once without candidates when <paramref name="waitForCandidates"/> is false (trickle; take
    /// them with <see cref="TakeLocalCandidatesAsync"/>).
    /// </summary>
    public async Task<string> CreateOfferAsync(bool iceRestart = false, bool waitForCandidates = true) =>
        (await _browser.EvaluateAsync<string>($"rtc.offer({Js(iceRestart)}, {Js(waitForCandidates)})").ConfigureAwait(false))!;

    /// <summary>Adds a second video track (a clone of the camera) as its own sendrecv transceiver; renegotiation is then needed.</summary>
    public Task AddVideoTrackCloneAsync() => _browser.EvaluateJsonAsync("rtc.addVideoClone()");

    /// <summary>Sets a remote answer.</summary>
    public Task SetRemoteAnswerAsync(string sdp) => _browser.EvaluateJsonAsync($"rtc.setRemote('answer', {Js(sdp)})");

    /// <summary>
    /// Sets a remote offer, answers it and returns the answer once gathering completes. With
    /// <paramref name="withMedia"/>, the fake microphone and camera are attached to the transceivers
    /// the offer created (so the answer is sendrecv), as a browser application would.
    /// </summary>
    public async Task<string> AnswerAsync(string offerSdp, bool withMedia = false) =>
        (await _browser.EvaluateAsync<string>($"rtc.answer({Js(offerSdp)}, {Js(withMedia)})").ConfigureAwait(false))!;

    /// <summary>Adds a remote ICE candidate (an SDP <c>candidate:</c> line) for <paramref name="mid"/>; null ends candidates.</summary>
    public Task AddIceCandidateAsync(string? candidate, string mid = "0") =>
        _browser.EvaluateJsonAsync(candidate is null
            ? "rtc.pc.addIceCandidate(null)"
            : $"rtc.pc.addIceCandidate({{ candidate: {Js(candidate)}, sdpMid: {Js(mid)} }})");

    /// <summary>The local candidates gathered so far (trickle), as SDP candidate lines.</summary>
    public async Task<string[]> TakeLocalCandidatesAsync() =>
        (await _browser.EvaluateAsync<string[]>("rtc.takeCandidates()").ConfigureAwait(false)) ?? [];

    /// <summary>The connection's state: "connectionState/iceConnectionState/dtlsState".</summary>
    public async Task<string> StateAsync() => (await _browser.EvaluateAsync<string>("rtc.state()").ConfigureAwait(false))!;

    /// <summary>Waits (bounded) until connectionState is 'connected'; throws with the browser's log otherwise.</summary>
    public async Task WaitConnectedAsync(TimeSpan timeout)
    {
        bool connected = await _browser.EvaluateAsync<bool>($"rtc.waitFor(() => rtc.pc.connectionState === 'connected', {(int)timeout.TotalMilliseconds})", timeout + TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        if (!connected)
        {
            throw new TimeoutException($"Chromium did not connect in {timeout}: {await StateAsync().ConfigureAwait(false)}\n{_browser.ConsoleLog}");
        }
    }

    /// <summary>Waits (bounded) until a JavaScript condition on <c>rtc</c> holds; returns whether it did.</summary>
    public Task<bool> WaitForAsync(string condition, TimeSpan timeout) =>
        _browser.EvaluateAsync<bool>($"rtc.waitFor(() => ({condition}), {(int)timeout.TotalMilliseconds})", timeout + TimeSpan.FromSeconds(5));

    /// <summary>Inbound RTP streams as Chromium reports them.</summary>
    public Task<BrowserRtpStats[]> InboundStatsAsync() => RtpStatsAsync("inbound-rtp");

    /// <summary>Outbound RTP streams as Chromium reports them.</summary>
    public Task<BrowserRtpStats[]> OutboundStatsAsync() => RtpStatsAsync("outbound-rtp");

    /// <summary>The selected candidate pair's currentRoundTripTime (seconds), or null.</summary>
    public Task<double?> CandidatePairRttAsync() => _browser.EvaluateAsync<double?>("rtc.pairRtt()");

    /// <summary>The DTLS transport's negotiated SRTP cipher and TLS version, from getStats ("transport").</summary>
    public async Task<(string? SrtpCipher, string? TlsVersion, string? DtlsRole)> TransportAsync()
    {
        JsonElement t = await _browser.EvaluateJsonAsync("rtc.transport()").ConfigureAwait(false);
        return (Str(t, "srtpCipher"), Str(t, "tlsVersion"), Str(t, "dtlsRole"));
    }

    /// <summary>Evaluates any expression in the page (the library is <c>window.rtc</c>, the connection <c>rtc.pc</c>).</summary>
    public Task<JsonElement> EvaluateAsync(string expression, TimeSpan? timeout = null) => _browser.EvaluateJsonAsync(expression, timeout);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _browser.EvaluateJsonAsync("rtc.pc && rtc.pc.close()", TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // the browser may already be gone
        }

        await _browser.DisposeAsync().ConfigureAwait(false);
        await _server.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<BrowserRtpStats[]> RtpStatsAsync(string type)
    {
        JsonElement list = await _browser.EvaluateJsonAsync($"rtc.rtpStats({Js(type)})").ConfigureAwait(false);
        var result = new List<BrowserRtpStats>();
        foreach (JsonElement s in list.EnumerateArray())
        {
            result.Add(new BrowserRtpStats(
                Str(s, "kind") ?? "?",
                Str(s, "mid"),
                Num(s, type == "inbound-rtp" ? "packetsReceived" : "packetsSent"),
                Num(s, type == "inbound-rtp" ? "bytesReceived" : "bytesSent"),
                Num(s, "packetsLost"),
                Num(s, "framesDecoded"),
                Num(s, "framesEncoded"),
                s.TryGetProperty("jitter", out JsonElement j) && j.ValueKind == JsonValueKind.Number ? j.GetDouble() : null,
                s.TryGetProperty("roundTripTime", out JsonElement r) && r.ValueKind == JsonValueKind.Number ? r.GetDouble() : null,
                Num(s, "nackCount"),
                Num(s, "pliCount"),
                Str(s, "rid"),
                s.TryGetProperty("frameWidth", out JsonElement w) && w.ValueKind == JsonValueKind.Number ? w.GetInt32() : null,
                s.TryGetProperty("frameHeight", out JsonElement h) && h.ValueKind == JsonValueKind.Number ? h.GetInt32() : null,
                Str(s, "mimeType")));
        }

        return [.. result];
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long Num(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;

    private static string Js(string value) => JsonSerializer.Serialize(value);

    private static string Js(bool value) => value ? "true" : "false";

    /// <summary>The page-side library: one RTCPeerConnection and helpers that return JSON.</summary>
    private const string Library = """
        window.rtc = {
          pc: null, stream: null, candidates: [],
          create(config) {
            this.pc = new RTCPeerConnection(config);
            this.pc.onicecandidate = e => { if (e.candidate) this.candidates.push(e.candidate.candidate); };
            this.pc.ontrack = e => { (this.remote = this.remote || []).push(e.track.kind); };
            return null;
          },
          async media(audio, video, hd) {
            return navigator.mediaDevices.getUserMedia({
              audio, video: video ? (hd ? { width: 1280, height: 720 } : true) : false });
          },
          async addMedia(audio, video, hd) {
            const s = await this.media(audio, video, hd);
            s.getTracks().forEach(t => this.pc.addTrack(t, s));
            this.stream = s;
            return null;
          },
          async addSimulcastVideo() {
            const s = await this.media(false, true, true);
            this.pc.addTransceiver(s.getVideoTracks()[0], { direction: 'sendonly', streams: [s],
              sendEncodings: [{ rid: 'f' }, { rid: 'h', scaleResolutionDownBy: 2 }, { rid: 'q', scaleResolutionDownBy: 4 }] });
            return null;
          },
          gathered() {
            return new Promise(r => {
              if (this.pc.iceGatheringState === 'complete') return r();
              const h = () => { if (this.pc.iceGatheringState === 'complete') { this.pc.removeEventListener('icegatheringstatechange', h); r(); } };
              this.pc.addEventListener('icegatheringstatechange', h);
            });
          },
          async offer(iceRestart, wait) {
            await this.pc.setLocalDescription(await this.pc.createOffer({ iceRestart }));
            if (wait !== false) await this.gathered();
            return this.pc.localDescription.sdp;
          },
          async addVideoClone() {
            const s = this.stream || await this.media(false, true, false);
            const track = s.getVideoTracks()[0].clone();
            this.pc.addTransceiver(track, { direction: 'sendrecv', streams: [new MediaStream([track])] });
            return null;
          },
          async setRemote(type, sdp) { await this.pc.setRemoteDescription({ type, sdp }); return null; },
          async answer(sdp, withMedia) {
            await this.pc.setRemoteDescription({ type: 'offer', sdp });
            if (withMedia) {
              const s = await this.media(true, true, false);
              for (const t of this.pc.getTransceivers()) {
                const track = s.getTracks().find(x => x.kind === t.receiver.track.kind);
                if (track && !t.sender.track) { await t.sender.replaceTrack(track); t.sender.setStreams(s); t.direction = 'sendrecv'; }
              }
              this.stream = s;
            }
            await this.pc.setLocalDescription(await this.pc.createAnswer());
            await this.gathered();
            return this.pc.localDescription.sdp;
          },
          takeCandidates() { const c = this.candidates; this.candidates = []; return c; },
          state() {
            const dtls = this.pc.getSenders().concat(this.pc.getReceivers()).map(x => x.transport && x.transport.state).find(x => x) || '-';
            return `${this.pc.connectionState}/${this.pc.iceConnectionState}/${dtls}`;
          },
          async waitFor(cond, ms) {
            const end = Date.now() + ms;
            while (Date.now() < end) { if (await cond()) return true; await new Promise(r => setTimeout(r, 50)); }
            return !!(await cond());
          },
          async rtpStats(type) {
            const report = await this.pc.getStats();
            const out = [];
            report.forEach(s => {
              if (s.type !== type) return;
              const codec = s.codecId && report.get(s.codecId);
              const remote = s.remoteId && report.get(s.remoteId);
              out.push(Object.assign({}, s, { mimeType: codec && codec.mimeType,
                roundTripTime: remote && remote.roundTripTime }));
            });
            return out;
          },
          async selectedPair() {
            // The transport names the selected pair; with several local addresses several pairs
            // may be nominated over time, so "nominated" alone does not identify it.
            const report = await this.pc.getStats();
            let id = null;
            report.forEach(s => { if (s.type === 'transport' && s.selectedCandidatePairId) id = s.selectedCandidatePairId; });
            return id ? report.get(id) : null;
          },
          async pairRtt() {
            const pair = await this.selectedPair();
            return pair ? (pair.currentRoundTripTime ?? null) : null;
          },
          async transport() {
            const report = await this.pc.getStats();
            let t = null;
            report.forEach(s => { if (s.type === 'transport') t = s; });
            return t;
          },
        };
        null
        """;
}
