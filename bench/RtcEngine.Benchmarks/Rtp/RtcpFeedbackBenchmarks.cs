using BenchmarkDotNet.Attributes;
using RtcEngine.Primitives;
using RtcEngine.Rtp.Payload;
using RtcEngine.Rtp.Rtcp;

namespace RtcEngine.Benchmarks.Rtp;

/// <summary>Costs off the per-packet path: transport-wide feedback build and parse, and VP8 frame packetization.</summary>
public class RtcpFeedbackBenchmarks
{
    private readonly RtcpTransportFeedbackBuilder _builder = new();
    private readonly byte[] _output = new byte[1500];
    private readonly Vp8Packetizer _vp8 = new();
    private byte[] _feedback = [];
    private byte[] _frame = [];

    [GlobalSetup]
    public void Setup()
    {
        Build();
        _feedback = _output.AsSpan(0, Write()).ToArray();
        _frame = new byte[12_000];
        new Random(1).NextBytes(_frame);
    }

    private void Build()
    {
        _builder.Reset(1, 2, 1000, MonoTime.FromMilliseconds(10_000), 7);
        for (int i = 0; i < 100; i++)
        {
            // 100 packets over 100 ms, one in twenty lost.
            if (i % 20 != 7)
            {
                _builder.TryAdd((ushort)(1000 + i), MonoTime.FromMicroseconds(10_000_000 + i * 1000 + (i % 3) * 300));
            }
        }
    }

    private int Write()
    {
        _builder.TryWriteTo(_output, out int written);
        return written;
    }

    /// <summary>Build and write one transport-wide feedback message reporting 100 packets.</summary>
    [Benchmark]
    public int TransportFeedbackBuild100()
    {
        Build();
        return Write();
    }

    /// <summary>Parse one transport-wide feedback message and walk its 100 packet statuses.</summary>
    [Benchmark]
    public long TransportFeedbackParse100()
    {
        long sum = 0;
        var reader = new RtcpCompoundReader(_feedback);
        reader.TryReadNext(out RtcpPacket packet);
        RtcpTransportFeedbackReader.TryRead(packet, out RtcpTransportFeedbackReader twcc);
        while (twcc.TryReadNext(out TransportPacketStatus status))
        {
            sum += status.ArrivalMicroseconds;
        }

        return sum;
    }

    /// <summary>Packetize a 12 kB VP8 frame into 1200-byte payloads.</summary>
    [Benchmark]
    public int Vp8Packetize12k()
    {
        int total = 0;
        RtpFragmentCursor cursor = _vp8.Packetize(_frame, 1200);
        while (cursor.TryWriteNext(_output, out int written, out _))
        {
            total += written;
        }

        return total;
    }
}
