using System.Text;
using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Candidates;
using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;
using RtcEngine.Primitives.Crypto;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Agent;

/// <summary>How the agent answers checks (RFC 8445 section 7.3, RFC 8489 section 9.1.3), one case at a time.</summary>
public class IncomingCheckTests
{
    private static readonly IceCredentials Peer = AgentDriver.PeerCredentials;

    private static StunTransactionId Id(ulong seed = 1) => StunTransactionId.Create(new SeededRandomSource(seed));

    private static StunMessageReader Read(byte[] data)
    {
        Assert.True(StunMessageReader.TryRead(data, out StunMessageReader message));
        return message;
    }

    [Fact]
    public void A_Chromium_check_is_answered_signed_and_triggers_a_check_back()
    {
        var driver = new AgentDriver(IceRole.Controlled);
        driver.Run(TimeSpan.Zero);
        StunTransactionId id = Id();
        Assert.Equal(IceReceiveResult.Consumed, driver.Deliver(StunTestMessages.Check(driver.Agent.LocalCredentials, Peer, id, useCandidate: true)));
        List<(byte[] Data, TransmitInfo Info)> sent = driver.TakeSent();

        (byte[] response, TransmitInfo info) = sent[0];
        Assert.Equal(AgentDriver.Local, info.Source);
        Assert.Equal(AgentDriver.Remote, info.Destination);
        StunMessageReader message = Read(response);
        Assert.Equal(StunMessageType.BindingSuccess, message.Type);
        Assert.Equal(id, message.TransactionId);
        Assert.True(message.TryGetXorMappedAddress(out PeerAddress mapped));
        Assert.Equal(AgentDriver.Remote, mapped);
        Assert.True(message.VerifyFingerprint());
        using (var localKey = new HmacSha1(StunIntegrity.ShortTermKey(driver.Agent.LocalCredentials.Password)))
        {
            Assert.True(message.VerifyMessageIntegrity(localKey));
        }

        // The peer-reflexive remote, its pair, and a triggered check at the next pacing slot.
        Assert.Equal(1, driver.Agent.RemoteCandidateCount);
        IceCandidatePairInfo pair = Assert.Single(driver.Agent.GetPairs());
        Assert.Equal(IceCandidateType.PeerReflexive, pair.Remote.Type);
        Assert.Equal(1853759231u, pair.Remote.Priority);
        driver.Run(TimeSpan.FromMilliseconds(50));
        (byte[] check, TransmitInfo checkInfo) = Assert.Single(driver.TakeSent());
        Assert.Equal(AgentDriver.Remote, checkInfo.Destination);
        StunMessageReader request = Read(check);
        Assert.Equal(StunMessageType.BindingRequest, request.Type);
        Assert.True(request.TryGetUsername(out ReadOnlySpan<byte> username));
        Assert.Equal($"{Peer.Ufrag}:{driver.Agent.LocalCredentials.Ufrag}", Encoding.UTF8.GetString(username));
        Assert.True(request.TryGetIceControlled(out ulong tieBreaker));
        Assert.Equal(driver.Agent.TieBreaker, tieBreaker);
        Assert.True(request.TryGetPriority(out uint priority));
        Assert.Equal(IceCandidate.ComputePriority(IceCandidateType.PeerReflexive, 65535, 1), priority);
        Assert.False(request.HasUseCandidate);
        using var remoteKey = new HmacSha1(StunIntegrity.ShortTermKey(Peer.Password));
        Assert.True(request.VerifyMessageIntegrity(remoteKey));
        Assert.True(request.VerifyFingerprint());

        // Its success response validates and (USE-CANDIDATE came first) nominates the pair.
        driver.Deliver(StunTestMessages.Success(request.TransactionId, AgentDriver.Local, Peer.Password));
        IceCandidatePairInfo selected = driver.Agent.SelectedPair!;
        Assert.True(selected.Nominated);
        Assert.Equal(IceConnectionState.Connected, driver.Agent.ConnectionState);
    }

