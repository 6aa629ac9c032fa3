using System.Net;
using System.Net.Sockets;
using RtcEngine.Primitives;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Primitives.Tests;

public class PeerAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:5000")]
    [InlineData("192.168.10.200:65535")]
    [InlineData("[::1]:3478")]
    [InlineData("[2001:db8::1234:5678]:1")]
    [InlineData("[::ffff:10.0.0.1]:9")]
    public void Round_trips_through_socket_address_like_the_platform(string text)
    {
        IPEndPoint endPoint = IPEndPoint.Parse(text);
        SocketAddress platform = endPoint.Serialize();
        PeerAddress address = PeerAddress.FromSocketAddress(platform);
        Assert.Equal(PeerAddress.FromIPEndPoint(endPoint), address);
        Assert.Equal(endPoint, address.ToIPEndPoint());

        var written = new SocketAddress(endPoint.AddressFamily);
        address.WriteTo(written);
        Assert.Equal(platform, written);
    }

    [Fact]
    public void IPv4_into_an_IPv6_socket_address_is_mapped()
    {
        PeerAddress v4 = PeerAddress.Parse("10.1.2.3:4000");
        var socketAddress = new SocketAddress(AddressFamily.InterNetworkV6);
        v4.WriteTo(socketAddress);
        Assert.Equal(IPEndPoint.Parse("[::ffff:10.1.2.3]:4000").Serialize(), socketAddress);
        PeerAddress back = PeerAddress.FromSocketAddress(socketAddress);
        Assert.True(back.IsIPv4Mapped);
        Assert.Equal(v4, back.UnmapIPv4());
        Assert.Equal(back, v4.MapToIPv6());
    }

    [Fact]
    public void Conversions_on_the_hot_path_do_not_allocate()
    {
        PeerAddress v6 = PeerAddress.Parse("[2001:db8::7]:443");
        PeerAddress v4 = PeerAddress.Parse("127.0.0.1:9");
        var sa6 = new SocketAddress(AddressFamily.InterNetworkV6);
        var sa4 = new SocketAddress(AddressFamily.InterNetwork);
        AllocationAssert.NoAllocations(() =>
        {
            v6.WriteTo(sa6);
            v4.WriteTo(sa4);
            _ = PeerAddress.FromSocketAddress(sa6) == v6;
            _ = PeerAddress.FromSocketAddress(sa4).GetHashCode();
        });
    }

    [Fact]
    public void Address_bytes_loopback_and_equality()
    {
        PeerAddress a = PeerAddress.Parse("127.0.0.1:1");
        Span<byte> bytes = stackalloc byte[16];
        Assert.Equal(4, a.WriteAddressBytes(bytes));
        Assert.Equal(new byte[] { 127, 0, 0, 1 }, bytes[..4].ToArray());
        Assert.True(a.IsLoopback);
        Assert.True(PeerAddress.Parse("[::1]:1").IsLoopback);
        Assert.False(PeerAddress.Parse("10.0.0.1:1").IsLoopback);
        Assert.True(a.SameAddress(a.WithPort(2)));
        Assert.NotEqual(a, a.WithPort(2));
        Assert.Equal("127.0.0.1:1", a.ToString());
        Assert.Equal("[::1]:5", PeerAddress.Parse("[::1]:5").ToString());
        Assert.True(PeerAddress.None.IsNone);
        Assert.False(PeerAddress.TryParse("not an address", out _));
    }
}
