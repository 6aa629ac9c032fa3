using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Rtp.Tests.Scenarios;

/// <summary>
/// The receiver reports the arrival of every transport-wide sequence number about every 100 ms;
/// the sender matches the feedback against what it sent: every packet is accounted for, the dropped
/// ones as lost, and arrival spacing equals send spacing on a constant-delay link.
/// </summary>
public class TransportFeedbackScenario
{
    [Fact]
    public void Sender_learns_arrival_times_and_losses_of_every_packet()
    {
        var map = RtpHeaderExtensionMap.CreateChromiumDefaults();
        var a = new MediaPeer(new RtpSessionOptions { ExtensionMap = map }, seed: 21);
        var b = new MediaPeer(new RtpSessionOptions { ExtensionMap = map }, seed: 22);
        b.Session.RegisterPayloadType(new RtpPayloadTypeInfo(96, RtpMediaKind.Video, 90_000));
        RtpSendStream video = a.Session.AddSendStream(new RtpSendStreamConfig { Ssrc = 0xA1, PayloadType = 96 });
        VirtualNetwork net = MediaPeer.Connect(a, b, seed: 23, LinkConditions.Clean with { Delay = TimeSpan.FromMilliseconds(25) });
        int media = 0;
        net.Filter = d => !(MediaPeer.IsMedia(d.Data, 0xA1) && ++media % 10 == 5);

        var results = new Dictionary<ushort, TransportPacketResult>();
        int feedbackEvents = 0;
        a.FrameInterval = TimeSpan.FromMilliseconds(20);
        a.TimestampStep = 1800;
        a.StartSending(video, net.Now, frames: 100);
        MonoTime end = net.Now + TimeSpan.FromSeconds(3);
        while (net.Now < end && net.Step(end))
        {
            foreach (RtpSessionEvent e in a.Events)
            {
                if (e.Kind == RtpSessionEventKind.TransportFeedback)
                {
                    feedbackEvents++;
                    foreach (TransportPacketResult r in a.Session.LastTransportFeedback)
                    {
                        results[r.TransportSequenceNumber] = r;
                    }
                }
            }

            a.Events.Clear();
        }

        Assert.InRange(feedbackEvents, 15, 40); // 2 s of media at a 100 ms cadence
        Assert.Equal(300, results.Count);
        Assert.Equal(30, results.Values.Count(r => !r.Received));
        Assert.All(results.Values, r => Assert.Equal(0xA1u, r.Ssrc));

        // Constant delay: arrival minus send time is the same for every received packet, to 250 us.
        var received = results.Values.Where(r => r.Received).ToList();
        long offset = received[0].ArrivalMicroseconds - received[0].SendTime.TotalMicroseconds;
        Assert.All(received, r => Assert.InRange(r.ArrivalMicroseconds - r.SendTime.TotalMicroseconds - offset, -250, 250));
        Assert.True(b.Session.Counters.RtcpSent > feedbackEvents - 1);
    }
}
