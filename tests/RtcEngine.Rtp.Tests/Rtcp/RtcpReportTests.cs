using RtcEngine.Primitives;
using RtcEngine.Rtp.Rtcp;
using Xunit;

namespace RtcEngine.Rtp.Tests.Rtcp;

public class RtcpReportTests
{
    private static readonly RtcpReportBlock Block = new(0x11223344, 64, -3, 0x0001FFFF, 250, 0xAABBCCDD, 0x00010000);

    [Fact]
    public void Sender_report_has_the_rfc_3550_layout()
    {
        byte[] buffer = new byte[100];
        var sr = new RtcpSenderReportWriter(0x01020304, new NtpTime(0xE0000000_80000000), 90000, 10, 1000, [Block]);
        Assert.True(sr.TryWriteTo(buffer, out int written));
        Assert.Equal(52, written);
        Assert.Equal(
            "81C8000C" + "01020304" + "E000000080000000" + "00015F90" + "0000000A" + "000003E8" +
            "11223344" + "40FFFFFD" + "0001FFFF" + "000000FA" + "AABBCCDD" + "00010000",
            Convert.ToHexString(buffer, 0, written));
    }

    [Fact]
    public void Sender_report_round_trips_through_the_compound_reader()
    {
        byte[] buffer = new byte[200];
        var sr = new RtcpSenderReportWriter(7, new NtpTime(123456789012345), 4242, 99, 88_888, [Block, Block with { Ssrc = 5, CumulativeLost = 0x7FFFFF }]);
        Assert.True(sr.TryWriteTo(buffer, out int n1));
        var sdes = new RtcpSdesWriter([7u], "user@host"u8);
        Assert.True(sdes.TryWriteTo(buffer.AsSpan(n1), out int n2));

        var reader = new RtcpCompoundReader(buffer.AsSpan(0, n1 + n2));
        Assert.True(reader.TryReadNext(out RtcpPacket first));
        Assert.Equal(RtcpPacketKind.SenderReport, first.Kind);
        Assert.True(RtcpSenderReportReader.TryRead(first, out RtcpSenderReportReader r));
        Assert.Equal(7u, r.Ssrc);
        Assert.Equal(123456789012345ul, r.NtpTimestamp.Value);
        Assert.Equal(4242u, r.RtpTimestamp);
        Assert.Equal(99u, r.PacketCount);
        Assert.Equal(88_888u, r.OctetCount);
        Assert.Equal(2, r.ReportCount);
        Assert.Equal(Block, r.GetReportBlock(0));
        Assert.Equal(0x7FFFFF, r.GetReportBlock(1).CumulativeLost);

        Assert.True(reader.TryReadNext(out RtcpPacket second));
        Assert.True(RtcpSdesReader.TryGetCname(second, out uint ssrc, out ReadOnlySpan<byte> cname));
        Assert.Equal(7u, ssrc);
        Assert.True(cname.SequenceEqual("user@host"u8));
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(RtcpParseError.None, reader.Error);
    }

    [Fact]
    public void Receiver_report_round_trips_and_empty_rr_is_eight_bytes()
    {
        byte[] buffer = new byte[100];
        Assert.True(new RtcpReceiverReportWriter(9, []).TryWriteTo(buffer, out int empty));
        Assert.Equal("80C9000100000009", Convert.ToHexString(buffer, 0, empty));
        Assert.True(new RtcpReceiverReportWriter(9, [Block]).TryWriteTo(buffer, out int n));
        var reader = new RtcpCompoundReader(buffer.AsSpan(0, n));
        Assert.True(reader.TryReadNext(out RtcpPacket p));
        Assert.True(RtcpReceiverReportReader.TryRead(p, out RtcpReceiverReportReader rr));
        Assert.Equal(9u, rr.Ssrc);
        Assert.Equal(Block, rr.GetReportBlock(0));
        Assert.False(RtcpSenderReportReader.TryRead(p, out _));
    }

    [Fact]
    public void Cumulative_loss_is_clamped_to_24_bits_when_written()
    {
        byte[] buffer = new byte[24];
        (Block with { CumulativeLost = int.MaxValue }).Write(buffer);
        Assert.Equal(RtcpReportBlock.MaxCumulativeLost, RtcpReportBlock.Read(buffer).CumulativeLost);
        (Block with { CumulativeLost = int.MinValue }).Write(buffer);
        Assert.Equal(RtcpReportBlock.MinCumulativeLost, RtcpReportBlock.Read(buffer).CumulativeLost);
    }