    [Fact]
    public void Data_from_a_remote_is_accepted_once_it_sent_an_authenticated_check()
    {
        var driver = new AgentDriver(IceRole.Controlled);
        byte[] dtls = [22, 0xFE, 0xFD, 0, 0];
        Assert.Equal(IceReceiveResult.Dropped, driver.Deliver(dtls));
        Assert.Equal(1, driver.Agent.Counters.DroppedUnpermitted);

        driver.Deliver(StunTestMessages.Check(driver.Agent.LocalCredentials, Peer, Id()));
        var datagram = new ReceivedDatagram(dtls, AgentDriver.Local, AgentDriver.Remote);
        Assert.Equal(IceReceiveResult.ApplicationData, driver.Agent.Receive(driver.Clock.Now, datagram, out ReceivedDatagram application));
        Assert.Equal(dtls, application.Data.ToArray());
        Assert.Equal(AgentDriver.Remote, application.Remote);
        Assert.Equal(AgentDriver.Local, application.Local);

        // A dual-mode socket reports the same peer as IPv4-mapped IPv6: still the same remote.
        var mapped = new ReceivedDatagram(dtls, AgentDriver.Local.MapToIPv6(), AgentDriver.Remote.MapToIPv6());
        Assert.Equal(IceReceiveResult.ApplicationData, driver.Agent.Receive(driver.Clock.Now, mapped, out application));
        Assert.Equal(AgentDriver.Remote, application.Remote);

        // Another port of the same host is another remote: not permitted.
        Assert.Equal(IceReceiveResult.Dropped, driver.Deliver(dtls, AgentDriver.Remote.WithPort(6001)));
    }

    [Fact]
    public void Checks_can_be_answered_before_the_remote_credentials_are_known()
    {
        var driver = new AgentDriver(IceRole.Controlling, remoteCredentials: false);
        driver.Deliver(StunTestMessages.Check(driver.Agent.LocalCredentials, Peer, Id(), controlling: false));
        (byte[] response, _) = Assert.Single(driver.TakeSent());
        Assert.Equal(StunClass.SuccessResponse, Read(response).Class);

        // The triggered check waits for the peer's password.
        driver.Run(TimeSpan.FromSeconds(1));
        Assert.Empty(driver.TakeSent());
        driver.Agent.SetRemoteCredentials(Peer);
        driver.Run(TimeSpan.FromMilliseconds(10));
        Assert.Equal(StunClass.Request, Read(Assert.Single(driver.TakeSent()).Data).Class);
    }

    [Theory]
    [InlineData(false, true, 400)]
    [InlineData(true, false, 400)]
    public void A_check_without_username_or_integrity_gets_an_unsigned_400_and_no_state(bool username, bool integrity, int code)
    {
        var driver = new AgentDriver();
        Assert.Equal(IceReceiveResult.Dropped, driver.Deliver(StunTestMessages.Check(driver.Agent.LocalCredentials, Peer, Id(), username: username, integrity: integrity)));
        StunMessageReader error = Read(Assert.Single(driver.TakeSent()).Data);
        Assert.True(error.TryGetErrorCode(out int actual, out _));
        Assert.Equal(code, actual);
        Assert.False(error.HasMessageIntegrity);
        Assert.Equal(0, driver.Agent.RemoteCandidateCount);
        Assert.Equal(0, driver.Agent.PairCount);
        Assert.Equal(1, driver.Agent.Counters.RejectedBadRequest);
    }

    [Fact]
    public void A_check_for_another_ufrag_or_with_a_wrong_password_gets_401_and_no_state()
    {
        var driver = new AgentDriver();
        var stranger = new IceCredentials("Nope", driver.Agent.LocalCredentials.Password);
        driver.Deliver(StunTestMessages.Check(stranger, Peer, Id(1)));
        driver.Deliver(StunTestMessages.Check(driver.Agent.LocalCredentials, Peer, Id(2), passwordOverride: "wrongwrongwrongwrongwrong"));
        driver.Deliver(StunTestMessages.Check(driver.Agent.LocalCredentials, new IceCredentials("Other", Peer.Password), Id(3))); // remote ufrag not the peer's
        List<(byte[] Data, TransmitInfo Info)> sent = driver.TakeSent();
        Assert.Equal(3, sent.Count);
        foreach ((byte[] data, _) in sent)
        {
            StunMessageReader error = Read(data);
            Assert.True(error.TryGetErrorCode(out int code, out _));
            Assert.Equal(401, code);
            Assert.False(error.HasMessageIntegrity);
        }

        Assert.Equal(3, driver.Agent.Counters.RejectedUnauthenticated);
        Assert.Equal(0, driver.Agent.PairCount);
        Assert.Equal(IceConnectionState.New, driver.Agent.ConnectionState);
    }

