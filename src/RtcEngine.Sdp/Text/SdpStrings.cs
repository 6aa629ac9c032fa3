using System.Collections.Frozen;
using System.Globalization;

namespace RtcEngine.Sdp.Text;

/// <summary>
/// Shared string instances for the tokens WebRTC descriptions repeat (codec names, feedback types,
/// header extension URIs, fmtp keys, small numbers): the reader returns these instead of allocating
/// a new string per occurrence, so that parsing allocates mostly for the values that are unique to
/// a description (ids, credentials, SSRC labels). Immutable and thread-safe.
/// </summary>
internal static class SdpStrings
{
    private static readonly string[] s_words =
    [
        // lines
        "-", "IN", "IP4", "IP6", "0.0.0.0", "127.0.0.1", "::", "::1",
        // media and protocols
        "audio", "video", "application", "text", "message", "image",
        "UDP/TLS/RTP/SAVPF", "TCP/DTLS/RTP/SAVPF", "UDP/TLS/RTP/SAVP", "RTP/SAVPF", "RTP/AVPF", "RTP/AVP", "RTP/SAVP",
        "UDP/DTLS/SCTP", "TCP/DTLS/SCTP", "DTLS/SCTP", "webrtc-datachannel",
        // attribute values
        "BUNDLE", "LS", "FID", "SIM", "FEC-FR", "WMS", "trickle", "renomination", "ice2",
        "sha-1", "sha-224", "sha-256", "sha-384", "sha-512",
        "send", "recv", "sendrecv", "sendonly", "recvonly", "inactive", "cname", "msid", "mslabel", "label",
        // codecs
        "opus", "red", "G722", "PCMU", "PCMA", "CN", "telephone-event", "ILBC", "ISAC", "L16",
        "VP8", "VP9", "H264", "H265", "AV1", "rtx", "ulpfec", "flexfec-03", "rtx-time",
        // rtcp-fb
        "goog-remb", "transport-cc", "ccm", "fir", "nack", "pli", "sli", "rpsi", "tmmbr", "trr-int",
        "ccm fir", "nack pli",
        // fmtp keys and common values
        "minptime", "useinbandfec", "stereo", "sprop-stereo", "maxplaybackrate", "maxaveragebitrate", "usedtx", "cbr", "ptime",
        "apt", "level-asymmetry-allowed", "packetization-mode", "profile-level-id", "profile-id", "level-idx", "profile",
        "tier", "level-id", "tx-mode", "sprop-maxcapturerate", "x-google-start-bitrate", "x-google-max-bitrate",
        "x-google-min-bitrate", "42001f", "42e01f", "4d001f", "640c1f", "64001f", "TIAS", "AS", "CT", "RR", "RS",
        // rid restrictions
        "pt", "max-width", "max-height", "max-fps", "max-fs", "max-br", "max-pps", "max-bpp", "depend",
        // header extensions Chromium offers
        "urn:ietf:params:rtp-hdrext:ssrc-audio-level",
        "urn:ietf:params:rtp-hdrext:toffset",
        "urn:ietf:params:rtp-hdrext:sdes:mid",
        "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
        "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id",
        "urn:ietf:params:rtp-hdrext:csrc-audio-level",
        "urn:3gpp:video-orientation",
        "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
        "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay",
        "http://www.webrtc.org/experiments/rtp-hdrext/video-content-type",
        "http://www.webrtc.org/experiments/rtp-hdrext/video-timing",
        "http://www.webrtc.org/experiments/rtp-hdrext/color-space",
        "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time",
        "http://www.webrtc.org/experiments/rtp-hdrext/video-layers-allocation00",
        "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
        "https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension",
    ];

    private static readonly FrozenSet<string> s_set = BuildSet();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_lookup = s_set.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The shared instance equal to <paramref name="text"/>, or a new string.</summary>
    public static string Get(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return string.Empty;
        }

        return s_lookup.TryGetValue(text, out string? shared) ? shared : new string(text);
    }

    private static FrozenSet<string> BuildSet()
    {
        var words = new HashSet<string>(s_words, StringComparer.Ordinal);
        for (int i = 0; i <= 255; i++)
        {
            words.Add(i.ToString(CultureInfo.InvariantCulture)); // payload types, extmap ids, small numbers
        }

        words.Add("5000");
        words.Add("262144");
        words.Add("65536");
        words.Add("48000");
        words.Add("90000");
        words.Add("111/111");
        return words.ToFrozenSet(StringComparer.Ordinal);
    }
}
