using RtcEngine.Primitives;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Session.Tests.Scenarios;

/// <summary>The connection's own media path, phase by phase, allocates nothing once warm.</summary>
public class MediaPathAllocationScenario
{
    [Fact]
    public void Send_poll_and_receive_allocate_nothing_per_packet()
    {
        using var pair = new ConnectionPair(seed: 9);
        RtcRtpTransceiver video = pair.A.AddTransceiver(RtcMediaKind.Video);
        pair.Negotiate();
        Assert.True(pair.RunUntilConnected(TimeSpan.FromSeconds(5)));
        RtcRtpTransceiver received = pair.B.Transceivers[0];
        byte[] payload = new byte[1200];
        byte[] wire = new byte[DatagramLimits.MaxDatagramSize];
        MonoTime now = pair.Network.Now;
        uint timestamp = 0;

        long feedback = 0, timers = 0;

        void OnePacket(out long send, out long poll, out long receive)
        {
            timers += AllocationAssert.MeasureCurrentThread(() =>
            {
                if (pair.A.PollTimeout() <= now)
                {
                    pair.A.HandleTimeout(now);
                }

                if (pair.B.PollTimeout() <= now)
                {
                    pair.B.HandleTimeout(now);
                }
            });
            feedback += AllocationAssert.MeasureCurrentThread(() =>
            {
                // Everything B sends back (RTCP reports, transport-wide feedback, NACK) goes to A.
                while (pair.B.TryPollTransmit(wire, out TransmitInfo back))
                {
                    var datagram = new ReceivedDatagram(wire.AsSpan(0, back.Length), ConnectionPair.AddressA, ConnectionPair.AddressB);
                    pair.A.HandleDatagram(now, datagram);
                }
            });
            now += TimeSpan.FromMilliseconds(1);
            timestamp += 3000;
            send = AllocationAssert.MeasureCurrentThread(() => pair.A.SendRtp(video, payload, timestamp, marker: true));
            TransmitInfo transmit = default;
            poll = AllocationAssert.MeasureCurrentThread(() =>
            {
                while (pair.A.TryPollTransmit(wire, out transmit) && transmit.Length < 1000)
                {
                    var small = new ReceivedDatagram(wire.AsSpan(0, transmit.Length), ConnectionPair.AddressB, ConnectionPair.AddressA);
                    pair.B.HandleDatagram(now, small); // A's RTCP to B
                }
            });
            int length = transmit.Length;
            bool lose = timestamp % (3000 * 37) == 0; // every 37th packet is lost: NACK and RTX run too
            receive = lose ? 0 : AllocationAssert.MeasureCurrentThread(() =>
            {
                var datagram = new ReceivedDatagram(wire.AsSpan(0, length), ConnectionPair.AddressB, ConnectionPair.AddressA);
                pair.B.HandleDatagram(now, datagram);
            });
        }

        for (int i = 0; i < 200; i++)
        {
            OnePacket(out _, out _, out _);
        }

        long sendTotal = 0, pollTotal = 0, receiveTotal = 0;
        feedback = 0;
        timers = 0;
        for (int i = 0; i < 1000; i++)
        {
            OnePacket(out long send, out long poll, out long receive);
            sendTotal += send;
            pollTotal += poll;
            receiveTotal += receive;
        }

        Assert.True(received.Receiver.PacketsReceived >= 1000);
        Assert.True(video.Sender.GetStats().RetransmittedPacketsSent > 0, "the lost packets were never retransmitted");
        Assert.True(sendTotal + pollTotal + receiveTotal + feedback + timers == 0,
            $"allocated over 1000 packets: send {sendTotal}, poll {pollTotal}, receive {receiveTotal}, feedback {feedback}, timers {timers}");
    }
}
