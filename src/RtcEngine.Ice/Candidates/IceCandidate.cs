using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Text;
using RtcEngine.Primitives;

namespace RtcEngine.Ice.Candidates;

/// <summary>
/// An ICE candidate as signalled in SDP (<c>a=candidate:</c>) or by trickle: the one type and
/// grammar of the stack (RFC 8839 section 5.1). The SDP layer carries candidate lines as text; the
/// session hands them to <see cref="TryParse(ReadOnlySpan{char}, out IceCandidate?)"/> and gives
/// local candidates back as <see cref="ToString"/>.
/// </summary>
/// <remarks>
/// <para>
/// <code>
/// candidate-attribute = "candidate" ":" foundation SP component-id SP transport SP priority SP
///                       connection-address SP port SP "typ" SP cand-type
///                       [SP "raddr" SP connection-address] [SP "rport" SP port]
///                       *(SP extension-att-name SP extension-att-value)
/// foundation = 1*32ice-char        ice-char = ALPHA / DIGIT / "+" / "/"
/// component-id = 1*3DIGIT          priority = 1*10DIGIT       port = 1*5DIGIT
/// </code>
/// Example (Chromium): <c>candidate:1 1 udp 2122260223 127.0.0.1 43217 typ host generation 0 network-id 1 network-cost 50</c>.
/// </para>
/// <para>
/// Unknown extensions are kept in order and written back (<c>generation</c>, <c>network-id</c>,
/// <c>network-cost</c>, <c>ufrag</c>, <c>tcptype</c> have typed accessors). Non-UDP candidates
/// (Chromium's <c>tcp ... tcptype active</c>) parse; a UDP agent ignores them. An address ending in
/// <c>.local</c> is an mDNS name the caller resolves. Immutable; thread-safe.
/// </para>
/// </remarks>
public sealed class IceCandidate : IEquatable<IceCandidate>
{
    private const int MaxFoundationLength = 32;
    private readonly KeyValuePair<string, string>[] _extensions;

