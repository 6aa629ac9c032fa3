using RtcEngine.Ice.Candidates;
using RtcEngine.Ice.Configuration;
using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;

namespace RtcEngine.Ice.Agent;

/// <summary>
/// Something the agent reports through <see cref="IceAgent.TryPollEvent"/>. Events are rare (a few
/// per connection), so they are small immutable records (thread-safe); match on the derived type.
/// </summary>
public abstract record IceEvent;

/// <summary>A local candidate was gathered: signal <see cref="Candidate"/>'s <c>ToString()</c> to the peer.</summary>
/// <param name="Candidate">The candidate, formattable as an SDP <c>candidate:</c> line.</param>
/// <param name="Base">The local socket address it is sent from.</param>
public sealed record IceCandidateGatheredEvent(IceCandidate Candidate, PeerAddress Base) : IceEvent;

/// <summary>Gathering finished: signal end-of-candidates.</summary>
public sealed record IceGatheringCompleteEvent : IceEvent;

/// <summary>The connection state changed (each transition once).</summary>
/// <param name="State">The new state.</param>
/// <param name="Previous">The state before.</param>
public sealed record IceConnectionStateChangedEvent(IceConnectionState State, IceConnectionState Previous) : IceEvent;

/// <summary>The pair application data is sent on changed.</summary>
/// <param name="Pair">The new selected pair.</param>
public sealed record IceSelectedPairChangedEvent(IceCandidatePairInfo Pair) : IceEvent;

/// <summary>The role changed: a 487 role conflict, or a lite peer made this agent controlling.</summary>
/// <param name="Role">The new role.</param>
public sealed record IceRoleChangedEvent(IceRole Role) : IceEvent;

/// <summary>
/// The local credentials changed (an ICE restart, asked for or started by the peer's new credentials):
/// signal them in the next offer or answer.
/// </summary>
/// <param name="Credentials">The new local credentials.</param>
public sealed record IceLocalCredentialsChangedEvent(IceCredentials Credentials) : IceEvent;

/// <summary>A STUN server answered a binding request (whether or not the mapped address made a new candidate).</summary>
/// <param name="Server">The server.</param>
/// <param name="Base">The local socket the request left from.</param>
/// <param name="MappedAddress">The server-reflexive address the server saw.</param>
public sealed record IceStunServerRespondedEvent(PeerAddress Server, PeerAddress Base, PeerAddress MappedAddress) : IceEvent;

/// <summary>A STUN server failed: an error response, or no answer (code 701, as W3C <c>icecandidateerror</c> uses).</summary>
/// <param name="Server">The server.</param>
/// <param name="Base">The local socket the request left from.</param>
/// <param name="ErrorCode">The STUN error code, or 701 for no answer.</param>
/// <param name="Reason">The reason phrase.</param>
public sealed record IceStunServerErrorEvent(PeerAddress Server, PeerAddress Base, int ErrorCode, string Reason) : IceEvent
{
    /// <summary>The code W3C uses for a server that did not answer.</summary>
    public const int Unreachable = 701;
}

/// <summary>
/// A TURN server gave the agent an allocation; its relay candidate follows (<see cref="IceCandidateGatheredEvent"/>).
/// </summary>
/// <param name="Server">The server.</param>
/// <param name="RelayedAddress">The relayed address (the relay candidate's address).</param>
/// <param name="MappedAddress">The agent's address as the server saw it, or <see cref="PeerAddress.None"/>.</param>
public sealed record IceTurnAllocatedEvent(IceTurnServer Server, PeerAddress RelayedAddress, PeerAddress MappedAddress) : IceEvent;

/// <summary>
/// A TURN server failed; other candidates carry on. <see cref="Method"/> says what failed:
/// <see cref="StunMethod.Allocate"/> during gathering (no relay candidate from this server),
/// <see cref="StunMethod.Refresh"/> when an allocation was lost later, <see cref="StunMethod.CreatePermission"/>
/// or <see cref="StunMethod.ChannelBind"/> for one peer.
/// </summary>
/// <param name="Server">The server (its URL when it came from one).</param>
/// <param name="Method">The request that failed.</param>
/// <param name="ErrorCode">The STUN error code (401 wrong credentials, 486 quota, 403 forbidden peer, ...), or 701 when the server did not answer.</param>
/// <param name="Reason">What went wrong, for people.</param>
public sealed record IceTurnServerErrorEvent(IceTurnServer Server, StunMethod Method, int ErrorCode, string Reason) : IceEvent
{
    /// <summary>The code W3C uses for a server that did not answer.</summary>
    public const int Unreachable = 701;
}

/// <summary>A candidate pair, as the agent reports it.</summary>
/// <param name="Local">The local candidate (for a pair on a server-reflexive candidate, its host base).</param>
/// <param name="Remote">The remote candidate (peer-reflexive when learned from a check).</param>
/// <param name="LocalAddress">The local socket data leaves from (the base).</param>
/// <param name="RemoteAddress">The remote address data goes to.</param>
/// <param name="State">The pair's state.</param>
/// <param name="Nominated">Whether the pair is nominated.</param>
/// <param name="Priority">The pair priority (RFC 8445 section 6.1.2.3).</param>
public sealed record IceCandidatePairInfo(
    IceCandidate Local,
    IceCandidate Remote,
    PeerAddress LocalAddress,
    PeerAddress RemoteAddress,
    IceCandidatePairState State,
    bool Nominated,
    ulong Priority)
{
    /// <summary>The latest round-trip time of a check or consent check answered on its first transmission, or null.</summary>
    public TimeSpan? CurrentRoundTripTime { get; init; }

    /// <summary>The sum of every round-trip time measured (W3C <c>totalRoundTripTime</c>).</summary>
    public TimeSpan TotalRoundTripTime { get; init; }

    /// <summary>Checks and consent checks sent on the pair.</summary>
    public long RequestsSent { get; init; }

    /// <summary>Authenticated checks received on the pair.</summary>
    public long RequestsReceived { get; init; }

    /// <summary>Authenticated responses received on the pair.</summary>
    public long ResponsesReceived { get; init; }
}
