using BenchmarkDotNet.Attributes;
using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;
using RtcEngine.Primitives.Crypto;

namespace RtcEngine.Benchmarks.Ice;

/// <summary>
/// The STUN hot path of ICE (issue 3 target: at or under 1.0 µs and 0 bytes each): parse a
/// Chromium-shaped binding request and verify its MESSAGE-INTEGRITY and FINGERPRINT; build one
/// with integrity and fingerprint. The HMAC is keyed once per password, as the agent does.
/// </summary>
[MemoryDiagnoser]
public class StunBenchmarks
{
    private readonly byte[] _buffer = new byte[1500];
    private readonly byte[] _username = "k7Qx:Wd3p"u8.ToArray();
    private HmacSha1 _key = null!;
    private byte[] _request = [];
    private StunTransactionId _id;

    [GlobalSetup]
    public void Setup()
    {
        _key = new HmacSha1(StunIntegrity.ShortTermKey("VOkJxbRl1RmTxUk/WvJxBtzz"));
        _id = StunTransactionId.FromBytes([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        var writer = new StunMessageWriter(_buffer, StunMessageType.BindingRequest, _id);
        writer.TryAddAttribute(StunAttributeType.Username, _username);
        writer.TryAddAttribute((ushort)StunAttributeType.GoogNetworkInfo, [0, 1, 0, 50]);
        writer.TryAddUInt32(StunAttributeType.Priority, 1853759231);
        writer.TryAddUInt64(StunAttributeType.IceControlling, 0x1122334455667788);
        writer.TryAddFlag(StunAttributeType.UseCandidate);
        writer.TryAddMessageIntegrity(_key);
        writer.TryAddFingerprint();
        _request = writer.Written.ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _key.Dispose();

    /// <summary>Bytes of the request the parse benchmark reads (for the README).</summary>
    public int RequestLength => _request.Length;

    [Benchmark]
    public bool ParseAndVerifyBindingRequest()
    {
        if (!StunMessageReader.TryRead(_request, out StunMessageReader message))
        {
            return false;
        }

        return message.VerifyFingerprint()
            && message.VerifyMessageIntegrity(_key)
            && message.TryGetUsername(out _)
            && message.TryGetPriority(out _);
    }

    [Benchmark]
    public int BuildBindingRequest()
    {
        var writer = new StunMessageWriter(_buffer, StunMessageType.BindingRequest, _id);
        writer.TryAddAttribute(StunAttributeType.Username, _username);
        writer.TryAddUInt32(StunAttributeType.Priority, 1853759231);
        writer.TryAddUInt64(StunAttributeType.IceControlling, 0x1122334455667788);
        writer.TryAddFlag(StunAttributeType.UseCandidate);
        writer.TryAddMessageIntegrity(_key);
        writer.TryAddFingerprint();
        return writer.Length;
    }

    [Benchmark]
    public int BuildBindingResponse()
    {
        var writer = new StunMessageWriter(_buffer, StunMessageType.BindingSuccess, _id);
        writer.TryAddXorMappedAddress(PeerAddress.FromIPv4(0x7F000001, 43217));
        writer.TryAddMessageIntegrity(_key);
        writer.TryAddFingerprint();
        return writer.Length;
    }
}
