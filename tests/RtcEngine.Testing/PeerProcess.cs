using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace RtcEngine.Testing;

/// <summary>
/// A real peer program (openssl, turnserver, chromium) started by a test: its output is collected
/// line by line, a test can wait for a line, write to its standard input, and the whole process
/// tree is killed on dispose.
/// </summary>
public sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();
    private readonly List<string> _lines = [];

    private PeerProcess(Process process) => _process = process;

    /// <summary>Everything the process printed so far (stdout and stderr interleaved).</summary>
    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The process's standard input.</summary>
    public StreamWriter StandardInput => _process.StandardInput;

    /// <summary>Starts <paramref name="fileName"/> with arguments; stdin stays open until dispose.</summary>
    public static PeerProcess Start(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach ((string key, string value) in environment)
            {
                info.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var peer = new PeerProcess(process);
        process.OutputDataReceived += (_, e) => peer.Append(e.Data);
        process.ErrorDataReceived += (_, e) => peer.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>Waits (wall clock, bounded) until a line matches <paramref name="pattern"/>; returns the match or null.</summary>
    public async Task<Match?> WaitForLineAsync(string pattern, TimeSpan timeout)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant);
        var watch = Stopwatch.StartNew();
        int checkedLines = 0;
        while (watch.Elapsed < timeout)
        {
            lock (_lock)
            {
                for (; checkedLines < _lines.Count; checkedLines++)
                {
                    Match match = regex.Match(_lines[checkedLines]);
                    if (match.Success)
                    {
                        return match;
                    }
                }
            }

            if (_process.HasExited)
            {
                await Task.Delay(50).ConfigureAwait(false); // let the last output arrive
                lock (_lock)
                {
                    for (; checkedLines < _lines.Count; checkedLines++)
                    {
                        Match match = regex.Match(_lines[checkedLines]);
                        if (match.Success)
                        {
                            return match;
                        }
                    }
                }

                return null;
            }

            await Task.Delay(10).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>Kills the process tree and waits for it to go.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        catch (TimeoutException)
        {
            // leave it to the namespace teardown
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _lines.Add(line);
            _output.AppendLine(line);
        }
    }
}
