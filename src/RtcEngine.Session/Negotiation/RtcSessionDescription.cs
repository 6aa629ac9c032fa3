using System.Text.Json.Serialization;

namespace RtcEngine.Session;

/// <summary>The kind of a session description (W3C <c>RTCSdpType</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RtcSdpType>))]
public enum RtcSdpType
{
    /// <summary>An offer.</summary>
    [JsonStringEnumMemberName("offer")]
    Offer,

    /// <summary>A provisional answer.</summary>
    [JsonStringEnumMemberName("pranswer")]
    Pranswer,

    /// <summary>A final answer.</summary>
    [JsonStringEnumMemberName("answer")]
    Answer,

    /// <summary>Undo the last offer (local or remote) that was not answered.</summary>
    [JsonStringEnumMemberName("rollback")]
    Rollback,
}

/// <summary>
/// A session description as signalled: <c>{"type":"offer","sdp":"v=0..."}</c>, the JSON shape
/// browsers, the webrtc-echoes convention and Cloudflare Calls all use.
/// </summary>
/// <param name="Type">Offer, answer, pranswer or rollback.</param>
/// <param name="Sdp">The SDP text (empty for a rollback).</param>
public sealed record RtcSessionDescription(
    [property: JsonPropertyName("type")] RtcSdpType Type,
    [property: JsonPropertyName("sdp")] string Sdp);

/// <summary>System.Text.Json source generation for the signalling types (no reflection).</summary>
[JsonSerializable(typeof(RtcSessionDescription))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
public sealed partial class RtcSignalingJsonContext : JsonSerializerContext;
