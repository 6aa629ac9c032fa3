using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using RtcEngine.Sdp.Text;

namespace RtcEngine.Sdp;

/// <summary>
/// A session description (RFC 8866): the session-level lines, the session-level attributes and
/// the media descriptions, in the order RFC 8866 section 5 fixes:
/// <code>
/// v=0
/// o=&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; IN IP4 &lt;address&gt;
/// s=&lt;session name&gt;
/// [i= u= e=* p=* c= b=*]  t=&lt;start&gt; &lt;stop&gt; [r=*]  [z= k=]  a=*
/// m=... (see <see cref="MediaDescription"/>)*
/// </code>
/// <see cref="Parse(string)"/> reads LF or CRLF lines; <see cref="ToString"/> writes CRLF lines in
/// that order. Every line read is kept with its exact text (attributes this library does not know
/// included, in their place), so writing an unmodified description gives back the bytes it was
/// read from, when those used CRLF.
/// </summary>
/// <remarks>
/// Not thread-safe: owned by whoever builds or edits the description. Parsing a string allocates
/// the model objects and the strings of unique values; repeated tokens (codec names, extension
/// URIs, payload types) are shared instances, and unmodified lines refer to the parsed text.
/// </remarks>
public sealed class SessionDescription
{
    /// <summary>The longest description the reader accepts, in chars (1 MiB: a browser offer is under 20 KiB).</summary>
    public const int MaxLength = 1 << 20;

    private string _sessionName = "-";
    private string? _information;
    private string? _uri;
    private string? _timeZones;
    private string? _encryptionKey;

    /// <summary>A description with <c>s=-</c> and <c>t=0 0</c> (the JSEP shape), to be filled in code.</summary>
    public SessionDescription(SdpOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        Origin = origin;
        Timings.Add(SdpTiming.Unbounded);
    }

    private SessionDescription()
    {
        Origin = null!; // set by the reader before the description is handed out
    }

    /// <summary>The origin (<c>o=</c>).</summary>
    public SdpOrigin Origin { get; set; }

    /// <summary>The session name (<c>s=</c>; WebRTC writes <c>-</c>).</summary>
    public string SessionName
    {
        get => _sessionName;
        set => _sessionName = CheckText(value, nameof(value))!;
    }

    /// <summary><c>i=</c>, when present.</summary>
    public string? Information
    {
        get => _information;
        set => _information = CheckText(value, nameof(value));
    }

    /// <summary><c>u=</c>, when present.</summary>
    public string? Uri
    {
        get => _uri;
        set => _uri = CheckText(value, nameof(value));
    }

    /// <summary>The <c>e=</c> lines.</summary>
    public Collection<string> Emails { get; } = [];

    /// <summary>The <c>p=</c> lines.</summary>
    public Collection<string> Phones { get; } = [];

    /// <summary>The session-level <c>c=</c> line, when present.</summary>
    public SdpConnection? Connection { get; set; }

    /// <summary>The session-level <c>b=</c> lines.</summary>
    public Collection<SdpBandwidth> Bandwidths { get; } = [];

    /// <summary>The <c>t=</c> lines with their <c>r=</c> lines (at least one when written).</summary>
    public Collection<SdpTiming> Timings { get; } = [];

    /// <summary><c>z=</c>, when present.</summary>
    public string? TimeZones
    {
        get => _timeZones;
        set => _timeZones = CheckText(value, nameof(value));
    }

    /// <summary><c>k=</c> (obsolete), when present.</summary>
    public string? EncryptionKey
    {
        get => _encryptionKey;
        set => _encryptionKey = CheckText(value, nameof(value));
    }

    /// <summary>The session-level attributes, in order.</summary>
    public SdpAttributeCollection Attributes { get; } = new();

    /// <summary>The media descriptions, in m-line order.</summary>
    public Collection<MediaDescription> Media { get; } = [];

    /// <summary>The <c>a=group</c> lines.</summary>
    public IReadOnlyList<GroupAttribute> Groups => Attributes.FindAll<GroupAttribute>();

