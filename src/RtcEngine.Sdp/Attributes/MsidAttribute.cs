using RtcEngine.Sdp.Text;

namespace RtcEngine.Sdp;

/// <summary>
/// <c>a=msid:&lt;stream id&gt; [&lt;track id&gt;]</c> (RFC 8830 section 2): the media stream this
/// m-line's track belongs to (<c>-</c> for none) and the sender's track id. Immutable.
/// </summary>
public sealed class MsidAttribute : SdpAttribute
{
    /// <summary>An attribute built in code.</summary>
    public MsidAttribute(string streamId, string? trackId)
        : base(SdpAttributeKind.Msid)
    {
        SdpTokenList.ValidateToken(streamId, nameof(streamId));
        if (trackId is not null)
        {
            SdpTokenList.ValidateToken(trackId, nameof(trackId));
        }

        StreamId = streamId;
        TrackId = trackId;
    }

    private MsidAttribute(ReadOnlyMemory<char> source, string streamId, string? trackId)
        : base(SdpAttributeNames.Msid, SdpAttributeKind.Msid, true, source)
    {
        StreamId = streamId;
        TrackId = trackId;
    }

    /// <summary>The media stream id (<c>-</c> when the track is in no stream).</summary>
    public string StreamId { get; }

    /// <summary>The track id (the msid "appdata"), when present.</summary>
    public string? TrackId { get; }

    private protected override void FormatValue(ref SdpTextWriter writer)
    {
        writer.Append(StreamId);
        if (TrackId is not null)
        {
            writer.Append(' ');
            writer.Append(TrackId);
        }
    }

    internal static bool TryParse(ReadOnlyMemory<char> value, ref SdpValueError error, out SdpAttribute? attribute)
    {
        attribute = null;
        var reader = new SdpValueReader(value.Span);
        if (!reader.TryReadToken(out ReadOnlySpan<char> stream, out int at))
        {
            return error.Fail(at, "a=msid needs a stream id");
        }

        string? track = reader.TryReadToken(out ReadOnlySpan<char> trackText, out _) ? new string(trackText) : null;
        if (!reader.AtEnd)
        {
            reader.SkipSpaces();
            return error.Fail(reader.Position, "a=msid has more than a stream id and a track id");
        }

        attribute = new MsidAttribute(value, SdpStrings.Get(stream), track);
        return true;
    }
}
