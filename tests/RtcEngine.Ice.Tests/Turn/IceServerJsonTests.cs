using System.Text.Json;
using RtcEngine.Ice.Configuration;
using RtcEngine.Primitives;
using Xunit;

namespace RtcEngine.Ice.Tests.Turn;

/// <summary>ICE servers from JSON as W3C and Cloudflare's TURN credential API give them, and their resolution for an agent.</summary>
public class IceServerJsonTests
{
    // POST .../credentials/generate-ice-servers (201), as in ../shared/reference/cloudflare-calls.md.
    private const string CloudflareResponse = """
        {"iceServers":[
          {"urls":["stun:stun.cloudflare.com:3478","stun:stun.cloudflare.com:53"]},
          {"urls":["turn:turn.cloudflare.com:3478?transport=udp","turn:turn.cloudflare.com:3478?transport=tcp",
                   "turns:turn.cloudflare.com:5349?transport=tcp","turn:turn.cloudflare.com:53?transport=udp",
                   "turn:turn.cloudflare.com:80?transport=tcp","turns:turn.cloudflare.com:443?transport=tcp"],
           "username":"bc91b63e2b5d759f8eb9f3b58ec22dfe","credential":"ebd71f1d3edbc2b0edae3cd5a6d82284aeb5c3b8fdaa9b8e3bf9cec683e0d45fe9f5b44e5145db3300f06c250a15b4a0"}]}
        """;

    // POST .../credentials/generate (legacy): iceServers is one object.
    private const string CloudflareLegacyResponse = """
        {"iceServers":{"urls":["stun:stun.cloudflare.com:3478","turn:turn.cloudflare.com:3478?transport=udp"],"username":"u","credential":"c"}}
        """;

    [Fact]
    public void Cloudflares_generate_ice_servers_response_loads_as_is()
    {
        IReadOnlyList<IceServer> servers = IceServer.FromJson(CloudflareResponse);
        Assert.Equal(2, servers.Count);
        Assert.Equal(["stun:stun.cloudflare.com:3478", "stun:stun.cloudflare.com:53"], servers[0].Urls);
        Assert.Null(servers[0].Username);
        Assert.Equal(6, servers[1].Urls.Count);
        Assert.Equal("bc91b63e2b5d759f8eb9f3b58ec22dfe", servers[1].Username);
        Assert.StartsWith("ebd71f1d", servers[1].Credential, StringComparison.Ordinal);
        Assert.All(servers, s => s.Validate());
        Assert.Equal(IceServerScheme.Turns, servers[1].ParseUrls()[5].Scheme);
    }

    [Fact]
    public void The_legacy_object_form_loads_too()
    {
        IceServer server = Assert.Single(IceServer.FromJson(CloudflareLegacyResponse));
        Assert.Equal(2, server.Urls.Count);
        Assert.Equal("u", server.Username);
    }

