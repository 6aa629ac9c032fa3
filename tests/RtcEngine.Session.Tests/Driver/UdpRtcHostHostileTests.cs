using System.Net;
using System.Net.Sockets;
using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;
using RtcEngine.Primitives.Crypto;
using RtcEngine.Session.Driver;
using Xunit;

namespace RtcEngine.Session.Tests.Driver;

/// <summary>
/// Forged traffic at the production host over real loopback sockets: checks that name a
/// connection's ufrag but fail its integrity, and garbage, from many source addresses. They are
/// answered at most with an error, counted, and leave no state behind (no route, no candidate).
/// </summary>
[Collection(SerialAllocationCollection.Name)]
public class UdpRtcHostHostileTests
{
    private const int Sources = 40;

    [Fact]
    public async Task Forged_checks_and_garbage_from_many_sources_leave_no_route_or_candidate()
    {
        await using UdpRtcHost host = UdpRtcHost.Start();
        await using RtcPeerConnection peer = host.CreateConnection();
        await peer.AddTransceiverAsync(RtcMediaKind.Audio);
        await peer.SetLocalDescriptionAsync(await peer.CreateOfferAsync());
        string ufrag = await peer.InvokeAsync(c => c.LocalIceUfrag);

        var attackers = new List<Socket>();
        try
        {
            int answered = 0;
            using var wrongKey = new HmacSha1(StunIntegrity.ShortTermKey("not-the-password-at-all"));
            var random = new byte[200];
            for (int i = 0; i < Sources; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 2000 };
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                attackers.Add(socket);

                var buffer = new byte[200];
                var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, StunTransactionId.Create(CryptoRandomSource.Shared));
                writer.TryAddString(StunAttributeType.Username, $"{ufrag}:evil");
                writer.TryAddUInt32(StunAttributeType.Priority, 1853759231);
                writer.TryAddUInt64(StunAttributeType.IceControlling, (ulong)i);
                writer.TryAddFlag(StunAttributeType.UseCandidate);
                writer.TryAddMessageIntegrity(wrongKey);
                writer.TryAddFingerprint();
                socket.SendTo(writer.Written, host.LocalAddress.ToIPEndPoint());

                Random.Shared.NextBytes(random);
                random[0] = (byte)(128 + (i % 64)); // RTP/RTCP-looking garbage from the same source
                socket.SendTo(random, host.LocalAddress.ToIPEndPoint());

                var reply = new byte[1500];
                if (socket.Receive(reply) >= 20 && (reply[0] << 8 | reply[1]) == 0x0111)
                {
                    answered++; // a Binding error response (401)
                }
            }

            Assert.True(answered > 0, "the forged checks reached the connection's agent (it answers 401)");
            (int routes, int remoteCandidates, int pairs, long rejected, RtcIceConnectionState state) = await peer.InvokeAsync(c =>
                (host.RoutedRemoteCount, c.IceAgent!.RemoteCandidateCount, c.IceAgent.PairCount, c.IceAgent.Counters.RejectedUnauthenticated, c.IceConnectionState));
            Assert.Equal(0, routes);
            Assert.Equal(0, remoteCandidates);
            Assert.Equal(0, pairs);
            Assert.Equal(Sources, rejected);
            Assert.Equal(RtcIceConnectionState.New, state);
            Assert.True(host.DroppedUnroutable >= Sources, $"garbage dropped unroutable: {host.DroppedUnroutable}");
        }
        finally
        {
            foreach (Socket socket in attackers)
            {
                socket.Dispose();
            }
        }
    }
}
