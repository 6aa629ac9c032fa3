using System.Buffers.Binary;

namespace RtcEngine.Dtls.Tests;

/// <summary>
/// Builds a ClientHello shaped like Chromium 156's (captured on loopback): DTLS 1.3 offered first
/// (supported_versions 0xFEFC, 0xFEFD), an X25519MLKEM768 key share (group 0x11EC, 1,216 bytes)
/// plus x25519, supported_groups 0x11EC, x25519, P-256, P-384, use_srtp AES128_CM_80, AEAD_256,
/// AEAD_128, extended_master_secret and renegotiation_info; 1,413 bytes of body, sent as two
/// fragments (0+1175 and 1175+238) in two records with record version 0xFEFF.
/// </summary>
internal static class ChromiumClientHello
{
    public const int FirstFragmentLength = 1175;

    public static byte[] BuildBody(ReadOnlySpan<byte> random, ReadOnlySpan<byte> cookie)
    {
        var b = new List<byte>();
        U16(b, 0xFEFD);
        b.AddRange(random.ToArray());
        b.Add(0); // session id
        b.Add((byte)cookie.Length);
        b.AddRange(cookie.ToArray());
        ushort[] suites = [0x1301, 0x1302, 0x1303, 0xC02B, 0xC02F, 0xCCA9, 0xCCA8, 0xC009, 0xC013, 0xC00A, 0xC014, 0x009C, 0x009D, 0x002F, 0x0035];
        U16(b, (ushort)(suites.Length * 2));
        foreach (ushort s in suites)
        {
            U16(b, s);
        }

        b.Add(1);
        b.Add(0);
        var ext = new List<byte>();
        Extension(ext, 23, []);
        Extension(ext, 0xFF01, [0]);
        Extension(ext, 10, [0, 8, 0x11, 0xEC, 0x00, 0x1D, 0x00, 0x17, 0x00, 0x18]);
        Extension(ext, 11, [1, 0]);
        Extension(ext, 35, []);
        Extension(ext, 13, [0, 18, 4, 3, 8, 4, 4, 1, 5, 3, 8, 5, 5, 1, 8, 6, 6, 1, 2, 1]);
        Extension(ext, 14, [0, 6, 0, 1, 0, 8, 0, 7, 0]);
        var shares = new List<byte>();
        U16(shares, 0x11EC);
        U16(shares, 1216);
        for (int i = 0; i < 1216; i++)
        {
            shares.Add((byte)(i * 7));
        }

        U16(shares, 0x001D);
        U16(shares, 32);
        for (int i = 0; i < 32; i++)
        {
            shares.Add((byte)(9 + i));
        }

        var keyShare = new List<byte>();
        U16(keyShare, (ushort)shares.Count);
        keyShare.AddRange(shares);
        Extension(ext, 51, [.. keyShare]);
        Extension(ext, 43, [4, 0xFE, 0xFC, 0xFE, 0xFD]);
        U16(b, (ushort)ext.Count);
        b.AddRange(ext);
        return [.. b];
    }

    /// <summary>One datagram holding one record with one fragment of the ClientHello.</summary>
    public static byte[] FragmentDatagram(byte[] body, ushort messageSeq, ulong recordSequence, int offset, int length)
    {
        byte[] datagram = new byte[13 + 12 + length];
        datagram[0] = 22;
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(1), 0xFEFF);
        BinaryPrimitives.WriteUInt64BigEndian(datagram.AsSpan(3), recordSequence);
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(11), (ushort)(12 + length));
        datagram[13] = 1;
        Write24(datagram.AsSpan(14), body.Length);
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(17), messageSeq);
        Write24(datagram.AsSpan(19), offset);
        Write24(datagram.AsSpan(22), length);
        body.AsSpan(offset, length).CopyTo(datagram.AsSpan(25));
        return datagram;
    }

    private static void Extension(List<byte> list, ushort type, byte[] data)
    {
        U16(list, type);
        U16(list, (ushort)data.Length);
        list.AddRange(data);
    }

    private static void U16(List<byte> list, ushort value)
    {
        list.Add((byte)(value >> 8));
        list.Add((byte)value);
    }

    private static void Write24(Span<byte> b, int value)
    {
        b[0] = (byte)(value >> 16);
        b[1] = (byte)(value >> 8);
        b[2] = (byte)value;
    }
}
