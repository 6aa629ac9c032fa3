using RtcEngine.Sdp.Text;

namespace RtcEngine.Sdp;

/// <summary>
/// <c>a=fingerprint:&lt;hash-func&gt; SP &lt;fingerprint&gt;</c> (RFC 8122 section 5). Both parts
/// stay text: the DTLS layer owns the fingerprint grammar and compares it with the certificate.
/// Immutable.
/// </summary>
public sealed class FingerprintAttribute : SdpAttribute
{
    /// <summary>An attribute built in code, for example ("sha-256", "AB:CD:...").</summary>
    public FingerprintAttribute(string hashFunction, string fingerprint)
        : base(SdpAttributeKind.Fingerprint)
    {
        SdpTokenList.ValidateToken(hashFunction, nameof(hashFunction));
        SdpTokenList.ValidateToken(fingerprint, nameof(fingerprint));
        HashFunction = hashFunction;
        Fingerprint = fingerprint;
    }

    private FingerprintAttribute(ReadOnlyMemory<char> source, string hashFunction, string fingerprint)
        : base(SdpAttributeNames.Fingerprint, SdpAttributeKind.Fingerprint, true, source)
    {
        HashFunction = hashFunction;
        Fingerprint = fingerprint;
    }

    /// <summary>The hash function name as written (<c>sha-256</c>; RFC 8122 says compare case-insensitively).</summary>
    public string HashFunction { get; }

    /// <summary>The fingerprint text as written (uppercase hex pairs separated by colons, normally).</summary>
    public string Fingerprint { get; }

    private protected override void FormatValue(ref SdpTextWriter writer)
    {
        writer.Append(HashFunction);
        writer.Append(' ');
        writer.Append(Fingerprint);
    }

    internal static bool TryParse(ReadOnlyMemory<char> value, ref SdpValueError error, out SdpAttribute? attribute)
    {
        attribute = null;
        var reader = new SdpValueReader(value.Span);
        if (!reader.TryReadToken(out ReadOnlySpan<char> hash, out int at))
        {
            return error.Fail(at, "a=fingerprint needs a hash function");
        }

        if (!reader.TryReadToken(out ReadOnlySpan<char> fingerprint, out at))
        {
            return error.Fail(at, "a=fingerprint needs a fingerprint after the hash function");
        }

        if (!reader.AtEnd)
        {
            reader.SkipSpaces();
            return error.Fail(reader.Position, "a=fingerprint has extra text after the fingerprint");
        }

        attribute = new FingerprintAttribute(value, SdpStrings.Get(hash), new string(fingerprint));
        return true;
    }
}
