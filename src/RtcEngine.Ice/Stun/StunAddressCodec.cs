using System.Buffers.Binary;
using RtcEngine.Primitives;

namespace RtcEngine.Ice.Stun;

/// <summary>
/// The address attribute value shared by MAPPED-ADDRESS, XOR-MAPPED-ADDRESS, XOR-PEER-ADDRESS,
/// XOR-RELAYED-ADDRESS and the other address attributes (RFC 8489 sections 14.1 and 14.2).
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 0 0 0 0 0 0 0|    Family     |         (X-)Port              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                 (X-)Address (32 bits or 128 bits)             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Family 0x01 is IPv4, 0x02 IPv6. The XOR forms XOR the port with the cookie's top 16 bits, an
/// IPv4 address with the cookie, and an IPv6 address with the cookie followed by the transaction id.
/// IPv4-mapped IPv6 addresses (from dual-mode sockets) are written as IPv4.
/// </remarks>
internal static class StunAddressCodec
{
    private const byte FamilyIPv4 = 0x01;
    private const byte FamilyIPv6 = 0x02;

    /// <summary>Value length of an address attribute for <paramref name="address"/>.</summary>
    public static int GetLength(PeerAddress address) => address.UnmapIPv4().IsIPv4 ? 8 : 20;

    /// <summary>Decodes an address value; false when malformed.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, bool xor, ReadOnlySpan<byte> transactionId, out PeerAddress address)
    {
        address = default;
        if (value.Length < 4)
        {
            return false;
        }

        ushort port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]);
        if (xor)
        {
            port ^= (ushort)(StunConstants.MagicCookie >> 16);
        }

        switch (value[1])
        {
            case FamilyIPv4 when value.Length == 8:
            {
                uint ip = BinaryPrimitives.ReadUInt32BigEndian(value[4..]);
                if (xor)
                {
                    ip ^= StunConstants.MagicCookie;
                }

                address = PeerAddress.FromIPv4(ip, port);
                return true;
            }

            case FamilyIPv6 when value.Length == 20:
            {
                Span<byte> ip = stackalloc byte[16];
                value.Slice(4, 16).CopyTo(ip);
                if (xor)
                {
                    if (transactionId.Length != StunConstants.TransactionIdLength)
                    {
                        return false;
                    }

                    Span<byte> mask = stackalloc byte[16];
                    BinaryPrimitives.WriteUInt32BigEndian(mask, StunConstants.MagicCookie);
                    transactionId.CopyTo(mask[4..]);
                    for (int i = 0; i < 16; i++)
                    {
                        ip[i] ^= mask[i];
                    }
                }

                address = PeerAddress.FromIPv6(ip, port);
                return true;
            }

            default:
                return false;
        }
    }

    /// <summary>Encodes <paramref name="address"/> into <paramref name="destination"/> (exactly <see cref="GetLength"/> bytes).</summary>
    public static void Write(Span<byte> destination, PeerAddress address, bool xor, ReadOnlySpan<byte> transactionId)
    {
        address = address.UnmapIPv4();
        ushort port = address.Port;
        if (xor)
        {
            port ^= (ushort)(StunConstants.MagicCookie >> 16);
        }

        destination[0] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], port);
        if (address.IsIPv4)
        {
            destination[1] = FamilyIPv4;
            uint ip = address.IPv4Value;
            BinaryPrimitives.WriteUInt32BigEndian(destination[4..], xor ? ip ^ StunConstants.MagicCookie : ip);
            return;
        }

        destination[1] = FamilyIPv6;
        Span<byte> ip6 = destination.Slice(4, 16);
        address.WriteAddressBytes(ip6);
        if (xor)
        {
            Span<byte> mask = stackalloc byte[16];
            BinaryPrimitives.WriteUInt32BigEndian(mask, StunConstants.MagicCookie);
            transactionId.CopyTo(mask[4..]);
            for (int i = 0; i < 16; i++)
            {
                ip6[i] ^= mask[i];
            }
        }
    }
}
