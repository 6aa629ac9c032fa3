using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace RtcEngine.Benchmarks;

/// <summary>
/// Runs the benchmarks: <c>dotnet run -c Release --project bench/RtcEngine.Benchmarks -- --filter '*'</c>.
/// Benchmarks run in-process (no child project is generated), always with the memory diagnoser.
/// <c>--quick</c> selects a short job (fewer iterations) for smoke runs. <c>udp-throughput</c> runs the
/// driver's loopback throughput command instead (see <c>Driver/UdpThroughputCommand.cs</c>), and
/// <c>media-throughput</c> the full media path between two connections (<c>Session/MediaThroughputCommand.cs</c>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "udp-throughput")
        {
            return Driver.UdpThroughputCommand.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "media-throughput")
        {
            return Session.MediaThroughputCommand.Run(args[1..]);
        }

        bool quick = args.Contains("--quick");
        args = args.Where(a => a != "--quick").ToArray();

        Job job = (quick ? Job.ShortRun : Job.Default)
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithId(quick ? "quick" : "default");
        IConfig config = DefaultConfig.Instance
            .AddJob(job.AsDefault())
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Median)
            .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile)
            .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return 0;
    }
}
