using RtcEngine.Primitives;
using RtcEngine.Sdp.Jsep;

namespace RtcEngine.Sdp.Tests.Jsep;

internal static class JsepTestData
{
    public const string Fingerprint = "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99";

    public static JsepTransport Transport(string ufrag = "LoCa", string pwd = "localpasswordlocalpwd1", params string[] candidates) => new()
    {
        IceUfrag = ufrag,
        IcePwd = pwd,
        Fingerprints = [new SdpFingerprint("sha-256", Fingerprint)],
        Candidates = candidates,
    };

    public static SdpOrigin Origin(ulong version = 1) => new JsepSessionOrigin(4242, version - 1).Next();

    public static JsepTransceiver Audio(SdpDirection direction = SdpDirection.SendRecv, uint ssrc = 1111) => new(SdpMediaKind.Audio)
    {
        Direction = direction,
        Sender = new JsepSender(ssrc, null, "engine-cname", "engine-stream", "audio-track"),
    };

    public static JsepTransceiver Video(SdpDirection direction = SdpDirection.SendRecv, uint ssrc = 2222, uint rtx = 3333) => new(SdpMediaKind.Video)
    {
        Direction = direction,
        Sender = new JsepSender(ssrc, rtx, "engine-cname", "engine-stream", "video-track"),
    };

    public static JsepTransceiver Data() => new(SdpMediaKind.Application);

    /// <summary>Capabilities close to Chromium's: Opus, RED, G722, PCMU; VP8, VP9, H264 (two profiles), AV1; data channels.</summary>
    public static JsepCapabilities Rich { get; } = new()
    {
        AudioCodecs =
        [
            JsepCodec.Opus(),
            new JsepCodec { Name = "red", ClockRate = 48000, Channels = 2, PayloadType = 63 },
            new JsepCodec { Name = "PCMU", ClockRate = 8000, PayloadType = 0 },
        ],
        VideoCodecs = [JsepCodec.Vp8(), JsepCodec.Vp9(), JsepCodec.H264(), JsepCodec.Av1()],
    };

    public static JsepAnswer Answer(SessionDescription offer, JsepCapabilities? capabilities = null, SdpSetupRole setup = SdpSetupRole.Active, params JsepTransceiver[] transceivers) =>
        JsepAnswerBuilder.CreateAnswer(new JsepAnswerRequest
        {
            Offer = offer,
            Origin = Origin(),
            Transport = Transport(),
            Transceivers = transceivers,
            Capabilities = capabilities ?? JsepCapabilities.Default,
            SetupRole = setup,
        });

    public static PeerAddress Loopback(ushort port) => PeerAddress.Parse("127.0.0.1:" + port);
}
