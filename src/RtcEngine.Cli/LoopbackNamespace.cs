using System.Diagnostics;

namespace RtcEngine.Cli;

/// <summary>
/// Keeps a browser on loopback: browsers use every interface they see, so headless Chromium only
/// runs inside a network namespace whose only interface is lo. A running process cannot move into
/// a new namespace, so the program runs itself again under <c>unshare --net</c>.
/// </summary>
internal static class LoopbackNamespace
{
    /// <summary>Whether this process's network namespace has only loopback interfaces.</summary>
    public static bool IsLoopbackOnly()
    {
        const string devices = "/proc/self/net/dev";
        if (!File.Exists(devices))
        {
            return false;
        }

        foreach (string line in File.ReadLines(devices).Skip(2))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            string name = colon < 0 ? line.Trim() : line[..colon].Trim();
            if (name is not ("lo" or "lo2" or "lo2p"))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Runs this program again inside a fresh loopback-only namespace and returns its exit code.</summary>
    public static async Task<int> RerunInsideAsync(string[] args, CancellationToken cancel)
    {
        string? unshare = Which("unshare");
        if (unshare is null || !OperatingSystem.IsLinux())
        {
            Console.Error.WriteLine("--headless needs 'unshare' (Debian: util-linux) to keep the browser on loopback; or run without --headless and open the page yourself.");
            return 1;
        }

        var info = new ProcessStartInfo(unshare) { UseShellExecute = false };
        info.ArgumentList.Add("--net");
        if (Environment.UserName != "root")
        {
            info.ArgumentList.Add("--map-root-user");
        }

        info.ArgumentList.Add("--");
        info.ArgumentList.Add("sh");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("ip link set lo up && exec \"$@\"");
        info.ArgumentList.Add("sh");
        info.ArgumentList.Add(Environment.ProcessPath!);
        string[] original = Environment.GetCommandLineArgs();
        bool viaDotnet = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet";
        if (viaDotnet && original.Length > 0 && original[0].EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            info.ArgumentList.Add(original[0]); // running as "dotnet rtcengine.dll", not through the app host
        }

        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.ArgumentList.Add("--in-namespace");
        using Process child = Process.Start(info)!;
        try
        {
            await child.WaitForExitAsync(cancel);
        }
        catch (OperationCanceledException)
        {
            // The child has the same deadline (--seconds) and gets the same Ctrl+C, a little later
            // than this process: let it stop by itself and print its summary; kill it only if it hangs.
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await child.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync(CancellationToken.None);
            }
        }

        if (child.ExitCode != 0 && !cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine($"the namespaced run exited with {child.ExitCode}; if 'unshare --net' is not permitted here, run as root or without --headless.");
        }

        return child.ExitCode;
    }

    public static string? Which(string name)
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Concat(["/usr/bin", "/usr/sbin", "/bin", "/sbin"]))
        {
            string candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>Headless Chromium on a page, with the flags that make loopback WebRTC work.</summary>
internal sealed class Chromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;

    private Chromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    public static Chromium? Launch(string url)
    {
        string? path = LoopbackNamespace.Which("chromium") ?? LoopbackNamespace.Which("chromium-browser") ?? LoopbackNamespace.Which("google-chrome");
        if (path is null)
        {
            Console.Error.WriteLine("headless mode needs Chromium (Debian: apt-get install chromium).");
            return null;
        }

        string profile = Path.Combine(Path.GetTempPath(), "rtcengine-echo-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var info = new ProcessStartInfo(path) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string flag in (string[])
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--allow-loopback-in-peer-connection", "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream", "--disable-features=WebRtcHideLocalIpsWithMdns",
            "--remote-debugging-port=0", $"--user-data-dir={profile}", url,
        ])
        {
            info.ArgumentList.Add(flag);
        }

        Process process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Console.WriteLine($"headless Chromium started on {url}");
        return new Chromium(process, profile);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
