using RtcEngine.Dtls;
using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Configuration;
using RtcEngine.Primitives;
using RtcEngine.Sdp.Jsep;

namespace RtcEngine.Session;

/// <summary>Which DTLS role the engine takes when it answers an offer that says <c>a=setup:actpass</c>.</summary>
public enum RtcAnswerDtlsRole
{
    /// <summary><c>a=setup:active</c>: the engine is the DTLS client (the JSEP default, RFC 9429 section 5.3.1).</summary>
    Client,

    /// <summary><c>a=setup:passive</c>: the engine is the DTLS server.</summary>
    Server,
}

/// <summary>
/// How a connection is set up (the W3C <c>RTCConfiguration</c>, plus what a server needs to say).
/// </summary>
/// <remarks>Immutable once given to a connection (init-only); thread-safe.</remarks>
public sealed class RtcConfiguration
{
    /// <summary>STUN servers by address, for server-reflexive candidates (in addition to <see cref="IceServers"/>).</summary>
    public IReadOnlyList<PeerAddress> StunServers { get; init; } = [];

    /// <summary>
    /// STUN and TURN servers in the W3C shape (<c>urls</c> as one string or a list,
    /// <c>username</c>, <c>credential</c>; <c>IceServer.FromJson</c> loads Cloudflare's TURN
    /// credential response as is). TURN servers give relay candidates over UDP, TCP or TLS.
    /// </summary>
    public IReadOnlyList<IceServer> IceServers { get; init; } = [];

    /// <summary>Resolves host names in <see cref="IceServers"/> URLs (IP literals need none).</summary>
    public IceServerHostResolver? IceServerResolver { get; init; }

    /// <summary>W3C <c>iceTransportPolicy</c>: all candidates, or relay candidates only.</summary>
    public IceTransportPolicy IceTransportPolicy { get; init; } = IceTransportPolicy.All;

    /// <summary>The DTLS certificate; null to generate an ECDSA P-256 one per connection. Reusable across connections.</summary>
    public DtlsCertificate? Certificate { get; init; }

    /// <summary>SRTP protection profiles in preference order (offered as a DTLS client, chosen from as a server).</summary>
    public IReadOnlyList<SrtpProtectionProfile> SrtpProfiles { get; init; } = DtlsEndpointOptions.DefaultSrtpProfiles;

    /// <summary>The DTLS role when answering an <c>actpass</c> offer.</summary>
    public RtcAnswerDtlsRole AnswerDtlsRole { get; init; } = RtcAnswerDtlsRole.Client;

    /// <summary>
    /// Codecs and header extensions the engine supports, per media kind. Data channels are off: an
    /// offered <c>m=application</c> is answered as rejected (port 0) until the data-channel layer exists.
    /// </summary>
    public JsepCapabilities Capabilities { get; init; } = JsepCapabilities.Default with { DataChannels = false };

    /// <summary>Whether the engine runs ICE-lite (answers checks, sends none; for servers with public addresses).</summary>
    public bool IceLite { get; init; }

    /// <summary>The DTLS path MTU budget.</summary>
    public int DtlsMtu { get; init; } = DatagramLimits.DefaultMtu;

    /// <summary>Where every random value comes from (credentials, SSRCs, sequence numbers); seeded in tests.</summary>
    public IRandomSource Random { get; init; } = CryptoRandomSource.Shared;

    /// <summary>Maps monotonic time to wall-clock time for RTCP and abs-send-time; the Unix epoch at time zero when not given.</summary>
    public WallClockAnchor WallClock { get; init; } = new(MonoTime.Zero, DateTimeOffset.UnixEpoch);

    /// <summary>How many protected packets may wait for the host to drain them before sends are refused.</summary>
    public int OutboundQueueCapacity { get; init; } = 512;

    /// <summary>
    /// Whether offers and answers carry the local candidates gathered so far (and end-of-candidates
    /// once gathering is complete): the non-trickle style, and the default. With false,
    /// descriptions carry no candidates; they arrive as <see cref="RtcIceCandidateEvent"/>s after
    /// <see cref="RtcConnection.SetLocalDescription"/>, to be trickled (RFC 8838).
    /// </summary>
    public bool CandidatesInDescriptions { get; init; } = true;

    /// <summary>The RTCP CNAME; null to draw one from <see cref="Random"/>.</summary>
    public string? Cname { get; init; }
}
