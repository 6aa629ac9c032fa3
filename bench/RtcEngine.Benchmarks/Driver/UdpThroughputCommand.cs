using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using RtcEngine.Primitives;
using RtcEngine.Session.Driver.Udp;

namespace RtcEngine.Benchmarks.Driver;

/// <summary>
/// <c>udp-throughput</c>: one sender thread sends 1232-byte datagrams (1200-byte payload, RTP header,
/// SRTP tag) unpaced over loopback to a receiver thread in the same process; prints received packets
/// per CPU-second of the whole process (user + system), loss, and bytes allocated per packet.
/// Not a BenchmarkDotNet suite: the figure is a rate over seconds of real traffic.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project bench/RtcEngine.Benchmarks -- udp-throughput [--seconds 5]
/// [--warmup 1] [--portable] [--no-gso] [--no-gro] [--batch 32] [--size 1232] [--ipv6]
/// [--async-baseline] [--all]</c>. <c>--all</c> runs every mode in turn and prints a Markdown table.
/// </remarks>
internal static class UdpThroughputCommand
{
    public static int Run(string[] args)
    {
        var settings = Settings.Parse(args);
        Console.WriteLine(
            $"udp-throughput: {settings.Size}-byte datagrams, {settings.Seconds:0.#} s measured after {settings.Warmup:0.#} s warm-up, " +
            $"batch {settings.Batch}, {(settings.IPv6 ? "::1" : "127.0.0.1")}, {Environment.ProcessorCount} CPUs, .NET {Environment.Version}");
        Console.WriteLine();
        Console.WriteLine("| Mode | Received | Sent | Loss | Wall s | CPU s | Received / CPU-s | Allocated B / packet | Allocated B | Notes |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");

        IEnumerable<Mode> modes = settings.All
            ? [Mode.AsyncBaseline, Mode.Portable, Mode.Batched, Mode.BatchedGso, Mode.BatchedGsoGro]
            : [settings.SingleMode];
        foreach (Mode mode in modes)
        {
            Result result = mode == Mode.AsyncBaseline ? RunAsyncBaseline(settings) : RunBatched(settings, mode);
            Console.WriteLine(result.ToMarkdownRow());
        }

        return 0;
    }

    private static Result RunBatched(Settings settings, Mode mode)
    {
        var options = new UdpBatchSocketOptions
        {
            BatchSize = settings.Batch,
            ForcePortable = mode == Mode.Portable,
            EnableGso = mode is Mode.BatchedGso or Mode.BatchedGsoGro,
            EnableGro = mode == Mode.BatchedGsoGro,
        };
        PeerAddress loopback = PeerAddress.Parse(settings.IPv6 ? "[::1]:0" : "127.0.0.1:0");
        using UdpBatchSocket receiver = UdpBatchSocket.Bind(loopback, options);
        using UdpBatchSocket sender = UdpBatchSocket.Bind(loopback, options);
        PeerAddress destination = receiver.LocalAddress;
        long received = 0;
        bool stop = false;

        var receiveThread = new Thread(() =>
        {
            UdpReceiveBatch batch = receiver.CreateReceiveBatch();
            while (!Volatile.Read(ref stop))
            {
                int n = receiver.Receive(batch, TimeSpan.FromMilliseconds(50));
                Volatile.Write(ref received, received + n);
            }
        }) { Name = "udp-throughput receiver", IsBackground = true };

        var sendThread = new Thread(() =>
        {
            ulong sequence = 0;
            while (!Volatile.Read(ref stop))
            {
                while (sender.TryGetSendBuffer(out Span<byte> buffer))
                {
                    Span<byte> datagram = buffer[..settings.Size];
                    datagram.Clear();
                    datagram[0] = 0x80; // RTP version 2
                    BinaryPrimitives.WriteUInt64BigEndian(datagram[4..], sequence++);
                    sender.CommitSend(settings.Size, destination);
                }

                sender.Flush();
            }
        }) { Name = "udp-throughput sender", IsBackground = true };

        receiveThread.Start();
        sendThread.Start();
        Result result = Measure(
            settings,
            Describe(mode, sender, receiver),
            () => Volatile.Read(ref received),
            () => sender.Counters.DatagramsSent);
        Volatile.Write(ref stop, true);
        sendThread.Join();
        receiver.Wake();
        receiveThread.Join();
        UdpSocketCounters s = sender.Counters;
        UdpSocketCounters r = receiver.Counters;
        return result with
        {
            Notes = result.Notes + string.Create(
                CultureInfo.InvariantCulture,
                $"; {(double)s.DatagramsSent / Math.Max(1, s.SendCalls):0.#} datagrams per send call, {(double)r.DatagramsReceived / Math.Max(1, r.ReceiveCalls):0.#} per receive call"),
        };
    }

