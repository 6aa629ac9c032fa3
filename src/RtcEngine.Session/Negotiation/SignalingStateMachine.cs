namespace RtcEngine.Session;

/// <summary>
/// The JSEP signalling state machine (RFC 9429 section 3.2, W3C 4.3.1): which description may be
/// applied in which state, and where it leads. A refused transition leaves the state unchanged.
/// </summary>
/// <remarks>Not thread-safe; owned by the connection.</remarks>
public sealed class SignalingStateMachine
{
    /// <summary>The current state.</summary>
    public RtcSignalingState State { get; private set; } = RtcSignalingState.Stable;

    /// <summary>The state a local description of <paramref name="type"/> leads to, or null if it may not be applied now.</summary>
    public RtcSignalingState? NextForLocal(RtcSdpType type) => (State, type) switch
    {
        (RtcSignalingState.Stable or RtcSignalingState.HaveLocalOffer, RtcSdpType.Offer) => RtcSignalingState.HaveLocalOffer,
        (RtcSignalingState.HaveRemoteOffer or RtcSignalingState.HaveLocalPranswer, RtcSdpType.Answer) => RtcSignalingState.Stable,
        (RtcSignalingState.HaveRemoteOffer or RtcSignalingState.HaveLocalPranswer, RtcSdpType.Pranswer) => RtcSignalingState.HaveLocalPranswer,
        (RtcSignalingState.HaveLocalOffer, RtcSdpType.Rollback) => RtcSignalingState.Stable,
        _ => null,
    };

    /// <summary>The state a remote description of <paramref name="type"/> leads to, or null if it may not be applied now.</summary>
    public RtcSignalingState? NextForRemote(RtcSdpType type) => (State, type) switch
    {
        (RtcSignalingState.Stable or RtcSignalingState.HaveRemoteOffer, RtcSdpType.Offer) => RtcSignalingState.HaveRemoteOffer,
        (RtcSignalingState.HaveLocalOffer or RtcSignalingState.HaveRemotePranswer, RtcSdpType.Answer) => RtcSignalingState.Stable,
        (RtcSignalingState.HaveLocalOffer or RtcSignalingState.HaveRemotePranswer, RtcSdpType.Pranswer) => RtcSignalingState.HaveRemotePranswer,
        (RtcSignalingState.HaveRemoteOffer, RtcSdpType.Rollback) => RtcSignalingState.Stable,
        _ => null,
    };

    /// <summary>Applies a local description's transition; throws <see cref="InvalidOperationException"/> when not allowed.</summary>
    public RtcSignalingState ApplyLocal(RtcSdpType type) =>
        State = NextForLocal(type) ?? throw new InvalidOperationException($"Cannot set a local {type} in signalling state {State}.");

    /// <summary>Applies a remote description's transition; throws <see cref="InvalidOperationException"/> when not allowed.</summary>
    public RtcSignalingState ApplyRemote(RtcSdpType type) =>
        State = NextForRemote(type) ?? throw new InvalidOperationException($"Cannot set a remote {type} in signalling state {State}.");

    /// <summary>Moves to <see cref="RtcSignalingState.Closed"/> for good.</summary>
    public void Close() => State = RtcSignalingState.Closed;
}
