using System.Buffers.Binary;
using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Candidates;
using RtcEngine.Primitives;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Scenarios;

/// <summary>
/// The seam the TURN client (issue 4) plugs into: a relay candidate whose channel frames checks
/// and data in the published headroom, and unwraps what the server relays back. A fake relay with
/// a ten-byte header stands in for TURN; the direct path is blocked so only the relay works.
/// </summary>
public class RelaySeamScenario
{
    private static readonly PeerAddress Server = PeerAddress.Parse("198.51.100.50:3478");
    private static readonly PeerAddress Relayed = PeerAddress.Parse("198.51.100.50:50000");

    [Fact]
    public void Checks_and_data_flow_through_a_relay_candidate_when_the_direct_path_is_blocked()
    {
        var net = new VirtualNetwork(seed: 120);
        var server = new FakeRelayServer();
        net.Add(server, Server, Relayed);
        net.Filter = d => !(d.From == IceScenario.AddressA && d.To == IceScenario.AddressB) && !(d.From == IceScenario.AddressB && d.To == IceScenario.AddressA);
        (IceEndpoint a, IceEndpoint b) = IceScenario.Create(
            net,
            IceScenario.Options(IceRole.Controlling, IceScenario.AddressA),
            IceScenario.Options(IceRole.Controlled, IceScenario.AddressB),
            start: false);
        a.Agent.AddRelayCandidate(new FakeRelayChannel(IceScenario.AddressA));
        a.Agent.StartGathering();
        b.Agent.StartGathering();
        net.Poll();
        Assert.Contains(a.Gathered, c => c.Type == IceCandidateType.Relay && c.Address == "198.51.100.50" && c.Port == 50000);

        Assert.True(net.RunUntil(() => IceScenario.BothConnected(a, b) && a.Agent.SelectedPair!.Nominated && b.Agent.SelectedPair!.Nominated, TimeSpan.FromSeconds(15)), $"A {a.State}, B {b.State}");
        Assert.Equal(IceCandidateType.Relay, a.Agent.SelectedPair!.Local.Type);
        Assert.Equal(Relayed, a.Agent.SelectedPair!.LocalAddress);
        Assert.Equal(Relayed, b.Agent.SelectedPair!.RemoteAddress);
        Assert.Equal(IceCandidateType.Relay, b.Agent.SelectedPair!.Remote.Type);

        a.Send([0x17, 0xAA]);
        b.Send([0x17, 0xBB]);
        net.RunFor(TimeSpan.FromMilliseconds(200));
        (byte[] atB, PeerAddress fromAtB) = Assert.Single(b.Application);
        Assert.Equal([0x17, 0xAA], atB);
        Assert.Equal(Relayed, fromAtB);
        (byte[] atA, PeerAddress fromAtA) = Assert.Single(a.Application);
        Assert.Equal([0x17, 0xBB], atA);
        Assert.Equal(IceScenario.AddressB, fromAtA);
        Assert.True(server.Forwarded > 0);
    }

    /// <summary>Frames: 0x40 0x00, peer IPv4 (4), peer port (2), payload length (2), payload.</summary>
    private sealed class FakeRelayChannel(PeerAddress localBase) : IIceRelayChannel
    {
        public const int HeaderLength = 10;

        public PeerAddress LocalBase { get; } = localBase;

        public PeerAddress ServerAddress => Server;

        public PeerAddress RelayedAddress => Relayed;

        public bool TryWrap(Span<byte> buffer, int payloadOffset, int payloadLength, PeerAddress peer, out int start, out int length)
        {
            start = payloadOffset - HeaderLength;
            length = payloadLength + HeaderLength;
            Write(buffer[start..], peer, payloadLength);
            return true;
        }

        public bool TryUnwrap(Span<byte> datagram, out PeerAddress peer, out int payloadOffset, out int payloadLength) =>
            Read(datagram, out peer, out payloadOffset, out payloadLength);

        public static void Write(Span<byte> header, PeerAddress peer, int payloadLength)
        {
            header[0] = 0x40;
            header[1] = 0;
            BinaryPrimitives.WriteUInt32BigEndian(header[2..], peer.IPv4Value);
            BinaryPrimitives.WriteUInt16BigEndian(header[6..], peer.Port);
            BinaryPrimitives.WriteUInt16BigEndian(header[8..], (ushort)payloadLength);
        }

        public static bool Read(ReadOnlySpan<byte> datagram, out PeerAddress peer, out int payloadOffset, out int payloadLength)
        {
            peer = default;
            payloadOffset = HeaderLength;
            payloadLength = 0;
            if (datagram.Length < HeaderLength || datagram[0] != 0x40)
            {
                return false;
            }

            peer = PeerAddress.FromIPv4(BinaryPrimitives.ReadUInt32BigEndian(datagram[2..]), BinaryPrimitives.ReadUInt16BigEndian(datagram[6..]));
            payloadLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[8..]);
            return payloadLength == datagram.Length - HeaderLength;
        }
    }

    /// <summary>Unwraps what the client sends to the server address and relays it from the relayed address, and back.</summary>
    private sealed class FakeRelayServer : ISansIoEngine
    {
        private readonly Queue<(byte[] Data, PeerAddress From, PeerAddress To)> _out = new();
        private PeerAddress _client;

        public int Forwarded { get; private set; }

        public void HandleDatagram(MonoTime now, in ReceivedDatagram datagram)
        {
            if (datagram.Local == Server && FakeRelayChannel.Read(datagram.Data, out PeerAddress peer, out int offset, out int length))
            {
                _client = datagram.Remote;
                _out.Enqueue((datagram.Data.Slice(offset, length).ToArray(), Relayed, peer));
                Forwarded++;
            }
            else if (datagram.Local == Relayed && !_client.IsNone)
            {
                var framed = new byte[datagram.Data.Length + FakeRelayChannel.HeaderLength];
                FakeRelayChannel.Write(framed, datagram.Remote, datagram.Data.Length);
                datagram.Data.CopyTo(framed.AsSpan(FakeRelayChannel.HeaderLength));
                _out.Enqueue((framed, Server, _client));
                Forwarded++;
            }
        }

        public void HandleTimeout(MonoTime now)
        {
        }

        public bool TryPollTransmit(Span<byte> destination, out TransmitInfo transmit)
        {
            if (!_out.TryDequeue(out (byte[] Data, PeerAddress From, PeerAddress To) item))
            {
                transmit = default;
                return false;
            }

            item.Data.CopyTo(destination);
            transmit = new TransmitInfo(item.Data.Length, item.From, item.To);
            return true;
        }

        public MonoTime PollTimeout() => MonoTime.Never;
    }
}
