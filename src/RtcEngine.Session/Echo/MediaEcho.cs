using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Sdp;

namespace RtcEngine.Session.Echo;

/// <summary>
/// Sends every RTP packet a connection receives back on the transceiver it arrived on (same
/// payload, payload type, timestamp and marker; the sender's own SSRC and sequence numbers), and
/// forwards the far end's key-frame requests for the echoed stream to the original sender: the
/// echo server of the cross-stack webrtc-echoes convention, and a simple SFU loop-back.
/// </summary>
/// <remarks>Runs on the connection's thread (it is a sink). Allocation-free per packet.</remarks>
public sealed class MediaEcho : IRtpPacketSink
{
    private readonly RtcConnection _connection;

    /// <summary>An echo for <paramref name="connection"/>; call <see cref="Attach"/> after the remote offer is applied.</summary>
    public MediaEcho(RtcConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
    }

    /// <summary>Packets echoed.</summary>
    public long Echoed { get; private set; }

    /// <summary>Packets that could not be echoed (not negotiated to send, keys not ready, queue full).</summary>
    public long Refused { get; private set; }

    /// <summary>Key-frame requests forwarded upstream.</summary>
    public long KeyFrameRequestsForwarded { get; private set; }

    /// <summary>
    /// Makes every audio/video transceiver sendrecv and routes what it receives here. Call on the
    /// connection's thread, after applying the remote offer and before creating the answer.
    /// </summary>
    public void Attach()
    {
        foreach (RtcRtpTransceiver transceiver in _connection.Transceivers)
        {
            if (!transceiver.Stopped)
            {
                transceiver.Direction = SdpDirection.SendRecv;
                transceiver.Receiver.Sink = this;
            }
        }
    }

    /// <summary>Handles a connection event: forwards key-frame requests. Call for every event of the connection.</summary>
    public void OnEvent(RtcConnectionEvent connectionEvent)
    {
        if (connectionEvent is RtcKeyFrameRequestedEvent request && _connection.RequestKeyFrame(request.Transceiver))
        {
            KeyFrameRequestsForwarded++;
        }
    }

    /// <inheritdoc />
    public void OnRtpPacket(RtcRtpTransceiver transceiver, in RtpPacketReader packet, MonoTime now)
    {
        if (_connection.SendRtp(transceiver, packet.Payload, packet.Timestamp, packet.Marker, packet.PayloadType))
        {
            Echoed++;
        }
        else
        {
            Refused++;
        }
    }
}
