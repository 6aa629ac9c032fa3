using BenchmarkDotNet.Attributes;
using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Rtp.Rtcp;

namespace RtcEngine.Benchmarks.Rtp;

/// <summary>
/// Per-packet costs of the RTP layer: header parse with extensions, RTCP compound parse, receive
/// stream update, the session's whole receive path, and writing a packet through a send stream.
/// Each benchmark runs 64 operations per invoke over precomputed packets (sequence numbers wrap).
/// </summary>
public class RtpBenchmarks
{
    private const int Batch = 64;
    private const int PacketCount = 65536;

    private readonly RtpHeaderExtensionMap _map = RtpHeaderExtensionMap.CreateChromiumDefaults();
    private byte[] _chromiumPacket = [];
    private byte[] _compound = [];
    private byte[][] _packets = [];
    private byte[] _work = new byte[1500];
    private byte[] _output = new byte[1500];
    private byte[] _payload = new byte[1000];
    private RtpReceiveStream _stream = null!;
    private RtpSession _session = null!;
    private RtpSendStream _send = null!;
    private int _index;
    private long _ticks;

    [GlobalSetup]
    public void Setup()
    {
        // A Chromium-shaped audio packet: one-byte extensions audio level, abs-send-time, transport-cc, mid.
        _chromiumPacket = Build(1, 960, 0x1234, withExtensions: true, payload: 80);

        // SR with one report block + SDES CNAME: what a sending browser's regular report looks like.
        byte[] b = new byte[200];
        new RtcpSenderReportWriter(0x1234, new NtpTime(0xE1234567_89ABCDEF), 90000, 1000, 1_000_000,
            [new RtcpReportBlock(0x5678, 3, 10, 70000, 25, 0x12345678, 0x00010000)]).TryWriteTo(b, out int n1);
        new RtcpSdesWriter([0x1234u], "4TOk42mSjXCkVIa6"u8).TryWriteTo(b.AsSpan(n1), out int n2);
        _compound = b.AsSpan(0, n1 + n2).ToArray();

        _packets = new byte[PacketCount][];
        for (int i = 0; i < PacketCount; i++)
        {
            _packets[i] = Build((ushort)i, (uint)(i * 3000), 0x42, withExtensions: true, payload: 20);
        }

        _stream = new RtpReceiveStream(new RtpReceiveStreamConfig { Ssrc = 0x42, Nack = new NackOptions(), MinSequential = 1 });
        var anchor = new WallClockAnchor(MonoTime.Zero, new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));
        _session = new RtpSession(new RtpSessionOptions { ExtensionMap = _map }, CryptoRandomSource.Shared, anchor);
        _session.RegisterPayloadType(new RtpPayloadTypeInfo(96, RtpMediaKind.Video, 90_000, Nack: true));
        _send = _session.AddSendStream(new RtpSendStreamConfig { Ssrc = 0x99, PayloadType = 96, Mid = "1", RtxSsrc = 0x9A, RtxPayloadTypes = [new(96, 97)] });
    }

    private byte[] Build(ushort sequence, uint timestamp, uint ssrc, bool withExtensions, int payload)
    {
        byte[] buffer = new byte[1500];
        var w = new RtpPacketWriter(buffer);
        w.TryWriteHeader(new RtpHeader(96, sequence, timestamp, ssrc));
        if (withExtensions)
        {
            w.TryAddAudioLevel(1, new AudioLevel(true, 30));
            w.TryAddAbsSendTime(2, 0x123456);
            w.TryAddTransportSequenceNumber(3, sequence);
            w.TryAddSdesItem(4, "0"u8);
        }

        w.TryWritePayload(new byte[payload], out int n);
        return buffer.AsSpan(0, n).ToArray();
    }

    /// <summary>Parse a Chromium-shaped header and read two extension values (abs-send-time, transport-wide sequence).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public uint RtpParseWithTwoExtensions()
    {
        uint sum = 0;
        byte[] packet = _chromiumPacket;
        RtpHeaderExtensionMap map = _map;
        for (int i = 0; i < Batch; i++)
        {
            RtpPacketReader.TryRead(packet, out RtpPacketReader p);
            p.TryGetAbsSendTime(map, out uint ast);
            p.TryGetTransportSequenceNumber(map, out ushort seq);
            sum += ast + seq + p.Ssrc;
        }

        return sum;
    }

    /// <summary>Parse an SR (one report block) + SDES compound: every SR field, the block, the CNAME.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public ulong RtcpParseSrSdesCompound()
    {
        ulong sum = 0;
        byte[] compound = _compound;
        for (int i = 0; i < Batch; i++)
        {
            var reader = new RtcpCompoundReader(compound);
            while (reader.TryReadNext(out RtcpPacket packet))
            {
                if (RtcpSenderReportReader.TryRead(packet, out RtcpSenderReportReader sr))
                {
                    sum += sr.NtpTimestamp.Value + sr.RtpTimestamp + sr.PacketCount + sr.OctetCount;
                    RtcpReportBlock block = sr.GetReportBlock(0);
                    sum += block.ExtendedHighestSequence + block.Jitter;
                }
                else if (RtcpSdesReader.TryGetCname(packet, out uint ssrc, out ReadOnlySpan<byte> cname))
                {
                    sum += ssrc + (ulong)cname.Length;
                }
            }
        }

        return sum;
    }

    /// <summary>One receive stream update: sequence (A.1), loss, jitter (A.8), byte counters and NACK tracking (parse included).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int ReceiveStreamUpdate()
    {
        int outcome = 0;
        for (int i = 0; i < Batch; i++)
        {
            byte[] packet = _packets[_index++ & (PacketCount - 1)];
            RtpPacketReader.TryRead(packet, out RtpPacketReader p);
            outcome += (int)_stream.OnPacket(MonoTime.FromTicks(_ticks += 333_333), p);
        }

        return outcome;
    }

    /// <summary>The session's whole receive path per packet: parse, stream lookup, stream update, transport-wide feedback record, REMB rate.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int SessionReceiveRtp()
    {
        int status = 0;
        for (int i = 0; i < Batch; i++)
        {
            byte[] packet = _packets[_index++ & (PacketCount - 1)];
            packet.CopyTo(_work, 0);
            status += (int)_session.ReceiveRtp(MonoTime.FromTicks(_ticks += 333_333), _work.AsSpan(0, packet.Length), out _).Status;
        }

        // Keep the transport-wide feedback ring drained, as a host would every 100 ms.
        _session.HandleTimeout(MonoTime.FromTicks(_ticks));
        while (_session.TryPollRtcp(_output, out _) || _session.TryPollEvent(out _))
        {
        }

        return status;
    }

    /// <summary>Write one 1000-byte packet through a send stream: header, mid + abs-send-time + transport-cc stamping, payload, RTX cache copy.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int SendStreamWritePacket()
    {
        int total = 0;
        for (int i = 0; i < Batch; i++)
        {
            _send.TryWritePacket(MonoTime.FromTicks(_ticks += 100_000), new RtpPacketOptions((uint)i * 3000, Marker: true), _payload, _output, out int written);
            total += written;
        }

        return total;
    }
}
