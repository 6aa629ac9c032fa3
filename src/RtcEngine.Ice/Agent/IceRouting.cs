using System.Buffers.Binary;
using System.Text;
using RtcEngine.Ice.Stun;

namespace RtcEngine.Ice.Agent;

/// <summary>
/// Routing help for a host that serves many connections on one socket: a first contact from an
/// unknown remote is a STUN Binding request whose USERNAME is "LFRAG:RFRAG", and LFRAG is the
/// local ufrag of the agent it is for. Static, allocation-free, thread-safe.
/// </summary>
/// <remarks>
/// The message is only parsed here, not authenticated: the agent the host picks still verifies
/// MESSAGE-INTEGRITY, so a forged ufrag reaches at most an agent that rejects it.
/// </remarks>
public static class IceRouting
{
    /// <summary>
    /// The local-ufrag part (before the colon) of the USERNAME of a STUN Binding request, as a
    /// slice of <paramref name="datagram"/>; false when the datagram is not such a request.
    /// </summary>
    public static bool TryGetLocalUfrag(ReadOnlySpan<byte> datagram, out ReadOnlySpan<byte> localUfrag)
    {
        localUfrag = default;
        if (datagram.IsEmpty || datagram[0] > 3 || !StunMessageReader.TryRead(datagram, out StunMessageReader message)
            || message.Method != StunMethod.Binding || message.Class != StunClass.Request
            || !message.TryGetUsername(out ReadOnlySpan<byte> username))
        {
            return false;
        }

        int colon = username.IndexOf((byte)':');
        if (colon <= 0)
        {
            return false;
        }

        localUfrag = username[..colon];
        return true;
    }

    /// <summary>
    /// Whether <paramref name="datagram"/> is a STUN error response. An agent answers a request it
    /// could not authenticate with one (400, 401), so its destination is not a peer the agent knows:
    /// a host must not keep a route (or any state) for it, or forged sources would grow that state.
    /// </summary>
    public static bool IsStunErrorResponse(ReadOnlySpan<byte> datagram) =>
        StunMessageReader.IsStunMessage(datagram)
        && StunMessageType.FromValue(BinaryPrimitives.ReadUInt16BigEndian(datagram)).Class == StunClass.ErrorResponse;

    /// <summary>Whether <paramref name="datagram"/> is a Binding request for the agent whose local ufrag is <paramref name="ufrag"/>.</summary>
    public static bool IsBindingRequestFor(ReadOnlySpan<byte> datagram, ReadOnlySpan<char> ufrag)
    {
        if (!TryGetLocalUfrag(datagram, out ReadOnlySpan<byte> local) || local.Length != Encoding.UTF8.GetByteCount(ufrag))
        {
            return false;
        }

        // Ufrags are ice-chars (ASCII): compare byte by char without transcoding.
        for (int i = 0; i < local.Length; i++)
        {
            if (local[i] != ufrag[i])
            {
                return false;
            }
        }

        return true;
    }
}