    /// <summary>Makes a candidate (local candidates; tests).</summary>
    /// <exception cref="ArgumentException">A field breaks the grammar.</exception>
    public IceCandidate(
        string foundation,
        int component,
        string transport,
        uint priority,
        string address,
        ushort port,
        IceCandidateType type,
        string? relatedAddress = null,
        ushort? relatedPort = null,
        IEnumerable<KeyValuePair<string, string>>? extensions = null)
    {
        if (!IsFoundation(foundation))
        {
            throw new ArgumentException("A foundation is 1 to 32 ice-chars.", nameof(foundation));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(component, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(component, 256);
        if (!IsToken(transport) || !IsToken(address))
        {
            throw new ArgumentException("Transport and address are non-empty tokens without spaces.");
        }

        if (relatedAddress is not null && !IsToken(relatedAddress))
        {
            throw new ArgumentException("The related address is a token without spaces.", nameof(relatedAddress));
        }

        Foundation = foundation;
        Component = component;
        Transport = transport;
        Priority = priority;
        Address = address;
        Port = port;
        Type = type;
        RelatedAddress = relatedAddress;
        RelatedPort = relatedPort;
        _extensions = extensions?.ToArray() ?? [];
        foreach ((string name, string value) in _extensions)
        {
            if (!IsToken(name) || !IsToken(value))
            {
                throw new ArgumentException("Extension names and values are tokens without spaces.", nameof(extensions));
            }
        }
    }

    /// <summary>The foundation: candidates sharing it are expected to behave alike.</summary>
    public string Foundation { get; }

    /// <summary>The component id (1 for RTP, or everything when rtcp-mux/BUNDLE are in use).</summary>
    public int Component { get; }

    /// <summary>The transport as written ("udp", "UDP", "tcp", ...).</summary>
    public string Transport { get; }

    /// <summary>Whether the transport is UDP (case-insensitive).</summary>
    public bool IsUdp => Transport.Equals("udp", StringComparison.OrdinalIgnoreCase);

    /// <summary>The priority (RFC 8445 section 5.1.2).</summary>
    public uint Priority { get; }

    /// <summary>The connection address as written: an IPv4 or IPv6 literal, or a host name (mDNS <c>.local</c>).</summary>
    public string Address { get; }

    /// <summary>The port.</summary>
    public ushort Port { get; }

    /// <summary>The candidate type.</summary>
    public IceCandidateType Type { get; }

    /// <summary>The related address ("raddr"), if any.</summary>
    public string? RelatedAddress { get; }

    /// <summary>The related port ("rport"), if any.</summary>
    public ushort? RelatedPort { get; }

    /// <summary>The extensions after the type and related address, in order, as written.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Extensions => _extensions;

    /// <summary>"generation" (Chromium), if present and numeric.</summary>
    public int? Generation => GetIntExtension("generation");

    /// <summary>"network-id" (Chromium), if present and numeric.</summary>
    public int? NetworkId => GetIntExtension("network-id");

    /// <summary>"network-cost" (Chromium), if present and numeric.</summary>
    public int? NetworkCost => GetIntExtension("network-cost");

    /// <summary>"ufrag" (the username fragment of the generation this candidate belongs to), if present.</summary>
    public string? Ufrag => GetExtension("ufrag");

    /// <summary>"tcptype" (RFC 6544: active, passive, so), if present.</summary>
    public string? TcpType => GetExtension("tcptype");

    /// <summary>Whether the address is an mDNS host name (RFC 8839 allows FQDNs; browsers use <c>&lt;uuid&gt;.local</c>).</summary>
    public bool IsMdns => Address.EndsWith(".local", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The candidate priority formula (RFC 8445 section 5.1.2.1):
    /// 2^24 * type preference + 2^8 * local preference + (256 - component id).
    /// </summary>
    public static uint ComputePriority(IceCandidateType type, ushort localPreference, int component)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(component, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(component, 256);
        return ((uint)type.TypePreference() << 24) | ((uint)localPreference << 8) | (uint)(256 - component);
    }

    /// <summary>Parses a candidate; the "a=" and "candidate:" prefixes are optional. Never throws.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out IceCandidate? candidate)
    {
        candidate = null;
        return text is not null && TryParse(text.AsSpan(), out candidate);
    }

    /// <summary>Parses a candidate; the "a=" and "candidate:" prefixes are optional. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out IceCandidate? candidate)
    {
        candidate = null;
        text = text.Trim();
        if (text.StartsWith("a=", StringComparison.OrdinalIgnoreCase))
        {
            text = text[2..];
        }

        if (text.StartsWith("candidate:", StringComparison.OrdinalIgnoreCase))
        {
            text = text["candidate:".Length..];
        }

        var fields = new FieldReader(text);
        if (!fields.TryNext(out ReadOnlySpan<char> foundation) || !IsFoundation(foundation)
            || !fields.TryNext(out ReadOnlySpan<char> componentText) || componentText.Length > 3 || !TryParseDigits(componentText, out ulong component) || component is < 1 or > 256
            || !fields.TryNext(out ReadOnlySpan<char> transport)
            || !fields.TryNext(out ReadOnlySpan<char> priorityText) || priorityText.Length > 10 || !TryParseDigits(priorityText, out ulong priority) || priority > uint.MaxValue
            || !fields.TryNext(out ReadOnlySpan<char> address)
            || !fields.TryNext(out ReadOnlySpan<char> portText) || !TryParsePort(portText, out ushort port)
            || !fields.TryNext(out ReadOnlySpan<char> typ) || !typ.Equals("typ", StringComparison.OrdinalIgnoreCase)
            || !fields.TryNext(out ReadOnlySpan<char> typeText) || !IceCandidateTypes.TryParseSdpName(typeText, out IceCandidateType type))
        {
            return false;
        }

        string? relatedAddress = null;
        ushort? relatedPort = null;
        List<KeyValuePair<string, string>>? extensions = null;
        while (fields.TryNext(out ReadOnlySpan<char> name))
        {
            if (!fields.TryNext(out ReadOnlySpan<char> value))
            {
                return false; // an extension name without its value
            }

            if (extensions is null && relatedPort is null && relatedAddress is null && name.Equals("raddr", StringComparison.OrdinalIgnoreCase))
            {
                relatedAddress = value.ToString();
            }
            else if (extensions is null && relatedPort is null && name.Equals("rport", StringComparison.OrdinalIgnoreCase))
            {
                if (!TryParsePort(value, out ushort rport))
                {
                    return false;
                }

                relatedPort = rport;
            }
            else
            {
                (extensions ??= []).Add(new KeyValuePair<string, string>(name.ToString(), value.ToString()));
            }
        }

        candidate = new IceCandidate(
            foundation.ToString(), (int)component, transport.ToString(), (uint)priority, address.ToString(), port, type,
            relatedAddress, relatedPort, extensions);
        return true;
    }

    /// <summary>Parses a candidate; throws <see cref="FormatException"/> when malformed.</summary>
    public static IceCandidate Parse(string text) =>
        TryParse(text, out IceCandidate? candidate) ? candidate : throw new FormatException($"Not an ICE candidate: '{text}'.");

    /// <summary>The address and port when the address is an IP literal; false for host names and non-IP text.</summary>
    public bool TryGetAddress(out PeerAddress address)
    {
        address = default;
        if (!IPAddress.TryParse(Address, out IPAddress? ip))
        {
            return false;
        }

        address = PeerAddress.FromIPEndPoint(new IPEndPoint(ip, Port));
        return true;
    }

    /// <summary>The same candidate with another connection address (an mDNS name resolved, for example).</summary>
    public IceCandidate WithAddress(string address, ushort port) =>
        new(Foundation, Component, Transport, Priority, address, port, Type, RelatedAddress, RelatedPort, _extensions);

    /// <summary>The value of the first extension named <paramref name="name"/> (case-insensitive).</summary>
    public string? GetExtension(string name)
    {
        foreach ((string key, string value) in _extensions)
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The attribute value, <c>candidate:...</c> (what goes after "a=" in SDP, and in RTCIceCandidate.candidate).</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(96);
        builder.Append("candidate:").Append(Foundation)
            .Append(' ').Append(Component.ToString(CultureInfo.InvariantCulture))
            .Append(' ').Append(Transport)
            .Append(' ').Append(Priority.ToString(CultureInfo.InvariantCulture))
            .Append(' ').Append(Address)
            .Append(' ').Append(Port.ToString(CultureInfo.InvariantCulture))
            .Append(" typ ").Append(Type.ToSdpName());
        if (RelatedAddress is not null)
        {
            builder.Append(" raddr ").Append(RelatedAddress);
        }

        if (RelatedPort is { } rport)
        {
            builder.Append(" rport ").Append(rport.ToString(CultureInfo.InvariantCulture));
        }

        foreach ((string name, string value) in _extensions)
        {
            builder.Append(' ').Append(name).Append(' ').Append(value);
        }

        return builder.ToString();
    }

    /// <inheritdoc />
    public bool Equals(IceCandidate? other) => other is not null && string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as IceCandidate);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    /// <summary>Whether <paramref name="text"/> is 1 to 32 ice-chars.</summary>
    internal static bool IsIceChars(ReadOnlySpan<char> text, int minLength, int maxLength)
    {
        if (text.Length < minLength || text.Length > maxLength)
        {
            return false;
        }

        foreach (char c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '+' && c != '/')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsFoundation(ReadOnlySpan<char> text) => IsIceChars(text, 1, MaxFoundationLength);

    private static bool IsToken(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        foreach (char c in text)
        {
            if (c <= ' ' || c == 0x7F)
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseDigits(ReadOnlySpan<char> text, out ulong value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 19)
        {
            return false;
        }

        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = value * 10 + (ulong)(c - '0');
        }

        return true;
    }

    private static bool TryParsePort(ReadOnlySpan<char> text, out ushort port)
    {
        port = 0;
        if (text.Length > 5 || !TryParseDigits(text, out ulong value) || value > ushort.MaxValue)
        {
            return false;
        }

        port = (ushort)value;
        return true;
    }

    private int? GetIntExtension(string name) =>
        GetExtension(name) is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : null;

    /// <summary>Splits on runs of spaces or tabs.</summary>
    private ref struct FieldReader(ReadOnlySpan<char> text)
    {
        private ReadOnlySpan<char> _rest = text;

        public bool TryNext(out ReadOnlySpan<char> field)
        {
            _rest = _rest.TrimStart([' ', '\t']);
            if (_rest.IsEmpty)
            {
                field = default;
                return false;
            }

            int end = _rest.IndexOfAny(' ', '\t');
            field = end < 0 ? _rest : _rest[..end];
            _rest = end < 0 ? default : _rest[end..];
            return true;
        }
    }
}
