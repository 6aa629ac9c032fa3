using System.Diagnostics;
using RtcEngine.Primitives;
using RtcEngine.Session;
using RtcEngine.Session.Driver;
using RtcEngine.Session.Synthetic;

namespace RtcEngine.Cli;

/// <summary>
/// Two engine connections in one process, each on its own UDP host on 127.0.0.1, negotiate (A
/// offers, B answers) and send synthetic audio and video both ways, printing a line per second
/// per direction and a summary.
/// </summary>
internal static class LoopbackCommand
{
    public static async Task<int> RunAsync(CliOptions options, CancellationToken cancel)
    {
        var anchor = WallClockAnchor.Capture(TimeProvider.System);
        var configuration = new RtcConfiguration { WallClock = anchor };
        var hostOptions = new UdpRtcHostOptions { SimulatedLoss = options.Loss };
        await using UdpRtcHost hostA = UdpRtcHost.Start(hostOptions);
        await using UdpRtcHost hostB = UdpRtcHost.Start(hostOptions);
        await using RtcPeerConnection a = hostA.CreateConnection(configuration);
        await using RtcPeerConnection b = hostB.CreateConnection(configuration);
        Console.WriteLine($"A on {hostA.LocalAddress}, B on {hostB.LocalAddress}{(options.Loss > 0 ? $", each dropping {options.Loss:P0} of what it sends" : string.Empty)}; fast path: {hostA.IsLinuxFastPath}");

        var watch = Stopwatch.StartNew();
        RtcRtpTransceiver[] sendersA = await a.InvokeAsync(c => new[] { c.AddTransceiver(RtcMediaKind.Audio), c.AddTransceiver(RtcMediaKind.Video) });
        RtcSessionDescription offer = await a.CreateOfferAsync();
        await a.SetLocalDescriptionAsync(offer);
        RtcSessionDescription answer = await b.InvokeAsync(c =>
        {
            c.SetRemoteDescription(offer);
            foreach (RtcRtpTransceiver transceiver in c.Transceivers)
            {
                transceiver.Direction = Sdp.SdpDirection.SendRecv;
            }

            RtcSessionDescription description = c.CreateAnswer();
            c.SetLocalDescription(description);
            return description;
        });
        await a.SetRemoteDescriptionAsync(answer);
        RtcRtpTransceiver[] sendersB = await b.InvokeAsync(c => c.Transceivers.ToArray());
        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        connectTimeout.CancelAfter(TimeSpan.FromSeconds(20));
        await Task.WhenAll(
            a.WaitForConnectionStateAsync(RtcPeerConnectionState.Connected, connectTimeout.Token),
            b.WaitForConnectionStateAsync(RtcPeerConnectionState.Connected, connectTimeout.Token));
        Console.WriteLine($"connected in {watch.Elapsed.TotalMilliseconds:0} ms (ICE, DTLS 1.2, SRTP {await a.InvokeAsync(c => c.SrtpProfile)})");

        using var media = new CancellationTokenSource();
        Task sendA = SendMediaAsync(a, sendersA, 1, media.Token);
        Task sendB = SendMediaAsync(b, sendersB, 2, media.Token);
        var reportAtB = new StreamReport("A->B");
        var reportAtA = new StreamReport("B->A");
        watch.Restart();
        try
        {
            using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1));
            while (await tick.WaitForNextTickAsync(cancel))
            {
                await b.InvokeAsync(c => reportAtB.Sample(c, a.Connection, anchor));
                await a.InvokeAsync(c => reportAtA.Sample(c, b.Connection, anchor));
                Console.WriteLine(reportAtB.Line(watch.Elapsed.TotalSeconds));
                Console.WriteLine(reportAtA.Line(watch.Elapsed.TotalSeconds));
            }
        }
        catch (OperationCanceledException)
        {
        }

        await media.CancelAsync();
        await Task.WhenAll(sendA, sendB);
        double seconds = watch.Elapsed.TotalSeconds;
        await b.InvokeAsync(c => reportAtB.Sample(c, a.Connection, anchor));
        await a.InvokeAsync(c => reportAtA.Sample(c, b.Connection, anchor));
        Console.WriteLine($"summary after {seconds:0.0} s:");
        Console.WriteLine("  " + reportAtB.Summary(seconds));
        Console.WriteLine("  " + reportAtA.Summary(seconds));
        if (options.Loss > 0)
        {
            Console.WriteLine($"  datagrams dropped on purpose: A {hostA.SimulatedDrops}, B {hostB.SimulatedDrops}");
        }

        return reportAtB.Video.FramesReceived > 0 && reportAtA.Video.FramesReceived > 0 ? 0 : 1;
    }

    // 50 audio packets and 30 video frames a second, timed by the wall clock (this is the driver side).
    private static async Task SendMediaAsync(RtcPeerConnection peer, RtcRtpTransceiver[] transceivers, ulong seed, CancellationToken cancel)
    {
        RtcRtpTransceiver audio = transceivers.First(t => t.Kind == RtcMediaKind.Audio);
        RtcRtpTransceiver video = transceivers.First(t => t.Kind == RtcMediaKind.Video);
        var source = new SyntheticMedia(CryptoRandomSource.Shared, 1280, 720, framesPerSecond: 30, keyFrameInterval: 300);
        peer.KeyFrameRequested += (_, _) => source.RequestKeyFrame();
        byte[] frame = new byte[64 * 1024];
        byte[] packet = new byte[256];
        uint videoTimestamp = (uint)seed * 1000, audioTimestamp = (uint)seed * 2000;
        var start = Stopwatch.StartNew();
        long videoFrames = 0, audioPackets = 0;
        try
        {
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
            while (await tick.WaitForNextTickAsync(cancel))
            {
                double elapsed = start.Elapsed.TotalSeconds;
                while (videoFrames < elapsed * 30)
                {
                    int length = source.NextVideoFrame(frame, keyFrameSize: 30_000, deltaFrameSize: 4_000);
                    byte[] copy = frame[..length];
                    uint timestamp = videoTimestamp;
                    await peer.InvokeAsync(c => c.SendFrame(video, copy, timestamp));
                    videoTimestamp += source.VideoTimestampStep;
                    videoFrames++;
                }

                while (audioPackets < elapsed * 50)
                {
                    int length = source.NextAudioPacket(packet);
                    peer.SendRtp(audio, packet.AsSpan(0, length), audioTimestamp, marker: false);
                    audioTimestamp += SyntheticMedia.AudioTimestampStep;
                    audioPackets++;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
