using BenchmarkDotNet.Attributes;
using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Candidates;
using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;
using RtcEngine.Primitives.Crypto;

namespace RtcEngine.Benchmarks.Ice;

/// <summary>
/// The agent on the media path and under checks: passing an application datagram up (permission
/// check), preparing one for sending, answering an authenticated check end to end (parse, verify,
/// queue, write the signed response), and parsing a candidate line (allocates: off the hot path).
/// </summary>
[MemoryDiagnoser]
public class IceAgentBenchmarks
{
    private static readonly PeerAddress Local = PeerAddress.Parse("127.0.0.1:5000");
    private static readonly PeerAddress Remote = PeerAddress.Parse("127.0.0.1:43217");
    private readonly byte[] _media = new byte[1200];
    private readonly byte[] _send = new byte[1300];
    private readonly byte[] _out = new byte[1500];
    private IceAgent _agent = null!;
    private byte[] _check = [];
    private MonoTime _now;

    [GlobalSetup]
    public void Setup()
    {
        var remoteCredentials = new IceCredentials("Wd3p", "remotepasswordremotepass");
        _agent = new IceAgent(new IceAgentOptions { Role = IceRole.Controlled, HostAddresses = [Local] }, CryptoRandomSource.Shared);
        _agent.SetRemoteCredentials(remoteCredentials);
        _media[0] = 0x80;

        // An authenticated check from the remote: it is answered, and data from it is permitted.
        using var key = new HmacSha1(StunIntegrity.ShortTermKey(_agent.LocalCredentials.Password));
        var writer = new StunMessageWriter(_out, StunMessageType.BindingRequest, StunTransactionId.Create(CryptoRandomSource.Shared));
        writer.TryAddString(StunAttributeType.Username, $"{_agent.LocalCredentials.Ufrag}:{remoteCredentials.Ufrag}");
        writer.TryAddAttribute((ushort)StunAttributeType.GoogNetworkInfo, [0, 1, 0, 50]);
        writer.TryAddUInt32(StunAttributeType.Priority, 1853759231);
        writer.TryAddUInt64(StunAttributeType.IceControlling, 1);
        writer.TryAddMessageIntegrity(key);
        writer.TryAddFingerprint();
        _check = writer.Written.ToArray();
        AnswerCheck();
        _agent.AddRemoteCandidate(IceCandidate.Parse("candidate:1 1 udp 2122260223 127.0.0.1 43217 typ host"));

        // Make the pair valid so that TryPrepareSend has a selected pair.
        _now = MonoTime.FromMilliseconds(1000);
        _agent.HandleTimeout(_now);
        while (_agent.TryPollTransmit(_out, out TransmitInfo transmit))
        {
            if (StunMessageReader.TryRead(_out.AsSpan(0, transmit.Length), out StunMessageReader request) && request.Class == StunClass.Request)
            {
                using var remoteKey = new HmacSha1(StunIntegrity.ShortTermKey(remoteCredentials.Password));
                var response = new StunMessageWriter(new byte[200], StunMessageType.BindingSuccess, request.TransactionId);
                response.TryAddXorMappedAddress(Local);
                response.TryAddMessageIntegrity(remoteKey);
                response.TryAddFingerprint();
                var datagram = new ReceivedDatagram(response.Written.ToArray(), Local, Remote);
                _agent.Receive(_now, datagram, out _);
            }
        }

        if (!_agent.CanSend)
        {
            throw new InvalidOperationException("benchmark setup did not select a pair");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _agent.Dispose();

    [Benchmark]
    public IceReceiveResult ReceiveApplicationDatagram()
    {
        var datagram = new ReceivedDatagram(_media, Local, Remote);
        return _agent.Receive(_now, datagram, out _);
    }

    [Benchmark]
    public int PrepareApplicationSend()
    {
        _agent.TryPrepareSend(_send, IceAgent.SendHeadroom, 1200, out TransmitInfo transmit, out int start);
        return transmit.Length + start;
    }

    [Benchmark]
    public int AnswerCheck()
    {
        var datagram = new ReceivedDatagram(_check, Local, Remote);
        _agent.Receive(_now, datagram, out _);
        int length = 0;
        while (_agent.TryPollTransmit(_out, out TransmitInfo transmit))
        {
            length += transmit.Length;
        }

        return length;
    }

    [Benchmark]
    public IceCandidate? ParseCandidateLine()
    {
        IceCandidate.TryParse("candidate:1 1 udp 2122260223 127.0.0.1 43217 typ host generation 0 network-id 1 network-cost 50", out IceCandidate? candidate);
        return candidate;
    }
}
