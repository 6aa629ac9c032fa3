namespace RtcEngine.Ice.Turn;

/// <summary>
/// What a <see cref="TurnClient"/> sent, received and dropped, with a reason per drop. Plain counters
/// read without allocating; owned and written by the client's thread (read them there, or accept torn reads).
/// </summary>
public sealed class TurnClientCounters
{
    /// <summary>Requests sent (Allocate, Refresh, CreatePermission, ChannelBind), first transmissions only.</summary>
    public long RequestsSent { get; internal set; }

    /// <summary>Retransmissions of requests over UDP.</summary>
    public long Retransmissions { get; internal set; }

    /// <summary>Responses matched to one of our requests and accepted.</summary>
    public long ResponsesReceived { get; internal set; }

    /// <summary>Requests repeated after a 401 challenge (the first Allocate, and again if the server asks).</summary>
    public long AuthenticationChallenges { get; internal set; }

    /// <summary>Requests repeated with a fresh nonce after 438 Stale Nonce.</summary>
    public long StaleNonceRetries { get; internal set; }

    /// <summary>Allocation refreshes that succeeded.</summary>
    public long AllocationRefreshes { get; internal set; }

    /// <summary>Permission refreshes that succeeded (CreatePermission for an installed permission).</summary>
    public long PermissionRefreshes { get; internal set; }

    /// <summary>Channel refreshes that succeeded (ChannelBind for a bound channel).</summary>
    public long ChannelRefreshes { get; internal set; }

    /// <summary>Data sent to peers in Send indications.</summary>
    public long SendIndicationsSent { get; internal set; }

    /// <summary>Data sent to peers in ChannelData messages.</summary>
    public long ChannelDataSent { get; internal set; }

    /// <summary>Peer data received in Data indications.</summary>
    public long DataIndicationsReceived { get; internal set; }

    /// <summary>Peer data received in ChannelData messages.</summary>
    public long ChannelDataReceived { get; internal set; }

    /// <summary>Dropped: not a valid STUN or ChannelData message.</summary>
    public long DroppedMalformed { get; internal set; }

    /// <summary>Dropped: FINGERPRINT present but wrong.</summary>
    public long DroppedBadFingerprint { get; internal set; }

    /// <summary>Dropped: a response whose transaction id matches no outstanding request.</summary>
    public long DroppedUnknownTransaction { get; internal set; }

    /// <summary>Dropped: a success response without valid MESSAGE-INTEGRITY, or an error response with a wrong one (forgeries).</summary>
    public long DroppedBadIntegrity { get; internal set; }

    /// <summary>Dropped: a success response missing an attribute it must carry (XOR-RELAYED-ADDRESS), or a challenge without REALM and NONCE.</summary>
    public long DroppedIncompleteResponse { get; internal set; }

    /// <summary>Dropped: a Data indication from a peer without a permission.</summary>
    public long DroppedNoPermission { get; internal set; }

    /// <summary>Dropped: ChannelData on a channel we did not bind.</summary>
    public long DroppedUnknownChannel { get; internal set; }

    /// <summary>Dropped: STUN from the server that a client does not act on (requests, other indications).</summary>
    public long DroppedUnexpected { get; internal set; }

    /// <summary>Outgoing data refused: no allocation (not yet, failed or closed).</summary>
    public long SendRefusedNotAllocated { get; internal set; }

    /// <summary>Outgoing data refused: the peer's permission failed, or the permission table is full.</summary>
    public long SendRefusedNoPermission { get; internal set; }

    /// <summary>Permissions not created because <see cref="TurnClientOptions.MaxPermissions"/> was reached.</summary>
    public long PermissionsOverLimit { get; internal set; }

    /// <summary>Channels not bound because <see cref="TurnClientOptions.MaxChannels"/> was reached or the numbers ran out.</summary>
    public long ChannelsOverLimit { get; internal set; }

    /// <summary>Requests that could not be written (an attribute did not fit the datagram): failed at once.</summary>
    public long RequestsTooLarge { get; internal set; }
}
