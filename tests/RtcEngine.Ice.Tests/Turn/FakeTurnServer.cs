using System.Buffers.Binary;
using System.Text;
using RtcEngine.Ice.Stun;
using RtcEngine.Ice.Turn;
using RtcEngine.Primitives;
using RtcEngine.Primitives.Crypto;

namespace RtcEngine.Ice.Tests.Turn;

/// <summary>
/// A small TURN server (RFC 8656) as a sans-IO engine for the virtual network: long-term
/// credentials with a nonce that can be made stale, Allocate/Refresh/CreatePermission/ChannelBind,
/// Send and Data indications, ChannelData both ways, lifetimes checked lazily against the clock,
/// a quota, and a log of every request for timing assertions. Listens on one address and relays
/// from a pool of addresses the test registers on the same node.
/// </summary>
internal sealed class FakeTurnServer : ISansIoEngine
{
    private readonly Queue<(byte[] Data, PeerAddress From, PeerAddress To, TransportProtocol Protocol)> _out = new();
    private readonly Dictionary<string, string> _users = new(StringComparer.Ordinal);
    private readonly Queue<PeerAddress> _relayPool;
    private readonly List<Allocation> _allocations = [];
    private readonly byte[] _buffer = new byte[4096];
    private int _nonceGeneration = 1;
    private MonoTime _nonceIssued;
    private MonoTime _now;

    public FakeTurnServer(PeerAddress listen, IEnumerable<PeerAddress> relayPool, string realm = "test.local")
    {
        Listen = listen;
        _relayPool = new Queue<PeerAddress>(relayPool);
        Realm = realm;
        _users["alice"] = "secret";
    }

    public PeerAddress Listen { get; }

    public string Realm { get; }

    public string Nonce => $"nonce-{_nonceGeneration:D4}";

    /// <summary>How long a nonce is accepted before 438 (null: forever).</summary>
    public TimeSpan? NonceLifetime { get; set; }

    public int MaxAllocations { get; set; } = 100;

