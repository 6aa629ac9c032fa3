using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RtcEngine.Primitives;

/// <summary>
/// An IPv4 or IPv6 address with a port, as a small value type. It converts to and from
/// <see cref="SocketAddress"/> without allocating, which is how the UDP driver names the remote of
/// every datagram; <see cref="IPEndPoint"/> conversions exist for configuration and display.
/// </summary>
/// <remarks>
/// An IPv4 address is kept as IPv4 (not IPv4-mapped IPv6). A datagram received on a dual-mode socket
/// arrives as <c>::ffff:a.b.c.d</c>; <see cref="FromSocketAddress"/> keeps it as received so that
/// replies go back the same way; <see cref="UnmapIPv4"/> gives the plain IPv4 form.
/// </remarks>
public readonly struct PeerAddress : IEquatable<PeerAddress>
{
    private const int IPv4SocketAddressSize = 16;
    private const int IPv6SocketAddressSize = 28;
    private const int PortOffset = 2;
    private const int IPv4AddressOffset = 4;
    private const int IPv6AddressOffset = 8;
    private const int IPv6ScopeOffset = 24;

    // The address in network byte order: IPv6 uses both words, IPv4 the low 32 bits of _low.
    private readonly ulong _high;
    private readonly ulong _low;
    private readonly uint _scopeId;
    private readonly ushort _port;
    private readonly AddressFamily _family;

    private PeerAddress(AddressFamily family, ulong high, ulong low, ushort port, uint scopeId)
    {
        _family = family;
        _high = high;
        _low = low;
        _port = port;
        _scopeId = scopeId;
    }

    /// <summary>No address (the default value).</summary>
    public static PeerAddress None => default;

    /// <summary>The address family: <see cref="AddressFamily.InterNetwork"/>, <see cref="AddressFamily.InterNetworkV6"/>, or <see cref="AddressFamily.Unspecified"/> for <see cref="None"/>.</summary>
    public AddressFamily Family => _family;

    /// <summary>Whether this is <see cref="None"/>.</summary>
    public bool IsNone => _family == AddressFamily.Unspecified;

    /// <summary>Whether this is an IPv4 address.</summary>
    public bool IsIPv4 => _family == AddressFamily.InterNetwork;

    /// <summary>Whether this is an IPv6 address (including IPv4-mapped ones).</summary>
    public bool IsIPv6 => _family == AddressFamily.InterNetworkV6;

    /// <summary>The port.</summary>
    public ushort Port => _port;

    /// <summary>The IPv6 scope id (zero for IPv4).</summary>
    public uint ScopeId => _scopeId;

    /// <summary>Length of the address bytes: 4, 16, or 0 for <see cref="None"/>.</summary>
    public int AddressLength => _family switch
    {
        AddressFamily.InterNetwork => 4,
        AddressFamily.InterNetworkV6 => 16,
        _ => 0,
    };

    /// <summary>Whether this is a loopback address (127.0.0.0/8 or ::1).</summary>
    public bool IsLoopback => _family switch
    {
        AddressFamily.InterNetwork => (_low >> 24 & 0xFF) == 127,
        AddressFamily.InterNetworkV6 => _high == 0 && _low == 1,
        _ => false,
    };

    /// <summary>Whether this is an IPv4-mapped IPv6 address (<c>::ffff:a.b.c.d</c>).</summary>
    public bool IsIPv4Mapped => _family == AddressFamily.InterNetworkV6 && _high == 0 && (_low >> 32) == 0xFFFF;

    /// <summary>An IPv4 address from its four bytes in network order.</summary>
    public static PeerAddress FromIPv4(ReadOnlySpan<byte> address, ushort port)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(address.Length, 4);
        return new PeerAddress(AddressFamily.InterNetwork, 0, BinaryPrimitives.ReadUInt32BigEndian(address), port, 0);
    }

    /// <summary>An IPv4 address from its 32-bit value (as read big-endian from the wire).</summary>
    public static PeerAddress FromIPv4(uint address, ushort port) =>
        new(AddressFamily.InterNetwork, 0, address, port, 0);

    /// <summary>An IPv6 address from its sixteen bytes in network order.</summary>
    public static PeerAddress FromIPv6(ReadOnlySpan<byte> address, ushort port, uint scopeId = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(address.Length, 16);
        return new PeerAddress(
            AddressFamily.InterNetworkV6,
            BinaryPrimitives.ReadUInt64BigEndian(address),
            BinaryPrimitives.ReadUInt64BigEndian(address[8..]),
            port,
            scopeId);
    }

    /// <summary>The same address with another port.</summary>
    public PeerAddress WithPort(ushort port) => new(_family, _high, _low, port, _scopeId);

    /// <summary>The plain IPv4 address of an IPv4-mapped IPv6 address; any other address unchanged.</summary>
    public PeerAddress UnmapIPv4() =>
        IsIPv4Mapped ? new PeerAddress(AddressFamily.InterNetwork, 0, _low & 0xFFFF_FFFF, _port, 0) : this;

    /// <summary>The IPv4-mapped IPv6 form of an IPv4 address (for dual-mode sockets); any other address unchanged.</summary>
    public PeerAddress MapToIPv6() =>
        IsIPv4 ? new PeerAddress(AddressFamily.InterNetworkV6, 0, 0xFFFF_0000_0000UL | _low, _port, 0) : this;

    /// <summary>Writes the address bytes (4 or 16) in network order; returns how many were written.</summary>
    public int WriteAddressBytes(Span<byte> destination)
    {
        switch (_family)
        {
            case AddressFamily.InterNetwork:
                BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)_low);
                return 4;
            case AddressFamily.InterNetworkV6:
                BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
                BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
                return 16;
            default:
                return 0;
        }
    }

    /// <summary>The IPv4 address as a 32-bit value (zero for other families).</summary>
    public uint IPv4Value => IsIPv4 ? (uint)_low : 0;

    /// <summary>
    /// Reads the address from a socket address filled by the socket layer (for example by
    /// <c>Socket.ReceiveFrom(Span&lt;byte&gt;, SocketFlags, SocketAddress)</c>). Does not allocate.
    /// </summary>
    public static bool TryFromSocketAddress(SocketAddress socketAddress, out PeerAddress address)
    {
        ArgumentNullException.ThrowIfNull(socketAddress);
        ReadOnlySpan<byte> raw = socketAddress.Buffer.Span[..socketAddress.Size];
        switch (socketAddress.Family)
        {
            case AddressFamily.InterNetwork when raw.Length >= IPv4AddressOffset + 4:
                address = new PeerAddress(
                    AddressFamily.InterNetwork,
                    0,
                    BinaryPrimitives.ReadUInt32BigEndian(raw[IPv4AddressOffset..]),
                    BinaryPrimitives.ReadUInt16BigEndian(raw[PortOffset..]),
                    0);
                return true;
            case AddressFamily.InterNetworkV6 when raw.Length >= IPv6ScopeOffset + 4:
                address = new PeerAddress(
                    AddressFamily.InterNetworkV6,
                    BinaryPrimitives.ReadUInt64BigEndian(raw[IPv6AddressOffset..]),
                    BinaryPrimitives.ReadUInt64BigEndian(raw[(IPv6AddressOffset + 8)..]),
                    BinaryPrimitives.ReadUInt16BigEndian(raw[PortOffset..]),
                    BinaryPrimitives.ReadUInt32LittleEndian(raw[IPv6ScopeOffset..]));
                return true;
            default:
                address = default;
                return false;
        }
    }

    /// <summary>Reads the address from a socket address; throws if it is neither IPv4 nor IPv6.</summary>
    public static PeerAddress FromSocketAddress(SocketAddress socketAddress) =>
        TryFromSocketAddress(socketAddress, out PeerAddress address)
            ? address
            : throw new ArgumentException("Not an IPv4 or IPv6 socket address.", nameof(socketAddress));

    /// <summary>
    /// Writes this address into <paramref name="socketAddress"/> for a send. The socket address
    /// must belong to the socket's family: an IPv4 address written into an IPv6 socket address
    /// becomes IPv4-mapped (dual-mode sockets). Does not allocate.
    /// </summary>
    public void WriteTo(SocketAddress socketAddress)
    {
        ArgumentNullException.ThrowIfNull(socketAddress);
        switch (socketAddress.Family)
        {
            case AddressFamily.InterNetwork when IsIPv4 || IsIPv4Mapped:
            {
                socketAddress.Size = IPv4SocketAddressSize;
                Span<byte> raw = socketAddress.Buffer.Span;
                BinaryPrimitives.WriteUInt16BigEndian(raw[PortOffset..], _port);
                BinaryPrimitives.WriteUInt32BigEndian(raw[IPv4AddressOffset..], (uint)_low);
                raw[(IPv4AddressOffset + 4)..IPv4SocketAddressSize].Clear();
                break;
            }

            case AddressFamily.InterNetworkV6 when !IsNone:
            {
                PeerAddress v6 = MapToIPv6();
                socketAddress.Size = IPv6SocketAddressSize;
                Span<byte> raw = socketAddress.Buffer.Span;
                BinaryPrimitives.WriteUInt16BigEndian(raw[PortOffset..], _port);
                raw.Slice(PortOffset + 2, 4).Clear(); // flow info
                BinaryPrimitives.WriteUInt64BigEndian(raw[IPv6AddressOffset..], v6._high);
                BinaryPrimitives.WriteUInt64BigEndian(raw[(IPv6AddressOffset + 8)..], v6._low);
                BinaryPrimitives.WriteUInt32LittleEndian(raw[IPv6ScopeOffset..], v6._scopeId);
                break;
            }

            default:
                throw new ArgumentException($"Cannot write {_family} address into a {socketAddress.Family} socket address.", nameof(socketAddress));
        }
    }

    /// <summary>A new <see cref="SocketAddress"/> holding this address (allocates; for setup, not per packet).</summary>
    public SocketAddress ToSocketAddress()
    {
        var socketAddress = new SocketAddress(_family == AddressFamily.Unspecified ? AddressFamily.InterNetwork : _family);
        WriteTo(socketAddress);
        return socketAddress;
    }

    /// <summary>From an <see cref="IPEndPoint"/> (allocation-free, but meant for configuration).</summary>
    public static PeerAddress FromIPEndPoint(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        Span<byte> bytes = stackalloc byte[16];
        endPoint.Address.TryWriteBytes(bytes, out int written);
        return written == 4
            ? FromIPv4(bytes[..4], (ushort)endPoint.Port)
            : FromIPv6(bytes, (ushort)endPoint.Port, (uint)endPoint.Address.ScopeId);
    }

    /// <summary>An <see cref="IPAddress"/> for this address (allocates).</summary>
    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        int length = WriteAddressBytes(bytes);
        return length switch
        {
            4 => new IPAddress(bytes[..4]),
            16 => new IPAddress(bytes, _scopeId),
            _ => IPAddress.None,
        };
    }

    /// <summary>An <see cref="IPEndPoint"/> for this address (allocates).</summary>
    public IPEndPoint ToIPEndPoint() => new(ToIPAddress(), _port);

    /// <summary>Parses "a.b.c.d:port", "[v6]:port" (or a bare address with port 0).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out PeerAddress address)
    {
        address = default;
        if (text is null)
        {
            return false;
        }

        if (IPEndPoint.TryParse(text, out IPEndPoint? endPoint))
        {
            address = FromIPEndPoint(endPoint);
            return true;
        }

        return false;
    }

    /// <summary>Parses an address with port; throws <see cref="FormatException"/> when malformed.</summary>
    public static PeerAddress Parse(string text) =>
        TryParse(text, out PeerAddress address) ? address : throw new FormatException($"Not an address: '{text}'.");

    /// <summary>The address without port, as text ("127.0.0.1", "::1").</summary>
    public string AddressToString() => IsNone ? "none" : ToIPAddress().ToString();

    /// <summary>"a.b.c.d:port" or "[v6]:port".</summary>
    public override string ToString() => IsNone
        ? "none"
        : IsIPv4
            ? string.Create(CultureInfo.InvariantCulture, $"{AddressToString()}:{_port}")
            : string.Create(CultureInfo.InvariantCulture, $"[{AddressToString()}]:{_port}");

    /// <inheritdoc />
    public bool Equals(PeerAddress other) =>
        _low == other._low && _high == other._high && _port == other._port && _family == other._family && _scopeId == other._scopeId;

    /// <summary>Whether both have the same address, ignoring the port.</summary>
    public bool SameAddress(PeerAddress other) =>
        _low == other._low && _high == other._high && _family == other._family && _scopeId == other._scopeId;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PeerAddress other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_high, _low, _port, _family, _scopeId);

    /// <summary>Equality of address and port.</summary>
    public static bool operator ==(PeerAddress left, PeerAddress right) => left.Equals(right);

    /// <summary>Inequality of address or port.</summary>
    public static bool operator !=(PeerAddress left, PeerAddress right) => !left.Equals(right);
}