    [Fact]
    public void A_wrong_fingerprint_is_dropped_without_an_answer()
    {
        var driver = new AgentDriver();
        byte[] check = StunTestMessages.Check(driver.Agent.LocalCredentials, Peer, Id());
        check[^1] ^= 1;
        Assert.Equal(IceReceiveResult.Dropped, driver.Deliver(check));
        Assert.Empty(driver.TakeSent());
        Assert.Equal(1, driver.Agent.Counters.DroppedBadFingerprint);
    }

    [Fact]
    public void An_unknown_comprehension_required_attribute_gets_a_signed_420_listing_it()
    {
        var driver = new AgentDriver();
        driver.Deliver(StunTestMessages.Check(driver.Agent.LocalCredentials, Peer, Id(), extraAttribute: 0x0777));
        StunMessageReader error = Read(Assert.Single(driver.TakeSent()).Data);
        Assert.True(error.TryGetErrorCode(out int code, out _));
        Assert.Equal(420, code);
        Assert.True(error.TryGetAttribute(StunAttributeType.UnknownAttributes, out ReadOnlySpan<byte> unknown));
        Assert.Equal([0x07, 0x77], unknown.ToArray());
        using var key = new HmacSha1(StunIntegrity.ShortTermKey(driver.Agent.LocalCredentials.Password));
        Assert.True(error.VerifyMessageIntegrity(key));
        Assert.Equal(0, driver.Agent.PairCount);
    }

    [Fact]
    public void An_authenticated_check_without_priority_gets_a_signed_400()
    {
        var driver = new AgentDriver();
        driver.Deliver(StunTestMessages.Check(driver.Agent.LocalCredentials, Peer, Id(), withPriority: false));
        StunMessageReader error = Read(Assert.Single(driver.TakeSent()).Data);
        Assert.True(error.TryGetErrorCode(out int code, out _));
        Assert.Equal(400, code);
        Assert.True(error.HasMessageIntegrity);
        Assert.Equal(0, driver.Agent.PairCount);
    }

    [Fact]
    public void A_controlling_agent_with_the_larger_tie_breaker_answers_487()
    {
        var driver = new AgentDriver(IceRole.Controlling);
        ulong smaller = driver.Agent.TieBreaker - 1;
        driver.Deliver(StunTestMessages.Check(driver.Agent.LocalCredentials, Peer, Id(), controlling: true, tieBreaker: smaller));
        StunMessageReader error = Read(Assert.Single(driver.TakeSent()).Data);
        Assert.True(error.TryGetErrorCode(out int code, out _));
        Assert.Equal(487, code);
        Assert.True(error.HasMessageIntegrity);
        Assert.Equal(IceRole.Controlling, driver.Agent.Role);
        Assert.Equal(0, driver.Agent.PairCount);
    }

    [Fact]
    public void A_controlling_agent_with_the_smaller_tie_breaker_switches_and_answers()
    {
        var driver = new AgentDriver(IceRole.Controlling);
        ulong larger = driver.Agent.TieBreaker + 1;
        driver.Deliver(StunTestMessages.Check(driver.Agent.LocalCredentials, Peer, Id(), controlling: true, tieBreaker: larger));
        Assert.Equal(StunClass.SuccessResponse, Read(driver.TakeSent()[0].Data).Class);
        Assert.Equal(IceRole.Controlled, driver.Agent.Role);
        Assert.Equal(IceRole.Controlled, Assert.Single(driver.Events.OfType<IceRoleChangedEvent>()).Role);
    }

    [Fact]
    public void A_487_response_switches_role_and_checks_again()
    {
        var driver = new AgentDriver(IceRole.Controlling);
        driver.Agent.AddRemoteCandidate(IceCandidate.Parse("candidate:1 1 udp 2122260223 10.0.0.2 6000 typ host"));
        driver.Run(TimeSpan.FromMilliseconds(1));
        StunMessageReader check = Read(Assert.Single(driver.TakeSent()).Data);
        Assert.True(check.TryGetIceControlling(out _));

        driver.Deliver(StunTestMessages.Error(check.TransactionId, 487, Peer.Password));
        Assert.Equal(IceRole.Controlled, driver.Agent.Role);
        driver.Run(TimeSpan.FromMilliseconds(50));
        StunMessageReader retry = Read(Assert.Single(driver.TakeSent()).Data);
        Assert.True(retry.TryGetIceControlled(out _));
        Assert.NotEqual(check.TransactionId, retry.TransactionId);
    }

