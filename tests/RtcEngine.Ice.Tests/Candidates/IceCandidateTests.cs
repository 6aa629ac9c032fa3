using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Candidates;
using RtcEngine.Primitives;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Candidates;

public class IceCandidateTests
{
    [Fact]
    public void Chromium_host_candidate_parses_with_its_extensions_and_formats_back_exactly()
    {
        const string line = "candidate:1 1 udp 2122260223 127.0.0.1 43217 typ host generation 0 network-id 1 network-cost 50";
        Assert.True(IceCandidate.TryParse(line, out IceCandidate? candidate));
        Assert.Equal("1", candidate.Foundation);
        Assert.Equal(1, candidate.Component);
        Assert.True(candidate.IsUdp);
        Assert.Equal(2122260223u, candidate.Priority);
        Assert.Equal("127.0.0.1", candidate.Address);
        Assert.Equal(43217, candidate.Port);
        Assert.Equal(IceCandidateType.Host, candidate.Type);
        Assert.Equal(0, candidate.Generation);
        Assert.Equal(1, candidate.NetworkId);
        Assert.Equal(50, candidate.NetworkCost);
        Assert.True(candidate.TryGetAddress(out PeerAddress address));
        Assert.Equal(PeerAddress.Parse("127.0.0.1:43217"), address);
        Assert.Equal(line, candidate.ToString());
    }

    [Fact]
    public void Chromium_tcp_active_candidate_parses_and_is_not_udp()
    {
        const string line = "candidate:2 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active generation 0 network-id 1 network-cost 50";
        Assert.True(IceCandidate.TryParse(line, out IceCandidate? candidate));
        Assert.False(candidate.IsUdp);
        Assert.Equal("active", candidate.TcpType);
        Assert.Equal(9, candidate.Port);
        Assert.Equal(line, candidate.ToString());
    }

    [Fact]
    public void Server_reflexive_candidate_keeps_raddr_rport_and_ufrag()
    {
        const string line = "candidate:842163049 1 udp 1677729535 203.0.113.5 61234 typ srflx raddr 192.168.1.20 rport 61234 generation 0 ufrag EsAw network-id 1";
        Assert.True(IceCandidate.TryParse("a=" + line, out IceCandidate? candidate));
        Assert.Equal(IceCandidateType.ServerReflexive, candidate.Type);
        Assert.Equal("192.168.1.20", candidate.RelatedAddress);
        Assert.Equal((ushort)61234, candidate.RelatedPort);
        Assert.Equal("EsAw", candidate.Ufrag);
        Assert.Equal(line, candidate.ToString());
    }

    [Fact]
    public void Relay_IPv6_and_mdns_candidates_parse()
    {
        Assert.True(IceCandidate.TryParse("candidate:3 1 UDP 41885439 2001:db8::7 3478 typ relay raddr 0.0.0.0 rport 0", out IceCandidate? relay));
        Assert.Equal(IceCandidateType.Relay, relay.Type);
        Assert.True(relay.IsUdp);
        Assert.True(relay.TryGetAddress(out PeerAddress v6));
        Assert.Equal(PeerAddress.Parse("[2001:db8::7]:3478"), v6);

        Assert.True(IceCandidate.TryParse("candidate:4 1 udp 2113937151 1f3b3c7e-2b1c-4e39-9a4e-77e5f1a2b3c4.local 54400 typ host generation 0", out IceCandidate? mdns));
        Assert.True(mdns.IsMdns);
        Assert.False(mdns.TryGetAddress(out _));
        IceCandidate resolved = mdns.WithAddress("192.168.1.4", 54400);
        Assert.True(resolved.TryGetAddress(out PeerAddress v4));
        Assert.Equal(PeerAddress.Parse("192.168.1.4:54400"), v4);
        Assert.Equal(0, resolved.Generation);
    }

    [Fact]
    public void The_candidate_prefix_is_optional_and_spacing_is_tolerated()
    {
        Assert.True(IceCandidate.TryParse("1 1 udp 1 10.0.0.1 5000 typ host", out IceCandidate? bare));
        Assert.True(IceCandidate.TryParse("  candidate:1  1 udp 1 10.0.0.1 5000 typ host\r\n", out IceCandidate? spaced));
        Assert.Equal(bare, spaced);
    }

