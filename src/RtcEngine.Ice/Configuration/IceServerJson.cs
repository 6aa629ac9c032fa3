using System.Text.Json;
using System.Text.Json.Serialization;

namespace RtcEngine.Ice.Configuration;

/// <summary>
/// The root shapes of ICE server JSON: an object with <c>iceServers</c> (a list or one object), or a
/// single server's <c>urls</c>, <c>username</c>, <c>credential</c>.
/// </summary>
internal sealed class IceServerDocument
{
    [JsonPropertyName("iceServers")]
    [JsonConverter(typeof(IceServerListJsonConverter))]
    public IReadOnlyList<IceServer>? IceServers { get; init; }

    [JsonPropertyName("urls")]
    [JsonConverter(typeof(IceServerUrlsJsonConverter))]
    public IReadOnlyList<string>? Urls { get; init; }

    [JsonPropertyName("username")]
    public string? Username { get; init; }

    [JsonPropertyName("credential")]
    public string? Credential { get; init; }
}

/// <summary>Source-generated (reflection-free) JSON metadata for the ICE server types.</summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IceServer))]
[JsonSerializable(typeof(List<IceServer>))]
[JsonSerializable(typeof(IceServerDocument))]
internal sealed partial class IceServerJsonContext : JsonSerializerContext;

/// <summary><c>urls</c>: one string or a list of strings (W3C <c>RTCIceServer.urls</c>); written as a list.</summary>
internal sealed class IceServerUrlsJsonConverter : JsonConverter<IReadOnlyList<string>>
{
    public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return [reader.GetString()!];
            case JsonTokenType.StartArray:
            {
                var urls = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        throw new JsonException("'urls' must hold strings.");
                    }

                    urls.Add(reader.GetString()!);
                }

                return urls;
            }

            default:
                throw new JsonException("'urls' must be a string or a list of strings.");
        }
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (string url in value)
        {
            writer.WriteStringValue(url);
        }

        writer.WriteEndArray();
    }
}

/// <summary><c>iceServers</c>: a list of servers, or one server object (Cloudflare's legacy credential endpoint).</summary>
internal sealed class IceServerListJsonConverter : JsonConverter<IReadOnlyList<IceServer>>
{
    public override IReadOnlyList<IceServer> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.StartArray => ReadList(ref reader),
            JsonTokenType.StartObject => [ReadServer(ref reader)],
            _ => throw new JsonException("'iceServers' must be a list or an object."),
        };

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<IceServer> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value.ToList(), IceServerJsonContext.Default.ListIceServer);

    /// <summary>Reads a list whose start token is current.</summary>
    public static List<IceServer> ReadList(ref Utf8JsonReader reader)
    {
        var servers = new List<IceServer>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("Each ICE server must be an object.");
            }

            servers.Add(ReadServer(ref reader));
        }

        return servers;
    }

    private static IceServer ReadServer(ref Utf8JsonReader reader) =>
        JsonSerializer.Deserialize(ref reader, IceServerJsonContext.Default.IceServer) ?? throw new JsonException("An ICE server is null.");
}
