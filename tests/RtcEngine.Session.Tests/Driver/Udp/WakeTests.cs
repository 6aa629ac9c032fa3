using System.Diagnostics;
using RtcEngine.Session.Driver.Udp;
using Xunit;
using static RtcEngine.Session.Tests.Driver.Udp.UdpTestSockets;

namespace RtcEngine.Session.Tests.Driver.Udp;

public class WakeTests
{
    [Theory]
    [InlineData(UdpPathKind.Portable)]
    [InlineData(UdpPathKind.Linux)]
    public async Task Wake_unblocks_a_receive_waiting_on_another_thread(UdpPathKind kind)
    {
        using UdpBatchSocket socket = Bind(kind);
        UdpReceiveBatch batch = socket.CreateReceiveBatch();
        using var started = new ManualResetEventSlim();
        var clock = new Stopwatch();
        Task<int> receive = Task.Factory.StartNew(
            () =>
            {
                started.Set();
                clock.Start();
                return socket.Receive(batch, TimeSpan.FromSeconds(30));
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        Assert.True(started.Wait(Deadline, TestContext.Current.CancellationToken));
        await Task.Delay(150, TestContext.Current.CancellationToken);
        Assert.False(receive.IsCompleted);
        socket.Wake();

        Assert.Same(receive, await Task.WhenAny(receive, Task.Delay(Deadline, TestContext.Current.CancellationToken)));
        Assert.Equal(0, await receive);
        Assert.InRange(clock.ElapsedMilliseconds, 100, 4000);
    }

    [Theory]
    [InlineData(UdpPathKind.Portable)]
    [InlineData(UdpPathKind.Linux)]
    public void A_wake_before_receive_makes_the_next_receive_return_promptly_once(UdpPathKind kind)
    {
        using UdpBatchSocket socket = Bind(kind);
        UdpReceiveBatch batch = socket.CreateReceiveBatch();
        socket.Wake();
        socket.Wake();
        socket.Wake();

        var clock = Stopwatch.StartNew();
        Assert.Equal(0, socket.Receive(batch, TimeSpan.FromSeconds(10)));
        Assert.True(clock.ElapsedMilliseconds < 2000, $"took {clock.ElapsedMilliseconds} ms");

        // Coalesced wakes leave at most one spurious early return behind; after that, receives wait.
        _ = socket.Receive(batch, TimeSpan.FromMilliseconds(50));
        clock.Restart();
        Assert.Equal(0, socket.Receive(batch, TimeSpan.FromMilliseconds(150)));
        Assert.True(clock.ElapsedMilliseconds >= 100, $"returned after {clock.ElapsedMilliseconds} ms");
    }

    [Theory]
    [InlineData(UdpPathKind.Portable, "0.0.0.0:0")]
    [InlineData(UdpPathKind.Portable, "[::]:0")]
    [InlineData(UdpPathKind.Linux, "0.0.0.0:0")]
    public void Wake_works_on_a_socket_bound_to_the_wildcard_address(UdpPathKind kind, string local)
    {
        // The portable wake datagram then travels over loopback; it is never delivered as data.
        using UdpBatchSocket socket = Bind(kind, RtcEngine.Primitives.PeerAddress.Parse(local), new UdpBatchSocketOptions { DualMode = local.StartsWith('[') });
        UdpReceiveBatch batch = socket.CreateReceiveBatch();
        socket.Wake();

        var clock = Stopwatch.StartNew();
        Assert.Equal(0, socket.Receive(batch, TimeSpan.FromSeconds(10)));
        Assert.True(clock.ElapsedMilliseconds < 2000, $"took {clock.ElapsedMilliseconds} ms");
        Assert.Equal(0, DrainFor(socket, batch, TimeSpan.FromMilliseconds(100)));

        // The portable path read exactly one (empty) wake datagram and delivered nothing.
        Assert.Equal(kind == UdpPathKind.Portable ? 1 : 0, socket.Counters.ReceiveCalls);
        Assert.Equal(0, socket.Counters.DatagramsReceived);
    }

    [Theory]
    [InlineData(UdpPathKind.Portable)]
    [InlineData(UdpPathKind.Linux)]
    public async Task Wakes_racing_with_receives_are_never_lost(UdpPathKind kind)
    {
        // An application thread posts work and wakes; the loop must see every item within a bound.
        using UdpBatchSocket socket = Bind(kind);
        UdpReceiveBatch batch = socket.CreateReceiveBatch();
        int posted = 0;
        int seen = 0;
        const int items = 300;
        Task loop = Task.Factory.StartNew(
            () =>
            {
                var clock = Stopwatch.StartNew();
                while (Volatile.Read(ref seen) < items && clock.Elapsed < TimeSpan.FromSeconds(20))
                {
                    socket.Receive(batch, TimeSpan.FromSeconds(10));
                    Volatile.Write(ref seen, Volatile.Read(ref posted));
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        for (int i = 0; i < items; i++)
        {
            Interlocked.Increment(ref posted);
            socket.Wake();
            var wait = Stopwatch.StartNew();
            while (Volatile.Read(ref seen) < i + 1)
            {
                Assert.True(wait.Elapsed < TimeSpan.FromSeconds(3), $"item {i} was not seen: a wake was lost");
                Thread.SpinWait(100);
                if (wait.ElapsedMilliseconds > 1)
                {
                    Thread.Yield();
                }
            }
        }

        await loop.WaitAsync(Deadline, TestContext.Current.CancellationToken);
        Assert.Equal(items, seen);
    }

    [Theory]
    [InlineData(UdpPathKind.Portable)]
    [InlineData(UdpPathKind.Linux)]
    public async Task Dispose_makes_a_blocked_receive_return(UdpPathKind kind)
    {
        UdpBatchSocket socket = Bind(kind);
        UdpReceiveBatch batch = socket.CreateReceiveBatch();
        using var started = new ManualResetEventSlim();
        Task<int> receive = Task.Factory.StartNew(
            () =>
            {
                started.Set();
                return socket.Receive(batch, TimeSpan.FromSeconds(30));
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        Assert.True(started.Wait(Deadline, TestContext.Current.CancellationToken));
        await Task.Delay(100, TestContext.Current.CancellationToken);

        socket.Dispose();

        Assert.Same(receive, await Task.WhenAny(receive, Task.Delay(Deadline, TestContext.Current.CancellationToken)));
        Assert.Equal(0, await receive);
        Assert.Throws<ObjectDisposedException>(() => socket.Receive(batch, TimeSpan.Zero));
        socket.Wake(); // harmless after dispose
    }
}
