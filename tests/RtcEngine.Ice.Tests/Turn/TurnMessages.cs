using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;
using RtcEngine.Primitives.Crypto;

namespace RtcEngine.Ice.Tests.Turn;

/// <summary>Hand-built TURN messages from a server, for driving a client directly.</summary>
internal static class TurnMessages
{
    public static byte[] DataIndication(PeerAddress peer, byte[] payload, bool fingerprint = true)
    {
        var buffer = new byte[200 + payload.Length];
        var writer = new StunMessageWriter(buffer, new StunMessageType(StunMethod.Data, StunClass.Indication), StunTransactionId.FromBytes(new byte[12]));
        writer.TryAddXorAddress(StunAttributeType.XorPeerAddress, peer);
        writer.TryAddAttribute(StunAttributeType.Data, payload);
        if (fingerprint)
        {
            writer.TryAddFingerprint();
        }

        return writer.Written.ToArray();
    }

    /// <summary>A 401 challenge to the request <paramref name="request"/>.</summary>
    public static byte[] Challenge(byte[] request, string realm = "test.local", string nonce = "n1", int code = StunErrorCodes.Unauthenticated)
    {
        StunMessageReader.TryRead(request, out StunMessageReader reader);
        var buffer = new byte[1500];
        var writer = new StunMessageWriter(buffer, reader.Type.ToResponse(success: false), reader.TransactionId);
        writer.TryAddErrorCode(code, StunErrorCodes.ReasonPhrase(code));
        writer.TryAddString(StunAttributeType.Realm, realm);
        writer.TryAddString(StunAttributeType.Nonce, nonce);
        writer.TryAddFingerprint();
        return writer.Written.ToArray();
    }

    /// <summary>A success response to <paramref name="request"/>, signed with the long-term key of alice/secret/test.local (or unsigned).</summary>
    public static byte[] Success(byte[] request, PeerAddress? relayed = null, uint? lifetime = null, bool sign = true, string password = "secret")
    {
        StunMessageReader.TryRead(request, out StunMessageReader reader);
        var buffer = new byte[1500];
        var writer = new StunMessageWriter(buffer, reader.Type.ToResponse(success: true), reader.TransactionId);
        if (relayed is { } address)
        {
            writer.TryAddXorAddress(StunAttributeType.XorRelayedAddress, address);
            writer.TryAddXorMappedAddress(PeerAddress.Parse("10.0.0.1:5000"));
        }

        if (lifetime is { } seconds)
        {
            writer.TryAddUInt32(StunAttributeType.Lifetime, seconds);
        }

        if (sign)
        {
            Span<byte> key = stackalloc byte[16];
            StunIntegrity.LongTermKeyMd5("alice", "test.local", password, key);
            using var hmac = new HmacSha1(key);
            writer.TryAddMessageIntegrity(hmac);
        }

        writer.TryAddFingerprint();
        return writer.Written.ToArray();
    }
}
