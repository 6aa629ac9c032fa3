using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using RtcEngine.Primitives;

namespace RtcEngine.Session.Driver.Udp.Linux;

/// <summary>
/// Reads and writes <c>sockaddr_in</c> / <c>sockaddr_in6</c> and the UDP control messages in the
/// pinned memory handed to <c>recvmmsg</c>/<c>sendmmsg</c>. Linux layouts:
/// <code>
/// sockaddr_in  (16): family u16 (host order) | port u16 (BE) | addr u32 (BE) | zero[8]
/// sockaddr_in6 (28): family u16 (host order) | port u16 (BE) | flowinfo u32 | addr[16] | scope_id u32 (host order)
/// cmsghdr      (16): cmsg_len size_t | cmsg_level i32 | cmsg_type i32 | data (aligned to 8)
/// </code>
/// </summary>
internal static unsafe class NativeSocketAddress
{
    /// <summary>Room for either address form.</summary>
    public const int Stride = 32;

    /// <summary>CMSG_SPACE(sizeof(uint16_t)): the UDP_SEGMENT control message on a send.</summary>
    public const int SegmentControlSpace = 24;

    /// <summary>Room for the control messages of one receive (UDP_GRO carries one int).</summary>
    public const int ReceiveControlSpace = 64;

    private const int CmsgHeaderSize = 16;

    /// <summary>
    /// Writes <paramref name="remote"/> for a socket of the given family; an IPv4 address on an IPv6
    /// socket becomes IPv4-mapped. Returns the address length, or 0 when the family cannot be sent
    /// from this socket.
    /// </summary>
    public static uint Write(PeerAddress remote, byte* destination, bool ipv6Socket)
    {
        var span = new Span<byte>(destination, Stride);
        if (!ipv6Socket)
        {
            remote = remote.UnmapIPv4();
            if (!remote.IsIPv4)
            {
                return 0;
            }

            Unsafe.WriteUnaligned(destination, (ushort)LinuxNative.AfInet);
            BinaryPrimitives.WriteUInt16BigEndian(span[2..], remote.Port);
            BinaryPrimitives.WriteUInt32BigEndian(span[4..], remote.IPv4Value);
            Unsafe.WriteUnaligned(destination + 8, 0UL);
            return 16;
        }

        if (remote.IsNone)
        {
            return 0;
        }

        remote = remote.MapToIPv6();
        Unsafe.WriteUnaligned(destination, (ushort)LinuxNative.AfInet6);
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], remote.Port);
        Unsafe.WriteUnaligned(destination + 4, 0u);
        remote.WriteAddressBytes(span.Slice(8, 16));
        Unsafe.WriteUnaligned(destination + 24, remote.ScopeId);
        return 28;
    }

    /// <summary>Reads the address the kernel wrote; <see cref="PeerAddress.None"/> for anything else.</summary>
    public static PeerAddress Read(byte* source, uint length)
    {
        var span = new ReadOnlySpan<byte>(source, Stride);
        ushort family = Unsafe.ReadUnaligned<ushort>(source);
        if (family == LinuxNative.AfInet && length >= 16)
        {
            return PeerAddress.FromIPv4(BinaryPrimitives.ReadUInt32BigEndian(span[4..]), BinaryPrimitives.ReadUInt16BigEndian(span[2..]));
        }

        if (family == LinuxNative.AfInet6 && length >= 28)
        {
            return PeerAddress.FromIPv6(span.Slice(8, 16), BinaryPrimitives.ReadUInt16BigEndian(span[2..]), Unsafe.ReadUnaligned<uint>(source + 24));
        }

        return PeerAddress.None;
    }

    /// <summary>Writes the UDP_SEGMENT control message (GSO segment size) and returns its space.</summary>
    public static int WriteSegmentSize(byte* control, ushort segmentSize)
    {
        Unsafe.WriteUnaligned(control, (nuint)(CmsgHeaderSize + sizeof(ushort)));
        Unsafe.WriteUnaligned(control + 8, LinuxNative.SolUdp);
        Unsafe.WriteUnaligned(control + 12, LinuxNative.UdpSegment);
        Unsafe.WriteUnaligned(control + 16, segmentSize);
        Unsafe.WriteUnaligned(control + 18, (ushort)0);
        Unsafe.WriteUnaligned(control + 20, 0u);
        return SegmentControlSpace;
    }

    /// <summary>Finds the UDP_GRO control message (segment size of a coalesced datagram).</summary>
    public static bool TryReadGroSegmentSize(byte* control, nuint controlLength, out int segmentSize)
    {
        nuint offset = 0;
        while (offset + CmsgHeaderSize <= controlLength)
        {
            nuint length = Unsafe.ReadUnaligned<nuint>(control + offset);
            if (length < CmsgHeaderSize || offset + length > controlLength)
            {
                break;
            }

            int level = Unsafe.ReadUnaligned<int>(control + offset + 8);
            int type = Unsafe.ReadUnaligned<int>(control + offset + 12);
            if (level == LinuxNative.SolUdp && type == LinuxNative.UdpGro && length >= CmsgHeaderSize + sizeof(int))
            {
                segmentSize = Unsafe.ReadUnaligned<int>(control + offset + CmsgHeaderSize);
                return segmentSize > 0;
            }

            offset += (length + 7) & ~(nuint)7;
        }

        segmentSize = 0;
        return false;
    }
}
