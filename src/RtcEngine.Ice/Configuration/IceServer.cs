using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RtcEngine.Ice.Configuration;

/// <summary>
/// One entry of a W3C <c>RTCConfiguration.iceServers</c> list: <c>urls</c> (one string or a list),
/// and for TURN the <c>username</c> and <c>credential</c>. JSON in that shape loads as is, including
/// what Cloudflare's TURN credential API returns (see <see cref="FromJson(string)"/>).
/// </summary>
/// <remarks>
/// Immutable (init-only); thread-safe. <see cref="ToString"/> never shows the credential. Host
/// names in the URLs are resolved by the caller (<see cref="Resolve"/> takes a resolver; IP
/// literals need none).
/// </remarks>
/// <example>
/// <code>
/// IReadOnlyList&lt;IceServer&gt; servers = IceServer.FromJson(cloudflareResponseBody);
/// IceServerSet set = IceServer.Resolve(servers, resolver, url =&gt; url.Port != 53);
/// var options = new IceAgentOptions { HostAddresses = [socket], StunServers = set.StunServers, TurnServers = set.TurnServers };
/// </code>
/// </example>
public sealed class IceServer
{
    /// <summary>The server's URLs (<c>stun:</c>, <c>stuns:</c>, <c>turn:</c>, <c>turns:</c>); JSON gives one string or a list.</summary>
    [JsonPropertyName("urls")]
    [JsonConverter(typeof(IceServerUrlsJsonConverter))]
    public IReadOnlyList<string> Urls { get; init; } = [];

    /// <summary>The TURN username.</summary>
    [JsonPropertyName("username")]
    public string? Username { get; init; }

    /// <summary>The TURN password.</summary>
    [JsonPropertyName("credential")]
    public string? Credential { get; init; }

    /// <summary>
    /// Loads ICE servers from JSON in any of the shapes seen in the field: a list of servers
    /// (<c>[{"urls": ...}]</c>), an object with <c>iceServers</c> as a list (W3C
    /// <c>RTCConfiguration</c>, Cloudflare's <c>generate-ice-servers</c>) or as one object (Cloudflare's
    /// legacy <c>generate</c>), or a single server object. Unknown properties are ignored.
    /// </summary>
    /// <exception cref="JsonException">The JSON is malformed or has none of these shapes.</exception>
    public static IReadOnlyList<IceServer> FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return FromJson(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Loads ICE servers from UTF-8 JSON (see <see cref="FromJson(string)"/>).</summary>
    public static IReadOnlyList<IceServer> FromJson(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!reader.Read())
        {
            throw new JsonException("The ICE server JSON is empty.");
        }

        if (reader.TokenType == JsonTokenType.StartArray)
        {
            return IceServerListJsonConverter.ReadList(ref reader);
        }

        IceServerDocument document = JsonSerializer.Deserialize(ref reader, IceServerJsonContext.Default.IceServerDocument)
            ?? throw new JsonException("The ICE server JSON is null.");
        if (document.IceServers is { } servers)
        {
            return servers;
        }

        if (document.Urls is { Count: > 0 } urls)
        {
            return [new IceServer { Urls = urls, Username = document.Username, Credential = document.Credential }];
        }

        throw new JsonException("The JSON has neither 'iceServers' nor 'urls'.");
    }

    /// <summary>Writes servers as a W3C <c>iceServers</c> JSON list (credentials included: this is configuration).</summary>
    public static string ToJson(IEnumerable<IceServer> servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        return JsonSerializer.Serialize(servers.ToList(), IceServerJsonContext.Default.ListIceServer);
    }

    /// <summary>Parses every URL; throws <see cref="FormatException"/> naming the first invalid one.</summary>
    public IReadOnlyList<IceServerUrl> ParseUrls() => Urls.Select(IceServerUrl.Parse).ToList();

    /// <summary>
    /// Checks the entry as W3C <c>RTCPeerConnection</c> does: at least one URL, every URL valid, and
    /// TURN URLs with a username and credential. Throws <see cref="FormatException"/> (a bad URL) or
    /// <see cref="ArgumentException"/> (missing credentials).
    /// </summary>
    public void Validate()
    {
        if (Urls is not { Count: > 0 })
        {
            throw new ArgumentException("An ICE server needs at least one URL.", nameof(Urls));
        }

        foreach (IceServerUrl url in ParseUrls())
        {
            if (url.IsTurn && (Username is null || Credential is null))
            {
                throw new ArgumentException($"TURN URL '{url}' needs a username and a credential.", nameof(Credential));
            }
        }
    }

