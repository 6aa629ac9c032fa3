using System.Collections.Concurrent;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RtcEngine.Testing.Browser;

/// <summary>Thrown when a script evaluated in the page throws or rejects.</summary>
public sealed class BrowserScriptException(string message) : Exception(message);

/// <summary>
/// Headless Chromium (Debian's <c>/usr/bin/chromium</c>) driven over the DevTools protocol: the
/// test evaluates JavaScript in a page served by <see cref="LoopbackHttpServer"/> and gets JSON
/// back. Launching refuses (skips) outside a loopback-only network namespace, because Chromium
/// uses every interface it sees.
/// </summary>
/// <remarks>
/// Flags are the ones that make loopback ICE work (see the interop notes): loopback allowed in
/// peer connections, fake media devices with permission granted, no mDNS host candidates. The
/// profile directory is fresh per launch and deleted on dispose, with the process tree.
/// </remarks>
public sealed partial class ChromiumBrowser : IAsyncDisposable
{
    private readonly PeerProcess _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly ConcurrentQueue<string> _console = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiveLoop;
    private int _nextId;

    private ChromiumBrowser(PeerProcess process, string profile, ClientWebSocket socket)
    {
        _process = process;
        _profile = profile;
        _socket = socket;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>The page's console output and uncaught exceptions so far (for failure messages).</summary>
    public string ConsoleLog => string.Join('\n', _console);

    /// <summary>Chromium's own output so far.</summary>
    public string ProcessOutput => _process.Output;

    /// <summary>
    /// Starts Chromium and attaches to its first page. Skips the test when Chromium is missing or
    /// when not inside a loopback-only namespace.
    /// </summary>
    public static async Task<ChromiumBrowser> LaunchAsync(TimeSpan? timeout = null, IEnumerable<string>? extraFlags = null)
    {
        RealPeers.RequireLoopbackOnlyNamespace();
        string chromium = RealPeers.RequireProgram("chromium", "chromium");
        TimeSpan limit = timeout ?? TimeSpan.FromSeconds(30);
        string profile = TestFiles.CreateTempDirectory("chromium");
        string[] flags =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--allow-loopback-in-peer-connection", "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream", "--disable-features=WebRtcHideLocalIpsWithMdns",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
            $"--user-data-dir={profile}",
            .. extraFlags ?? [],
            "about:blank",
        ];
        PeerProcess process = PeerProcess.Start(chromium, flags);
        try
        {
            Match? listening = await process.WaitForLineAsync(@"DevTools listening on (ws://\S+)", limit).ConfigureAwait(false);
            if (listening is null)
            {
                throw new InvalidOperationException("Chromium did not start its DevTools endpoint:\n" + process.Output);
            }

            var browserUrl = new Uri(listening.Groups[1].Value);
            string pageSocketUrl = await FindPageSocketAsync(browserUrl, limit).ConfigureAwait(false);
            var socket = new ClientWebSocket();
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            using var connectTimeout = new CancellationTokenSource(limit);
            await socket.ConnectAsync(new Uri(pageSocketUrl), connectTimeout.Token).ConfigureAwait(false);
            var browser = new ChromiumBrowser(process, profile, socket);
            await browser.SendAsync("Runtime.enable", null, limit).ConfigureAwait(false);
            await browser.SendAsync("Page.enable", null, limit).ConfigureAwait(false);
            return browser;
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            TryDelete(profile);
            throw;
        }
    }

