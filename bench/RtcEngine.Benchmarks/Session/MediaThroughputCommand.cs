using System.Diagnostics;
using System.Globalization;
using RtcEngine.Dtls;
using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Sdp;
using RtcEngine.Session;
using RtcEngine.Session.Driver;
using RtcEngine.Session.Driver.Udp;

namespace RtcEngine.Benchmarks.Session;

/// <summary>
/// Issue 10's media-path figure: two engine connections in this process over UDP loopback, one
/// sending RTP with 1200-byte payloads unpaced from an application thread
/// (<see cref="RtcPeerConnection.SendRtp"/>), through protect, send, receive, unprotect and the RTP
/// statistics to a counting sink. Reports received packets per CPU-second of the whole process
/// (user + system) and bytes allocated per packet on all threads.
/// The sender is not paced by a clock; it keeps at most <c>--window</c> packets in flight (sent and
/// not yet received), as a sender with feedback would, so that CPU is not spent on datagrams the
/// receiver's socket buffer would drop (<c>--window 0</c>: no bound at all).
/// <code>media-throughput [--seconds N] [--warmup N] [--window N] [--profile gcm|gcm256|cm80] [--portable] [--no-gso] [--no-gro]</code>
/// </summary>
public static class MediaThroughputCommand
{
    private sealed class CountingSink : IRtpPacketSink
    {
        private long _count;

        public long Count => Volatile.Read(ref _count);

        public void OnRtpPacket(RtcRtpTransceiver transceiver, in RtpPacketReader packet, MonoTime now) => _count++;
    }

    public static int Run(string[] args)
    {
        double seconds = Option(args, "--seconds", 5);
        double warmup = Option(args, "--warmup", 1);
        string profileName = args.SkipWhile(a => a != "--profile").Skip(1).FirstOrDefault() ?? "gcm";
        SrtpProtectionProfile profile = profileName switch
        {
            "cm80" => SrtpProtectionProfile.Aes128CmHmacSha1_80,
            "gcm256" => SrtpProtectionProfile.AeadAes256Gcm,
            _ => SrtpProtectionProfile.AeadAes128Gcm,
        };
        var socketOptions = new UdpBatchSocketOptions
        {
            ForcePortable = args.Contains("--portable"),
            EnableGso = !args.Contains("--no-gso"),
            EnableGro = !args.Contains("--no-gro"),
        };
        int window = (int)Option(args, "--window", 1024);
        return RunAsync(seconds, warmup, window, profile, socketOptions).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(double seconds, double warmup, int window, SrtpProtectionProfile profile, UdpBatchSocketOptions socketOptions)
    {
        var configuration = new RtcConfiguration { SrtpProfiles = [profile] };
        var hostOptions = new UdpRtcHostOptions { SocketOptions = socketOptions };
        await using UdpRtcHost hostA = UdpRtcHost.Start(hostOptions);
        await using UdpRtcHost hostB = UdpRtcHost.Start(hostOptions);
        await using RtcPeerConnection a = hostA.CreateConnection(configuration);
        await using RtcPeerConnection b = hostB.CreateConnection(configuration);

        RtcRtpTransceiver sender = await a.AddTransceiverAsync(RtcMediaKind.Video, new RtcTransceiverInit { Direction = SdpDirection.SendOnly });
        RtcSessionDescription offer = await a.CreateOfferAsync();
        await a.SetLocalDescriptionAsync(offer);
        await b.SetRemoteDescriptionAsync(offer);
        RtcSessionDescription answer = await b.CreateAnswerAsync();
        await b.SetLocalDescriptionAsync(answer);
        await a.SetRemoteDescriptionAsync(answer);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            await Task.WhenAll(
                a.WaitForConnectionStateAsync(RtcPeerConnectionState.Connected, timeout.Token),
                b.WaitForConnectionStateAsync(RtcPeerConnectionState.Connected, timeout.Token));
        }

        var sink = new CountingSink();
        await b.InvokeAsync(c =>
        {
            RtcRtpTransceiver receiver = c.Transceivers[0];
            receiver.Receiver.Sink = sink;
            receiver.Receiver.TrackFrames = false; // packets, protect/unprotect and RTP statistics; no frame assembly
        });

        // The application thread sends unpaced; when the host's ring is full it yields to the loop.
        using var stop = new CancellationTokenSource();
        long sent = 0;
        var sendThread = new Thread(() =>
        {
            byte[] payload = new byte[1200];
            uint timestamp = 0;
            while (!stop.IsCancellationRequested)
            {
                if (window > 0 && sent - sink.Count >= window)
                {
                    Thread.Yield();
                    continue;
                }

                if (a.SendRtp(sender, payload, timestamp, marker: true))
                {
                    sent++;
                    timestamp += 3000;
                }
                else
                {
                    Thread.Yield();
                }
            }
        })
        { IsBackground = true, Name = "media-throughput sender" };
        sendThread.Start();

        Thread.Sleep(TimeSpan.FromSeconds(warmup));
        long receivedBefore = sink.Count;
        long sentBefore = Interlocked.Read(ref sent);
        Environment.ProcessCpuUsage cpuBefore = Environment.CpuUsage;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long wallBefore = Stopwatch.GetTimestamp();
        Thread.Sleep(TimeSpan.FromSeconds(seconds));
        long allocatedAfter = GC.GetTotalAllocatedBytes(precise: true);
        Environment.ProcessCpuUsage cpuAfter = Environment.CpuUsage;
        long receivedAfter = sink.Count;
        long sentAfter = Interlocked.Read(ref sent);
        TimeSpan wall = Stopwatch.GetElapsedTime(wallBefore);
        await stop.CancelAsync();
        sendThread.Join();

        long received = receivedAfter - receivedBefore;
        long sentInWindow = sentAfter - sentBefore;
        double cpu = (cpuAfter.TotalTime - cpuBefore.TotalTime).TotalSeconds;
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"profile {profile}, window {(window > 0 ? window.ToString(c) : "unbounded")}, socket: fast path {hostA.IsLinuxFastPath}, GSO {socketOptions.EnableGso && !socketOptions.ForcePortable}, GRO {socketOptions.EnableGro && !socketOptions.ForcePortable}"));
        Console.WriteLine(string.Create(c, $"window {wall.TotalSeconds:0.00} s: sent {sentInWindow:N0}, received {received:N0} ({(sentInWindow == 0 ? 0 : 100.0 * (sentInWindow - received) / sentInWindow):0.0}% not received)"));
        Console.WriteLine(string.Create(c, $"process CPU {cpu:0.000} s (user {(cpuAfter.UserTime - cpuBefore.UserTime).TotalSeconds:0.000}, system {(cpuAfter.PrivilegedTime - cpuBefore.PrivilegedTime).TotalSeconds:0.000}) on {Environment.ProcessorCount} cores"));
        Console.WriteLine(string.Create(c, $"received packets per CPU-second: {received / cpu:N0}; per wall-second: {received / wall.TotalSeconds:N0}"));
        Console.WriteLine(string.Create(c, $"allocated: {allocatedAfter - allocatedBefore:N0} bytes on all threads, {(received == 0 ? 0 : (double)(allocatedAfter - allocatedBefore) / received):0.000} bytes per packet"));
        return received > 0 ? 0 : 1;
    }

    private static double Option(string[] args, string name, double fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : fallback;
    }
}
