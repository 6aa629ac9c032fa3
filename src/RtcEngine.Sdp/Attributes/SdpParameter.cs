namespace RtcEngine.Sdp;

/// <summary>
/// One <c>name=value</c> parameter of an <c>a=fmtp</c> or <c>a=rid</c> line; a parameter written
/// without <c>=</c> (such as RED's <c>111/111</c>) has a null <see cref="Value"/>.
/// </summary>
/// <param name="Name">The parameter name (or the whole parameter when it has no <c>=</c>).</param>
/// <param name="Value">The value after <c>=</c>, or null.</param>
public readonly record struct SdpParameter(string Name, string? Value)
{
    /// <summary><c>name=value</c>, or the name alone.</summary>
    public override string ToString() => Value is null ? Name : Name + "=" + Value;
}
