using RtcEngine.Primitives;
using Xunit;

namespace RtcEngine.Primitives.Tests;

public class DatagramClassifierTests
{
    [Fact]
    public void Every_first_byte_lands_in_its_rfc7983_range()
    {
        for (int first = 0; first < 256; first++)
        {
            DatagramKind kind = DatagramClassifier.Classify([(byte)first, 96]);
            DatagramKind expected = first switch
            {
                <= 3 => DatagramKind.Stun,
                >= 16 and <= 19 => DatagramKind.Zrtp,
                >= 20 and <= 63 => DatagramKind.Dtls,
                >= 64 and <= 79 => DatagramKind.TurnChannel,
                >= 128 and <= 191 => DatagramKind.Rtp,
                _ => DatagramKind.Unknown,
            };
            Assert.Equal(expected, kind);
        }
    }

    [Theory]
    [InlineData(200, DatagramKind.Rtcp)] // SR
    [InlineData(201, DatagramKind.Rtcp)] // RR
    [InlineData(205, DatagramKind.Rtcp)] // RTPFB
    [InlineData(206, DatagramKind.Rtcp)] // PSFB
    [InlineData(207, DatagramKind.Rtcp)] // XR
    [InlineData(192, DatagramKind.Rtcp)]
    [InlineData(223, DatagramKind.Rtcp)]
    [InlineData(111, DatagramKind.Rtp)] // Opus
    [InlineData(96 | 0x80, DatagramKind.Rtp)] // VP8 with marker
    [InlineData(0, DatagramKind.Rtp)]
    public void Second_byte_separates_rtcp_from_rtp(int second, DatagramKind expected) =>
        Assert.Equal(expected, DatagramClassifier.Classify([0x80, (byte)second]));

    [Fact]
    public void Empty_and_one_byte_datagrams_never_throw()
    {
        Assert.Equal(DatagramKind.Unknown, DatagramClassifier.Classify([]));
        Assert.Equal(DatagramKind.Rtp, DatagramClassifier.Classify([0x80]));
    }
}
