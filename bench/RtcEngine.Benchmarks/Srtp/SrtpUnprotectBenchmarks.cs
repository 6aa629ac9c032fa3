using BenchmarkDotNet.Attributes;
using RtcEngine.Srtp;
using RtcEngine.Srtp.Tests.LibSrtp;

namespace RtcEngine.Benchmarks.Srtp;

/// <summary>
/// Unprotect in place, RtcEngine against libsrtp2 (P/Invoke, in the same run; the baseline of the
/// Ratio column). Both refuse replays, so each iteration walks a ring of <see cref="RingSize"/>
/// distinct packets of one stream, protected beforehand, with fresh receivers: each call copies the
/// next packet into a buffer that stays in cache and unprotects it there. The <c>CopyOnly</c> row
/// is that copy alone, included in both other rows.
/// </summary>
[InvocationCount(RingSize)]
public class SrtpUnprotectBenchmarks
{
    private const int RingSize = 16384;

    private byte[][] _ring = [];
    private readonly byte[] _work = new byte[1300];
    private byte[] _key = [];
    private byte[] _salt = [];
    private SrtpContext? _ours;
    private LibSrtpSession? _libsrtp;
    private int _next;

    [Params(SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm)]
    public SrtpProfile Profile { get; set; }

    [Params(SrtpPacketKind.Rtp160, SrtpPacketKind.Rtp1200, SrtpPacketKind.RtcpCompound)]
    public SrtpPacketKind Packet { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_key, _salt) = SrtpBenchmarkPackets.Keys(Profile);
        using var sender = new SrtpContext(Profile, _key, _salt, SrtpDirection.Outbound);
        _ring = new byte[RingSize][];
        for (int i = 0; i < RingSize; i++)
        {
            int length = SrtpBenchmarkPackets.Create(Packet, (ushort)i, out byte[] buffer);
            SrtpResult result = SrtpBenchmarkPackets.IsRtcp(Packet)
                ? sender.ProtectRtcp(buffer, length, out length)
                : sender.ProtectRtp(buffer, length, out length);
            if (result != SrtpResult.Ok)
            {
                throw new InvalidOperationException(result.ToString());
            }

            _ring[i] = buffer[..length];
        }

        if (!LibSrtpSession.IsAvailable)
        {
            Console.WriteLine("// libsrtp2.so.1 is not installed (Debian libsrtp2-1): the LibSrtp rows measure nothing.");
        }
    }

    [IterationSetup]
    public void FreshReceivers()
    {
        _ours?.Dispose();
        _libsrtp?.Dispose();
        _ours = new SrtpContext(Profile, _key, _salt, SrtpDirection.Inbound);
        _libsrtp = LibSrtpSession.IsAvailable ? new LibSrtpSession(Profile, _key, _salt, outbound: false) : null;
        _next = 0;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ours?.Dispose();
        _libsrtp?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int LibSrtp()
    {
        byte[] packet = _ring[_next++ & (RingSize - 1)];
        packet.CopyTo(_work, 0);
        if (_libsrtp is null)
        {
            return 0;
        }

        int length = packet.Length;
        int status = SrtpBenchmarkPackets.IsRtcp(Packet) ? _libsrtp.UnprotectRtcp(_work, ref length) : _libsrtp.Unprotect(_work, ref length);
        return status == LibSrtpSession.StatusOk ? length : Fail(status);
    }

    [Benchmark]
    public int RtcEngine()
    {
        byte[] packet = _ring[_next++ & (RingSize - 1)];
        packet.CopyTo(_work, 0);
        Span<byte> work = _work.AsSpan(0, packet.Length);
        SrtpResult result = SrtpBenchmarkPackets.IsRtcp(Packet) ? _ours!.UnprotectRtcp(work, out int length) : _ours!.UnprotectRtp(work, out length);
        return result == SrtpResult.Ok ? length : Fail((int)result);
    }

    [Benchmark]
    public int CopyOnly()
    {
        byte[] packet = _ring[_next++ & (RingSize - 1)];
        packet.CopyTo(_work, 0);
        return packet.Length;
    }

    private static int Fail(int status) => throw new InvalidOperationException($"unprotect failed: {status}");
}
