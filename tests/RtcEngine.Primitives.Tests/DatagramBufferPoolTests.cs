using RtcEngine.Primitives.Buffers;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Primitives.Tests;

public class DatagramBufferPoolTests
{
    [Fact]
    public void Rent_and_return_allocate_nothing_in_steady_state()
    {
        var pool = new DatagramBufferPool(bufferSize: 2048, maxRetained: 64, preallocate: 16);
        var held = new DatagramBuffer[16];
        AllocationAssert.NoAllocations(() =>
        {
            for (int round = 0; round < 100; round++)
            {
                for (int i = 0; i < held.Length; i++)
                {
                    held[i] = pool.Rent();
                    held[i].Length = 100;
                }

                for (int i = 0; i < held.Length; i++)
                {
                    pool.Return(held[i]);
                }
            }
        });
        Assert.Equal(16, pool.Created);
    }

    [Fact]
    public void Buffers_are_reset_and_pinned_size()
    {
        var pool = new DatagramBufferPool(bufferSize: 1500);
        DatagramBuffer buffer = pool.Rent();
        buffer.Length = 10;
        buffer.Remote = RtcEngine.Primitives.PeerAddress.Parse("127.0.0.1:1");
        pool.Return(buffer);
        DatagramBuffer again = pool.Rent();
        Assert.Same(buffer, again);
        Assert.Equal(0, again.Length);
        Assert.True(again.Remote.IsNone);
        Assert.Equal(1500, again.Capacity.Length);
    }

    [Fact]
    public void Returning_twice_or_to_another_pool_is_misuse()
    {
        var pool = new DatagramBufferPool();
        var other = new DatagramBufferPool();
        DatagramBuffer buffer = pool.Rent();
        Assert.Throws<InvalidOperationException>(() => other.Return(buffer));
        pool.Return(buffer);
        Assert.Throws<InvalidOperationException>(() => pool.Return(buffer));
    }

    [Fact]
    public void Pool_is_bounded_and_thread_safe()
    {
        var pool = new DatagramBufferPool(bufferSize: 64, maxRetained: 8);
        Parallel.For(0, 8, _ =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                DatagramBuffer b = pool.Rent();
                pool.Return(b);
            }
        });
        Assert.InRange(pool.Available, 1, 8);
    }
}