    /// <summary>The first <c>a=group:BUNDLE</c>, or null.</summary>
    public GroupAttribute? BundleGroup
    {
        get
        {
            foreach (SdpAttribute attribute in Attributes.List)
            {
                if (attribute is GroupAttribute { IsBundle: true } group)
                {
                    return group;
                }
            }

            return null;
        }
    }

    /// <summary><c>a=msid-semantic</c>, or null.</summary>
    public MsidSemanticAttribute? MsidSemantic => Attributes.Find<MsidSemanticAttribute>();

    /// <summary>Whether <c>a=ice-lite</c> is present.</summary>
    public bool IceLite => Attributes.Contains(SdpAttributeKind.IceLite);

    /// <summary><c>a=ice-ufrag</c> at session level, or null.</summary>
    public string? IceUfrag => Attributes.Find(SdpAttributeKind.IceUfrag)?.Value;

    /// <summary><c>a=ice-pwd</c> at session level, or null.</summary>
    public string? IcePwd => Attributes.Find(SdpAttributeKind.IcePwd)?.Value;

    /// <summary><c>a=ice-options</c> at session level, or null.</summary>
    public IceOptionsAttribute? IceOptions => Attributes.Find<IceOptionsAttribute>();

    /// <summary>The session-level <c>a=fingerprint</c> lines.</summary>
    public IReadOnlyList<FingerprintAttribute> Fingerprints => Attributes.FindAll<FingerprintAttribute>();

    /// <summary><c>a=setup</c> at session level, or null.</summary>
    public SdpSetupRole? Setup => Attributes.Find<SetupAttribute>()?.Role;

    /// <summary>The session-level direction attribute, or null.</summary>
    public SdpDirection? Direction => FindDirection(Attributes);

    /// <summary>Whether <c>a=extmap-allow-mixed</c> is present at session level.</summary>
    public bool ExtMapAllowMixed => Attributes.Contains(SdpAttributeKind.ExtMapAllowMixed);

    /// <summary>The m-line whose <c>a=mid</c> is <paramref name="mid"/>, or null.</summary>
    public MediaDescription? FindMedia(string mid)
    {
        foreach (MediaDescription media in Media)
        {
            if (media.Mid == mid)
            {
                return media;
            }
        }

        return null;
    }

    /// <summary>
    /// Reads a description; throws <see cref="SdpParseException"/> (with line and column) when it
    /// does not follow RFC 8866 or the grammar of a typed attribute.
    /// </summary>
    public static SessionDescription Parse(string text)
    {
        if (!TryParse(text, out SessionDescription? description, out SdpParseError error))
        {
            throw new SdpParseException(error);
        }

        return description;
    }

    /// <summary>Reads a description from UTF-8 bytes (invalid UTF-8 is an error).</summary>
    public static SessionDescription Parse(ReadOnlySpan<byte> utf8)
    {
        if (!TryParse(utf8, out SessionDescription? description, out SdpParseError error))
        {
            throw new SdpParseException(error);
        }

        return description;
    }

    /// <summary>Reads a description without throwing; on failure <paramref name="error"/> says where and why.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out SessionDescription? description, out SdpParseError error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new SessionDescription();
        if (!SdpReader.TryRead(text, result, out error))
        {
            description = null;
            return false;
        }

