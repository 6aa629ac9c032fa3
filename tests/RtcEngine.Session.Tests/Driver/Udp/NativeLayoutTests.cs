using System.Runtime.CompilerServices;
using RtcEngine.Primitives;
using RtcEngine.Session.Driver.Udp.Linux;
using Xunit;

namespace RtcEngine.Session.Tests.Driver.Udp;

/// <summary>The structures handed to the kernel have the LP64 Linux layout.</summary>
public unsafe class NativeLayoutTests
{
    [Fact]
    public void Structures_have_the_LP64_Linux_sizes_and_offsets()
    {
        Assert.Equal(16, sizeof(IoVec));
        Assert.Equal(56, sizeof(MsgHdr));
        Assert.Equal(64, sizeof(MMsgHdr));
        Assert.Equal(8, sizeof(PollFd));

        MsgHdr header = default;
        byte* start = (byte*)&header;
        Assert.Equal(8, (byte*)&header.NameLength - start);
        Assert.Equal(16, (byte*)&header.Iov - start);
        Assert.Equal(24, (byte*)&header.IovLength - start);
        Assert.Equal(32, (byte*)&header.Control - start);
        Assert.Equal(40, (byte*)&header.ControlLength - start);
        Assert.Equal(48, (byte*)&header.Flags - start);

        MMsgHdr message = default;
        Assert.Equal(56, (byte*)&message.Length - (byte*)&message);
    }

    [Theory]
    [InlineData("192.0.2.7:5004", false, 16)]
    [InlineData("[2001:db8::1]:443", true, 28)]
    [InlineData("[::1]:9", true, 28)]
    public void Socket_addresses_round_trip(string text, bool ipv6Socket, uint expectedLength)
    {
        PeerAddress address = PeerAddress.Parse(text);
        byte* raw = stackalloc byte[NativeSocketAddress.Stride];
        uint length = NativeSocketAddress.Write(address, raw, ipv6Socket);
        Assert.Equal(expectedLength, length);
        Assert.Equal(address, NativeSocketAddress.Read(raw, length));
    }

    [Fact]
    public void An_IPv4_address_is_mapped_for_an_IPv6_socket_and_refused_the_other_way()
    {
        PeerAddress v4 = PeerAddress.Parse("127.0.0.1:1234");
        byte* raw = stackalloc byte[NativeSocketAddress.Stride];
        Assert.Equal(28u, NativeSocketAddress.Write(v4, raw, ipv6Socket: true));
        Assert.Equal(v4.MapToIPv6(), NativeSocketAddress.Read(raw, 28));
        Assert.Equal(0u, NativeSocketAddress.Write(PeerAddress.Parse("[::1]:1"), raw, ipv6Socket: false));
        Assert.Equal(16u, NativeSocketAddress.Write(v4.MapToIPv6(), raw, ipv6Socket: false));
        Assert.Equal(v4, NativeSocketAddress.Read(raw, 16));
        Assert.True(NativeSocketAddress.Read(raw, 8).IsNone); // too short for its family
    }

    [Fact]
    public void The_GRO_segment_size_is_found_among_control_messages_and_malformed_ones_are_ignored()
    {
        byte* control = stackalloc byte[NativeSocketAddress.ReceiveControlSpace];
        new Span<byte>(control, NativeSocketAddress.ReceiveControlSpace).Clear();

        // An unrelated message (SOL_IP, IP_TOS) first, then UDP_GRO = 1232.
        Unsafe.WriteUnaligned(control, (nuint)17);
        Unsafe.WriteUnaligned(control + 8, 0);
        Unsafe.WriteUnaligned(control + 12, 1);
        Unsafe.WriteUnaligned(control + 24, (nuint)20);
        Unsafe.WriteUnaligned(control + 32, LinuxNative.SolUdp);
        Unsafe.WriteUnaligned(control + 36, LinuxNative.UdpGro);
        Unsafe.WriteUnaligned(control + 40, 1232);
        Assert.True(NativeSocketAddress.TryReadGroSegmentSize(control, 48, out int segment));
        Assert.Equal(1232, segment);

        Assert.False(NativeSocketAddress.TryReadGroSegmentSize(control, 40, out _)); // cut short
        Assert.False(NativeSocketAddress.TryReadGroSegmentSize(control, 0, out _));
        Unsafe.WriteUnaligned(control, (nuint)3); // a length below the header: stop, never loop
        Assert.False(NativeSocketAddress.TryReadGroSegmentSize(control, 48, out _));
    }

    [Fact]
    public void The_GSO_control_message_carries_the_segment_size()
    {
        byte* control = stackalloc byte[NativeSocketAddress.SegmentControlSpace];
        Assert.Equal(24, NativeSocketAddress.WriteSegmentSize(control, 1232));
        Assert.Equal((nuint)18, Unsafe.ReadUnaligned<nuint>(control));
        Assert.Equal(LinuxNative.SolUdp, Unsafe.ReadUnaligned<int>(control + 8));
        Assert.Equal(LinuxNative.UdpSegment, Unsafe.ReadUnaligned<int>(control + 12));
        Assert.Equal((ushort)1232, Unsafe.ReadUnaligned<ushort>(control + 16));
    }
}
