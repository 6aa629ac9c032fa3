using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;

namespace RtcEngine.Ice.Agent;

/// <summary>What a queued outgoing message is; the bytes are written only when the host polls.</summary>
internal enum PendingKind : byte
{
    Check,
    Consent,
    Response,
    ErrorResponse,
    ServerRequest,
}

/// <summary>
/// One message waiting in the transmit queue: enough to write it straight into the host's span
/// at poll time (no buffer per message).
/// </summary>
internal struct PendingTransmit
{
    public PendingKind Kind;
    public CandidatePair? Pair;
    public ServerTransaction? Server;
    public IceGeneration? Generation;
    public LocalCandidate? Local;
    public StunTransactionId TransactionId;
    public PeerAddress Destination;
    public bool UseCandidate;
    public IceRole Role;
    public ushort ErrorCode;
    public bool Sign;
    public ushort Unknown0;
    public ushort Unknown1;
    public ushort Unknown2;
    public ushort Unknown3;
    public byte UnknownCount;
}

/// <summary>A binding request to a STUN server, for a server-reflexive candidate.</summary>
internal sealed class ServerTransaction(LocalCandidate host, PeerAddress server)
{
    public LocalCandidate Host { get; } = host;

    public PeerAddress Server { get; } = server;

    public StunTransactionId TransactionId { get; set; }

    public bool Started { get; set; }

    public bool Done { get; set; }

    public int Transmissions { get; set; }

    public TimeSpan Rto { get; set; }

    public MonoTime NextRetransmit { get; set; } = MonoTime.Never;
}

/// <summary>
/// Per-source token buckets for answers to unauthenticated requests (400, 401), in a fixed table
/// indexed by a hash of the address: a flood from many sources shares slots instead of growing
/// state, and one source cannot make the agent a reflector.
/// </summary>
internal sealed class SourceRateLimiter(int burst, double perSecond)
{
    private const int Slots = 64;
    private const double GlobalBurst = 50;
    private const double GlobalPerSecond = 20;
    private readonly PeerAddress[] _addresses = new PeerAddress[Slots];
    private readonly double[] _tokens = new double[Slots];
    private readonly MonoTime[] _updated = new MonoTime[Slots];
    private double _globalTokens = GlobalBurst;
    private MonoTime _globalUpdated;

    public bool TryTake(PeerAddress source, MonoTime now)
    {
        double globalElapsed = Math.Max(0, (now - _globalUpdated).TotalSeconds);
        _globalTokens = Math.Min(GlobalBurst, _globalTokens + globalElapsed * GlobalPerSecond);
        _globalUpdated = now;
        if (_globalTokens < 1)
        {
            return false;
        }

        int slot = (int)(StableHash(source) % Slots);
        if (_addresses[slot] != source)
        {
            _addresses[slot] = source;
            _tokens[slot] = burst;
            _updated[slot] = now;
        }
        else
        {
            double elapsed = Math.Max(0, (now - _updated[slot]).TotalSeconds);
            _tokens[slot] = Math.Min(burst, _tokens[slot] + elapsed * perSecond);
            _updated[slot] = now;
        }

        if (_tokens[slot] < 1)
        {
            return false;
        }

        _tokens[slot] -= 1;
        _globalTokens -= 1;
        return true;
    }

    // FNV-1a over the address bytes and port: stable across runs, so scenarios repeat exactly.
    private static uint StableHash(PeerAddress address)
    {
        Span<byte> bytes = stackalloc byte[18];
        int length = address.WriteAddressBytes(bytes);
        bytes[length] = (byte)(address.Port >> 8);
        bytes[length + 1] = (byte)address.Port;
        uint hash = 2166136261;
        foreach (byte b in bytes[..(length + 2)])
        {
            hash = (hash ^ b) * 16777619;
        }

        return hash;
    }
}
