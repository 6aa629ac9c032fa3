using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;

namespace RtcEngine.Ice.Turn;

/// <summary>
/// Something a <see cref="TurnClient"/> reports through <see cref="TurnClient.TryPollEvent"/>. Events
/// are rare (creation, failure), so they are small immutable records (thread-safe); refreshes that
/// succeed are only counted (<see cref="TurnClientCounters"/>), so a steady allocation allocates nothing.
/// </summary>
public abstract record TurnEvent;

/// <summary>The allocation exists: the relayed address can be signalled as a relay candidate.</summary>
/// <param name="RelayedAddress">The relayed transport address (XOR-RELAYED-ADDRESS).</param>
/// <param name="MappedAddress">The client's address as the server saw it (XOR-MAPPED-ADDRESS), or <see cref="PeerAddress.None"/>.</param>
/// <param name="Lifetime">The lifetime the server granted.</param>
public sealed record TurnAllocatedEvent(PeerAddress RelayedAddress, PeerAddress MappedAddress, TimeSpan Lifetime) : TurnEvent;

/// <summary>
/// The allocation failed (Allocate was refused or not answered) or was lost later (a refresh was
/// refused, or not answered before the allocation expired). Terminal: make a new client to retry.
/// </summary>
/// <param name="Method">The request that failed: <see cref="StunMethod.Allocate"/> or <see cref="StunMethod.Refresh"/>.</param>
/// <param name="ErrorCode">The STUN error code (401 wrong credentials, 486 quota, ...), or <see cref="TurnErrorCodes.Timeout"/> when the server did not answer.</param>
/// <param name="Reason">What went wrong, for people.</param>
/// <param name="WasAllocated">Whether an allocation existed (it was lost) or never came to be.</param>
public sealed record TurnAllocationFailedEvent(StunMethod Method, int ErrorCode, string Reason, bool WasAllocated) : TurnEvent;

/// <summary>A permission for a peer's IP address was installed (RFC 8656 section 9); reported once per address.</summary>
/// <param name="Peer">The peer address the permission was asked for (the port does not matter to a permission).</param>
public sealed record TurnPermissionCreatedEvent(PeerAddress Peer) : TurnEvent;

/// <summary>A channel was bound to a peer (RFC 8656 section 12): data to and from it now uses ChannelData.</summary>
/// <param name="Peer">The peer's transport address.</param>
/// <param name="ChannelNumber">The channel number (0x4000..0x4FFF).</param>
public sealed record TurnChannelBoundEvent(PeerAddress Peer, ushort ChannelNumber) : TurnEvent;

/// <summary>
/// A CreatePermission or ChannelBind failed for one peer (403 Forbidden for a peer the server
/// refuses, a timeout, ...). The allocation carries on; data for that peer is dropped (no
/// permission) or keeps using Send indications (no channel).
/// </summary>
/// <param name="Method">The request that failed.</param>
/// <param name="Peer">The peer it was for.</param>
/// <param name="ErrorCode">The STUN error code, or <see cref="TurnErrorCodes.Timeout"/>.</param>
/// <param name="Reason">What went wrong, for people.</param>
public sealed record TurnPeerRequestFailedEvent(StunMethod Method, PeerAddress Peer, int ErrorCode, string Reason) : TurnEvent;

/// <summary>The allocation was released (Refresh with lifetime 0 answered or given up on) after <see cref="TurnClient.Close"/>.</summary>
public sealed record TurnClosedEvent : TurnEvent;

/// <summary>Error codes a <see cref="TurnClient"/> reports besides the server's STUN codes.</summary>
public static class TurnErrorCodes
{
    /// <summary>No answer from the server (the code W3C <c>icecandidateerror</c> uses for an unreachable server).</summary>
    public const int Timeout = 701;

    /// <summary>A request could not be written: the server's REALM and NONCE left no room in a datagram (local, never on the wire).</summary>
    public const int RequestTooLarge = 702;
}
