using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Testing;

namespace RtcEngine.Rtp.Tests.Scenarios;

/// <summary>
/// A test engine around an <see cref="RtpSession"/>: optionally sends synthetic media (frames of N
/// packets on a fixed cadence) through a send stream, receives through the session, and records
/// what it delivered and the events it raised. Plaintext RTP/RTCP on the virtual network.
/// </summary>
internal sealed class MediaPeer : ISansIoEngine<RtpSessionEvent>
{
    public static readonly PeerAddress AddressA = PeerAddress.Parse("10.0.0.1:5000");
    public static readonly PeerAddress AddressB = PeerAddress.Parse("10.0.0.2:5000");
    public static readonly WallClockAnchor Anchor = new(MonoTime.Zero, new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    private readonly Queue<byte[]> _outbox = new();
    private readonly byte[] _scratch = new byte[DatagramLimits.MaxDatagramSize];
    private MonoTime _nextFrame = MonoTime.Never;
    private int _framesLeft;
    private uint _timestamp;

    public MediaPeer(RtpSessionOptions options, ulong seed)
    {
        Session = new RtpSession(options, new SeededRandomSource(seed), Anchor);
        Session.PacketSink = (in RtpPacketReader packet, in RtpReceiveResult result) =>
        {
            Delivered.Add((packet.Ssrc, packet.SequenceNumber, result.Status));
            if (Assembler is not null)
            {
                Assembler.Insert(_lastReceive, packet);
                while (Assembler.TryPollFrame(out RtcEngine.Rtp.Payload.AssembledFrame frame))
                {
                    Frames.Add((frame.Timestamp, frame.IsKeyframe, frame.Width, frame.Height, frame.Data.Length));
                }
            }

            if (Session.ExtensionMap.GetId(RtpExtensionKind.Mid) != 0 && packet.TryGetMid(Session.ExtensionMap, out ReadOnlySpan<byte> mid))
            {
                LastMid = System.Text.Encoding.ASCII.GetString(mid);
            }
        };
    }

    public RtpSession Session { get; }

    public RtpSendStream? Sender { get; private set; }

    public List<(uint Ssrc, ushort Sequence, RtpReceiveStatus Status)> Delivered { get; } = [];

    public List<RtpSessionEvent> Events { get; } = [];

    public List<(ushort Sequence, MonoTime At)> Sent { get; } = [];

    public string? LastMid { get; private set; }

    public int PacketsPerFrame { get; set; } = 3;

    public int PayloadSize { get; set; } = 900;

    public TimeSpan FrameInterval { get; set; } = TimeSpan.FromMilliseconds(33);

    public uint TimestampStep { get; set; } = 3000;

    public AudioLevel? AudioLevel { get; set; }

    /// <summary>When set, frames come from this function (frame index to encoded VP8 frame) through a VP8 packetizer.</summary>
    public Func<int, byte[]>? Vp8Frames { get; set; }

    /// <summary>When set, delivered packets are also inserted here (frames drained into <see cref="Frames"/>).</summary>
    public RtcEngine.Rtp.Payload.RtpFrameAssembler? Assembler { get; set; }

    public List<(uint Timestamp, bool Keyframe, int Width, int Height, int Length)> Frames { get; } = [];

    private readonly RtcEngine.Rtp.Payload.Vp8Packetizer _vp8 = new(1234);
    private int _frameIndex;
    private MonoTime _lastReceive;

    /// <summary>Starts sending <paramref name="frames"/> frames at <paramref name="start"/> on <paramref name="stream"/>.</summary>
    public void StartSending(RtpSendStream stream, MonoTime start, int frames)
    {
        Sender = stream;
        _framesLeft = frames;
        _nextFrame = start;
        Session.Start(start);
    }

    public void StopSending()
    {
        _framesLeft = 0;
        _nextFrame = MonoTime.Never;
    }

    public void HandleDatagram(MonoTime now, in ReceivedDatagram datagram)
    {
        _lastReceive = now;
        Session.HandleDatagram(now, datagram);
    }

    public void HandleTimeout(MonoTime now)
    {
        Session.HandleTimeout(now);
        while (_framesLeft > 0 && _nextFrame <= now)
        {
            SendFrame(now);
            _framesLeft--;
            _nextFrame = _framesLeft > 0 ? _nextFrame + FrameInterval : MonoTime.Never;
        }
    }

    public bool TryPollTransmit(Span<byte> destination, out TransmitInfo transmit)
    {
        if (_outbox.TryDequeue(out byte[]? packet))
        {
            packet.CopyTo(destination);
            transmit = TransmitInfo.ToDefaultPath(packet.Length);
            return true;
        }

        return Session.TryPollTransmit(destination, out transmit);
    }

    public MonoTime PollTimeout() => MonoTime.Min(Session.PollTimeout(), _nextFrame);

    public bool TryPollEvent(out RtpSessionEvent engineEvent) => Session.TryPollEvent(out engineEvent);

    private void SendFrame(MonoTime now)
    {
        if (Vp8Frames is not null)
        {
            byte[] frame = Vp8Frames(_frameIndex++);
            RtcEngine.Rtp.Payload.RtpFragmentCursor cursor = _vp8.Packetize(frame, 1100);
            byte[] vp8Payload = new byte[1200];
            bool keyframe = RtcEngine.Rtp.Payload.Vp8Frame.TryGetResolution(frame, out int width, out int height);
            while (cursor.TryWriteNext(vp8Payload, out int length, out bool last))
            {
                ushort sequence = Sender!.NextSequenceNumber;
                Sender.TryWritePacket(now, new RtpPacketOptions(_timestamp, Marker: last), vp8Payload.AsSpan(0, length), _scratch, out int written);
                Sent.Add((sequence, now));
                _outbox.Enqueue(_scratch.AsSpan(0, written).ToArray());
            }

            Sender!.OnFrameSent(now, keyframe, width, height);
            _timestamp += TimestampStep;
            return;
        }

        byte[] payload = new byte[PayloadSize];
        for (int i = 0; i < PacketsPerFrame; i++)
        {
            var options = new RtpPacketOptions(_timestamp, Marker: i == PacketsPerFrame - 1, AudioLevel: AudioLevel);
            ushort sequence = Sender!.NextSequenceNumber;
            if (!Sender.TryWritePacket(now, options, payload, _scratch, out int written))
            {
                throw new InvalidOperationException("packet did not fit");
            }

            Sent.Add((sequence, now));
            _outbox.Enqueue(_scratch.AsSpan(0, written).ToArray());
        }

        _timestamp += TimestampStep;
    }

    /// <summary>Two peers on a fresh network: A at <see cref="AddressA"/>, B at <see cref="AddressB"/>.</summary>
    public static VirtualNetwork Connect(MediaPeer a, MediaPeer b, ulong seed, LinkConditions? link = null)
    {
        var net = new VirtualNetwork(seed);
        VirtualNode na = net.Add(a, e => a.Events.Add(e), AddressA);
        VirtualNode nb = net.Add(b, e => b.Events.Add(e), AddressB);
        na.DefaultPeer = AddressB;
        nb.DefaultPeer = AddressA;
        if (link is not null)
        {
            net.SetLinkBothWays(na, nb, link);
        }

        a.Session.Start(net.Now);
        b.Session.Start(net.Now);
        return net;
    }

    /// <summary>Whether a datagram on the wire is RTP media (not RTCP) of <paramref name="ssrc"/>.</summary>
    public static bool IsMedia(byte[] datagram, uint ssrc) =>
        !RtcEngine.Rtp.Rtcp.RtcpHeader.IsRtcp(datagram) && RtpPacketReader.TryRead(datagram, out RtpPacketReader p) && p.Ssrc == ssrc;
}
