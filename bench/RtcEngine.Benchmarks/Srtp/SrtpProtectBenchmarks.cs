using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using RtcEngine.Srtp;
using RtcEngine.Srtp.Tests.LibSrtp;

namespace RtcEngine.Benchmarks.Srtp;

/// <summary>
/// Protect in place, RtcEngine against libsrtp2 (P/Invoke, in the same run; the baseline of the
/// Ratio column). Each call protects the next sequence number (RTP) or SRTCP index (RTCP) of one
/// stream, in a buffer that stays in cache, as a sender does.
/// </summary>
public class SrtpProtectBenchmarks
{
    private SrtpContext _ours = null!;
    private LibSrtpSession? _libsrtp;
    private byte[] _ourBuffer = [];
    private byte[] _libsrtpBuffer = [];
    private int _length;
    private ushort _ourSequence;
    private ushort _libsrtpSequence;

    [Params(SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm)]
    public SrtpProfile Profile { get; set; }

    [Params(SrtpPacketKind.Rtp160, SrtpPacketKind.Rtp1200, SrtpPacketKind.RtcpCompound)]
    public SrtpPacketKind Packet { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var (key, salt) = SrtpBenchmarkPackets.Keys(Profile);
        _ours = new SrtpContext(Profile, key, salt, SrtpDirection.Outbound);
        _length = SrtpBenchmarkPackets.Create(Packet, 0, out _ourBuffer);
        SrtpBenchmarkPackets.Create(Packet, 0, out _libsrtpBuffer);
        if (LibSrtpSession.IsAvailable)
        {
            _libsrtp = new LibSrtpSession(Profile, key, salt, outbound: true);
        }
        else
        {
            Console.WriteLine("// libsrtp2.so.1 is not installed (Debian libsrtp2-1): the LibSrtp rows measure nothing.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ours.Dispose();
        _libsrtp?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int LibSrtp()
    {
        if (_libsrtp is null)
        {
            return 0;
        }

        int length = _length;
        if (SrtpBenchmarkPackets.IsRtcp(Packet))
        {
            return _libsrtp.ProtectRtcp(_libsrtpBuffer, ref length);
        }

        BinaryPrimitives.WriteUInt16BigEndian(_libsrtpBuffer.AsSpan(2), ++_libsrtpSequence);
        return _libsrtp.Protect(_libsrtpBuffer, ref length);
    }

    [Benchmark]
    public SrtpResult RtcEngine()
    {
        if (SrtpBenchmarkPackets.IsRtcp(Packet))
        {
            return _ours.ProtectRtcp(_ourBuffer, _length, out _);
        }

        BinaryPrimitives.WriteUInt16BigEndian(_ourBuffer.AsSpan(2), ++_ourSequence);
        return _ours.ProtectRtp(_ourBuffer, _length, out _);
    }
}
