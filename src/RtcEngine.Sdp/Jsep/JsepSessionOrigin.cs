using System.Globalization;
using RtcEngine.Primitives;

namespace RtcEngine.Sdp.Jsep;

/// <summary>
/// The <c>o=</c> line of one local session across negotiations (RFC 9429 section 5.2.1): a random
/// session id below 2^63 drawn once, and a version that goes up with each description built.
/// </summary>
/// <remarks>Not thread-safe: owned by the session.</remarks>
public sealed class JsepSessionOrigin
{
    private ulong _version;

    /// <summary>A new origin with an id drawn from <paramref name="random"/> and version 1 next.</summary>
    public JsepSessionOrigin(IRandomSource random)
        : this((random ?? throw new ArgumentNullException(nameof(random))).NextUInt64() & long.MaxValue, 0)
    {
    }

    /// <summary>An origin with a known id whose next description gets <paramref name="lastVersion"/> + 1.</summary>
    public JsepSessionOrigin(ulong sessionId, ulong lastVersion)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sessionId, (ulong)long.MaxValue);
        SessionId = sessionId;
        _version = lastVersion;
    }

    /// <summary>The session id.</summary>
    public ulong SessionId { get; }

    /// <summary>The version of the last description built (0 before the first).</summary>
    public ulong Version => _version;

    /// <summary>The origin line for the next description: <c>- &lt;id&gt; &lt;version+1&gt; IN IP4 127.0.0.1</c>.</summary>
    public SdpOrigin Next()
    {
        _version++;
        return new SdpOrigin("-", SessionId.ToString(CultureInfo.InvariantCulture), _version);
    }
}
