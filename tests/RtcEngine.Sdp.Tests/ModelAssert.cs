using Xunit;

namespace RtcEngine.Sdp.Tests;

/// <summary>Structural comparison of two descriptions, element by element, with typed fields.</summary>
internal static class ModelAssert
{
    public static void Equal(SessionDescription expected, SessionDescription actual)
    {
        Assert.Equal(expected.Origin, actual.Origin);
        Assert.Equal(expected.SessionName, actual.SessionName);
        Assert.Equal(expected.Information, actual.Information);
        Assert.Equal(expected.Connection, actual.Connection);
        Assert.Equal(expected.Bandwidths, actual.Bandwidths);
        Assert.Equal(expected.Timings, actual.Timings);
        Attributes(expected.Attributes, actual.Attributes);
        Assert.Equal(expected.Media.Count, actual.Media.Count);
        for (int i = 0; i < expected.Media.Count; i++)
        {
            MediaDescription e = expected.Media[i];
            MediaDescription a = actual.Media[i];
            Assert.Equal(e.Media, a.Media);
            Assert.Equal(e.Kind, a.Kind);
            Assert.Equal(e.Port, a.Port);
            Assert.Equal(e.PortCount, a.PortCount);
            Assert.Equal(e.Protocol, a.Protocol);
            Assert.Equal(e.Formats, a.Formats);
            Assert.Equal(e.Connections, a.Connections);
            Assert.Equal(e.Bandwidths, a.Bandwidths);
            Attributes(e.Attributes, a.Attributes);
        }
    }

    private static void Attributes(SdpAttributeCollection expected, SdpAttributeCollection actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i], actual[i]);
            Assert.Equal(expected[i].Kind, actual[i].Kind);
            Assert.Equal(expected[i].GetType(), actual[i].GetType());
            Assert.Equal(TypedFields(expected[i]), TypedFields(actual[i]));
        }
    }

    /// <summary>The typed fields of an attribute as text, so that equality covers more than the value text.</summary>
    public static string TypedFields(SdpAttribute attribute) => attribute switch
    {
        GroupAttribute g => $"{g.Semantics}|{string.Join(",", g.Mids)}",
        MsidSemanticAttribute m => $"{m.Semantic}|{string.Join(",", m.Identifiers)}",
        IceOptionsAttribute o => string.Join(",", o.Options),
        FingerprintAttribute f => $"{f.HashFunction}|{f.Fingerprint}",
        SetupAttribute s => s.Role.ToString(),
        ExtMapAttribute e => $"{e.Id}|{e.Direction}|{e.Uri}|{e.ExtensionAttributes}",
        MsidAttribute m => $"{m.StreamId}|{m.TrackId}",
        RtcpAttribute r => $"{r.Port}|{r.NetworkType}|{r.AddressType}|{r.Address}",
        RtpMapAttribute r => $"{r.PayloadType}|{r.EncodingName}|{r.ClockRate}|{r.Channels}",
        FmtpAttribute f => $"{f.Format}|{f.PayloadType}|{string.Join(";", f.Parameters)}",
        RtcpFeedbackAttribute r => $"{r.PayloadType}|{r.Type}|{r.Parameter}",
        SsrcAttribute s => $"{s.Ssrc}|{s.AttributeName}|{s.AttributeValue}",
        SsrcGroupAttribute g => $"{g.Semantics}|{string.Join(",", g.Ssrcs)}",
        RidAttribute r => $"{r.Id}|{r.Direction}|{string.Join(",", r.PayloadTypes)}|{string.Join(";", r.Restrictions)}",
        SimulcastAttribute s => $"{Streams(s.Send)}|{Streams(s.Receive)}",
        SdpNumericAttribute n => n.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => $"{attribute.Name}|{attribute.HasValue}|{attribute.Value}",
    };

    private static string Streams(IReadOnlyList<IReadOnlyList<SimulcastRid>> streams) =>
        string.Join(";", streams.Select(s => string.Join(",", s.Select(r => (r.Paused ? "~" : "") + r.Id))));
}

/// <summary>Re-creates a typed attribute from its fields through the public constructors.</summary>
internal static class TypedCopy
{
    public static SdpAttribute? Of(SdpAttribute attribute) => attribute switch
    {
        GroupAttribute g => new GroupAttribute(g.Semantics, g.Mids),
        MsidSemanticAttribute m => new MsidSemanticAttribute(m.Semantic, m.Identifiers),
        IceOptionsAttribute o => new IceOptionsAttribute(o.Options),
        FingerprintAttribute f => new FingerprintAttribute(f.HashFunction, f.Fingerprint),
        SetupAttribute s => SetupAttribute.For(s.Role),
        ExtMapAttribute e => new ExtMapAttribute(e.Id, e.Uri, e.Direction, e.ExtensionAttributes),
        MsidAttribute m => new MsidAttribute(m.StreamId, m.TrackId),
        RtcpAttribute r => new RtcpAttribute(r.Port, r.NetworkType, r.AddressType, r.Address),
        RtpMapAttribute r => new RtpMapAttribute(r.PayloadType, r.EncodingName, r.ClockRate, r.Channels),
        FmtpAttribute f when f.PayloadType >= 0 => new FmtpAttribute(f.PayloadType, f.Parameters),
        RtcpFeedbackAttribute r => new RtcpFeedbackAttribute(r.PayloadType, r.Type, r.Parameter),
        SsrcAttribute s => new SsrcAttribute(s.Ssrc, s.AttributeName, s.AttributeValue),
        SsrcGroupAttribute g => new SsrcGroupAttribute(g.Semantics, g.Ssrcs),
        RidAttribute r => new RidAttribute(r.Id, r.Direction, r.PayloadTypes, r.Restrictions),
        SimulcastAttribute s => new SimulcastAttribute(s.Send, s.Receive),
        SdpNumericAttribute n when n.Kind == SdpAttributeKind.SctpPort => SdpNumericAttribute.SctpPort((int)n.Number),
        SdpNumericAttribute n => SdpNumericAttribute.MaxMessageSize(n.Number),
        { Kind: SdpAttributeKind.Mid } => SdpAttribute.Mid(attribute.Value!),
        { Kind: SdpAttributeKind.IceUfrag } => SdpAttribute.IceUfrag(attribute.Value!),
        { Kind: SdpAttributeKind.IcePwd } => SdpAttribute.IcePwd(attribute.Value!),
        { Kind: SdpAttributeKind.Candidate } => SdpAttribute.Candidate(attribute.Value!),
        _ => null,
    };
}
