using System.Text.RegularExpressions;
using RtcEngine.Rtp;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Interop.Tests.Rtp;

/// <summary>
/// Runs the fixture capture kit (tests/fixtures/rtp/capture) against the installed Chromium: two
/// peer connections in one page exchange VP8 and Opus over loopback while tshark records them; every
/// RTP header of the fresh capture must parse and rewrite byte-exact, with transport-wide sequence
/// numbers following each other and mids matching the SDP.
/// </summary>
public class ChromiumRtpCaptureTests
{
    [Fact]
    public async Task Fresh_capture_from_chromium_round_trips_byte_exact()
    {
        RealPeers.RequireLoopbackOnlyNamespace();
        RealPeers.RequireProgram("chromium", "chromium");
        RealPeers.RequireProgram("tshark", "tshark");
        string bash = RealPeers.RequireProgram("bash", "bash");
        RealPeers.RequireProgram("python3", "python3");

        string output = TestFiles.CreateTempDirectory("rtp-capture");
        try
        {
            string script = TestFiles.Fixture("rtp/capture/capture.sh");
            var environment = new Dictionary<string, string>
            {
                ["RTP_CAPTURE_INSIDE"] = "1",
                ["RTP_CAPTURE_OUT"] = output,
                ["RTP_CAPTURE_PORT"] = RealPeers.FreeTcpPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            await using (PeerProcess capture = PeerProcess.Start(bash, [script, "3"], environment: environment))
            {
                Match? done = await capture.WaitForLineAsync(@"wrote (\d+) RTP headers", TimeSpan.FromSeconds(90));
                Assert.True(done is not null, "capture did not finish:\n" + capture.Output);
            }

            var map = new RtpHeaderExtensionMap();
            foreach (Match m in Regex.Matches(File.ReadAllText(Path.Combine(output, "offer.sdp")), @"a=extmap:(\d+) (\S+)"))
            {
                int id = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (map.GetKind(id) == RtpExtensionKind.Unknown)
                {
                    map.TryRegister(id, m.Groups[2].Value);
                }
            }

            Assert.NotEqual(0, map.GetId(RtpExtensionKind.TransportSequenceNumber));
            byte[] buffer = new byte[1500];
            uint[] csrcs = new uint[15];
            int packets = 0;
            ushort? previousTransport = null;
            foreach (string line in File.ReadLines(Path.Combine(output, "rtp-headers.txt")).Where(l => !l.StartsWith('#')))
            {
                byte[] header = Convert.FromHexString(line.Split(' ')[4]);
                byte[] parsable = (header[0] & 0x20) != 0 ? [.. header, 1] : header;
                Assert.True(RtpPacketReader.TryRead(parsable, out RtpPacketReader p));
                Assert.Equal(header.Length, p.HeaderLength);

                var w = new RtpPacketWriter(buffer);
                for (int i = 0; i < p.CsrcCount; i++)
                {
                    csrcs[i] = p.GetCsrc(i);
                }

                w.TryWriteHeader(new RtpHeader(p.PayloadType, p.SequenceNumber, p.Timestamp, p.Ssrc, p.Marker), csrcs.AsSpan(0, p.CsrcCount));
                foreach (RtpHeaderExtension e in p.GetExtensions())
                {
                    w.TryAddExtension(e.Id, e.Value);
                }

                w.TryFinish(0, p.HasPadding ? 1 : 0, out _);
                Assert.Equal(Convert.ToHexString(header), Convert.ToHexString(buffer, 0, header.Length));

                Assert.True(p.TryGetTransportSequenceNumber(map, out ushort transport));
                if (previousTransport is { } previous)
                {
                    Assert.Equal((ushort)(previous + 1), transport);
                }

                previousTransport = transport;
                if (p.TryGetMid(map, out ReadOnlySpan<byte> mid))
                {
                    Assert.True(mid.SequenceEqual(p.PayloadType == 111 ? "0"u8 : "1"u8));
                }

                packets++;
            }

            Assert.True(packets > 100, $"only {packets} RTP packets captured");
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