    [Fact]
    public void More_than_31_blocks_is_misuse()
    {
        var blocks = new RtcpReportBlock[32];
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtcpReceiverReportWriter(1, blocks).TryWriteTo(new byte[1000], out _));
    }

    [Fact]
    public void Sdes_bye_and_app_round_trip()
    {
        byte[] buffer = new byte[200];
        int offset = 0;
        Assert.True(new RtcpSdesWriter([1u, 2u], "abcd"u8).TryWriteTo(buffer, out int n));
        Assert.Equal(0, n % 4);
        offset += n;
        Assert.True(new RtcpByeWriter([1u, 2u], "done"u8).TryWriteTo(buffer.AsSpan(offset), out n));
        offset += n;
        Assert.True(new RtcpAppWriter(3, 1, 0x54455354, [1, 2, 3, 4]).TryWriteTo(buffer.AsSpan(offset), out n));
        offset += n;

        var reader = new RtcpCompoundReader(buffer.AsSpan(0, offset));
        Assert.True(reader.TryReadNext(out RtcpPacket sdesPacket));
        Assert.True(RtcpSdesReader.TryRead(sdesPacket, out RtcpSdesReader sdes));
        Assert.True(sdes.TryReadNextChunk(out RtcpSdesChunk c1));
        Assert.Equal(1u, c1.Ssrc);
        Assert.True(sdes.TryReadNextChunk(out RtcpSdesChunk c2));
        Assert.Equal(2u, c2.Ssrc);
        Assert.True(c2.TryGetItem(RtcpSdesItemType.Cname, out ReadOnlySpan<byte> cname));
        Assert.True(cname.SequenceEqual("abcd"u8));
        Assert.False(c2.TryGetItem(RtcpSdesItemType.Email, out _));
        Assert.False(sdes.TryReadNextChunk(out _));

        Assert.True(reader.TryReadNext(out RtcpPacket byePacket));
        Assert.Equal(RtcpPacketKind.Goodbye, byePacket.Kind);
        Assert.True(RtcpByeReader.TryRead(byePacket, out RtcpByeReader bye));
        Assert.Equal(2, bye.SourceCount);
        Assert.Equal(2u, bye.GetSsrc(1));
        Assert.True(bye.Reason.SequenceEqual("done"u8));

        Assert.True(reader.TryReadNext(out RtcpPacket appPacket));
        Assert.True(RtcpAppReader.TryRead(appPacket, out RtcpAppReader app));
        Assert.Equal(3, app.Subtype);
        Assert.Equal(0x54455354u, app.Name);
        Assert.Equal([1, 2, 3, 4], app.Data.ToArray());
    }

    [Fact]
    public void Sdes_chunk_padding_follows_rfc_3550()
    {
        byte[] buffer = new byte[64];
        // CNAME of 2 bytes: item (1 + 1 + 2) + end + 3 nulls = 8 bytes after the SSRC.
        Assert.True(new RtcpSdesWriter([0xA], "hi"u8).TryWriteTo(buffer, out int n));
        Assert.Equal("81CA0003" + "0000000A" + "01026869" + "00000000", Convert.ToHexString(buffer, 0, n));
    }

    [Fact]
    public void Extended_report_rrtr_and_dlrr_round_trip()
    {
        byte[] buffer = new byte[100];
        var xr = new RtcpExtendedReportWriter(5, new NtpTime(0x0102030405060708), [new RtcpDlrrItem(9, 0x11112222, 0x00008000)]);
        Assert.True(xr.TryWriteTo(buffer, out int n));
        Assert.Equal("80CF0008" + "00000005" + "04000002" + "0102030405060708" + "05000003" + "00000009" + "11112222" + "00008000",
            Convert.ToHexString(buffer, 0, n));
        var reader = new RtcpCompoundReader(buffer.AsSpan(0, n));
        Assert.True(reader.TryReadNext(out RtcpPacket p));
        Assert.True(RtcpExtendedReportReader.TryRead(p, out RtcpExtendedReportReader r));
        Assert.Equal(5u, r.Ssrc);
        Assert.True(r.TryReadNextBlock(out RtcpXrBlock b1));
        Assert.True(RtcpExtendedReportReader.TryReadReceiverReferenceTime(b1, out NtpTime ntp));
        Assert.Equal(0x0102030405060708ul, ntp.Value);
        Assert.True(r.TryReadNextBlock(out RtcpXrBlock b2));
        Assert.Equal(1, RtcpExtendedReportReader.GetDlrrItemCount(b2));
        Assert.Equal(new RtcpDlrrItem(9, 0x11112222, 0x8000), RtcpExtendedReportReader.GetDlrrItem(b2, 0));
        Assert.False(r.TryReadNextBlock(out _));
    }

    [Fact]
    public void Malformed_packet_ends_the_compound_but_keeps_earlier_packets()
    {
        byte[] buffer = new byte[100];
        Assert.True(new RtcpReceiverReportWriter(9, []).TryWriteTo(buffer, out int n));
        buffer[n] = 0x80;
        buffer[n + 1] = 201;
        buffer[n + 2] = 0;
        buffer[n + 3] = 50; // says 204 bytes
        var reader = new RtcpCompoundReader(buffer.AsSpan(0, n + 8));
        Assert.True(reader.TryReadNext(out _));
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(RtcpParseError.LengthOverrun, reader.Error);
    }

    [Fact]
    public void Unknown_packet_types_are_returned_raw()
    {
        byte[] datagram = Convert.FromHexString("80D00001DEADBEEF" + "80C9000100000009");
        var reader = new RtcpCompoundReader(datagram);
        Assert.True(reader.TryReadNext(out RtcpPacket unknown));
        Assert.Equal(RtcpPacketKind.Unknown, unknown.Kind);
        Assert.Equal(208, unknown.PacketType);
        Assert.Equal(8, unknown.Raw.Length);
        Assert.True(reader.TryReadNext(out RtcpPacket rr));
        Assert.Equal(RtcpPacketKind.ReceiverReport, rr.Kind);
    }

    [Fact]
    public void Padding_is_removed_from_the_body()
    {
        byte[] datagram = Convert.FromHexString("A0C9000200000009" + "00000004");
        var reader = new RtcpCompoundReader(datagram);
        Assert.True(reader.TryReadNext(out RtcpPacket p));
        Assert.Equal(4, p.Body.Length);
        Assert.True(p.HasPadding);
    }
}
