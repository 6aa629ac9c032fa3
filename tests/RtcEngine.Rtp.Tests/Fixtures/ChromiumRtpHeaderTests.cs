using System.Text.RegularExpressions;
using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Rtp.Tests.Fixtures;

/// <summary>
/// RTP headers Chromium 156 sent (tests/fixtures/rtp/chromium-156, captured with tshark on loopback):
/// each parses, its extension values make sense against the SDP and the capture clock, and writing
/// the same fields back gives the same bytes.
/// </summary>
public class ChromiumRtpHeaderTests
{
    private sealed record Captured(double Time, int Length, byte[] Header);

    private static readonly Lazy<List<Captured>> s_packets = new(() =>
        TestFiles.ReadFixtureText("rtp/chromium-156/rtp-headers.txt")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith('#'))
            .Select(line => line.Split(' '))
            .Select(f => new Captured(double.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture), Convert.FromHexString(f[4])))
            .ToList());

    private static readonly Lazy<RtpHeaderExtensionMap> s_map = new(() =>
    {
        var map = new RtpHeaderExtensionMap();
        string sdp = TestFiles.ReadFixtureText("rtp/chromium-156/offer.sdp");
        foreach (Match m in Regex.Matches(sdp, @"a=extmap:(\d+) (\S+)"))
        {
            int id = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (map.GetKind(id) == RtpExtensionKind.Unknown)
            {
                map.TryRegister(id, m.Groups[2].Value);
            }
        }

        return map;
    });

    private static List<Captured> Packets => s_packets.Value;

    private static RtpHeaderExtensionMap Map => s_map.Value;

    // The header alone, with a one-byte stand-in for the encrypted padding when P is set.
    private static byte[] Parsable(byte[] header) => (header[0] & 0x20) != 0 ? [.. header, 1] : header;

    [Fact]
    public void Fixture_has_audio_video_and_rtx_from_one_sender()
    {
        Assert.True(Packets.Count > 1000);
        var byType = Packets.GroupBy(p => p.Header[1] & 0x7F).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(byType[111] > 500);
        Assert.True(byType[96] > 200);
        Assert.True(byType.ContainsKey(97));
        Assert.Equal(3, Packets.Select(p => Convert.ToHexString(p.Header, 8, 4)).Distinct().Count());
    }

    [Fact]
    public void Every_header_parses_to_its_full_length()
    {
        foreach (Captured c in Packets)
        {
            Assert.True(RtpPacketReader.TryRead(Parsable(c.Header), out RtpPacketReader p, out RtpParseError error), error.ToString());
            Assert.Equal(c.Header.Length, p.HeaderLength);
            Assert.Equal(RtpHeaderExtensionForm.OneByte, p.ExtensionForm);
            Assert.True(c.Length > c.Header.Length);
        }
    }

    [Fact]
    public void Headers_rewrite_byte_exact()
    {
        byte[] buffer = new byte[1500];
        uint[] csrcs = new uint[15];
        foreach (Captured c in Packets)
        {
            RtpPacketReader.TryRead(Parsable(c.Header), out RtpPacketReader p);
            var w = new RtpPacketWriter(buffer);
            for (int i = 0; i < p.CsrcCount; i++)
            {
                csrcs[i] = p.GetCsrc(i);
            }

            Assert.True(w.TryWriteHeader(new RtpHeader(p.PayloadType, p.SequenceNumber, p.Timestamp, p.Ssrc, p.Marker), csrcs.AsSpan(0, p.CsrcCount)));
            foreach (RtpHeaderExtension e in p.GetExtensions())
            {
                Assert.True(w.TryAddExtension(e.Id, e.Value));
            }

            Assert.True(w.TryFinish(0, p.HasPadding ? 1 : 0, out _));
            Assert.Equal(Convert.ToHexString(c.Header), Convert.ToHexString(buffer, 0, c.Header.Length));
        }
    }

    [Fact]
    public void Mid_matches_the_sdp_for_each_media_and_reads_without_allocating()
    {
        int audioMids = 0;
        int videoMids = 0;
        foreach (Captured c in Packets)
        {
            RtpPacketReader.TryRead(Parsable(c.Header), out RtpPacketReader p);
            if (!p.TryGetMid(Map, out ReadOnlySpan<byte> mid))
            {
                continue;
            }

            if (p.PayloadType == 111)
            {
                Assert.True(mid.SequenceEqual("0"u8));
                audioMids++;
            }
            else
            {
                Assert.True(mid.SequenceEqual("1"u8)); // video and its RTX
                videoMids++;
            }
        }

        Assert.True(audioMids > 0 && videoMids > 0);
        byte[] first = Parsable(Packets[0].Header);
        RtpHeaderExtensionMap map = Map;
        AllocationAssert.NoAllocations(() =>
        {
            RtpPacketReader.TryRead(first, out RtpPacketReader p);
            p.TryGetMid(map, out ReadOnlySpan<byte> mid);
            _ = mid.SequenceEqual("0"u8);
        });
    }

    [Fact]
    public void Transport_wide_sequence_numbers_increase_by_one_across_all_streams()
    {
        ushort? previous = null;
        foreach (Captured c in Packets)
        {
            RtpPacketReader.TryRead(Parsable(c.Header), out RtpPacketReader p);
            Assert.True(p.TryGetTransportSequenceNumber(Map, out ushort seq));
            if (previous is { } prev)
            {
                Assert.Equal((ushort)(prev + 1), seq); // one sender, BUNDLE, loopback: no loss, no reordering
            }

            previous = seq;
        }
    }

    [Fact]
    public void Abs_send_time_follows_the_capture_clock()
    {
        RtpPacketReader.TryRead(Parsable(Packets[0].Header), out RtpPacketReader first);
        Assert.True(first.TryGetAbsSendTime(Map, out uint start));
        double captureStart = Packets[0].Time;
        var lag = new List<double>();
        foreach (Captured c in Packets)
        {
            RtpPacketReader.TryRead(Parsable(c.Header), out RtpPacketReader p);
            Assert.True(p.TryGetAbsSendTime(Map, out uint ast));
            double sent = AbsSendTime.Difference(ast, start).TotalSeconds;
            lag.Add(c.Time - captureStart - sent);
        }

        // Stamped as the packet leaves: on loopback most packets are seen within a millisecond of
        // their stamp; a few leave up to ~20 ms later (bursts behind the pacer).
        lag.Sort();
        Assert.InRange(lag[lag.Count / 2], -0.001, 0.001);
        Assert.InRange(lag[0], -0.001, 0.001);
        Assert.InRange(lag[^1], 0, 0.030);
    }

    [Fact]
    public void Audio_level_is_in_every_audio_packet_and_in_range()
    {
        int voiced = 0;
        foreach (Captured c in Packets.Where(c => (c.Header[1] & 0x7F) == 111))
        {
            RtpPacketReader.TryRead(Parsable(c.Header), out RtpPacketReader p);
            Assert.True(p.TryGetAudioLevel(Map, out AudioLevel level));
            Assert.InRange(level.Level, 0, 127);
            voiced += level.VoiceActivity ? 1 : 0;
        }

        Assert.True(voiced > 0); // the fake microphone beeps
    }

    [Fact]
    public void Video_orientation_when_present_is_upright()
    {
        int seen = 0;
        foreach (Captured c in Packets.Where(c => (c.Header[1] & 0x7F) == 96))
        {
            RtpPacketReader.TryRead(Parsable(c.Header), out RtpPacketReader p);
            if (p.TryGetVideoOrientation(Map, out VideoOrientation o))
            {
                Assert.Equal(new VideoOrientation(false, false, 0), o);
                seen++;
            }
        }

        Assert.True(seen > 0);
    }

    [Fact]
    public void Sequence_numbers_and_timestamps_advance_per_ssrc()
    {
        foreach (IGrouping<uint, Captured> stream in Packets.GroupBy(c => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(c.Header.AsSpan(8))))
        {
            var tracker = new RtpSequenceTracker(minSequential: 1);
            uint? lastTimestamp = null;
            foreach (Captured c in stream)
            {
                RtpPacketReader.TryRead(Parsable(c.Header), out RtpPacketReader p);
                Assert.Equal(RtpSequenceOutcome.InOrder, tracker.Update(p.SequenceNumber));
                if (lastTimestamp is { } ts)
                {
                    Assert.True((int)(p.Timestamp - ts) >= 0 || (p.PayloadType == 97), "timestamps go backwards only on RTX retransmissions");
                }

                lastTimestamp = p.Timestamp;
            }

            Assert.Equal(0, tracker.Lost);
        }
    }

    [Fact]
    public void Session_accepts_the_captured_headers_as_received_packets()
    {
        var session = new RtpSession(new RtpSessionOptions { ExtensionMap = Map }, new SeededRandomSource(1), default);
        session.RegisterPayloadType(new RtpPayloadTypeInfo(111, RtpMediaKind.Audio, 48_000));
        session.RegisterPayloadType(new RtpPayloadTypeInfo(96, RtpMediaKind.Video, 90_000, Nack: true));
        session.RegisterPayloadType(new RtpPayloadTypeInfo(97, RtpMediaKind.Video, 90_000, RepairedPayloadType: 96));
        byte[] buffer = new byte[2000];
        foreach (Captured c in Packets)
        {
            // Header plus a stand-in payload (2 bytes of it become the RTX original sequence number).
            int length = c.Header.Length + 4;
            c.Header.CopyTo(buffer, 0);
            buffer.AsSpan(c.Header.Length, 4).Clear();
            buffer[0] &= 0xDF; // the real padding is encrypted: drop the P bit
            session.ReceiveRtp(MonoTime.FromTicks((long)(c.Time * TimeSpan.TicksPerSecond)), buffer.AsSpan(0, length), out _);
        }

        Assert.Equal(2, session.ReceiveStreams.Count);
        Assert.Single(session.ReceiveStreams, s => s.Kind == RtpMediaKind.Audio && s.ClockRate == 48_000);
        RtpReceiveStream video = Assert.Single(session.ReceiveStreams, s => s.Kind == RtpMediaKind.Video);
        Assert.NotEqual(0u, video.RtxSsrc); // associated from the RTX payload type
        Assert.Equal(0, session.Counters.RtpMalformed);
        byte[] rtcp = new byte[1500];
        session.HandleTimeout(MonoTime.FromMilliseconds(20_000));
        Assert.True(session.TryPollRtcp(rtcp, out _)); // transport-wide feedback for what arrived
    }
}
