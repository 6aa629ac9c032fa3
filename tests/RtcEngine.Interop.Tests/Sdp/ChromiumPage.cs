using System.Collections.Concurrent;
using System.Net;
using System.Text;
using RtcEngine.Testing;

namespace RtcEngine.Interop.Tests.Sdp;

/// <summary>
/// Serves a page to headless Chromium on 127.0.0.1 and answers its requests: the page runs SDP
/// scenarios by itself (RTCPeerConnection without any network use beyond this server) and posts
/// each result. <c>POST /answer/&lt;name&gt;</c> and <c>GET /offer/&lt;name&gt;</c> call back into the test.
/// </summary>
internal sealed class ChromiumPage : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _html;
    private readonly Func<string, string, string> _answer;
    private readonly Func<string, IReadOnlyDictionary<string, string>, string> _offer;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _loop;

    public ChromiumPage(string script, Func<string, string, string> answer, Func<string, IReadOnlyDictionary<string, string>, string> offer)
    {
        Port = RealPeers.FreeTcpPort();
        _html = "<!doctype html><html><body><script>\n" + script + "\n</script></body></html>";
        _answer = answer;
        _offer = offer;
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/";

    /// <summary>The JSON each scenario posted, by scenario name.</summary>
    public ConcurrentDictionary<string, string> Results { get; } = new();

    /// <summary>Errors thrown by the test's callbacks (reported to the page as HTTP 500).</summary>
    public ConcurrentQueue<string> ServerErrors { get; } = new();

    public Task Done => _done.Task;

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or TimeoutException)
        {
            // stopping
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            string path = context.Request.Url!.AbsolutePath;
            string body;
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync().ConfigureAwait(false);
            }

            int status = 200;
            string reply = string.Empty;
            string type = "text/plain";
            try
            {
                if (path == "/")
                {
                    reply = _html;
                    type = "text/html";
                }
                else if (path.StartsWith("/answer/", StringComparison.Ordinal))
                {
                    reply = _answer(path["/answer/".Length..], body);
                }
                else if (path.StartsWith("/offer/", StringComparison.Ordinal))
                {
                    reply = _offer(path["/offer/".Length..], Results);
                }
                else if (path.StartsWith("/result/", StringComparison.Ordinal))
                {
                    Results[path["/result/".Length..]] = body;
                }
                else if (path == "/done")
                {
                    _done.TrySetResult();
                }
                else
                {
                    status = 404;
                }
            }
            catch (Exception e)
            {
                ServerErrors.Enqueue(path + ": " + e);
                status = 500;
                reply = e.Message;
            }

            byte[] bytes = Encoding.UTF8.GetBytes(reply);
            context.Response.StatusCode = status;
            context.Response.ContentType = type;
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
            context.Response.Close();
        }
    }
}
