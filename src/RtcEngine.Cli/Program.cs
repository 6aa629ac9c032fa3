using RtcEngine.Cli;

// rtcengine: the engine's main job. "loopback" (the default) runs two engine connections against
// each other over 127.0.0.1; "echo" serves a page whose browser connection is echoed back.
var options = CliOptions.Parse(args);
if (options.Help || options.Error is not null)
{
    if (options.Error is not null)
    {
        Console.Error.WriteLine(options.Error);
    }

    Console.WriteLine(CliOptions.Usage);
    return options.Error is null ? 0 : 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
if (options.Seconds is { } seconds)
{
    cancel.CancelAfter(TimeSpan.FromSeconds(seconds));
}

try
{
    return options.Command switch
    {
        "echo" => await EchoCommand.RunAsync(options, args, cancel.Token),
        _ => await LoopbackCommand.RunAsync(options, cancel.Token),
    };
}
catch (OperationCanceledException)
{
    return 0;
}
