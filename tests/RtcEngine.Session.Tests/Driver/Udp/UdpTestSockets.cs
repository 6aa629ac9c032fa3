using System.Diagnostics;
using RtcEngine.Primitives;
using RtcEngine.Session.Driver.Udp;
using Xunit;

namespace RtcEngine.Session.Tests.Driver.Udp;

/// <summary>Which path a test asks for.</summary>
public enum UdpPathKind
{
    Portable,
    Linux,
}

/// <summary>Loopback sockets for the driver tests, with bounded wall-clock waits.</summary>
internal static class UdpTestSockets
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    public static PeerAddress Loopback(bool ipv6) => PeerAddress.Parse(ipv6 ? "[::1]:0" : "127.0.0.1:0");

    /// <summary>Binds on loopback with the given path; skips when the Linux path is asked for and unavailable.</summary>
    public static UdpBatchSocket Bind(UdpPathKind kind, bool ipv6 = false, UdpBatchSocketOptions? options = null) =>
        Bind(kind, Loopback(ipv6), options);

    /// <summary>Binds <paramref name="local"/> with the given path; skips when the Linux path is asked for and unavailable.</summary>
    public static UdpBatchSocket Bind(UdpPathKind kind, PeerAddress local, UdpBatchSocketOptions? options)
    {
        options ??= new UdpBatchSocketOptions();
        var withPath = new UdpBatchSocketOptions
        {
            ReceiveBufferSize = options.ReceiveBufferSize,
            SendBufferSize = options.SendBufferSize,
            BatchSize = options.BatchSize,
            MaxDatagramSize = options.MaxDatagramSize,
            EnableGso = options.EnableGso,
            EnableGro = options.EnableGro,
            DualMode = options.DualMode,
            SendBlockTimeout = options.SendBlockTimeout,
            ForcePortable = kind == UdpPathKind.Portable,
        };
        UdpBatchSocket socket = UdpBatchSocket.Bind(local, withPath);
        if (kind == UdpPathKind.Linux && !socket.IsLinuxFastPath)
        {
            socket.Dispose();
            Assert.Skip("The Linux batched path is not available here (not Linux x64/arm64, or recvmmsg/sendmmsg/eventfd refused).");
        }

        Assert.Equal(kind == UdpPathKind.Linux, socket.IsLinuxFastPath);
        return socket;
    }

    /// <summary>Receives until <paramref name="count"/> datagrams arrived or the deadline passed; copies them out.</summary>
    public static List<(byte[] Data, PeerAddress Remote)> ReceiveAtLeast(UdpBatchSocket socket, UdpReceiveBatch batch, int count, TimeSpan? deadline = null)
    {
        var received = new List<(byte[] Data, PeerAddress Remote)>();
        var clock = Stopwatch.StartNew();
        while (received.Count < count && clock.Elapsed < (deadline ?? Deadline))
        {
            int n = socket.Receive(batch, TimeSpan.FromMilliseconds(100));
            for (int i = 0; i < n; i++)
            {
                received.Add((batch.GetData(i).ToArray(), batch.GetRemote(i)));
            }
        }

        return received;
    }

    /// <summary>Receives for a short quiet period, to prove nothing more arrives.</summary>
    public static int DrainFor(UdpBatchSocket socket, UdpReceiveBatch batch, TimeSpan period)
    {
        int total = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < period)
        {
            total += socket.Receive(batch, TimeSpan.FromMilliseconds(20));
        }

        return total;
    }

    /// <summary>A datagram whose bytes encode its index and length, so any mix-up shows.</summary>
    public static byte[] Pattern(int index, int length)
    {
        var data = new byte[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (byte)((index * 31) + i);
        }

        return data;
    }
}
