using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RtcEngine.Session;

/// <summary>
/// A statistics report (W3C <c>RTCStatsReport</c>): stats objects by id. Built by
/// <see cref="RtcConnection.GetStats"/> off the hot path; the per-stream figures underneath are read
/// from plain structs without allocating.
/// </summary>
public sealed class RtcStatsReport : IReadOnlyDictionary<string, RtcStats>
{
    private readonly Dictionary<string, RtcStats> _stats = new(StringComparer.Ordinal);

    internal RtcStatsReport()
    {
    }

    /// <inheritdoc />
    public RtcStats this[string key] => _stats[key];

    /// <inheritdoc />
    public IEnumerable<string> Keys => _stats.Keys;

    /// <inheritdoc />
    public IEnumerable<RtcStats> Values => _stats.Values;

    /// <inheritdoc />
    public int Count => _stats.Count;

    /// <summary>The stats of one type, in the order they were added.</summary>
    public IEnumerable<T> OfType<T>()
        where T : RtcStats => _stats.Values.OfType<T>();

    /// <inheritdoc />
    public bool ContainsKey(string key) => _stats.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out RtcStats value) => _stats.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, RtcStats>> GetEnumerator() => _stats.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The report as JSON: an object of stats by id, W3C member names in camelCase.</summary>
    public string ToJson(bool indented = false) => JsonSerializer.Serialize(_stats, indented ? RtcStatsJsonContext.Indented.DictionaryStringRtcStats : RtcStatsJsonContext.Default.DictionaryStringRtcStats);

    internal void Add(RtcStats stats) => _stats[stats.Id] = stats;
}

/// <summary>System.Text.Json source generation for statistics reports.</summary>
[JsonSerializable(typeof(Dictionary<string, RtcStats>))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
public sealed partial class RtcStatsJsonContext : JsonSerializerContext
{
    private static RtcStatsJsonContext? s_indented;

    /// <summary>The same context writing indented JSON.</summary>
    public static RtcStatsJsonContext Indented => s_indented ??= new RtcStatsJsonContext(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    });
}