    private static string Describe(Mode mode, UdpBatchSocket sender, UdpBatchSocket receiver) => mode switch
    {
        Mode.Portable => "Socket.SendTo/ReceiveFrom (sync, portable path)",
        _ => $"sendmmsg/recvmmsg{(sender.GsoActive ? " + GSO" : string.Empty)}{(receiver.GroActive ? " + GRO" : string.Empty)}"
             + (sender.IsLinuxFastPath ? string.Empty : " (unavailable: portable)"),
    };

    /// <summary>The baseline the issue names: plain async loops over the allocation-free overloads.</summary>
    private static Result RunAsyncBaseline(Settings settings)
    {
        IPAddress address = settings.IPv6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        using var receiver = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        using var sender = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        receiver.ReceiveBufferSize = 4 * 1024 * 1024;
        sender.SendBufferSize = 4 * 1024 * 1024;
        receiver.Bind(new IPEndPoint(address, 0));
        sender.Bind(new IPEndPoint(address, 0));
        SocketAddress destination = receiver.LocalEndPoint!.Serialize();
        using var cancel = new CancellationTokenSource();
        long received = 0;
        long sent = 0;

        Task receiving = Task.Run(async () =>
        {
            Memory<byte> buffer = GC.AllocateArray<byte>(DatagramLimits.ReceiveBufferSize, pinned: true);
            var from = new SocketAddress(address.AddressFamily);
            try
            {
                while (true)
                {
                    await receiver.ReceiveFromAsync(buffer, SocketFlags.None, from, cancel.Token);
                    Volatile.Write(ref received, received + 1);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        Task sending = Task.Run(async () =>
        {
            Memory<byte> datagram = GC.AllocateArray<byte>(settings.Size, pinned: true);
            datagram.Span[0] = 0x80;
            ulong sequence = 0;
            while (!cancel.IsCancellationRequested)
            {
                BinaryPrimitives.WriteUInt64BigEndian(datagram.Span[4..], sequence++);
                await sender.SendToAsync(datagram, SocketFlags.None, destination);
                Volatile.Write(ref sent, sent + 1);
            }
        });

        Result result = Measure(settings, "ReceiveFromAsync/SendToAsync (baseline)", () => Volatile.Read(ref received), () => Volatile.Read(ref sent));
        cancel.Cancel();
        sending.Wait();
        receiving.Wait();
        return result;
    }

    private static Result Measure(Settings settings, string mode, Func<long> received, Func<long> sent)
    {
        Thread.Sleep(TimeSpan.FromSeconds(settings.Warmup));
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long receivedBefore = received();
        long sentBefore = sent();
        long start = Stopwatch.GetTimestamp();

        Thread.Sleep(TimeSpan.FromSeconds(settings.Seconds));

        long receivedAfter = received();
        long sentAfter = sent();
        TimeSpan wall = Stopwatch.GetElapsedTime(start);
        process.Refresh();
        TimeSpan cpu = process.TotalProcessorTime - cpuBefore;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return new Result(mode, receivedAfter - receivedBefore, sentAfter - sentBefore, wall, cpu, allocated, string.Empty);
    }

    private enum Mode
    {
        AsyncBaseline,
        Portable,
        Batched,
        BatchedGso,
        BatchedGsoGro,
    }

    private sealed record Result(string Mode, long Received, long Sent, TimeSpan Wall, TimeSpan Cpu, long Allocated, string Notes)
    {
        public string ToMarkdownRow()
        {
            double loss = Sent == 0 ? 0 : Math.Max(0, (double)(Sent - Received) / Sent);
            return string.Create(
                CultureInfo.InvariantCulture,
                $"| {Mode} | {Received:N0} | {Sent:N0} | {loss:P1} | {Wall.TotalSeconds:0.00} | {Cpu.TotalSeconds:0.00} | " +
                $"{Received / Math.Max(1e-9, Cpu.TotalSeconds):N0} | {(double)Allocated / Math.Max(1, Received):0.###} | {Allocated:N0} | {Notes.TrimStart(';', ' ')} |");
        }
    }

    private sealed record Settings(double Seconds, double Warmup, int Batch, int Size, bool IPv6, bool All, Mode SingleMode)
    {
        public static Settings Parse(string[] args)
        {
            double seconds = 5;
            double warmup = 1;
            int batch = 32;
            int size = 1232;
            bool ipv6 = false;
            bool all = false;
            bool portable = false;
            bool gso = true;
            bool gro = true;
            bool baseline = false;
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--seconds": seconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--warmup": warmup = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--batch": batch = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--size": size = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--ipv6": ipv6 = true; break;
                    case "--all": all = true; break;
                    case "--portable": portable = true; break;
                    case "--no-gso": gso = false; break;
                    case "--no-gro": gro = false; break;
                    case "--async-baseline": baseline = true; break;
                    default: throw new ArgumentException($"udp-throughput: unknown option '{args[i]}'.");
                }
            }

            Mode mode = baseline ? Mode.AsyncBaseline
                : portable ? Mode.Portable
                : !gso ? Mode.Batched
                : !gro ? Mode.BatchedGso
                : Mode.BatchedGsoGro;
            return new Settings(seconds, warmup, batch, size, ipv6, all, mode);
        }
    }
}