    [Fact]
    public void A_response_signed_with_the_wrong_password_is_ignored()
    {
        var driver = new AgentDriver(IceRole.Controlling);
        driver.Agent.AddRemoteCandidate(IceCandidate.Parse("candidate:1 1 udp 2122260223 10.0.0.2 6000 typ host"));
        driver.Run(TimeSpan.FromMilliseconds(1));
        StunMessageReader check = Read(Assert.Single(driver.TakeSent()).Data);
        Assert.Equal(IceReceiveResult.Dropped, driver.Deliver(StunTestMessages.Success(check.TransactionId, AgentDriver.Local, "forgedforgedforgedforged")));
        Assert.Equal(1, driver.Agent.Counters.DroppedBadResponseIntegrity);
        Assert.Equal(IceCandidatePairState.InProgress, driver.Agent.GetPairs()[0].State);

        // A response from another address than the check went to fails the pair (not symmetric).
        driver.Deliver(StunTestMessages.Success(check.TransactionId, AgentDriver.Local, Peer.Password), from: PeerAddress.Parse("10.0.0.3:6000"));
        Assert.Equal(IceCandidatePairState.Failed, driver.Agent.GetPairs()[0].State);
    }

    [Fact]
    public void A_check_on_an_unknown_local_address_is_dropped()
    {
        var driver = new AgentDriver();
        Assert.Equal(IceReceiveResult.Dropped, driver.Deliver(StunTestMessages.Check(driver.Agent.LocalCredentials, Peer, Id()), to: PeerAddress.Parse("10.0.0.1:5999")));
        Assert.Empty(driver.TakeSent());
        Assert.Equal(1, driver.Agent.Counters.DroppedUnknownLocal);
    }

    [Fact]
    public void Indications_and_other_methods_are_dropped_and_counted()
    {
        var driver = new AgentDriver();
        var buffer = new byte[100];
        var indication = new StunMessageWriter(buffer, StunMessageType.BindingIndication, Id());
        indication.TryAddFingerprint();
        Assert.Equal(IceReceiveResult.Dropped, driver.Deliver(indication.Written.ToArray()));
        var allocate = new StunMessageWriter(buffer, new StunMessageType(StunMethod.Allocate, StunClass.Request), Id());
        Assert.Equal(IceReceiveResult.Dropped, driver.Deliver(allocate.Written.ToArray()));
        Assert.Equal(2, driver.Agent.Counters.DroppedUnsupportedStun);
        Assert.Empty(driver.TakeSent());
    }

    [Fact]
    public void A_lite_agent_never_sends_checks_and_selects_the_nominated_pair()
    {
        var driver = new AgentDriver(IceRole.Controlled, lite: true);
        driver.Deliver(StunTestMessages.Check(driver.Agent.LocalCredentials, Peer, Id(1)));
        driver.Run(TimeSpan.FromSeconds(5));
        Assert.Single(driver.TakeSent()); // the response only
        Assert.Equal(IceConnectionState.Connected, driver.Agent.ConnectionState);

        PeerAddress other = PeerAddress.Parse("10.0.0.2:6002");
        driver.Deliver(StunTestMessages.Check(driver.Agent.LocalCredentials, Peer, Id(2), useCandidate: true), from: other);
        Assert.Equal(other, driver.Agent.SelectedPair!.RemoteAddress);
        Assert.True(driver.Agent.SelectedPair!.Nominated);

        // The latest nomination wins.
        driver.Deliver(StunTestMessages.Check(driver.Agent.LocalCredentials, Peer, Id(3), useCandidate: true));
        Assert.Equal(AgentDriver.Remote, driver.Agent.SelectedPair!.RemoteAddress);
        Assert.Single(driver.Agent.GetPairs(), p => p.Nominated);
    }
}