    /// <summary>Navigates the page and waits until the document has loaded.</summary>
    public async Task NavigateAsync(string url, TimeSpan? timeout = null)
    {
        TimeSpan limit = timeout ?? TimeSpan.FromSeconds(20);
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url }, limit).ConfigureAwait(false);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < limit)
        {
            string? state = await EvaluateAsync<string>("location.href + '|' + document.readyState", limit).ConfigureAwait(false);
            if (state is not null && state.StartsWith(url, StringComparison.Ordinal) && state.EndsWith("|complete", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(20).ConfigureAwait(false);
        }

        throw new TimeoutException($"The page {url} did not load in {limit}.");
    }

    /// <summary>
    /// Evaluates a JavaScript expression (awaiting a promise) and returns its JSON value as
    /// <typeparamref name="T"/>. Use an async IIFE for statements: <c>(async () => { ... })()</c>.
    /// </summary>
    public async Task<T?> EvaluateAsync<T>(string expression, TimeSpan? timeout = null)
    {
        JsonElement element = await EvaluateJsonAsync(expression, timeout).ConfigureAwait(false);
        return element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? default : element.Deserialize<T>();
    }

    /// <summary>Evaluates an expression (awaiting a promise) and returns its JSON value.</summary>
    public async Task<JsonElement> EvaluateJsonAsync(string expression, TimeSpan? timeout = null)
    {
        JsonElement result = await SendAsync(
            "Runtime.evaluate",
            new JsonObject
            {
                ["expression"] = expression,
                ["awaitPromise"] = true,
                ["returnByValue"] = true,
                ["userGesture"] = true,
            },
            timeout ?? TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        if (result.TryGetProperty("exceptionDetails", out JsonElement details))
        {
            string text = details.TryGetProperty("exception", out JsonElement exception) && exception.TryGetProperty("description", out JsonElement description)
                ? description.GetString() ?? details.ToString()
                : details.ToString();
            throw new BrowserScriptException(text + "\nconsole:\n" + ConsoleLog);
        }

        return result.TryGetProperty("result", out JsonElement remote) && remote.TryGetProperty("value", out JsonElement value)
            ? value.Clone()
            : default;
    }

    /// <summary>Sends one DevTools command and returns its result.</summary>
    public async Task<JsonElement> SendAsync(string method, JsonObject? parameters, TimeSpan timeout)
    {
        int id = Interlocked.Increment(ref _nextId);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = completion;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        byte[] bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        using var sendTimeout = new CancellationTokenSource(timeout);
        await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, sendTimeout.Token).ConfigureAwait(false);
        try
        {
            return await completion.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _pending.TryRemove(id, out _);
            throw new TimeoutException($"DevTools '{method}' got no answer in {timeout}.\nconsole:\n{ConsoleLog}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            _socket.Abort();
            await _receiveLoop.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // the socket is gone either way
        }

        _socket.Dispose();
        await _process.DisposeAsync().ConfigureAwait(false);
        TryDelete(_profile);
        _stop.Dispose();
    }

    private static async Task<string> FindPageSocketAsync(Uri browserUrl, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = timeout };
        var list = new Uri($"http://{browserUrl.Host}:{browserUrl.Port}/json/list");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            string json = await http.GetStringAsync(list).ConfigureAwait(false);
            foreach (JsonElement target in JsonDocument.Parse(json).RootElement.EnumerateArray())
            {
                if (target.GetProperty("type").GetString() == "page" && target.TryGetProperty("webSocketDebuggerUrl", out JsonElement url))
                {
                    return url.GetString()!;
                }
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        throw new TimeoutException("Chromium opened no page target.");
    }

    private async Task ReceiveLoopAsync()
    {
        byte[] buffer = new byte[1 << 16];
        var message = new MemoryStream();
        while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
        {
            WebSocketReceiveResult received;
            try
            {
                received = await _socket.ReceiveAsync(buffer, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception)
            {
                break;
            }

            if (received.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            message.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage)
            {
                continue;
            }

            using (JsonDocument document = JsonDocument.Parse(message.ToArray()))
            {
                Dispatch(document.RootElement);
            }

            message.SetLength(0);
        }

        foreach (TaskCompletionSource<JsonElement> pending in _pending.Values)
        {
            pending.TrySetException(new InvalidOperationException("The DevTools connection closed.\n" + _process.Output));
        }
    }

    private void Dispatch(JsonElement root)
    {
        if (root.TryGetProperty("id", out JsonElement idElement))
        {
            if (_pending.TryRemove(idElement.GetInt32(), out TaskCompletionSource<JsonElement>? completion))
            {
                if (root.TryGetProperty("error", out JsonElement error))
                {
                    completion.TrySetException(new BrowserScriptException(error.ToString()));
                }
                else
                {
                    completion.TrySetResult(root.TryGetProperty("result", out JsonElement result) ? result.Clone() : default);
                }
            }

            return;
        }

        string? method = root.TryGetProperty("method", out JsonElement m) ? m.GetString() : null;
        if (method == "Runtime.consoleAPICalled")
        {
            JsonElement p = root.GetProperty("params");
            var text = new StringBuilder(p.GetProperty("type").GetString()).Append(':');
            foreach (JsonElement arg in p.GetProperty("args").EnumerateArray())
            {
                text.Append(' ').Append(arg.TryGetProperty("value", out JsonElement v) ? v.ToString() : arg.GetProperty("type").GetString());
            }

            _console.Enqueue(text.ToString());
        }
        else if (method == "Runtime.exceptionThrown")
        {
            _console.Enqueue("exception: " + root.GetProperty("params").GetProperty("exceptionDetails").ToString());
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