    [Theory]
    [InlineData("""[{"urls":"stun:127.0.0.1"}]""", 1)]
    [InlineData("""{"urls":"turn:127.0.0.1","username":"a","credential":"b"}""", 1)]
    [InlineData("""{"iceServers":[{"urls":"stun:a.example"},{"urls":["stun:b.example"],"credentialType":"password"}],"iceTransportPolicy":"relay"}""", 2)]
    [InlineData("""{"iceServers":[]}""", 0)]
    [InlineData("""/* comment */ [{"urls":["stun:a.example",],},]""", 1)]
    public void Lists_single_servers_and_configurations_load(string json, int count)
    {
        Assert.Equal(count, IceServer.FromJson(json).Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("42")]
    [InlineData("{}")]
    [InlineData("""{"iceServers":42}""")]
    [InlineData("""[{"urls":42}]""")]
    [InlineData("""[{"urls":[1]}]""")]
    [InlineData("""[42]""")]
    [InlineData("""{"iceServers":[""")]
    public void Malformed_json_throws_a_json_exception(string json)
    {
        Assert.ThrowsAny<JsonException>(() => IceServer.FromJson(json));
    }

    [Fact]
    public void Json_round_trips()
    {
        IReadOnlyList<IceServer> servers = IceServer.FromJson(CloudflareResponse);
        IReadOnlyList<IceServer> again = IceServer.FromJson(IceServer.ToJson(servers));
        Assert.Equal(servers.Select(s => string.Join(' ', s.Urls)), again.Select(s => string.Join(' ', s.Urls)));
        Assert.Equal(servers[1].Credential, again[1].Credential);
    }

    [Fact]
    public void Turn_without_credentials_fails_validation_and_the_text_form_hides_the_credential()
    {
        var server = new IceServer { Urls = ["turn:127.0.0.1"] };
        Assert.Throws<ArgumentException>(server.Validate);
        var withSecret = new IceServer { Urls = ["turn:127.0.0.1"], Username = "alice", Credential = "secret" };
        Assert.DoesNotContain("secret", withSecret.ToString(), StringComparison.Ordinal);
        Assert.Throws<FormatException>(new IceServer { Urls = ["nope:1"] }.Validate);
    }

    [Fact]
    public void Resolve_gives_stun_and_turn_servers_for_an_agent_with_host_names_through_the_resolver()
    {
        IReadOnlyList<IceServer> servers = IceServer.FromJson(CloudflareResponse);
        IceServerSet set = IceServer.Resolve(servers, Resolver, url => url.Port != 53);

        Assert.Equal([PeerAddress.Parse("192.0.2.1:3478")], set.StunServers);
        Assert.Equal(5, set.TurnServers.Count); // udp 3478, tcp 3478, tls 5349, tcp 80, tls 443
        IceTurnServer udp = set.TurnServers[0];
        Assert.Equal(PeerAddress.Parse("192.0.2.2:3478"), udp.Address);
        Assert.Equal(TransportProtocol.Udp, udp.Protocol);
        Assert.Equal("bc91b63e2b5d759f8eb9f3b58ec22dfe", udp.Username);
        Assert.Equal("turn.cloudflare.com", udp.ServerName);
        Assert.Equal("turn:turn.cloudflare.com:3478?transport=udp", udp.Url);
        Assert.Equal(TransportProtocol.Tcp, set.TurnServers[1].Protocol);
        Assert.Equal(TransportProtocol.Tls, set.TurnServers[2].Protocol);
        Assert.Equal((ushort)5349, set.TurnServers[2].Address.Port);
        Assert.Equal(2, set.Skipped.Count); // the two port-53 URLs
        Assert.DoesNotContain(set.TurnServers, t => t.ToString().Contains(t.Credential, StringComparison.Ordinal));

        static bool Resolver(string host, out PeerAddress address)
        {
            address = host switch
            {
                "stun.cloudflare.com" => PeerAddress.Parse("192.0.2.1:0"),
                "turn.cloudflare.com" => PeerAddress.Parse("192.0.2.2:0"),
                _ => PeerAddress.None,
            };
            return !address.IsNone;
        }
    }

    [Fact]
    public void Resolve_uses_ip_literals_without_a_resolver_and_lists_what_it_skipped()
    {
        IceServer[] servers =
        [
            new() { Urls = ["stun:127.0.0.1:3478", "stun:127.0.0.1:3478", "stuns:127.0.0.1"] },
            new() { Urls = ["turn:127.0.0.1:3478", "turn:127.0.0.1:3478?transport=tcp", "turn:turn.example.org"], Username = "alice", Credential = "secret" },
            new() { Urls = ["turn:127.0.0.1:3479"] },
        ];
        IceServerSet set = IceServer.Resolve(servers);
        Assert.Equal([PeerAddress.Parse("127.0.0.1:3478")], set.StunServers);
        Assert.Equal(2, set.TurnServers.Count);
        Assert.Null(set.TurnServers[0].ServerName);
        Assert.Equal(3, set.Skipped.Count);
        Assert.Contains(set.Skipped, s => s.Contains("not resolved", StringComparison.Ordinal));
        Assert.Contains(set.Skipped, s => s.Contains("TLS", StringComparison.Ordinal));
        Assert.Contains(set.Skipped, s => s.Contains("username", StringComparison.Ordinal));
    }
}
