using RtcEngine.Ice.Stun;
using RtcEngine.Ice.Turn;
using RtcEngine.Primitives;
using Xunit;

namespace RtcEngine.Ice.Tests.Turn;

/// <summary>Requests over UDP are retransmitted on the RFC 8489 schedule; over a stream they go once; a silent server times out.</summary>
public class RetransmissionScenario
{
    [Fact]
    public void Lost_allocate_requests_are_retransmitted_after_500_1000_and_1600_ms()
    {
        var scenario = new TurnScenario();
        int dropped = 0;
        scenario.Net.Filter = d => !(d.To == TurnScenario.ServerAddress && dropped++ < 3);
        scenario.Do((turn, now) => turn.Allocate(now));
        Assert.True(scenario.Net.RunUntil(() => scenario.Turn.State == TurnAllocationState.Allocated, TimeSpan.FromSeconds(10)));

        MonoTime[] sent = scenario.Client.Sent.Select(s => s.At).ToArray();
        Assert.Equal(5, sent.Length); // 4 transmissions of the first Allocate, then the authenticated one
        Assert.Equal(TimeSpan.FromMilliseconds(500), sent[1] - sent[0]);
        Assert.Equal(TimeSpan.FromMilliseconds(1000), sent[2] - sent[1]);
        Assert.Equal(TimeSpan.FromMilliseconds(1600), sent[3] - sent[2]);
        Assert.Equal(3, scenario.Turn.Counters.Retransmissions);

        // Retransmissions keep the transaction id.
        Assert.Equal(TransactionId(scenario.Client.Sent[0].Data), TransactionId(scenario.Client.Sent[3].Data));
        Assert.NotEqual(TransactionId(scenario.Client.Sent[3].Data), TransactionId(scenario.Client.Sent[4].Data));
    }

    [Fact]
    public void A_silent_server_is_reported_unreachable_after_seven_transmissions()
    {
        var scenario = new TurnScenario(configure: s => s.Silent = true);
        scenario.Do((turn, now) => turn.Allocate(now));
        scenario.Net.RunFor(TimeSpan.FromSeconds(60));

        Assert.Equal(7, scenario.Client.Sent.Count);
        TurnAllocationFailedEvent failed = Assert.IsType<TurnAllocationFailedEvent>(Assert.Single(scenario.Client.Events));
        Assert.Equal(TurnErrorCodes.Timeout, failed.ErrorCode);
        Assert.Contains("did not answer", failed.Reason, StringComparison.Ordinal);

        // 0.5 + 1 + 1.6 * 5 seconds after the first transmission.
        Assert.Equal(TurnAllocationState.Failed, scenario.Turn.State);
        Assert.True(scenario.Turn.PollTimeout().IsNever);
    }

    [Fact]
    public void Over_a_stream_each_request_goes_once_and_times_out_after_the_same_total()
    {
        var scenario = new TurnScenario(protocol: TransportProtocol.Tcp, configure: s => s.Silent = true);
        scenario.Do((turn, now) => turn.Allocate(now));
        MonoTime start = scenario.Net.Now;
        scenario.Net.RunUntil(() => scenario.Turn.State == TurnAllocationState.Failed, TimeSpan.FromSeconds(60));

        (byte[] _, TransmitInfo info, MonoTime _) = Assert.Single(scenario.Client.Sent);
        Assert.Equal(TransportProtocol.Tcp, info.Protocol);
        Assert.Equal(TimeSpan.FromMilliseconds(9500), scenario.Net.Now - start);
        Assert.Equal(0, scenario.Turn.Counters.Retransmissions);
    }

    private static string TransactionId(byte[] message) => Convert.ToHexString(message.AsSpan(8, 12));
}
