using RtcEngine.Rtp;
using Xunit;

namespace RtcEngine.Rtp.Tests.Streams;

public class RtpSequenceTrackerTests
{
    [Fact]
    public void New_source_is_on_probation_until_two_sequential_packets_rfc_3550_a1()
    {
        var t = new RtpSequenceTracker(minSequential: 2);
        Assert.Equal(RtpSequenceOutcome.Probation, t.Update(100));
        Assert.False(t.IsValid);
        Assert.Equal(RtpSequenceOutcome.InOrder, t.Update(101));
        Assert.True(t.IsValid);
        Assert.Equal(1, t.Received);       // the probation packet is not counted (A.1)
        Assert.Equal(101, t.BaseSequence);
        Assert.Equal(1, t.Expected);
    }

    [Fact]
    public void Probation_restarts_on_a_non_sequential_packet()
    {
        var t = new RtpSequenceTracker(minSequential: 2);
        Assert.Equal(RtpSequenceOutcome.Probation, t.Update(100));
        Assert.Equal(RtpSequenceOutcome.Probation, t.Update(500));
        Assert.Equal(RtpSequenceOutcome.InOrder, t.Update(501));
        Assert.Equal(501, t.BaseSequence);
    }

    [Fact]
    public void Sequence_wrap_unwraps_to_64_bits_without_loss()
    {
        var t = new RtpSequenceTracker(minSequential: 1);
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(RtpSequenceOutcome.InOrder, t.Update((ushort)(65530 + i)));
        }

        Assert.Equal(65536 + 13, t.ExtendedHighest);
        Assert.Equal(20, t.Expected);
        Assert.Equal(0, t.Lost);
    }

    [Fact]
    public void Late_packet_across_the_wrap_belongs_to_the_previous_cycle()
    {
        var t = new RtpSequenceTracker(minSequential: 1);
        t.Update(65534);
        t.Update(1); // 65535 and 0 missing
        Assert.Equal(65536 + 1, t.ExtendedHighest);
        Assert.Equal(2, t.Lost);
        Assert.Equal(RtpSequenceOutcome.Late, t.Update(65535));
        Assert.Equal(65535, t.LastExtended);
        Assert.Equal(RtpSequenceOutcome.Late, t.Update(0));
        Assert.Equal(65536, t.LastExtended);
        Assert.Equal(0, t.Lost);
        Assert.Equal(RtpSequenceOutcome.Duplicate, t.Update(0));
        Assert.Equal(-1, t.Lost); // duplicates count as received (RFC 3550 6.4.1)
    }

    [Fact]
    public void Large_jump_is_held_until_confirmed_then_the_source_restarts()
    {
        var t = new RtpSequenceTracker(minSequential: 1);
        for (ushort s = 10; s < 20; s++)
        {
            t.Update(s);
        }

        Assert.Equal(RtpSequenceOutcome.BadSequence, t.Update(20_000));
        Assert.Equal(RtpSequenceOutcome.InOrder, t.Update(20)); // the old sequence continues
        Assert.Equal(RtpSequenceOutcome.BadSequence, t.Update(30_000));
        Assert.Equal(RtpSequenceOutcome.Restarted, t.Update(30_001));
        Assert.Equal(1, t.Restarts);
        Assert.Equal(12, t.Received);
        Assert.Equal(12, t.Expected); // 10..20 before, 30001 after the restart
        Assert.Equal(RtpSequenceOutcome.InOrder, t.Update(30_002));
        Assert.True(t.ExtendedHighest > 65536); // unwrapped numbers keep increasing over a restart
    }

    [Fact]
    public void Jump_within_dropout_counts_as_loss()
    {
        var t = new RtpSequenceTracker(minSequential: 1);
        t.Update(1);
        Assert.Equal(RtpSequenceOutcome.InOrder, t.Update(2000));
        Assert.Equal(2000, t.Expected);
        Assert.Equal(1998, t.Lost);
    }

    [Fact]
    public void Backward_jump_beyond_max_misorder_is_held_and_packets_before_the_base_are_too_old()
    {
        var t = new RtpSequenceTracker(minSequential: 1);
        for (ushort s = 1000; s < 2000; s++)
        {
            t.Update(s);
        }

        Assert.Equal(RtpSequenceOutcome.Duplicate, t.Update(1990));
        Assert.Equal(RtpSequenceOutcome.BadSequence, t.Update(1000 - 1)); // 1001 back: more than MAX_MISORDER

        var u = new RtpSequenceTracker(minSequential: 1);
        u.Update(1000);
        Assert.Equal(RtpSequenceOutcome.TooOld, u.Update(950)); // reordered from before the first counted packet
        Assert.Equal(2, u.Received);
    }
}
