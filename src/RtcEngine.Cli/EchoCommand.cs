using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using RtcEngine.Primitives;
using RtcEngine.Session;
using RtcEngine.Session.Driver;
using RtcEngine.Session.Echo;

namespace RtcEngine.Cli;

/// <summary>
/// The echo server: a page on 127.0.0.1 whose browser connection gets its own media back.
/// Signalling follows the webrtc-echoes convention: <c>POST /offer</c> with
/// <c>{"type":"offer","sdp":"..."}</c> (non-trickle, candidates included) returns the answer.
/// Trickle is accepted too: <c>POST /candidate?session=ID</c>, <c>GET /candidates?session=ID</c>.
/// </summary>
internal static class EchoCommand
{
    private sealed record EchoSession(string Id, RtcPeerConnection Peer, MediaEcho Echo, StreamReport Report);

    public static async Task<int> RunAsync(CliOptions options, string[] args, CancellationToken cancel)
    {
        if (options.Headless && !options.InNamespace && !LoopbackNamespace.IsLoopbackOnly())
        {
            return await LoopbackNamespace.RerunInsideAsync(args, cancel);
        }

        var anchor = WallClockAnchor.Capture(TimeProvider.System);
        await using UdpRtcHost host = UdpRtcHost.Start();
        var sessions = new ConcurrentDictionary<string, EchoSession>();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{options.Port}/");
        try
        {
            listener.Start();
        }
        catch (HttpListenerException ex)
        {
            Console.Error.WriteLine($"cannot listen on 127.0.0.1:{options.Port}: {ex.Message} (choose another with --port)");
            return 1;
        }

        string page = $"http://127.0.0.1:{options.Port}/";
        Console.WriteLine($"echo server on {page} (media on {host.LocalAddress}); open it in a browser{(options.Headless ? ", or wait for headless Chromium" : string.Empty)}");
        Task serve = ServeAsync(listener, host, sessions, anchor, cancel);
        await using Chromium? chromium = options.Headless ? Chromium.Launch(page + (options.Trickle ? "?autostart&trickle" : "?autostart")) : null;
        if (options.Headless && chromium is null)
        {
            return 1;
        }

        var watch = Stopwatch.StartNew();
        try
        {
            using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1));
            while (await tick.WaitForNextTickAsync(cancel))
            {
                foreach (EchoSession session in sessions.Values)
                {
                    await session.Peer.InvokeAsync(c => session.Report.Sample(c, null, anchor));
                    Console.WriteLine(session.Report.Line(watch.Elapsed.TotalSeconds) + $" | echoed {session.Echo.Echoed}");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        listener.Stop();
        await serve.ConfigureAwait(false);
        bool anyMedia = false;
        foreach (EchoSession session in sessions.Values)
        {
            Console.WriteLine("summary " + session.Report.Summary(watch.Elapsed.TotalSeconds) + $"; echoed {session.Echo.Echoed} packets, forwarded {session.Echo.KeyFrameRequestsForwarded} key-frame requests");
            anyMedia |= session.Echo.Echoed > 0;
            await session.Peer.DisposeAsync();
        }

        return !options.Headless || anyMedia ? 0 : 1;
    }

    private static async Task ServeAsync(HttpListener listener, UdpRtcHost host, ConcurrentDictionary<string, EchoSession> sessions, WallClockAnchor anchor, CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().WaitAsync(cancel);
            }
            catch (Exception) when (cancel.IsCancellationRequested || !listener.IsListening)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context, host, sessions, anchor), CancellationToken.None);
        }
    }

    private static async Task HandleAsync(HttpListenerContext context, UdpRtcHost host, ConcurrentDictionary<string, EchoSession> sessions, WallClockAnchor anchor)
    {
        HttpListenerRequest request = context.Request;
        HttpListenerResponse response = context.Response;
        try
        {
            string path = request.Url?.AbsolutePath ?? "/";
            string? id = request.QueryString["session"];
            switch (request.HttpMethod, path)
            {
                case ("GET", "/"):
                    await WriteAsync(response, 200, "text/html; charset=utf-8", Page());
                    break;
                case ("POST", "/offer"):
                {
                    var offer = await JsonSerializer.DeserializeAsync(request.InputStream, RtcSignalingJsonContext.Default.RtcSessionDescription);
                    if (offer is null || offer.Type != RtcSdpType.Offer)
                    {
                        await WriteAsync(response, 400, "text/plain", "expected {\"type\":\"offer\",\"sdp\":\"...\"}");
                        break;
                    }

                    RtcPeerConnection peer = host.CreateConnection(new RtcConfiguration { WallClock = anchor });
                    var echo = new MediaEcho(peer.Connection);
                    peer.EventRaised += (_, e) => echo.OnEvent(e);
                    string sessionId = Guid.NewGuid().ToString("N")[..12];
                    RtcSessionDescription answer;
                    try
                    {
                        answer = await peer.InvokeAsync(c =>
                        {
                            c.SetRemoteDescription(offer);
                            echo.Attach();
                            RtcSessionDescription description = c.CreateAnswer();
                            c.SetLocalDescription(description);
                            return description;
                        });
                    }
                    catch (RtcDescriptionException ex)
                    {
                        await peer.DisposeAsync();
                        await WriteAsync(response, 400, "text/plain", ex.Message);
                        break;
                    }

                    sessions[sessionId] = new EchoSession(sessionId, peer, echo, new StreamReport($"browser {sessionId}"));
                    peer.ConnectionStateChanged += (_, e) => Console.WriteLine($"session {sessionId}: {e.State}{(e.Reason != RtcFailureReason.None ? $" ({e.Reason}: {e.Detail})" : string.Empty)}");
                    response.AddHeader("X-Session", sessionId);
                    await WriteAsync(response, 200, "application/json", JsonSerializer.Serialize(answer, RtcSignalingJsonContext.Default.RtcSessionDescription));
                    break;
                }

                case ("POST", "/candidate") when id is not null && sessions.TryGetValue(id, out EchoSession? session):
                {
                    using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
                    using JsonDocument body = JsonDocument.Parse(await reader.ReadToEndAsync());
                    string? candidate = body.RootElement.TryGetProperty("candidate", out JsonElement c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                    bool added = await session.Peer.AddIceCandidateAsync(candidate);
                    Console.WriteLine($"session {session.Id}: trickled {(candidate is null ? "end of candidates" : "candidate " + candidate)}{(added ? string.Empty : " (not used)")}");
                    await WriteAsync(response, 204, "text/plain", string.Empty);
                    break;
                }

                case ("GET", "/candidates") when id is not null && sessions.ContainsKey(id):
                    // The engine's host candidates are all in its answer: nothing more to trickle.
                    await WriteAsync(response, 200, "application/json", "[{\"candidate\":null}]");
                    break;
                default:
                    await WriteAsync(response, 404, "text/plain", "not found");
                    break;
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException or HttpListenerException or InvalidOperationException)
        {
            try
            {
                await WriteAsync(response, 400, "text/plain", ex.Message);
            }
            catch (Exception inner) when (inner is IOException or HttpListenerException or InvalidOperationException)
            {
                // the client went away
            }
        }
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, string contentType, string body)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    private static string Page()
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("echo.html")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
