using System.Buffers.Binary;
using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Rtp.Rtcp;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Rtp.Tests.Session;

public class RtpSessionTests
{
    private static readonly WallClockAnchor Anchor = new(MonoTime.Zero, new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    private static RtpSession NewSession(RtpHeaderExtensionMap? map = null, ulong seed = 1, RtpSessionOptions? options = null) =>
        new((options ?? new RtpSessionOptions()) with { ExtensionMap = map ?? RtpHeaderExtensionMap.CreateChromiumDefaults() }, new SeededRandomSource(seed), Anchor);

    private static byte[] Nack(uint media, params ushort[] lost)
    {
        byte[] buffer = new byte[200];
        new RtcpNackWriter(0xFEED, media, lost).TryWriteTo(buffer, out int n);
        return buffer.AsSpan(0, n).ToArray();
    }

    [Fact]
    public void Retransmission_is_an_rfc_4588_rtx_packet_with_rrid_and_fresh_transport_sequence()
    {
        RtpSession session = NewSession();
        RtpSendStream stream = session.AddSendStream(new RtpSendStreamConfig
        {
            Ssrc = 0x1111, PayloadType = 96, RtxSsrc = 0x2222, RtxPayloadTypes = [new RtxPayloadTypeMapping(96, 97)], Mid = "0", Rid = "h",
        });
        byte[] buffer = new byte[1500];
        byte[] payload = [1, 2, 3, 4, 5];
        ushort seq = stream.NextSequenceNumber;
        Assert.True(stream.TryWritePacket(MonoTime.FromMilliseconds(10), new RtpPacketOptions(90_000, Marker: true), payload, buffer, out int written));
        RtpPacketReader.TryRead(buffer.AsSpan(0, written), out RtpPacketReader original);
        Assert.True(original.TryGetTransportSequenceNumber(session.ExtensionMap, out ushort originalTransport));
        Assert.True(original.TryGetRtpStreamId(session.ExtensionMap, out ReadOnlySpan<byte> rid));
        Assert.True(rid.SequenceEqual("h"u8));

        session.ReceiveRtcp(MonoTime.FromMilliseconds(50), Nack(0x1111, seq));
        Assert.True(session.TryPollRetransmission(buffer, out written));
        Assert.True(RtpPacketReader.TryRead(buffer.AsSpan(0, written), out RtpPacketReader rtx));
        Assert.Equal(0x2222u, rtx.Ssrc);
        Assert.Equal(97, rtx.PayloadType);
        Assert.True(rtx.Marker);
        Assert.Equal(90_000u, rtx.Timestamp);
        Assert.Equal(seq, BinaryPrimitives.ReadUInt16BigEndian(rtx.Payload));
        Assert.Equal(payload, rtx.Payload.Slice(2).ToArray());
        Assert.True(rtx.TryGetMid(session.ExtensionMap, out ReadOnlySpan<byte> mid));
        Assert.True(mid.SequenceEqual("0"u8));
        Assert.False(rtx.TryGetRtpStreamId(session.ExtensionMap, out _));
        Assert.True(rtx.TryGetRepairedRtpStreamId(session.ExtensionMap, out ReadOnlySpan<byte> rrid));
        Assert.True(rrid.SequenceEqual("h"u8));
        Assert.True(rtx.TryGetTransportSequenceNumber(session.ExtensionMap, out ushort rtxTransport));
        Assert.Equal((ushort)(originalTransport + 1), rtxTransport);
        Assert.False(session.TryPollRetransmission(buffer, out _));

        // The same NACK again within an RTT is not answered twice.
        session.ReceiveRtcp(MonoTime.FromMilliseconds(60), Nack(0x1111, seq));
        Assert.False(session.TryPollRetransmission(buffer, out _));
        Assert.Equal(1, session.Counters.NackedTooSoon);
        Assert.Equal(2, stream.GetStats().NackCount);
        Assert.Equal(1, stream.GetStats().RetransmittedPacketsSent);
    }

    [Fact]
    public void Receiver_restores_an_rtx_packet_in_place()
    {
        RtpSession sender = NewSession(seed: 1);
        RtpSendStream stream = sender.AddSendStream(new RtpSendStreamConfig
        {
            Ssrc = 0x1111, PayloadType = 96, RtxSsrc = 0x2222, RtxPayloadTypes = [new RtxPayloadTypeMapping(96, 97)],
        });
        RtpSession receiver = NewSession(seed: 2);
        receiver.RegisterPayloadType(new RtpPayloadTypeInfo(97, RtpMediaKind.Video, 90_000, RepairedPayloadType: 96));
        receiver.AddReceiveStream(new RtpReceiveStreamConfig { Ssrc = 0x1111, RtxSsrc = 0x2222, MinSequential = 1 });

        byte[] buffer = new byte[1500];
        ushort first = stream.NextSequenceNumber;
        stream.TryWritePacket(MonoTime.Zero, new RtpPacketOptions(100), [9, 9], buffer, out int n);
        receiver.ReceiveRtp(MonoTime.Zero, buffer.AsSpan(0, n), out _);
        stream.TryWritePacket(MonoTime.Zero, new RtpPacketOptions(100), [7, 7, 7], buffer, out _); // lost
        stream.TryWritePacket(MonoTime.Zero, new RtpPacketOptions(200), [8], buffer, out n);
        receiver.ReceiveRtp(MonoTime.Zero, buffer.AsSpan(0, n), out _);

        sender.ReceiveRtcp(MonoTime.FromMilliseconds(5), Nack(0x1111, (ushort)(first + 1)));
        Assert.True(sender.TryPollRetransmission(buffer, out n));
        RtpReceiveResult result = receiver.ReceiveRtp(MonoTime.FromMilliseconds(10), buffer.AsSpan(0, n), out RtpPacketReader restored);
        Assert.Equal(RtpReceiveStatus.Repaired, result.Status);
        Assert.Equal(0x1111u, restored.Ssrc);
        Assert.Equal(96, restored.PayloadType);
        Assert.Equal((ushort)(first + 1), restored.SequenceNumber);
        Assert.Equal([7, 7, 7], restored.Payload.ToArray());
        Assert.Equal(0, result.Stream!.GetStats(Anchor).PacketsLost);
        Assert.Equal(1, result.Stream.GetStats(Anchor).RetransmittedPacketsReceived);
    }

    [Fact]
    public void Retransmission_without_rtx_resends_the_original_packet()
    {
        RtpSession session = NewSession(new RtpHeaderExtensionMap());
        RtpSendStream stream = session.AddSendStream(new RtpSendStreamConfig { Ssrc = 5, PayloadType = 100 });
        byte[] buffer = new byte[1500];
        ushort seq = stream.NextSequenceNumber;
        stream.TryWritePacket(MonoTime.Zero, new RtpPacketOptions(1234), [1, 2, 3], buffer, out int n);
        byte[] original = buffer.AsSpan(0, n).ToArray();
        session.ReceiveRtcp(MonoTime.FromMilliseconds(1), Nack(5, seq, (ushort)(seq + 5)));
        Assert.True(session.TryPollRetransmission(buffer, out int m));
        Assert.Equal(original, buffer.AsSpan(0, m).ToArray());
        Assert.False(session.TryPollRetransmission(buffer, out _));
        Assert.Equal(1, session.Counters.NackedNotCached); // seq + 5 was never sent
    }

    [Fact]
    public void Rtt_from_a_receiver_report_matches_rfc_3550_figure_2()
    {
        // RFC 3550 figure 2: A = 0xb710:8000, LSR = 0xb705:2000, DLSR = 0x0005:4000, RTT = 0x0006:2000 (6.125 s).
        // Choose the anchor so that NTP(now) has middle 32 bits 0xB7108000: seconds ending in 0xB710, half a second.
        const long ntpSeconds = 0xE000B710;
        DateTimeOffset wall = DateTimeOffset.FromUnixTimeSeconds(ntpSeconds - NtpTime.UnixEpochOffsetSeconds).AddMilliseconds(500);
        MonoTime now = MonoTime.FromMilliseconds(5000);
        var anchor = new WallClockAnchor(now, wall);
        Assert.Equal(0xB7108000u, anchor.ToNtp(now).Middle32);

        var session = new RtpSession(new RtpSessionOptions(), new SeededRandomSource(1), anchor);
        RtpSendStream stream = session.AddSendStream(new RtpSendStreamConfig { Ssrc = 0xABCD });
        byte[] rr = new byte[64];
        new RtcpReceiverReportWriter(0x5555, [new RtcpReportBlock(0xABCD, 0, 0, 0, 0, 0xB7052000, 0x00054000)]).TryWriteTo(rr, out int n);
        session.ReceiveRtcp(now, rr.AsSpan(0, n));

        Assert.Equal(TimeSpan.FromSeconds(6.125), stream.RoundTripTime);
        Assert.Equal(TimeSpan.FromSeconds(6.125), session.RoundTripTime);
        Assert.Equal(6.125, stream.GetRemoteInboundStats(anchor).RoundTripTime);
        Assert.True(session.TryPollEvent(out RtpSessionEvent e));
        Assert.Equal(RtpSessionEventKind.RoundTripTimeMeasured, e.Kind);
        Assert.Equal(6_125_000ul, e.Value);
    }

    [Fact]
    public void Sender_report_maps_ntp_to_rtp_from_the_last_packet()
    {
        RtpSession session = NewSession(new RtpHeaderExtensionMap());
        RtpSendStream stream = session.AddSendStream(new RtpSendStreamConfig { Ssrc = 9, ClockRate = 48_000, Kind = RtpMediaKind.Audio, PayloadType = 111 });
        byte[] buffer = new byte[1500];
        stream.TryWritePacket(MonoTime.FromMilliseconds(1000), new RtpPacketOptions(480_000), new byte[50], buffer, out _);
        MonoTime reportTime;
        int n;
        do
        {
            reportTime = session.PollTimeout();
            session.HandleTimeout(reportTime);
        }
        while (!session.TryPollRtcp(buffer, out n));
        var reader = new RtcpCompoundReader(buffer.AsSpan(0, n));
        Assert.True(reader.TryReadNext(out RtcpPacket packet));
        Assert.True(RtcpSenderReportReader.TryRead(packet, out RtcpSenderReportReader sr));
        Assert.Equal(9u, sr.Ssrc);
        Assert.Equal(Anchor.ToNtp(reportTime), sr.NtpTimestamp);
        long elapsedSamples = (reportTime - MonoTime.FromMilliseconds(1000)).Ticks * 48_000 / TimeSpan.TicksPerSecond;
        Assert.Equal((uint)(480_000 + elapsedSamples), sr.RtpTimestamp);
        Assert.Equal(1u, sr.PacketCount);
        Assert.Equal(50u, sr.OctetCount);
        Assert.True(reader.TryReadNext(out RtcpPacket sdes));
        Assert.True(RtcpSdesReader.TryGetCname(sdes, out uint ssrc, out ReadOnlySpan<byte> cname));
        Assert.Equal(9u, ssrc);
        Assert.Equal(16, cname.Length);
    }

    [Fact]
    public void Report_interval_is_randomised_around_the_rfc_3550_value()
    {
        RtpSession session = NewSession(new RtpHeaderExtensionMap());
        session.Start(MonoTime.Zero);
        byte[] buffer = new byte[1500];
        var intervals = new List<double>();
        MonoTime last = MonoTime.Zero;
        MonoTime now = MonoTime.Zero;
        while (now < MonoTime.FromMilliseconds(300_000))
        {
            now = session.PollTimeout();
            session.HandleTimeout(now);
            while (session.TryPollRtcp(buffer, out _))
            {
                intervals.Add((now - last).TotalSeconds);
                last = now;
            }
        }

        // Td = 1 s (the minimum): T is uniform in [0.5, 1.5] / (e - 3/2); timer reconsideration
        // (RFC 3550 6.3.6) redraws T when the timer fires early, which brings the mean back to Td.
        double mean = intervals.Skip(1).Average();
        Assert.InRange(mean, 0.95, 1.05);
        Assert.InRange(intervals.Skip(1).Min(), 0.41, 0.6); // never below 0.5 / 1.218
        Assert.InRange(intervals.Skip(1).Max(), 1.1, 1.24); // never above 1.5 / 1.218
        Assert.InRange(intervals[0], 0.2, 0.62); // the first report uses half the minimum
    }

    [Fact]
    public void Rtcp_interval_grows_with_members_when_bandwidth_is_small()
    {
        // 50 members, half of them senders, 200-byte reports, RTCP bandwidth 1000 octets/s: 50 x 200 / 1000 = 10 s.
        TimeSpan td = RtcpInterval.Deterministic(50, 25, 1000, weSent: false, 200, initial: false, TimeSpan.FromSeconds(1));
        Assert.Equal(10, td.TotalSeconds, 6);
        // No senders: receivers share three quarters of the bandwidth: 50 x 200 / 750.
        td = RtcpInterval.Deterministic(50, 0, 1000, weSent: false, 200, initial: false, TimeSpan.FromSeconds(1));
        Assert.Equal(50 * 200 / 750.0, td.TotalSeconds, 6);
        // Few senders: a sender's share is a quarter of the bandwidth among the senders only.
        td = RtcpInterval.Deterministic(50, 2, 1000, weSent: true, 200, initial: false, TimeSpan.FromSeconds(1));
        Assert.Equal(2 * 200 / 250.0, td.TotalSeconds, 6);
        Assert.Equal(2.5, RtcpInterval.Deterministic(2, 1, 1_000_000, true, 100, initial: true, TimeSpan.FromSeconds(5)).TotalSeconds, 6);
    }

    [Fact]
    public void Hostile_rtp_and_rtcp_are_counted_and_never_grow_state()
    {
        RtpSession session = NewSession(options: new RtpSessionOptions { MaxReceiveStreams = 4 });
        session.RegisterPayloadType(new RtpPayloadTypeInfo(96, RtpMediaKind.Video, 90_000, Nack: true));
        var random = new SeededRandomSource(5);
        byte[] buffer = new byte[1500];
        for (int i = 0; i < 20_000; i++)
        {
            int length = random.NextInt32(300);
            Span<byte> span = buffer.AsSpan(0, length);
            random.Fill(span);
            if (length > 2)
            {
                span[0] = (byte)(0x80 | (span[0] & 0x3F));
                span[1] = i % 3 == 0 ? (byte)(200 + random.NextInt32(8)) : (byte)(96 | (span[1] & 0x80));
            }

            MonoTime now = MonoTime.FromMilliseconds(i);
            if (RtcpHeader.IsRtcp(span))
            {
                session.ReceiveRtcp(now, span);
            }
            else
            {
                session.ReceiveRtp(now, span, out _);
            }

            session.HandleTimeout(now);
            while (session.TryPollRtcp(buffer.AsSpan(300), out _) || session.TryPollRetransmission(buffer.AsSpan(300), out _) || session.TryPollEvent(out _))
            {
            }
        }

        Assert.True(session.ReceiveStreams.Count <= 4);
        Assert.True(session.Counters.RtpStreamLimit > 0);
        Assert.True(session.Counters.RtpMalformed > 0);
        Assert.True(session.Counters.RtcpMalformed > 0);
    }

    [Fact]
    public void Unknown_payload_type_from_unknown_ssrc_is_dropped()
    {
        RtpSession session = NewSession();
        RtpReceiveResult r = session.ReceiveRtp(MonoTime.Zero, TestPackets.Rtp(1, 2, 3, payloadType: 50), out _);
        Assert.Equal(RtpReceiveStatus.Dropped, r.Status);
        Assert.Equal(1, session.Counters.RtpUnknownSsrc);
        Assert.Empty(session.ReceiveStreams);
    }

    [Fact]
    public void Steady_state_receive_and_rtcp_allocate_nothing()
    {
        RtpSession session = NewSession();
        session.RegisterPayloadType(new RtpPayloadTypeInfo(96, RtpMediaKind.Video, 90_000, Nack: true));
        RtpSendStream send = session.AddSendStream(new RtpSendStreamConfig { Ssrc = 77, PayloadType = 96, RtxSsrc = 78, RtxPayloadTypes = [new(96, 97)] });
        byte[][] packets = Enumerable.Range(0, 4096).Select(i => TestPackets.Rtp((ushort)(i + (i / 10)), (uint)(i * 3000), 0x42)).ToArray();
        byte[] work = new byte[1500];
        byte[] output = new byte[1500];
        byte[] rr = new byte[100];
        new RtcpReceiverReportWriter(1, [new RtcpReportBlock(77, 0, 0, 0, 0, 0, 0)]).TryWriteTo(rr, out int rrLength);
        byte[] nack = Nack(77, 1, 2, 3);
        int index = 0;
        long ms = 0;
        void Run()
        {
            for (int i = 0; i < 200; i++)
            {
                MonoTime now = MonoTime.FromMilliseconds(ms += 5);
                byte[] p = packets[index++ % packets.Length];
                p.CopyTo(work, 0);
                session.ReceiveRtp(now, work.AsSpan(0, p.Length), out _);
                send.TryWritePacket(now, new RtpPacketOptions((uint)ms * 90), p.AsSpan(12), output, out _);
                if (i % 50 == 0)
                {
                    session.ReceiveRtcp(now, rr.AsSpan(0, rrLength));
                    session.ReceiveRtcp(now, nack);
                }

                session.HandleTimeout(now);
                while (session.TryPollRetransmission(output, out _) || session.TryPollRtcp(output, out _) || session.TryPollEvent(out _))
                {
                }
            }
        }

        AllocationAssert.NoAllocations(Run, warmup: 3, what: "the session's receive, send and RTCP paths");
    }
}
