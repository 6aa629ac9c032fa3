using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;

namespace RtcEngine.Ice.Turn;

/// <summary>Where a <see cref="TurnClient"/>'s allocation stands.</summary>
public enum TurnAllocationState : byte
{
    /// <summary>Nothing asked yet: call <see cref="TurnClient.Allocate"/>.</summary>
    New,

    /// <summary>Allocate sent (the 401 challenge and the authenticated retry included); no answer yet.</summary>
    Allocating,

    /// <summary>The allocation exists and is kept alive by refreshes.</summary>
    Allocated,

    /// <summary>Refresh with lifetime 0 sent after <see cref="TurnClient.Close"/>; waiting for the answer.</summary>
    Closing,

    /// <summary>Released (or never made) after <see cref="TurnClient.Close"/>. Terminal.</summary>
    Closed,

    /// <summary>Allocate was refused or not answered, or the allocation was lost. Terminal.</summary>
    Failed,
}

/// <summary>What <see cref="TurnClient.Receive"/> did with a datagram from the server.</summary>
public enum TurnReceiveResult : byte
{
    /// <summary>A peer's data (Data indication or ChannelData): handed back with the peer's address.</summary>
    PeerData,

    /// <summary>The client's own traffic (a response to one of its requests): consumed.</summary>
    Consumed,

    /// <summary>Not TURN traffic this client handles (a Binding message, DTLS, ...): left to the caller.</summary>
    NotTurn,

    /// <summary>Dropped and counted (malformed, forged, unknown transaction or channel, no permission).</summary>
    Dropped,
}

/// <summary>The requests a client makes.</summary>
internal enum TurnRequestKind : byte
{
    Allocate,
    Refresh,
    CreatePermission,
    ChannelBind,
}

/// <summary>
/// One request in flight: its id, retransmission schedule, and what it is for. Each allocation,
/// permission and channel owns one, reused for every request it makes (one outstanding at a time).
/// </summary>
internal sealed class TurnTransaction(TurnRequestKind kind)
{
    public TurnRequestKind Kind { get; set; } = kind;

    public StunTransactionId Id { get; set; }

    /// <summary>A request is outstanding (sent or about to be).</summary>
    public bool InFlight { get; set; }

    /// <summary>In the client's outbox (written at the next poll).</summary>
    public bool Queued { get; set; }

    public int Transmissions { get; set; }

    public TimeSpan Rto { get; set; }

    /// <summary>The next retransmission over UDP, or the deadline for an answer over a stream (or after the last transmission).</summary>
    public MonoTime NextRetransmit { get; set; } = MonoTime.Never;

    /// <summary>Whether the request carried our credentials (a 401 to it means they are wrong).</summary>
    public bool Authenticated { get; set; }

    /// <summary>438 retries of this request, capped so a server cannot make us loop.</summary>
    public int StaleNonceRetries { get; set; }

    /// <summary>For Refresh: the LIFETIME asked for, in seconds (0 deletes the allocation).</summary>
    public uint Lifetime { get; set; }

    /// <summary>For CreatePermission: the permission it installs or refreshes.</summary>
    public TurnPermission? Permission { get; init; }

    /// <summary>For ChannelBind: the channel it binds or refreshes.</summary>
    public TurnChannel? Channel { get; init; }

    public StunMethod Method => Kind switch
    {
        TurnRequestKind.Allocate => StunMethod.Allocate,
        TurnRequestKind.Refresh => StunMethod.Refresh,
        TurnRequestKind.CreatePermission => StunMethod.CreatePermission,
        _ => StunMethod.ChannelBind,
    };
}

/// <summary>States of a permission or a channel.</summary>
internal enum TurnBindingState : byte
{
    /// <summary>Asked for; no success yet.</summary>
    Pending,

    /// <summary>Installed (or bound) and not expired.</summary>
    Active,

    /// <summary>Refused or not answered: not asked for again automatically.</summary>
    Failed,
}

/// <summary>A permission for one peer IP address (RFC 8656 section 9): any port of that address may send to us.</summary>
internal sealed class TurnPermission
{
    public TurnPermission(PeerAddress peer)
    {
        Peer = peer;
        Transaction = new TurnTransaction(TurnRequestKind.CreatePermission) { Permission = this };
    }

    /// <summary>The peer the permission was first asked for (its IP is what counts).</summary>
    public PeerAddress Peer { get; }

    public TurnBindingState State { get; set; }

    public TurnTransaction Transaction { get; }

    public MonoTime Expires { get; set; } = MonoTime.Never;

    public MonoTime RefreshAt { get; set; } = MonoTime.Never;

    /// <summary>Data went to or came from the address since the last refresh: refresh it again.</summary>
    public bool Used { get; set; }

    /// <summary>The creation was reported (once).</summary>
    public bool Reported { get; set; }

    public bool Covers(PeerAddress address) => Peer.SameAddress(address);
}

/// <summary>A channel bound to one peer transport address (RFC 8656 section 12).</summary>
internal sealed class TurnChannel
{
    public TurnChannel(ushort number, PeerAddress peer, TurnPermission permission)
    {
        Number = number;
        Peer = peer;
        Permission = permission;
        Transaction = new TurnTransaction(TurnRequestKind.ChannelBind) { Channel = this };
    }

    public ushort Number { get; }

    public PeerAddress Peer { get; }

    /// <summary>The permission of the peer's address, which a ChannelBind also refreshes.</summary>
    public TurnPermission Permission { get; }

    public TurnBindingState State { get; set; }

    public TurnTransaction Transaction { get; }

    public MonoTime Expires { get; set; } = MonoTime.Never;

    public MonoTime RefreshAt { get; set; } = MonoTime.Never;

    public bool Used { get; set; }

    public bool Reported { get; set; }
}
