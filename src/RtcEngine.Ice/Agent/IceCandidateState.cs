using System.Text;
using RtcEngine.Ice.Candidates;
using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;
using RtcEngine.Primitives.Crypto;

namespace RtcEngine.Ice.Agent;

/// <summary>A local candidate with what the agent needs to send from it.</summary>
internal sealed class LocalCandidate(IceCandidate candidate, PeerAddress address, PeerAddress @base, ushort localPreference, IIceRelayChannel? relay)
{
    public IceCandidate Candidate { get; } = candidate;

    public IceCandidateType Type => Candidate.Type;

    /// <summary>The candidate's transport address (what the peer sees).</summary>
    public PeerAddress Address { get; } = address;

    /// <summary>The local socket address it sends from (equal to <see cref="Address"/> for host candidates).</summary>
    public PeerAddress Base { get; } = @base;

    public ushort LocalPreference { get; } = localPreference;

    public uint Priority => Candidate.Priority;

    /// <summary>The priority a peer-reflexive candidate learned from our checks would get (the PRIORITY attribute).</summary>
    public uint PeerReflexivePriority { get; } = IceCandidate.ComputePriority(IceCandidateType.PeerReflexive, localPreference, 1);

    /// <summary>The TURN allocation behind a relay candidate; null for host candidates.</summary>
    public IIceRelayChannel? Relay { get; } = relay;

    /// <summary>
    /// The local address datagrams for this candidate arrive on: the socket for a host candidate,
    /// the relayed address for a relay candidate (after the channel unwrapped them).
    /// </summary>
    public PeerAddress ReceiveAddress => Relay is null ? Base : Address;
}

/// <summary>A remote candidate: signalled, or peer-reflexive (learned from a check).</summary>
internal sealed class RemoteCandidate(IceCandidate candidate, PeerAddress address)
{
    public IceCandidate Candidate { get; set; } = candidate;

    public PeerAddress Address { get; } = address;

    public uint Priority => Candidate.Priority;

    public IceCandidateType Type => Candidate.Type;
}

/// <summary>
/// One generation of credentials: ours, and the peer's once known, with their keyed-once HMACs
/// (keyed once per password, so a check costs one HMAC computation, not a key schedule).
/// </summary>
internal sealed class IceGeneration : IDisposable
{
    public IceGeneration(IceCredentials local)
    {
        Local = local;
        LocalKey = new HmacSha1(StunIntegrity.ShortTermKey(local.Password));
        LocalUfrag = Encoding.UTF8.GetBytes(local.Ufrag);
    }

    public IceCredentials Local { get; }

    /// <summary>Verifies incoming requests and signs our responses.</summary>
    public HmacSha1 LocalKey { get; }

    public byte[] LocalUfrag { get; }

    public IceCredentials? Remote { get; private set; }

    /// <summary>Signs our requests and verifies the peer's responses; null until the remote credentials are known.</summary>
    public HmacSha1? RemoteKey { get; private set; }

    public byte[] RemoteUfrag { get; private set; } = [];

    /// <summary>USERNAME of our requests: "RFRAG:LFRAG" from the peer's point of view, i.e. remote ufrag first.</summary>
    public byte[] RequestUsername { get; private set; } = [];

    public bool RemoteIsLite { get; private set; }

    public void SetRemote(IceCredentials remote, bool remoteIsLite)
    {
        RemoteKey?.Dispose();
        Remote = remote;
        RemoteIsLite = remoteIsLite;
        RemoteKey = new HmacSha1(StunIntegrity.ShortTermKey(remote.Password));
        RemoteUfrag = Encoding.UTF8.GetBytes(remote.Ufrag);
        RequestUsername = Encoding.UTF8.GetBytes($"{remote.Ufrag}:{Local.Ufrag}");
    }

    public void Dispose()
    {
        LocalKey.Dispose();
        RemoteKey?.Dispose();
    }
}

/// <summary>
/// The seam for TURN (issue 4, same assembly): a relay allocation that a relay candidate sends
/// through. The agent writes a STUN check or application payload at <see cref="IceAgent.SendHeadroom"/>
/// and asks the channel to frame it (ChannelData or a Send indication); datagrams from the TURN
/// server are handed to <see cref="TryUnwrap"/>, and what a peer sent through the relay comes back
/// as if it arrived on the relayed address.
/// </summary>
internal interface IIceRelayChannel
{
    /// <summary>The local socket that talks to the TURN server.</summary>
    PeerAddress LocalBase { get; }

    /// <summary>The TURN server's address.</summary>
    PeerAddress ServerAddress { get; }

    /// <summary>The relayed transport address (the relay candidate's address).</summary>
    PeerAddress RelayedAddress { get; }

    /// <summary>The transport to the TURN server: what the framed datagrams' <see cref="TransmitInfo.Protocol"/> says.</summary>
    TransportProtocol Protocol => TransportProtocol.Udp;

    /// <summary>A pair with <paramref name="peer"/> was formed on this relay: the channel may ask for a permission ahead of the first check.</summary>
    void PreparePeer(PeerAddress peer)
    {
    }

    /// <summary>
    /// Frames the payload at <paramref name="payloadOffset"/> for <paramref name="peer"/>, writing
    /// into the headroom before it (and up to <see cref="IceAgent.SendTailroom"/> bytes after it).
    /// </summary>
    bool TryWrap(Span<byte> buffer, int payloadOffset, int payloadLength, PeerAddress peer, out int start, out int length);

    /// <summary>
    /// Looks at a datagram from the TURN server: true with the peer and the payload's place when it
    /// carried a peer's datagram (ChannelData or a Data indication); false when it was the relay's
    /// own traffic (consumed) or garbage (dropped and counted by the channel).
    /// </summary>
    bool TryUnwrap(Span<byte> datagram, out PeerAddress peer, out int payloadOffset, out int payloadLength);
}
