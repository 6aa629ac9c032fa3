using RtcEngine.Ice.Candidates;
using RtcEngine.Primitives;

namespace RtcEngine.Ice.Agent;

/// <summary>
/// An ICE username fragment and password (RFC 8445 section 5.3, RFC 8839 section 5.4:
/// <c>ice-ufrag</c> is 4 to 256 ice-chars, <c>ice-pwd</c> 22 to 256). Immutable; thread-safe.
/// </summary>
public sealed record IceCredentials
{
    /// <summary>Length of a generated ufrag (Chromium uses 4; more makes collisions on a shared socket rarer).</summary>
    public const int GeneratedUfragLength = 8;

    /// <summary>Length of a generated password (Chromium uses 24; the minimum is 22, 128 bits of randomness).</summary>
    public const int GeneratedPasswordLength = 24;

    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>Credentials from signalled values.</summary>
    /// <exception cref="ArgumentException">The ufrag or password breaks the grammar.</exception>
    public IceCredentials(string ufrag, string password)
    {
        if (!IsValidUfrag(ufrag))
        {
            throw new ArgumentException("An ICE ufrag is 4 to 256 ice-chars (ALPHA / DIGIT / '+' / '/').", nameof(ufrag));
        }

        if (!IsValidPassword(password))
        {
            throw new ArgumentException("An ICE password is 22 to 256 ice-chars (ALPHA / DIGIT / '+' / '/').", nameof(password));
        }

        Ufrag = ufrag;
        Password = password;
    }

    /// <summary>The username fragment.</summary>
    public string Ufrag { get; }

    /// <summary>The password (the short-term STUN key).</summary>
    public string Password { get; }

    /// <summary>Fresh random credentials drawn from <paramref name="random"/> (ice-chars).</summary>
    public static IceCredentials Generate(IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<char> ufrag = stackalloc char[GeneratedUfragLength];
        Span<char> password = stackalloc char[GeneratedPasswordLength];
        random.FillFromAlphabet(ufrag, IceChars);
        random.FillFromAlphabet(password, IceChars);
        return new IceCredentials(new string(ufrag), new string(password));
    }

    /// <summary>Whether <paramref name="ufrag"/> is a valid ice-ufrag.</summary>
    public static bool IsValidUfrag(string? ufrag) => ufrag is not null && IceCandidate.IsIceChars(ufrag, 4, 256);

    /// <summary>Whether <paramref name="password"/> is a valid ice-pwd.</summary>
    public static bool IsValidPassword(string? password) => password is not null && IceCandidate.IsIceChars(password, 22, 256);

    /// <summary>The ufrag only: passwords stay out of logs.</summary>
    public override string ToString() => $"ufrag={Ufrag}";
}
