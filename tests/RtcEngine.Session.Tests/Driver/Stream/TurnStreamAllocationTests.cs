using System.Net;
using System.Net.Sockets;
using RtcEngine.Primitives;
using RtcEngine.Session.Driver.Stream;
using Xunit;

namespace RtcEngine.Session.Tests.Driver.Stream;

/// <summary>
/// Steady state over a stream allocates nothing per message: pooled pipe segments on receive, the
/// output pipe on send, the I/O tasks' state machines reused. Measured on all threads, with an echo
/// server on a plain thread doing synchronous socket I/O (which allocates nothing either). Runs in
/// the serial collection: other tests' threads would count too.
/// </summary>
[Collection(RtcEngine.Session.Tests.Driver.SerialAllocationCollection.Name)]
public class TurnStreamAllocationTests
{
    [Fact]
    public async Task Sending_and_receiving_twenty_thousand_messages_allocates_almost_nothing()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var address = PeerAddress.FromIPEndPoint((IPEndPoint)listener.LocalEndpoint);
        var echo = new Thread(() =>
        {
            using Socket socket = listener.AcceptSocket();
            byte[] buffer = new byte[65536];
            int read;
            while ((read = socket.Receive(buffer)) > 0)
            {
                socket.Send(buffer.AsSpan(0, read));
            }
        }) { IsBackground = true };
        echo.Start();

        await using TurnStreamConnection connection = TurnStreamConnection.Start(new TurnStreamOptions { RemoteAddress = address });
        await connection.Connected.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        byte[] message = StreamMessages.ChannelData(200);

        RoundTrips(connection, message, 2000); // warm-up: JIT, pools, state machines

        // The least of three runs: the thread pool now and then starts a thread (tens of KB) while
        // one runs; an allocation per message would show in every run.
        long allocated = long.MaxValue;
        for (int run = 0; run < 3; run++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            RoundTrips(connection, message, 20000);
            allocated = Math.Min(allocated, GC.GetTotalAllocatedBytes(precise: true) - before);
        }

        Assert.True(allocated < 20000, $"{allocated} bytes allocated for 20000 messages each way");
        Assert.Equal(0, connection.Counters.SendsDroppedBufferFull);
    }

    /// <summary>Keeps up to 16 messages in flight, as a host loop would, until <paramref name="count"/> came back.</summary>
    private static void RoundTrips(TurnStreamConnection connection, byte[] message, int count)
    {
        int sent = 0;
        int received = 0;
        var deadline = Environment.TickCount64 + 30_000;
        while (received < count)
        {
            while (sent < count && sent - received < 16 && connection.TrySend(message))
            {
                sent++;
            }

            while (connection.TryReceive(out ReceivedDatagram datagram))
            {
                if (datagram.Data.Length != message.Length)
                {
                    throw new InvalidOperationException("wrong length");
                }

                received++;
            }

            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"{received} of {count} came back");
            }

            Thread.SpinWait(20);
        }
    }
}
