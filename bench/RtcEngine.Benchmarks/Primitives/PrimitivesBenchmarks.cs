using System.Net;
using BenchmarkDotNet.Attributes;
using RtcEngine.Primitives;

namespace RtcEngine.Benchmarks.Primitives;

/// <summary>Time conversions, RFC 7983 demultiplexing and address conversion: per-packet costs.</summary>
public class PrimitivesBenchmarks
{
    private readonly WallClockAnchor _anchor = new(MonoTime.FromMilliseconds(1000), new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));
    private readonly byte[][] _datagrams =
    [
        [0x00, 0x01, 0x00, 0x00],     // STUN
        [0x16, 0xFE, 0xFD],           // DTLS
        [0x80, 0x6F, 0x00, 0x01],     // RTP (Opus)
        [0x81, 0xC8, 0x00, 0x06],     // RTCP SR
        [0x40, 0x00, 0x00, 0x04],     // ChannelData
    ];

    private readonly SocketAddress _socketAddress = PeerAddress.Parse("127.0.0.1:5004").ToSocketAddress();
    private MonoTime _time = MonoTime.FromMilliseconds(123_456);

    [Benchmark]
    public ulong MonoTimeToNtp()
    {
        _time += TimeSpan.FromTicks(1);
        return _anchor.ToNtp(_time).Value;
    }

    [Benchmark(OperationsPerInvoke = 5)]
    public int ClassifyDatagram()
    {
        int sum = 0;
        foreach (byte[] datagram in _datagrams)
        {
            sum += (int)DatagramClassifier.Classify(datagram);
        }

        return sum;
    }

    [Benchmark]
    public int PeerAddressFromSocketAddress() => PeerAddress.FromSocketAddress(_socketAddress).Port;
}