    [Theory]
    [InlineData("")]
    [InlineData("candidate:")]
    [InlineData("candidate:1 1 udp 2122260223 127.0.0.1 43217 typ")]
    [InlineData("candidate:1 1 udp 2122260223 127.0.0.1 43217 host")]
    [InlineData("candidate:1 1 udp 2122260223 127.0.0.1 43217 typ unknowntype")]
    [InlineData("candidate:1 0 udp 1 127.0.0.1 1 typ host")]
    [InlineData("candidate:1 257 udp 1 127.0.0.1 1 typ host")]
    [InlineData("candidate:1 1 udp 4294967296 127.0.0.1 1 typ host")]
    [InlineData("candidate:1 1 udp -5 127.0.0.1 1 typ host")]
    [InlineData("candidate:1 1 udp 1 127.0.0.1 65536 typ host")]
    [InlineData("candidate:1 1 udp 1 127.0.0.1 x typ host")]
    [InlineData("candidate:fo_o 1 udp 1 127.0.0.1 1 typ host")]
    [InlineData("candidate:123456789012345678901234567890123 1 udp 1 127.0.0.1 1 typ host")]
    [InlineData("candidate:1 1 udp 1 127.0.0.1 1 typ srflx raddr 1.2.3.4 rport 99999")]
    [InlineData("candidate:1 1 udp 1 127.0.0.1 1 typ host generation")]
    public void Malformed_candidates_are_rejected(string line)
    {
        Assert.False(IceCandidate.TryParse(line, out _));
    }

    [Fact]
    public void Random_text_never_throws()
    {
        var random = new SeededRandomSource(5);
        const string alphabet = "candidate:typhostsrflxrelay 0123456789.:ab/+ ";
        Span<char> buffer = stackalloc char[120];
        for (int i = 0; i < 5_000; i++)
        {
            int length = random.NextInt32(buffer.Length);
            random.FillFromAlphabet(buffer[..length], alphabet);
            if (IceCandidate.TryParse(buffer[..length], out IceCandidate? candidate))
            {
                Assert.True(IceCandidate.TryParse(candidate.ToString(), out IceCandidate? again));
                Assert.Equal(candidate, again);
            }
        }
    }

    [Fact]
    public void Truncations_of_a_valid_line_never_throw()
    {
        const string line = "candidate:842163049 1 udp 1677729535 203.0.113.5 61234 typ srflx raddr 192.168.1.20 rport 61234 generation 0";
        for (int length = 0; length <= line.Length; length++)
        {
            IceCandidate.TryParse(line.AsSpan(0, length), out _);
        }
    }

    [Theory]
    [InlineData(IceCandidateType.Host, 65535, 1, 2130706431u)]
    [InlineData(IceCandidateType.ServerReflexive, 65535, 1, 1694498815u)]
    [InlineData(IceCandidateType.PeerReflexive, 65535, 1, 1862270975u)]
    [InlineData(IceCandidateType.Relay, 65535, 1, 16777215u)]
    [InlineData(IceCandidateType.Host, 0, 2, 2113929470u)]
    public void Priority_follows_RFC_8445(IceCandidateType type, int localPreference, int component, uint expected)
    {
        Assert.Equal(expected, IceCandidate.ComputePriority(type, (ushort)localPreference, component));
    }

    [Fact]
    public void Generated_credentials_follow_the_grammar_and_differ()
    {
        var random = new SeededRandomSource(1);
        IceCredentials a = IceCredentials.Generate(random);
        IceCredentials b = IceCredentials.Generate(random);
        Assert.True(a.Ufrag.Length >= 4 && IceCredentials.IsValidUfrag(a.Ufrag));
        Assert.True(a.Password.Length >= 22 && IceCredentials.IsValidPassword(a.Password));
        Assert.NotEqual(a, b);
        Assert.DoesNotContain(a.Password, a.ToString(), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new IceCredentials("abc", a.Password));
        Assert.Throws<ArgumentException>(() => new IceCredentials("abcd", "short"));
        Assert.Throws<ArgumentException>(() => new IceCredentials("ab:d", a.Password));
    }
}
