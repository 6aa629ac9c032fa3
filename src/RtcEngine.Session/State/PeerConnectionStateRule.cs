namespace RtcEngine.Session;

/// <summary>
/// Derives the aggregate <see cref="RtcPeerConnectionState"/> from the ICE and DTLS transport
/// states, as the W3C WebRTC specification defines it (section 4.3.3, RTCPeerConnectionState), for
/// the one BUNDLEd transport RtcEngine uses.
/// </summary>
public static class PeerConnectionStateRule
{
    /// <summary>The aggregate state for one ICE and one DTLS transport.</summary>
    public static RtcPeerConnectionState Derive(bool closed, RtcIceConnectionState ice, RtcDtlsTransportState dtls)
    {
        if (closed)
        {
            return RtcPeerConnectionState.Closed;
        }

        if (ice == RtcIceConnectionState.Failed || dtls == RtcDtlsTransportState.Failed)
        {
            return RtcPeerConnectionState.Failed;
        }

        if (ice == RtcIceConnectionState.Disconnected)
        {
            return RtcPeerConnectionState.Disconnected;
        }

        bool iceIdle = ice is RtcIceConnectionState.New or RtcIceConnectionState.Closed;
        bool dtlsIdle = dtls is RtcDtlsTransportState.New or RtcDtlsTransportState.Closed;
        if (iceIdle && dtlsIdle)
        {
            return RtcPeerConnectionState.New;
        }

        if (ice is RtcIceConnectionState.New or RtcIceConnectionState.Checking
            || dtls is RtcDtlsTransportState.New or RtcDtlsTransportState.Connecting)
        {
            return RtcPeerConnectionState.Connecting;
        }

        return RtcPeerConnectionState.Connected;
    }
}
