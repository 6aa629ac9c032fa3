using System.Net;
using System.Text;

namespace RtcEngine.Testing.Browser;

/// <summary>
/// A small HTTP server on 127.0.0.1 (a free port) for browser tests: it serves the page the browser
/// runs in (a secure context, as http://127.0.0.1 is) and any signalling routes a test adds.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, Func<HttpListenerRequest, Task<(int Status, string ContentType, string Body)>>> _routes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LoopbackHttpServer()
    {
        for (int attempt = 0; ; attempt++)
        {
            Port = RealPeers.FreeTcpPort();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                // the port was taken between the probe and the bind: try another
            }
        }

        Map("/", _ => Task.FromResult((200, "text/html; charset=utf-8", BlankPage)));
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The page served at "/": empty, for scripts evaluated over the DevTools protocol.</summary>
    public const string BlankPage = "<!doctype html><html><head><meta charset=\"utf-8\"><title>rtcengine test</title></head><body></body></html>";

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}/";

    /// <summary>Serves <paramref name="path"/> with <paramref name="handler"/> (any method).</summary>
    public void Map(string path, Func<HttpListenerRequest, Task<(int Status, string ContentType, string Body)>> handler)
    {
        lock (_routes)
        {
            _routes[path] = handler;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        Func<HttpListenerRequest, Task<(int, string, string)>>? handler;
        lock (_routes)
        {
            _routes.TryGetValue(context.Request.Url?.AbsolutePath ?? "/", out handler);
        }

        try
        {
            (int status, string type, string body) = handler is null
                ? (404, "text/plain", "not found")
                : await handler(context.Request).ConfigureAwait(false);
            byte[] bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = status;
            context.Response.ContentType = type;
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            try
            {
                context.Response.StatusCode = 500;
                byte[] bytes = Encoding.UTF8.GetBytes(ex.ToString());
                await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // the client went away
            }
        }
        finally
        {
            context.Response.Close();
        }
    }
}
