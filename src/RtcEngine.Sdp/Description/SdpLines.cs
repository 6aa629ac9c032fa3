using RtcEngine.Sdp.Text;

namespace RtcEngine.Sdp;

/// <summary>
/// The origin line (RFC 8866 section 5.2):
/// <code>
/// o=&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; &lt;nettype&gt; &lt;addrtype&gt; &lt;unicast-address&gt;
///   JSEP (RFC 9429 section 5.2.1): o=- &lt;random 63-bit id&gt; &lt;version&gt; IN IP4 127.0.0.1
/// </code>
/// Immutable; a line read from a description is written back verbatim.
/// </summary>
public sealed class SdpOrigin : IEquatable<SdpOrigin>
{
    private readonly ReadOnlyMemory<char> _source;

    /// <summary>An origin built in code.</summary>
    public SdpOrigin(string username, string sessionId, ulong sessionVersion, string networkType = "IN", string addressType = "IP4", string unicastAddress = "127.0.0.1")
    {
        SdpTokenList.ValidateToken(username, nameof(username));
        SdpTokenList.ValidateToken(sessionId, nameof(sessionId));
        SdpTokenList.ValidateToken(networkType, nameof(networkType));
        SdpTokenList.ValidateToken(addressType, nameof(addressType));
        SdpTokenList.ValidateToken(unicastAddress, nameof(unicastAddress));
        Username = username;
        SessionId = sessionId;
        SessionVersion = sessionVersion;
        NetworkType = networkType;
        AddressType = addressType;
        UnicastAddress = unicastAddress;
    }

    internal SdpOrigin(ReadOnlyMemory<char> source, string username, string sessionId, ulong sessionVersion, string networkType, string addressType, string unicastAddress)
    {
        _source = source;
        Username = username;
        SessionId = sessionId;
        SessionVersion = sessionVersion;
        NetworkType = networkType;
        AddressType = addressType;
        UnicastAddress = unicastAddress;
    }

    /// <summary>The user name (<c>-</c> in WebRTC).</summary>
    public string Username { get; }

    /// <summary>The session id as written (digits).</summary>
    public string SessionId { get; }

    /// <summary>The session version, which JSEP increments with each new description of a session.</summary>
    public ulong SessionVersion { get; }

    /// <summary>The network type (<c>IN</c>).</summary>
    public string NetworkType { get; }

    /// <summary>The address type (<c>IP4</c>, <c>IP6</c>).</summary>
    public string AddressType { get; }

    /// <summary>The address (WebRTC writes a placeholder).</summary>
    public string UnicastAddress { get; }

    /// <summary>The same origin with another session version.</summary>
    public SdpOrigin WithSessionVersion(ulong sessionVersion) =>
        new(Username, SessionId, sessionVersion, NetworkType, AddressType, UnicastAddress);

    /// <inheritdoc />
    public bool Equals(SdpOrigin? other) => other is not null && Username == other.Username && SessionId == other.SessionId
        && SessionVersion == other.SessionVersion && NetworkType == other.NetworkType && AddressType == other.AddressType
        && UnicastAddress == other.UnicastAddress;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SdpOrigin);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(SessionId, SessionVersion);

    /// <summary>The value after <c>o=</c>.</summary>
    public override string ToString()
    {
        var writer = new SdpTextWriter(80);
        try
        {
            WriteValue(ref writer);
            return writer.ToString();
        }
        finally
        {
            writer.Dispose();
        }
    }

    internal void WriteValue(ref SdpTextWriter writer)
    {
        if (!_source.IsEmpty)
        {
            writer.Append(_source.Span);
            return;
        }

        writer.Append(Username);
        writer.Append(' ');
        writer.Append(SessionId);
        writer.Append(' ');
        writer.Append(SessionVersion);
        writer.Append(' ');
        writer.Append(NetworkType);
        writer.Append(' ');
        writer.Append(AddressType);
        writer.Append(' ');
        writer.Append(UnicastAddress);
    }
}

/// <summary>
/// A connection line (RFC 8866 section 5.7): <c>c=&lt;nettype&gt; &lt;addrtype&gt; &lt;connection-address&gt;</c>.
/// JSEP writes <c>c=IN IP4 0.0.0.0</c> until candidates are known. Immutable.
/// </summary>
public sealed class SdpConnection : IEquatable<SdpConnection>
{
    private readonly ReadOnlyMemory<char> _source;

    /// <summary>A connection built in code.</summary>
    public SdpConnection(string networkType, string addressType, string address)
    {
        SdpTokenList.ValidateToken(networkType, nameof(networkType));
        SdpTokenList.ValidateToken(addressType, nameof(addressType));
        SdpTokenList.ValidateToken(address, nameof(address));
        NetworkType = networkType;
        AddressType = addressType;
        Address = address;
    }

    internal SdpConnection(ReadOnlyMemory<char> source, string networkType, string addressType, string address)
    {
        _source = source;
        NetworkType = networkType;
        AddressType = addressType;
        Address = address;
    }

    /// <summary><c>IN IP4 0.0.0.0</c>, the JSEP placeholder.</summary>
    public static SdpConnection Placeholder { get; } = new("IN", "IP4", "0.0.0.0");

    /// <summary>The network type (<c>IN</c>).</summary>
    public string NetworkType { get; }