        description = result;
        return true;
    }

    /// <summary>Reads a description from UTF-8 bytes without throwing.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out SessionDescription? description, out SdpParseError error)
    {
        description = null;
        if (utf8.Length > MaxLength * 3)
        {
            error = new SdpParseError(SdpParseErrorKind.TooLong, 1, 1, "the description is longer than " + MaxLength + " chars");
            return false;
        }

        char[] chars = System.Buffers.ArrayPool<char>.Shared.Rent(Math.Max(utf8.Length, 1));
        try
        {
            System.Buffers.OperationStatus status = System.Text.Unicode.Utf8.ToUtf16(
                utf8, chars, out _, out int written, replaceInvalidSequences: false, isFinalBlock: true);
            ReadOnlySpan<char> text = chars.AsSpan(0, written);
            if (status != System.Buffers.OperationStatus.Done)
            {
                // Point at the first invalid byte: the decoded prefix gives its line and column.
                int lastNewLine = text.LastIndexOf('\n');
                error = new SdpParseError(SdpParseErrorKind.InvalidEncoding, 1 + text.Count('\n'), written - lastNewLine, "invalid UTF-8");
                return false;
            }

            return TryParse(new string(text), out description, out error);
        }
        finally
        {
            System.Buffers.ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>The description as SDP text: CRLF lines in RFC 8866 order.</summary>
    public override string ToString()
    {
        var writer = new SdpTextWriter(4096);
        try
        {
            WriteTo(ref writer);
            return writer.ToString();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>The length of the UTF-8 text <see cref="TryWriteTo"/> writes.</summary>
    public int GetSerializedLength()
    {
        var writer = new SdpTextWriter(4096);
        try
        {
            WriteTo(ref writer);
            return Encoding.UTF8.GetByteCount(writer.Written);
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Writes the description as UTF-8; false (nothing written) when <paramref name="destination"/> is too small.</summary>
    public bool TryWriteTo(Span<byte> destination, out int written)
    {
        var writer = new SdpTextWriter(4096);
        try
        {
            WriteTo(ref writer);
            if (Encoding.UTF8.GetByteCount(writer.Written) > destination.Length)
            {
                written = 0;
                return false;
            }

            written = Encoding.UTF8.GetBytes(writer.Written, destination);
            return true;
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>The description as UTF-8 bytes.</summary>
    public byte[] ToUtf8Bytes() => Encoding.UTF8.GetBytes(ToString());

    internal static SdpDirection? FindDirection(SdpAttributeCollection attributes)
    {
        foreach (SdpAttribute attribute in attributes.List)
        {
            switch (attribute.Kind)
            {
                case SdpAttributeKind.SendRecv: return SdpDirection.SendRecv;
                case SdpAttributeKind.SendOnly: return SdpDirection.SendOnly;
                case SdpAttributeKind.RecvOnly: return SdpDirection.RecvOnly;
                case SdpAttributeKind.Inactive: return SdpDirection.Inactive;
            }
        }

        return null;
    }

    internal static SessionDescription CreateForReader() => new();

    internal void WriteTo(ref SdpTextWriter writer)
    {
        writer.Append("v=0\r\no=");
        Origin.WriteValue(ref writer);
        writer.AppendLineEnd();
        writer.Append("s=");
        writer.Append(_sessionName);
        writer.AppendLineEnd();
        WriteTextLine(ref writer, 'i', _information);
        WriteTextLine(ref writer, 'u', _uri);

        // Index loops: Collection<T> enumerators are boxed, and writing should allocate only its output.
        for (int i = 0; i < Emails.Count; i++)
        {
            WriteTextLine(ref writer, 'e', Emails[i]);
        }

        for (int i = 0; i < Phones.Count; i++)
        {
            WriteTextLine(ref writer, 'p', Phones[i]);
        }

        if (Connection is not null)
        {
            writer.Append("c=");
            Connection.WriteValue(ref writer);
            writer.AppendLineEnd();
        }

        for (int i = 0; i < Bandwidths.Count; i++)
        {
            writer.Append("b=");
            Bandwidths[i].WriteValue(ref writer);
            writer.AppendLineEnd();
        }

        if (Timings.Count == 0)
        {
            SdpTiming.Unbounded.WriteLines(ref writer); // t= is required (RFC 8866 section 5.9)
        }

        for (int i = 0; i < Timings.Count; i++)
        {
            Timings[i].WriteLines(ref writer);
        }

        WriteTextLine(ref writer, 'z', _timeZones);
        WriteTextLine(ref writer, 'k', _encryptionKey);
        List<SdpAttribute> attributes = Attributes.List;
        for (int i = 0; i < attributes.Count; i++)
        {
            attributes[i].WriteLine(ref writer);
        }

        for (int i = 0; i < Media.Count; i++)
        {
            Media[i].WriteTo(ref writer);
        }
    }

    private static void WriteTextLine(ref SdpTextWriter writer, char type, string? text)
    {
        if (text is null)
        {
            return;
        }

        writer.Append(type);
        writer.Append('=');
        writer.Append(text);
        writer.AppendLineEnd();
    }

    private static string? CheckText(string? value, string parameterName)
    {
        if (value is not null)
        {
            SdpTokenList.ValidateText(value, parameterName);
        }

        return value;
    }
}
