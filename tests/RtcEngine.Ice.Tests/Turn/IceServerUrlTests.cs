using RtcEngine.Ice.Configuration;
using RtcEngine.Primitives;
using Xunit;

namespace RtcEngine.Ice.Tests.Turn;

/// <summary>stun:, stuns:, turn:, turns: URLs (RFC 7064, RFC 7065) with ?transport=.</summary>
public class IceServerUrlTests
{
    [Theory]
    [InlineData("stun:stun.cloudflare.com:3478", IceServerScheme.Stun, "stun.cloudflare.com", 3478, TransportProtocol.Udp)]
    [InlineData("stun:stun.l.google.com", IceServerScheme.Stun, "stun.l.google.com", 3478, TransportProtocol.Udp)]
    [InlineData("stuns:example.org", IceServerScheme.Stuns, "example.org", 5349, TransportProtocol.Tls)]
    [InlineData("turn:turn.cloudflare.com:3478?transport=udp", IceServerScheme.Turn, "turn.cloudflare.com", 3478, TransportProtocol.Udp)]
    [InlineData("turn:turn.cloudflare.com:80?transport=tcp", IceServerScheme.Turn, "turn.cloudflare.com", 80, TransportProtocol.Tcp)]
    [InlineData("turn:127.0.0.1", IceServerScheme.Turn, "127.0.0.1", 3478, TransportProtocol.Udp)]
    [InlineData("turns:turn.cloudflare.com:443?transport=tcp", IceServerScheme.Turns, "turn.cloudflare.com", 443, TransportProtocol.Tls)]
    [InlineData("turns:turn.example.org", IceServerScheme.Turns, "turn.example.org", 5349, TransportProtocol.Tls)]
    [InlineData("turn:[2001:db8::1]:3479?transport=tcp", IceServerScheme.Turn, "2001:db8::1", 3479, TransportProtocol.Tcp)]
    [InlineData("TURN:Example.ORG:1?TRANSPORT=UDP", IceServerScheme.Turn, "Example.ORG", 1, TransportProtocol.Udp)]
    public void Parses_scheme_host_port_and_transport(string text, IceServerScheme scheme, string host, int port, TransportProtocol transport)
    {
        IceServerUrl url = IceServerUrl.Parse(text);
        Assert.Equal(scheme, url.Scheme);
        Assert.Equal(host, url.Host);
        Assert.Equal(port, url.Port);
        Assert.Equal(transport, url.Transport);
    }

    [Theory]
    [InlineData("")]
    [InlineData("http://example.org")]
    [InlineData("turn://example.org:3478")]
    [InlineData("turn:example.org:0")]
    [InlineData("turn:example.org:65536")]
    [InlineData("turn:example.org:")]
    [InlineData("turn:example.org:abc")]
    [InlineData("turn:2001:db8::1")]
    [InlineData("turn:[2001:db8::1")]
    [InlineData("turn:[example.org]:3478")]
    [InlineData("turn:example.org?transport=sctp")]
    [InlineData("turn:example.org?transport=udp&x=1")]
    [InlineData("turn:example.org?foo=bar")]
    [InlineData("turns:example.org?transport=udp")]
    [InlineData("stun:example.org?transport=tcp")]
    [InlineData("turn:exa mple.org")]
    [InlineData("turn:")]
    public void Rejects_malformed_urls_with_a_reason(string text)
    {
        Assert.False(IceServerUrl.TryParse(text, out _, out string? error));
        Assert.False(string.IsNullOrEmpty(error));
        Assert.Throws<FormatException>(() => IceServerUrl.Parse(text));
    }

    [Fact]
    public void Ip_literals_give_an_address_and_names_do_not()
    {
        Assert.True(IceServerUrl.Parse("turn:127.0.0.1:3479").TryGetAddress(out PeerAddress v4));
        Assert.Equal(PeerAddress.Parse("127.0.0.1:3479"), v4);
        Assert.True(IceServerUrl.Parse("turn:[::1]").TryGetAddress(out PeerAddress v6));
        Assert.Equal(PeerAddress.Parse("[::1]:3478"), v6);
        Assert.False(IceServerUrl.Parse("turn:turn.cloudflare.com").TryGetAddress(out _));
    }

    [Fact]
    public void Formats_canonically()
    {
        Assert.Equal("turn:example.org:3478?transport=udp", IceServerUrl.Parse("turn:example.org").ToString());
        Assert.Equal("turns:[::1]:5349?transport=tcp", IceServerUrl.Parse("turns:[::1]").ToString());
        Assert.Equal("stun:example.org:3478", IceServerUrl.Parse("stun:example.org").ToString());
    }
}
