using System.Text;
using BenchmarkDotNet.Attributes;
using RtcEngine.Sdp;
using RtcEngine.Sdp.Jsep;

namespace RtcEngine.Benchmarks.Sdp;

/// <summary>
/// Reading and writing Chromium's audio+video+data offer (<c>offer_av_data.sdp</c>, 173 lines,
/// 5,969 bytes), and the JSEP answer to it. Targets (issue 8): parse under 50 µs with allocations
/// proportional to the output objects, write under 25 µs.
/// </summary>
public class SdpBenchmarks
{
    private string _text = string.Empty;
    private byte[] _utf8 = [];
    private byte[] _destination = [];
    private SessionDescription _parsed = null!;
    private JsepAnswerRequest _answerRequest = null!;
    private JsepOfferRequest _offerRequest = null!;

    [GlobalSetup]
    public void Setup()
    {
        _text = File.ReadAllText(FindFixture("sdp/chromium-156/offer_av_data.sdp"));
        _utf8 = Encoding.UTF8.GetBytes(_text);
        _destination = new byte[_utf8.Length];
        _parsed = SessionDescription.Parse(_text);
        var transport = new JsepTransport
        {
            IceUfrag = "EnGn",
            IcePwd = "EnGnpasswordpasswordpass",
            Fingerprints = [new SdpFingerprint("sha-256", "6C:1D:34:9A:0B:7E:52:C8:1F:AA:30:64:D2:9E:5B:71:08:3C:EE:41:9D:B2:27:F0:55:6A:C3:18:7B:E4:02:9F")],
        };
        _answerRequest = new JsepAnswerRequest { Offer = _parsed, Origin = new SdpOrigin("-", "1", 2), Transport = transport };
        _offerRequest = new JsepOfferRequest
        {
            Origin = new SdpOrigin("-", "1", 2),
            Transport = transport,
            Transceivers =
            [
                new JsepTransceiver(SdpMediaKind.Audio) { Mid = "0", Sender = new JsepSender(1, null, "c", "s", "a") },
                new JsepTransceiver(SdpMediaKind.Video) { Mid = "1", Sender = new JsepSender(2, 3, "c", "s", "v") },
                new JsepTransceiver(SdpMediaKind.Application) { Mid = "2" },
            ],
        };
    }

    /// <summary>String to model (the common case: SDP arrives in JSON signaling).</summary>
    [Benchmark]
    public SessionDescription ParseOfferAvData() => SessionDescription.Parse(_text);

    /// <summary>UTF-8 bytes to model (decodes to a string first).</summary>
    [Benchmark]
    public SessionDescription ParseOfferAvDataUtf8() => SessionDescription.Parse(_utf8);

    /// <summary>Model to string (an unmodified parsed description: the source text of each line is copied).</summary>
    [Benchmark]
    public string WriteOfferAvData() => _parsed.ToString();

    /// <summary>Model to UTF-8 in a caller's buffer.</summary>
    [Benchmark]
    public int WriteOfferAvDataUtf8()
    {
        _parsed.TryWriteTo(_destination, out int written);
        return written;
    }

    /// <summary>The JSEP answer to the offer (default capabilities: Opus, VP8+RTX, data channels), negotiated state included.</summary>
    [Benchmark]
    public JsepAnswer AnswerOfferAvData() => JsepAnswerBuilder.CreateAnswer(_answerRequest);

    /// <summary>Our own audio+video+data offer, built and written.</summary>
    [Benchmark]
    public string CreateOfferAvData() => JsepOfferBuilder.CreateOffer(_offerRequest).Description.ToString();

    private static string FindFixture(string relative)
    {
        for (string? directory = AppContext.BaseDirectory; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            string candidate = Path.Combine(directory, "tests", "fixtures", relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("fixture not found above " + AppContext.BaseDirectory, relative);
    }
}
