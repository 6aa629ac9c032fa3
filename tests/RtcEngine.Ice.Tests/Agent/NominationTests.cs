using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Agent;

/// <summary>Regular nomination as the controlled side sees it from Chromium: several nominations over time, the latest wins.</summary>
public class NominationTests
{
    private static readonly IceCredentials Peer = AgentDriver.PeerCredentials;

    [Fact]
    public void A_full_controlled_agent_follows_the_latest_nomination()
    {
        var driver = new AgentDriver(IceRole.Controlled);
        PeerAddress first = AgentDriver.Remote;
        PeerAddress second = AgentDriver.Remote.WithPort(6002);

        // Chromium checks two of our pairs; we check back and both become valid.
        ValidatePair(driver, first, 1);
        ValidatePair(driver, second, 2);
        Assert.Equal(2, driver.Agent.GetPairs().Count(p => p.State == IceCandidatePairState.Succeeded));

        // It nominates the first, then later the second: the selected pair follows, once each.
        driver.Deliver(StunTestMessages.Check(driver.Agent.LocalCredentials, Peer, StunTransactionId.Create(new SeededRandomSource(10)), useCandidate: true), first);
        Assert.Equal(first, driver.Agent.SelectedPair!.RemoteAddress);
        Assert.True(driver.Agent.SelectedPair!.Nominated);
        driver.Deliver(StunTestMessages.Check(driver.Agent.LocalCredentials, Peer, StunTransactionId.Create(new SeededRandomSource(11)), useCandidate: true), second);
        Assert.Equal(second, driver.Agent.SelectedPair!.RemoteAddress);
        Assert.Single(driver.Agent.GetPairs(), p => p.Nominated);
        Assert.Equal(second, driver.Events.OfType<IceSelectedPairChangedEvent>().Last().Pair.RemoteAddress);

        // A repeated nomination of the current pair changes nothing.
        int changes = driver.Events.OfType<IceSelectedPairChangedEvent>().Count();
        driver.Deliver(StunTestMessages.Check(driver.Agent.LocalCredentials, Peer, StunTransactionId.Create(new SeededRandomSource(12)), useCandidate: true), second);
        Assert.Equal(changes, driver.Events.OfType<IceSelectedPairChangedEvent>().Count());
    }

    [Fact]
    public void A_nomination_before_our_check_succeeds_takes_effect_when_it_does()
    {
        var driver = new AgentDriver(IceRole.Controlled);
        driver.Deliver(StunTestMessages.Check(driver.Agent.LocalCredentials, Peer, StunTransactionId.Create(new SeededRandomSource(1)), useCandidate: true));
        Assert.False(driver.Agent.GetPairs()[0].Nominated);
        driver.TakeSent();
        driver.Run(TimeSpan.FromMilliseconds(50));
        Assert.True(StunMessageReader.TryRead(Assert.Single(driver.TakeSent()).Data, out StunMessageReader check));
        driver.Deliver(StunTestMessages.Success(check.TransactionId, AgentDriver.Local, Peer.Password));
        Assert.True(driver.Agent.SelectedPair!.Nominated);
    }

    private static void ValidatePair(AgentDriver driver, PeerAddress remote, ulong seed)
    {
        driver.Deliver(StunTestMessages.Check(driver.Agent.LocalCredentials, Peer, StunTransactionId.Create(new SeededRandomSource(seed))), remote);
        driver.TakeSent();
        driver.Run(TimeSpan.FromMilliseconds(50));
        foreach ((byte[] data, TransmitInfo info) in driver.TakeSent())
        {
            if (StunMessageReader.TryRead(data, out StunMessageReader check) && check.Class == StunClass.Request)
            {
                driver.Deliver(StunTestMessages.Success(check.TransactionId, AgentDriver.Local, Peer.Password), info.Destination);
            }
        }
    }
}