    /// <summary>
    /// Splits servers into what an agent takes (<see cref="Agent.IceAgentOptions.StunServers"/> and
    /// <see cref="Agent.IceAgentOptions.TurnServers"/>): IP literals are used as they are; host names go
    /// to <paramref name="resolver"/> (skipped when there is none or it has no answer). URLs the agent
    /// cannot use (<c>stuns:</c>, TURN without credentials) and those <paramref name="include"/>
    /// rejects are skipped; every skip is listed with its reason in <see cref="IceServerSet.Skipped"/>.
    /// Duplicates are kept once (a TURN server once per address and transport, with the first credentials).
    /// </summary>
    /// <param name="servers">The servers, for example from <see cref="FromJson(string)"/>.</param>
    /// <param name="resolver">Resolves host names; null to use IP literals only.</param>
    /// <param name="include">Keeps a URL when true; null keeps all (for example <c>url =&gt; url.Port != 53</c>).</param>
    /// <exception cref="FormatException">A URL is not a valid ICE server URL.</exception>
    public static IceServerSet Resolve(IEnumerable<IceServer> servers, IceServerHostResolver? resolver = null, Func<IceServerUrl, bool>? include = null)
    {
        ArgumentNullException.ThrowIfNull(servers);
        var stun = new List<Primitives.PeerAddress>();
        var turn = new List<IceTurnServer>();
        var skipped = new List<string>();
        foreach (IceServer server in servers)
        {
            ArgumentNullException.ThrowIfNull(server, nameof(servers));
            foreach (IceServerUrl url in server.ParseUrls())
            {
                if (include is not null && !include(url))
                {
                    skipped.Add($"{url}: excluded");
                    continue;
                }

                if (url.Scheme == IceServerScheme.Stuns)
                {
                    skipped.Add($"{url}: STUN over TLS is not supported");
                    continue;
                }

                if (url.IsTurn && (server.Username is null || server.Credential is null))
                {
                    skipped.Add($"{url}: TURN without a username and credential");
                    continue;
                }

                if (!url.TryGetAddress(out Primitives.PeerAddress address))
                {
                    if (resolver is null || !resolver(url.Host, out Primitives.PeerAddress resolved) || resolved.IsNone)
                    {
                        skipped.Add($"{url}: host name not resolved");
                        continue;
                    }

                    address = resolved.UnmapIPv4().WithPort(url.Port);
                }

                if (!url.IsTurn)
                {
                    if (!stun.Contains(address))
                    {
                        stun.Add(address);
                    }

                    continue;
                }

                // One allocation per server address and transport: the first credentials listed win.
                if (!turn.Exists(t => t.Address == address && t.Protocol == url.Transport))
                {
                    bool named = !System.Net.IPAddress.TryParse(url.Host, out _);
                    turn.Add(new IceTurnServer(address, url.Transport, server.Username!, server.Credential!)
                    {
                        ServerName = named ? url.Host : null,
                        Url = url.ToString(),
                    });
                }
            }
        }

        return new IceServerSet(stun, turn, skipped);
    }

    /// <summary>The URLs and whether credentials are set; never the credential itself.</summary>
    public override string ToString() =>
        $"{string.Join(", ", Urls)}{(Username is null ? string.Empty : $" (username {Username}, credential {(Credential is null ? "none" : "set")})")}";
}

/// <summary>Resolves a host name from an ICE server URL to an IP address (the port is ignored); false when unknown.</summary>
/// <param name="host">The host name, as written in the URL.</param>
/// <param name="address">The address.</param>
public delegate bool IceServerHostResolver(string host, out Primitives.PeerAddress address);

/// <summary>What <see cref="IceServer.Resolve"/> made of a server list: what an agent takes, and what was skipped and why.</summary>
/// <param name="StunServers">STUN servers for <see cref="Agent.IceAgentOptions.StunServers"/>.</param>
/// <param name="TurnServers">TURN servers for <see cref="Agent.IceAgentOptions.TurnServers"/>.</param>
/// <param name="Skipped">URLs not used, each with the reason.</param>
public sealed record IceServerSet(IReadOnlyList<Primitives.PeerAddress> StunServers, IReadOnlyList<IceTurnServer> TurnServers, IReadOnlyList<string> Skipped);
