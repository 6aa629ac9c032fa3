using RtcEngine.Primitives;
using RtcEngine.Rtp;
using RtcEngine.Session;

namespace RtcEngine.Interop.Tests.Session;

/// <summary>Echoes every RTP packet back on the transceiver it arrived on (same payload type, timestamp, marker).</summary>
internal sealed class EchoSink(RtcConnection connection) : IRtpPacketSink
{
    public long Echoed { get; private set; }

    public long Refused { get; private set; }

    public void OnRtpPacket(RtcRtpTransceiver transceiver, in RtpPacketReader packet, MonoTime now)
    {
        if (connection.SendRtp(transceiver, packet.Payload, packet.Timestamp, packet.Marker, packet.PayloadType))
        {
            Echoed++;
        }
        else
        {
            Refused++;
        }
    }

    /// <summary>Wires a connection as an echo: sinks on every transceiver, key-frame requests forwarded upstream.</summary>
    public static void OnEvent(RtcConnection connection, RtcConnectionEvent e)
    {
        if (e is RtcKeyFrameRequestedEvent request)
        {
            connection.RequestKeyFrame(request.Transceiver);
        }
    }
}
