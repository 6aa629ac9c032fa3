using System.Globalization;

namespace RtcEngine.Cli;

/// <summary>The command line, parsed.</summary>
internal sealed class CliOptions
{
    public const string Usage = """
        usage: rtcengine [loopback] [--seconds N] [--loss P]
               rtcengine echo [--port N] [--headless [--trickle]] [--seconds N]

          loopback   two engine connections in this process negotiate over 127.0.0.1 and send
                     synthetic audio (Opus-shaped, 50 packets/s) and video (VP8-shaped, 1280x720,
                     30 fps) both ways; a line per second per direction, a summary at the end.
                     --loss P drops a fraction P (0..1) of the datagrams each side sends.
          echo       serves a page on http://127.0.0.1:PORT/ (default 8080); a browser that opens it
                     sends its camera and microphone and gets them echoed back (POST /offer with
                     {"type":"offer","sdp":...} returns the answer, the webrtc-echoes convention).
                     --headless starts headless Chromium on the page, inside a loopback-only
                     network namespace (the program re-runs itself under 'unshare --net');
                     --trickle makes that page trickle its candidates instead of waiting.
          --seconds N  stop after N seconds (otherwise Ctrl+C)
        """;

    public string Command { get; private set; } = "loopback";

    public double? Seconds { get; private set; }

    public double Loss { get; private set; }

    public int Port { get; private set; } = 8080;

    public bool Headless { get; private set; }

    public bool InNamespace { get; private set; }

    public bool Help { get; private set; }

    /// <summary>The headless page trickles its candidates (<c>?trickle</c> on its address).</summary>
    public bool Trickle { get; private set; }

    public string? Error { get; private set; }

    public static CliOptions Parse(string[] args)
    {
        var options = new CliOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            switch (arg)
            {
                case "loopback" or "echo" when i == 0:
                    options.Command = arg;
                    break;
                case "--seconds":
                    options.Seconds = Number(args, ref i, options);
                    break;
                case "--loss":
                    options.Loss = Number(args, ref i, options) ?? 0;
                    if (options.Loss is < 0 or > 1)
                    {
                        options.Error = "--loss takes a fraction between 0 and 1.";
                    }

                    break;
                case "--port":
                    options.Port = (int)(Number(args, ref i, options) ?? 8080);
                    break;
                case "--headless":
                    options.Headless = true;
                    break;
                case "--trickle":
                    options.Trickle = true;
                    break;
                case "--in-namespace":
                    options.InNamespace = true;
                    break;
                case "-h" or "--help":
                    options.Help = true;
                    break;
                default:
                    options.Error = $"unknown argument '{arg}'";
                    break;
            }
        }

        return options;
    }

    private static double? Number(string[] args, ref int i, CliOptions options)
    {
        if (i + 1 < args.Length && double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            i++;
            return value;
        }

        options.Error = $"{args[i]} needs a number";
        return null;
    }
}
