using RtcEngine.Ice.Agent;
using RtcEngine.Ice.Stun;
using RtcEngine.Primitives.Crypto;

namespace RtcEngine.Ice.Tests;

/// <summary>Hand-built STUN messages, shaped like a browser's, for driving an agent directly.</summary>
internal static class StunTestMessages
{
    /// <summary>
    /// A check as Chromium sends it to the agent whose credentials are <paramref name="target"/>:
    /// USERNAME "target:sender", GOOG-NETWORK-INFO, PRIORITY, ICE-CONTROLLING or -CONTROLLED,
    /// optionally USE-CANDIDATE, MESSAGE-INTEGRITY with the target's password, FINGERPRINT.
    /// </summary>
    public static byte[] Check(
        IceCredentials target,
        IceCredentials sender,
        StunTransactionId id,
        bool controlling = true,
        ulong tieBreaker = 0x0102030405060708,
        bool useCandidate = false,
        uint priority = 1853759231,
        string? passwordOverride = null,
        bool integrity = true,
        bool username = true,
        bool withPriority = true,
        ushort? extraAttribute = null)
    {
        using var key = new HmacSha1(StunIntegrity.ShortTermKey(passwordOverride ?? target.Password));
        var buffer = new byte[300];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, id);
        if (username)
        {
            writer.TryAddString(StunAttributeType.Username, $"{target.Ufrag}:{sender.Ufrag}");
        }

        writer.TryAddAttribute((ushort)StunAttributeType.GoogNetworkInfo, [0, 1, 0, 50]);
        if (withPriority)
        {
            writer.TryAddUInt32(StunAttributeType.Priority, priority);
        }

        writer.TryAddUInt64(controlling ? StunAttributeType.IceControlling : StunAttributeType.IceControlled, tieBreaker);
        if (useCandidate)
        {
            writer.TryAddFlag(StunAttributeType.UseCandidate);
        }

        if (extraAttribute is { } extra)
        {
            writer.TryAddAttribute(extra, [1, 2, 3, 4]);
        }

        if (integrity)
        {
            writer.TryAddMessageIntegrity(key);
        }

        writer.TryAddFingerprint();
        return writer.Written.ToArray();
    }

    /// <summary>A success response to <paramref name="id"/>, signed with <paramref name="password"/>.</summary>
    public static byte[] Success(StunTransactionId id, RtcEngine.Primitives.PeerAddress mapped, string password)
    {
        using var key = new HmacSha1(StunIntegrity.ShortTermKey(password));
        var buffer = new byte[200];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccess, id);
        writer.TryAddXorMappedAddress(mapped);
        writer.TryAddMessageIntegrity(key);
        writer.TryAddFingerprint();
        return writer.Written.ToArray();
    }

    /// <summary>An error response to <paramref name="id"/>, signed with <paramref name="password"/>.</summary>
    public static byte[] Error(StunTransactionId id, int code, string password)
    {
        using var key = new HmacSha1(StunIntegrity.ShortTermKey(password));
        var buffer = new byte[200];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingError, id);
        writer.TryAddErrorCode(code, StunErrorCodes.ReasonPhrase(code));
        writer.TryAddMessageIntegrity(key);
        writer.TryAddFingerprint();
        return writer.Written.ToArray();
    }
}
