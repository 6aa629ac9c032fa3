using System.Buffers;
using BenchmarkDotNet.Attributes;
using RtcEngine.Ice.Stun;
using RtcEngine.Ice.Turn;
using RtcEngine.Primitives;
using RtcEngine.Primitives.Crypto;
using RtcEngine.Session.Driver.Stream;

namespace RtcEngine.Benchmarks.Turn;

/// <summary>
/// The relayed media path per packet: framing a 1200-byte payload in place (ChannelData on a bound
/// channel, a Send indication before), unwrapping what the server relays (ChannelData, a Data
/// indication with FINGERPRINT as coturn sends it), and framing a message on a TCP/TLS stream.
/// </summary>
[MemoryDiagnoser]
public class TurnBenchmarks
{
    private const int PayloadLength = 1200;
    private static readonly PeerAddress Server = PeerAddress.Parse("127.0.0.1:3478");
    private static readonly PeerAddress Local = PeerAddress.Parse("127.0.0.1:5000");
    private static readonly PeerAddress Relayed = PeerAddress.Parse("127.0.0.1:49160");
    private static readonly PeerAddress Peer = PeerAddress.Parse("127.0.0.1:43217");
    private readonly byte[] _buffer = new byte[TurnClient.SendHeadroom + PayloadLength + TurnClient.SendTailroom];
    private readonly byte[] _transmit = new byte[DatagramLimits.MaxDatagramSize];
    private TurnClient _channelClient = null!;
    private TurnClient _indicationClient = null!;
    private byte[] _channelData = [];
    private byte[] _dataIndication = [];
    private ReadOnlySequence<byte> _stream;
    private MonoTime _now;

    [GlobalSetup]
    public void Setup()
    {
        _now = MonoTime.FromMilliseconds(1000);
        _channelClient = Allocated(bindChannels: true);
        _channelClient.BindChannel(_now, Peer);
        Answer(_channelClient); // CreatePermission
        Answer(_channelClient); // ChannelBind
        _indicationClient = Allocated(bindChannels: false);
        _indicationClient.CreatePermission(_now, Peer);
        Answer(_indicationClient);

        _channelData = new byte[ChannelDataReader.HeaderLength + PayloadLength];
        ChannelDataReader.WriteHeader(_channelData, ChannelDataReader.MinChannelNumber, PayloadLength);
        var writer = new StunMessageWriter(new byte[1500], new StunMessageType(StunMethod.Data, StunClass.Indication), StunTransactionId.Create(CryptoRandomSource.Shared));
        writer.TryAddXorAddress(StunAttributeType.XorPeerAddress, Peer);
        writer.TryAddAttribute(StunAttributeType.Data, new byte[PayloadLength]);
        writer.TryAddFingerprint();
        _dataIndication = writer.Written.ToArray();
        _stream = new ReadOnlySequence<byte>([.. _channelData, .. _dataIndication]);

        if (!WrapChannelData() || ReceiveChannelData() != TurnReceiveResult.PeerData || ReceiveDataIndication() != TurnReceiveResult.PeerData || !WrapSendIndication())
        {
            throw new InvalidOperationException("benchmark setup is wrong");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _channelClient.Dispose();
        _indicationClient.Dispose();
    }

    [Benchmark]
    public bool WrapChannelData() =>
        _channelClient.TryWrap(_buffer, TurnClient.SendHeadroom, PayloadLength, Peer, out _, out _);

    [Benchmark]
    public bool WrapSendIndication() =>
        _indicationClient.TryWrap(_buffer, TurnClient.SendHeadroom, PayloadLength, Peer, out _, out _);

    [Benchmark]
    public TurnReceiveResult ReceiveChannelData()
    {
        var datagram = new ReceivedDatagram(_channelData, Local, Server);
        return _channelClient.Receive(_now, datagram, out _);
    }

    [Benchmark]
    public TurnReceiveResult ReceiveDataIndication()
    {
        var datagram = new ReceivedDatagram(_dataIndication, Local, Server);
        return _indicationClient.Receive(_now, datagram, out _);
    }

    [Benchmark]
    public int FrameTwoMessagesOnAStream()
    {
        ReadOnlySequence<byte> buffer = _stream;
        int total = 0;
        while (TurnStreamFramer.TryReadFrame(buffer, TurnStreamFramer.MaxMessageLength, out int length) == TurnFrameStatus.Complete)
        {
            total += length;
            buffer = buffer.Slice(length);
        }

        return total;
    }

    private TurnClient Allocated(bool bindChannels)
    {
        var client = new TurnClient(
            new TurnClientOptions { ServerAddress = Server, LocalAddress = Local, Username = "alice", Password = "secret", BindChannels = bindChannels },
            CryptoRandomSource.Shared);
        client.Allocate(_now);
        Answer(client, challenge: true);
        Answer(client, relayed: Relayed);
        if (client.State != TurnAllocationState.Allocated)
        {
            throw new InvalidOperationException("not allocated");
        }

        return client;
    }

    /// <summary>Answers the client's pending request as a server would (a 401 challenge, or a signed success).</summary>
    private void Answer(TurnClient client, bool challenge = false, PeerAddress? relayed = null)
    {
        if (!client.TryPollTransmit(_transmit, out TransmitInfo transmit) || !StunMessageReader.TryRead(_transmit.AsSpan(0, transmit.Length), out StunMessageReader request))
        {
            throw new InvalidOperationException("no request");
        }

        var writer = new StunMessageWriter(new byte[500], request.Type.ToResponse(success: !challenge), request.TransactionId);
        if (challenge)
        {
            writer.TryAddErrorCode(401, "Unauthenticated");
            writer.TryAddString(StunAttributeType.Realm, "test.local");
            writer.TryAddString(StunAttributeType.Nonce, "nonce");
        }
        else
        {
            if (relayed is { } address)
            {
                writer.TryAddXorAddress(StunAttributeType.XorRelayedAddress, address);
                writer.TryAddUInt32(StunAttributeType.Lifetime, 600);
            }

            Span<byte> key = stackalloc byte[16];
            StunIntegrity.LongTermKeyMd5("alice", "test.local", "secret", key);
            using var hmac = new HmacSha1(key);
            writer.TryAddMessageIntegrity(hmac);
        }

        writer.TryAddFingerprint();
        var datagram = new ReceivedDatagram(writer.Written.ToArray(), Local, Server);
        client.Receive(_now, datagram, out _);
    }
}