    /// <summary>The address type (<c>IP4</c>, <c>IP6</c>).</summary>
    public string AddressType { get; }

    /// <summary>The connection address as written (multicast TTL and count suffixes included).</summary>
    public string Address { get; }

    /// <inheritdoc />
    public bool Equals(SdpConnection? other) => other is not null && NetworkType == other.NetworkType
        && AddressType == other.AddressType && Address == other.Address;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SdpConnection);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(NetworkType, AddressType, Address);

    /// <summary>The value after <c>c=</c>.</summary>
    public override string ToString() => NetworkType + " " + AddressType + " " + Address;

    internal void WriteValue(ref SdpTextWriter writer)
    {
        if (!_source.IsEmpty)
        {
            writer.Append(_source.Span);
            return;
        }

        writer.Append(NetworkType);
        writer.Append(' ');
        writer.Append(AddressType);
        writer.Append(' ');
        writer.Append(Address);
    }
}

/// <summary>A bandwidth line (RFC 8866 section 5.8): <c>b=&lt;bwtype&gt;:&lt;bandwidth&gt;</c> (AS, CT, TIAS, ...). Immutable.</summary>
public sealed class SdpBandwidth : IEquatable<SdpBandwidth>
{
    private readonly ReadOnlyMemory<char> _source;

    /// <summary>A bandwidth built in code.</summary>
    public SdpBandwidth(string type, ulong value)
    {
        SdpTokenList.ValidateToken(type, nameof(type));
        Type = type;
        Value = value;
    }

    internal SdpBandwidth(ReadOnlyMemory<char> source, string type, ulong value)
    {
        _source = source;
        Type = type;
        Value = value;
    }

    /// <summary>The bandwidth type (<c>AS</c> in kbit/s, <c>TIAS</c> in bit/s).</summary>
    public string Type { get; }

    /// <summary>The value.</summary>
    public ulong Value { get; }

    /// <inheritdoc />
    public bool Equals(SdpBandwidth? other) => other is not null && Type == other.Type && Value == other.Value;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SdpBandwidth);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, Value);

    /// <summary>The value after <c>b=</c>.</summary>
    public override string ToString() => Type + ":" + Value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal void WriteValue(ref SdpTextWriter writer)
    {
        if (!_source.IsEmpty)
        {
            writer.Append(_source.Span);
            return;
        }

        writer.Append(Type);
        writer.Append(':');
        writer.Append(Value);
    }
}

/// <summary>
/// A timing line with its repeat lines (RFC 8866 sections 5.9 and 5.10):
/// <c>t=&lt;start-time&gt; &lt;stop-time&gt;</c> then <c>r=...</c> lines kept as text. WebRTC writes <c>t=0 0</c>. Immutable.
/// </summary>
public sealed class SdpTiming : IEquatable<SdpTiming>
{
    private readonly ReadOnlyMemory<char> _source;
    private readonly string[] _repeats;

    /// <summary>A timing built in code.</summary>
    public SdpTiming(ulong startTime, ulong stopTime, IEnumerable<string>? repeats = null)
    {
        StartTime = startTime;
        StopTime = stopTime;
        _repeats = repeats?.ToArray() ?? [];
        foreach (string repeat in _repeats)
        {
            SdpTokenList.ValidateText(repeat, nameof(repeats));
        }
    }

    internal SdpTiming(ReadOnlyMemory<char> source, ulong startTime, ulong stopTime, string[] repeats)
    {
        _source = source;
        StartTime = startTime;
        StopTime = stopTime;
        _repeats = repeats;
    }

    /// <summary><c>t=0 0</c>: a session without time bounds.</summary>
    public static SdpTiming Unbounded { get; } = new(0, 0);

    /// <summary>The start time (NTP seconds; 0 for unbounded).</summary>
    public ulong StartTime { get; }

    /// <summary>The stop time (NTP seconds; 0 for unbounded).</summary>
    public ulong StopTime { get; }

    /// <summary>The values of the <c>r=</c> lines after this <c>t=</c>, as text.</summary>
    public IReadOnlyList<string> Repeats => _repeats;

    internal SdpTiming WithRepeat(string repeat)
    {
        var repeats = new string[_repeats.Length + 1];
        _repeats.CopyTo(repeats, 0);
        repeats[^1] = repeat;
        return new SdpTiming(_source, StartTime, StopTime, repeats);
    }

    /// <inheritdoc />
    public bool Equals(SdpTiming? other) => other is not null && StartTime == other.StartTime && StopTime == other.StopTime
        && _repeats.AsSpan().SequenceEqual(other._repeats);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SdpTiming);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StartTime, StopTime);

    /// <summary>The value after <c>t=</c>.</summary>
    public override string ToString() => StartTime.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + StopTime.ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal void WriteLines(ref SdpTextWriter writer)
    {
        writer.Append("t=");
        if (!_source.IsEmpty)
        {
            writer.Append(_source.Span);
        }
        else
        {
            writer.Append(StartTime);
            writer.Append(' ');
            writer.Append(StopTime);
        }

        writer.AppendLineEnd();
        foreach (string repeat in _repeats)
        {
            writer.Append("r=");
            writer.Append(repeat);
            writer.AppendLineEnd();
        }
    }
}