    public TimeSpan DefaultLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Lifetimes asked for are capped here (coturn: --max-allocate-lifetime).</summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan PermissionLifetime { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan ChannelLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>When true the server answers nothing (unreachable).</summary>
    public bool Silent { get; set; }

    /// <summary>Pads ChannelData to four bytes over UDP too (optional there, RFC 8656 section 12.5).</summary>
    public bool PadChannelDataOverUdp { get; set; }

    /// <summary>Every request seen: when, which method, whether it carried MESSAGE-INTEGRITY, and the answer's code (0 success).</summary>
    public List<RequestRecord> Log { get; } = [];

    public int Relayed { get; private set; }

    public int DroppedNoPermission { get; private set; }

    public int AllocationCount => _allocations.Count(a => a.Expires > _now);

    public void AddUser(string name, string password) => _users[name] = password;

    /// <summary>Makes the current nonce stale at once (the next authenticated request gets 438).</summary>
    public void ExpireNonce() => _nonceGeneration++;

    /// <summary>Forgets every allocation (a server restart): refreshes then get 437.</summary>
    public void DropAllocations() => _allocations.Clear();

    public bool HasPermission(PeerAddress relayed, PeerAddress peer) =>
        _allocations.Find(a => a.Relay == relayed) is { } allocation && allocation.Permitted(peer, _now);

    public IEnumerable<RequestRecord> Requests(StunMethod method) => Log.Where(r => r.Method == method);

    public void HandleDatagram(MonoTime now, in ReceivedDatagram datagram)
    {
        _now = MonoTime.Max(_now, now);
        if (Silent)
        {
            return;
        }

        if (datagram.Local == Listen)
        {
            FromClient(datagram.Data, datagram.Remote, datagram.Protocol);
        }
        else
        {
            PeerAddress local = datagram.Local;
            if (_allocations.Find(a => a.Relay == local && a.Expires > _now) is { } allocation)
            {
                FromPeer(allocation, datagram.Remote, datagram.Data);
            }
        }
    }

    public void HandleTimeout(MonoTime now) => _now = MonoTime.Max(_now, now);

    public bool TryPollTransmit(Span<byte> destination, out TransmitInfo transmit)
    {
        if (!_out.TryDequeue(out var item))
        {
            transmit = default;
            return false;
        }

        item.Data.CopyTo(destination);
        transmit = new TransmitInfo(item.Data.Length, item.From, item.To, item.Protocol);
        return true;
    }

    public MonoTime PollTimeout() => MonoTime.Never;

    private void FromClient(ReadOnlySpan<byte> data, PeerAddress client, TransportProtocol protocol)
    {
        Allocation? allocation = _allocations.Find(a => a.Client == client && a.Protocol == protocol && a.Expires > _now);
        if (data.Length >= 4 && data[0] is >= 0x40 and <= 0x7F)
        {
            if (allocation is not null && ChannelDataReader.TryRead(data, out ChannelDataReader channelData)
                && allocation.Channels.TryGetValue(channelData.ChannelNumber, out Binding? channel) && channel.Expires > _now)
            {
                ToPeer(allocation, channel.Peer, channelData.Payload);
            }

            return;
        }

        if (!StunMessageReader.TryRead(data, out StunMessageReader message))
        {
            return;
        }

        if (message.Class == StunClass.Indication && message.Method == StunMethod.Send)
        {
            if (allocation is not null && message.TryGetAddress(StunAttributeType.XorPeerAddress, true, out PeerAddress peer)
                && message.TryGetAttribute(StunAttributeType.Data, out ReadOnlySpan<byte> payload))
            {
                ToPeer(allocation, peer, payload);
            }

            return;
        }

        if (message.Class == StunClass.Request)
        {
            HandleRequest(message, client, protocol, allocation);
        }
    }

    private void HandleRequest(in StunMessageReader request, PeerAddress client, TransportProtocol protocol, Allocation? allocation)
    {
        var record = new RequestRecord(_now, request.Method, request.HasMessageIntegrity, 0);
        if (!request.HasMessageIntegrity)
        {
            Reject(request, client, protocol, record, StunErrorCodes.Unauthenticated, null);
            return;
        }

        if (!request.TryGetUsername(out ReadOnlySpan<byte> userBytes) || !_users.TryGetValue(Encoding.UTF8.GetString(userBytes), out string? password))
        {
            Reject(request, client, protocol, record, StunErrorCodes.Unauthenticated, null);
            return;
        }

        string user = Encoding.UTF8.GetString(userBytes);
        Span<byte> keyBytes = stackalloc byte[16];
        StunIntegrity.LongTermKeyMd5(user, Realm, password, keyBytes);
        using var key = new HmacSha1(keyBytes);
        if (!request.VerifyMessageIntegrity(key))
        {
            Reject(request, client, protocol, record, StunErrorCodes.Unauthenticated, null);
            return;
        }

        if (NonceLifetime is { } lifetime && _now - _nonceIssued >= lifetime)
        {
            _nonceGeneration++;
            _nonceIssued = _now;
        }

        if (!request.TryGetAttribute(StunAttributeType.Nonce, out ReadOnlySpan<byte> nonce) || Encoding.UTF8.GetString(nonce) != Nonce)
        {
            Reject(request, client, protocol, record, StunErrorCodes.StaleNonce, null);
            return;
        }

        switch (request.Method)
        {
            case StunMethod.Allocate:
                Allocate(request, client, protocol, allocation, record, key);
                break;
            case StunMethod.Refresh:
                if (allocation is null)
                {
                    Reject(request, client, protocol, record, StunErrorCodes.AllocationMismatch, key);
                    break;
                }

                TimeSpan requested = request.TryGetUInt32(StunAttributeType.Lifetime, out uint seconds) ? TimeSpan.FromSeconds(seconds) : DefaultLifetime;
                TimeSpan granted = requested > MaxLifetime ? MaxLifetime : requested;
                allocation.Expires = _now + granted;
                if (granted == TimeSpan.Zero)
                {
                    _allocations.Remove(allocation);
                }

                Succeed(request, client, protocol, record, key, (ref StunMessageWriter w) => w.TryAddUInt32(StunAttributeType.Lifetime, (uint)granted.TotalSeconds));
                break;
            case StunMethod.CreatePermission:
                if (allocation is null || !request.TryGetAddress(StunAttributeType.XorPeerAddress, true, out PeerAddress peer))
                {
                    Reject(request, client, protocol, record, allocation is null ? StunErrorCodes.AllocationMismatch : StunErrorCodes.BadRequest, key);
                    break;
                }

                allocation.Permissions[peer.WithPort(0)] = _now + PermissionLifetime;
                Succeed(request, client, protocol, record, key, null);
                break;
            case StunMethod.ChannelBind:
                ChannelBind(request, client, protocol, allocation, record, key);
                break;
            default:
                Reject(request, client, protocol, record, StunErrorCodes.BadRequest, key);
                break;
        }
    }

    private void Allocate(in StunMessageReader request, PeerAddress client, TransportProtocol protocol, Allocation? existing, RequestRecord record, HmacSha1 key)
    {
        if (existing is not null)
        {
            Reject(request, client, protocol, record, StunErrorCodes.AllocationMismatch, key);
            return;
        }

        if (!request.TryGetAttribute(StunAttributeType.RequestedTransport, out ReadOnlySpan<byte> transport) || transport.Length != 4 || transport[0] != 17)
        {
            Reject(request, client, protocol, record, StunErrorCodes.UnsupportedTransportProtocol, key);
            return;
        }

        if (AllocationCount >= MaxAllocations || _relayPool.Count == 0)
        {
            Reject(request, client, protocol, record, StunErrorCodes.AllocationQuotaReached, key);
            return;
        }

        TimeSpan requested = request.TryGetUInt32(StunAttributeType.Lifetime, out uint seconds) ? TimeSpan.FromSeconds(seconds) : DefaultLifetime;
        TimeSpan granted = requested > MaxLifetime ? MaxLifetime : requested;
        var allocation = new Allocation(client, protocol, _relayPool.Dequeue()) { Expires = _now + granted };
        _allocations.RemoveAll(a => a.Client == client && a.Protocol == protocol);
        _allocations.Add(allocation);
        Succeed(request, client, protocol, record, key, (ref StunMessageWriter w) =>
            w.TryAddXorAddress(StunAttributeType.XorRelayedAddress, allocation.Relay)
            && w.TryAddUInt32(StunAttributeType.Lifetime, (uint)granted.TotalSeconds)
            && w.TryAddXorMappedAddress(client));
    }

    private void ChannelBind(in StunMessageReader request, PeerAddress client, TransportProtocol protocol, Allocation? allocation, RequestRecord record, HmacSha1 key)
    {
        if (allocation is null)
        {
            Reject(request, client, protocol, record, StunErrorCodes.AllocationMismatch, key);
            return;
        }

        if (!request.TryGetUInt32(StunAttributeType.ChannelNumber, out uint value) || !request.TryGetAddress(StunAttributeType.XorPeerAddress, true, out PeerAddress peer))
        {
            Reject(request, client, protocol, record, StunErrorCodes.BadRequest, key);
            return;
        }

        ushort number = (ushort)(value >> 16);
        bool numberTaken = allocation.Channels.TryGetValue(number, out Binding? bound) && bound.Expires > _now && bound.Peer != peer;
        bool peerTaken = allocation.Channels.Any(c => c.Key != number && c.Value.Peer == peer && c.Value.Expires > _now);
        if (!ChannelDataReader.IsBindableChannelNumber(number) || numberTaken || peerTaken)
        {
            Reject(request, client, protocol, record, StunErrorCodes.BadRequest, key);
            return;
        }

        allocation.Channels[number] = new Binding(peer, _now + ChannelLifetime);
        allocation.Permissions[peer.WithPort(0)] = _now + PermissionLifetime;
        Succeed(request, client, protocol, record, key, null);
    }

    private void ToPeer(Allocation allocation, PeerAddress peer, ReadOnlySpan<byte> payload)
    {
        if (!allocation.Permitted(peer, _now))
        {
            DroppedNoPermission++;
            return;
        }

        Relayed++;
        _out.Enqueue((payload.ToArray(), allocation.Relay, peer, TransportProtocol.Udp));
    }

    private void FromPeer(Allocation allocation, PeerAddress peer, ReadOnlySpan<byte> payload)
    {
        if (!allocation.Permitted(peer, _now))
        {
            DroppedNoPermission++;
            return;
        }

        Relayed++;
        KeyValuePair<ushort, Binding> channel = allocation.Channels.FirstOrDefault(c => c.Value.Peer == peer && c.Value.Expires > _now);
        if (channel.Value is not null)
        {
            bool pad = allocation.Protocol != TransportProtocol.Udp || PadChannelDataOverUdp;
            int length = ChannelDataReader.HeaderLength + payload.Length;
            var message = new byte[pad ? (length + 3) & ~3 : length];
            ChannelDataReader.WriteHeader(message, channel.Key, payload.Length);
            payload.CopyTo(message.AsSpan(ChannelDataReader.HeaderLength));
            _out.Enqueue((message, Listen, allocation.Client, allocation.Protocol));
            return;
        }

        var writer = new StunMessageWriter(_buffer, new StunMessageType(StunMethod.Data, StunClass.Indication), StunTransactionId.FromBytes(new byte[12]));
        writer.TryAddXorAddress(StunAttributeType.XorPeerAddress, peer);
        writer.TryAddAttribute(StunAttributeType.Data, payload);
        writer.TryAddFingerprint();
        _out.Enqueue((writer.Written.ToArray(), Listen, allocation.Client, allocation.Protocol));
    }

    private delegate bool AttributeWriter(ref StunMessageWriter writer);

    private void Succeed(in StunMessageReader request, PeerAddress client, TransportProtocol protocol, RequestRecord record, HmacSha1 key, AttributeWriter? attributes)
    {
        Log.Add(record);
        var writer = new StunMessageWriter(_buffer, request.Type.ToResponse(success: true), request.TransactionId);
        attributes?.Invoke(ref writer);
        writer.TryAddString(StunAttributeType.Software, "FakeTurnServer");
        writer.TryAddMessageIntegrity(key);
        writer.TryAddFingerprint();
        _out.Enqueue((writer.Written.ToArray(), Listen, client, protocol));
    }

    private void Reject(in StunMessageReader request, PeerAddress client, TransportProtocol protocol, RequestRecord record, int code, HmacSha1? key)
    {
        Log.Add(record with { ErrorCode = code });
        var writer = new StunMessageWriter(_buffer, request.Type.ToResponse(success: false), request.TransactionId);
        writer.TryAddErrorCode(code, StunErrorCodes.ReasonPhrase(code));
        if (code is StunErrorCodes.Unauthenticated or StunErrorCodes.StaleNonce)
        {
            writer.TryAddString(StunAttributeType.Realm, Realm);
            writer.TryAddString(StunAttributeType.Nonce, Nonce);
        }

        if (key is not null)
        {
            writer.TryAddMessageIntegrity(key);
        }

        writer.TryAddFingerprint();
        _out.Enqueue((writer.Written.ToArray(), Listen, client, protocol));
    }

    internal sealed record RequestRecord(MonoTime At, StunMethod Method, bool Authenticated, int ErrorCode);

    private sealed record Binding(PeerAddress Peer, MonoTime Expires);

    private sealed class Allocation(PeerAddress client, TransportProtocol protocol, PeerAddress relay)
    {
        public PeerAddress Client { get; } = client;

        public TransportProtocol Protocol { get; } = protocol;

        public PeerAddress Relay { get; } = relay;

        public MonoTime Expires { get; set; }

        public Dictionary<PeerAddress, MonoTime> Permissions { get; } = [];

        public Dictionary<ushort, Binding> Channels { get; } = [];

        public bool Permitted(PeerAddress peer, MonoTime now) =>
            Permissions.TryGetValue(peer.UnmapIPv4().WithPort(0), out MonoTime expires) && expires > now;
    }
}
