using RtcEngine.Session.Driver;

namespace RtcEngine.Session;

/// <summary>
/// The application's handle on a connection served by a <see cref="UdpRtcHost"/>: thread-safe and
/// asynchronous, in the shape of the W3C <c>RTCPeerConnection</c>. Each method posts its work to the
/// host's loop thread and completes with the result; events are raised on the loop thread.
/// </summary>
/// <remarks>
/// Code already on the loop thread (event handlers, <see cref="IRtpPacketSink"/> callbacks) may use
/// <see cref="Connection"/> directly and synchronously; code elsewhere must not.
/// </remarks>
public sealed class RtcPeerConnection : IAsyncDisposable
{
    private readonly UdpRtcHost _host;
    private readonly List<(RtcPeerConnectionState State, TaskCompletionSource Completion)> _stateWaiters = [];
    private volatile int _state;
    private volatile int _iceState;

    internal RtcPeerConnection(UdpRtcHost host, RtcConnection connection)
    {
        _host = host;
        Connection = connection;
    }

    /// <summary>The sans-IO connection: use only on the host's loop thread (inside events and sinks).</summary>
    public RtcConnection Connection { get; }

    /// <summary>The host serving this connection.</summary>
    public UdpRtcHost Host => _host;

    /// <summary>The aggregate connection state (as of the last event).</summary>
    public RtcPeerConnectionState ConnectionState => (RtcPeerConnectionState)_state;

    /// <summary>The ICE connection state (as of the last event).</summary>
    public RtcIceConnectionState IceConnectionState => (RtcIceConnectionState)_iceState;

    /// <summary>Raised (on the loop thread) when the aggregate state changes.</summary>
    public event EventHandler<RtcConnectionStateChangedEvent>? ConnectionStateChanged;

    /// <summary>Raised (on the loop thread) when the ICE state changes.</summary>
    public event EventHandler<RtcIceConnectionStateChangedEvent>? IceConnectionStateChanged;

    /// <summary>Raised (on the loop thread) for each local candidate, and with a null candidate at the end.</summary>
    public event EventHandler<RtcIceCandidateEvent>? IceCandidate;

    /// <summary>Raised (on the loop thread) when a STUN or TURN server fails (W3C <c>icecandidateerror</c>).</summary>
    public event EventHandler<RtcIceCandidateErrorEvent>? IceCandidateError;

    /// <summary>Raised (on the loop thread) when a new offer/answer exchange is needed.</summary>
    public event EventHandler<RtcNegotiationNeededEvent>? NegotiationNeeded;

    /// <summary>Raised (on the loop thread) when a transceiver starts receiving.</summary>
    public event EventHandler<RtcTrackEvent>? Track;

    /// <summary>Raised (on the loop thread) when the remote asks one of our senders for a key frame.</summary>
    public event EventHandler<RtcKeyFrameRequestedEvent>? KeyFrameRequested;

    /// <summary>Raised (on the loop thread) for every event, before the specific ones.</summary>
    public event EventHandler<RtcConnectionEvent>? EventRaised;

    internal HostedConnection? Hosted { get; set; }

    /// <summary>W3C <c>createOffer</c>.</summary>
    public Task<RtcSessionDescription> CreateOfferAsync(RtcOfferOptions? options = null) => InvokeAsync(c => c.CreateOffer(options));

    /// <summary>W3C <c>createAnswer</c>.</summary>
    public Task<RtcSessionDescription> CreateAnswerAsync() => InvokeAsync(c => c.CreateAnswer());

    /// <summary>W3C <c>setLocalDescription</c>.</summary>
    public Task SetLocalDescriptionAsync(RtcSessionDescription description) => InvokeAsync(c => c.SetLocalDescription(description));

    /// <summary>W3C <c>setRemoteDescription</c>; a bad description fails the task with <see cref="RtcDescriptionException"/>.</summary>
    public Task SetRemoteDescriptionAsync(RtcSessionDescription description) => InvokeAsync(c => c.SetRemoteDescription(description));

    /// <summary>W3C <c>addIceCandidate</c>; null ends the remote candidates. Completes with whether the candidate was usable.</summary>
    public Task<bool> AddIceCandidateAsync(string? candidate) => InvokeAsync(c => c.AddIceCandidate(candidate));

    /// <summary>W3C <c>addTransceiver</c>.</summary>
    public Task<RtcRtpTransceiver> AddTransceiverAsync(RtcMediaKind kind, RtcTransceiverInit? init = null) =>
        InvokeAsync(c => c.AddTransceiver(kind, init));

    /// <summary>
    /// Runs <paramref name="action"/> with the connection on the loop thread, after bringing the
    /// connection up to the host's current time (so timers the call starts, start now).
    /// </summary>
    public Task<T> InvokeAsync<T>(Func<RtcConnection, T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return _host.InvokeAsync(() =>
        {
            Connection.HandleTimeout(_host.Now);
            return action(Connection);
        });
    }

    /// <summary>Runs <paramref name="action"/> with the connection on the loop thread, at the host's current time.</summary>
    public Task InvokeAsync(Action<RtcConnection> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return InvokeAsync(c =>
        {
            action(c);
            return true;
        });
    }

    /// <summary>
    /// Sends one RTP packet from any thread: the payload is copied into the host's pinned send ring
    /// and the loop writes, protects and sends it. Allocation-free.
    /// </summary>
    /// <param name="transceiver">The transceiver to send on.</param>
    /// <param name="payload">The RTP payload.</param>
    /// <param name="rtpTimestamp">The RTP timestamp.</param>
    /// <param name="marker">The marker bit.</param>
    /// <param name="payloadType">The payload type; -1 for the first negotiated codec.</param>
    /// <param name="rid">The simulcast layer (null: the first or only one).</param>
    /// <returns>False when the ring is full (back-pressure) or the payload is too large.</returns>
    public bool SendRtp(RtcRtpTransceiver transceiver, ReadOnlySpan<byte> payload, uint rtpTimestamp, bool marker, int payloadType = -1, string? rid = null)
    {
        ArgumentNullException.ThrowIfNull(transceiver);
        return _host.PostSend(this, transceiver, payload, rtpTimestamp, marker, payloadType, rid);
    }

    /// <summary>Completes when the connection reaches <paramref name="state"/> (or fails with the failure reason if it fails first).</summary>
    public Task WaitForConnectionStateAsync(RtcPeerConnectionState state, CancellationToken cancellationToken = default)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _host.Post(() =>
        {
            // A faulted connection is no longer driven: its own state stopped where the fault left it.
            RtcPeerConnectionState current = _faulted is null ? Connection.ConnectionState : RtcPeerConnectionState.Failed;
            if (current == state)
            {
                completion.TrySetResult();
            }
            else if (_faulted is not null)
            {
                completion.TrySetException(Became(_faulted));
            }
            else
            {
                _stateWaiters.Add((state, completion));
            }
        });
        return completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Closes the connection (DTLS close_notify) and removes it from the host.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.InvokeAsync(() =>
            {
                if (Fault is null)
                {
                    Connection.Close(); // a faulted connection is not driven any more, not even to close
                }

                if (Hosted is { } hosted)
                {
                    hosted.Removed = true;
                    _host.Remove(hosted);
                }
            }).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // the host is gone already
        }

        await _host.InvokeAsync(Connection.Dispose).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
    }

    /// <summary>The exception that made the host isolate this connection (<see cref="RtcFailureReason.Faulted"/>), or null.</summary>
    public Exception? Fault { get; private set; }

    // The failed-state event the host's isolation produced (loop thread).
    private RtcConnectionStateChangedEvent? _faulted;

    // Loop thread: the host isolated the connection after an exception escaped its work. The
    // application hears it as the failed state; its handlers are guarded, as one of them may be
    // what threw in the first place.
    internal void OnFaulted(Exception exception)
    {
        Fault = exception;
        _faulted = new RtcConnectionStateChangedEvent(RtcPeerConnectionState.Failed, RtcFailureReason.Faulted, $"{exception.GetType().Name}: {exception.Message}");
        try
        {
            Dispatch(_faulted);
        }
        catch (Exception)
        {
            // A handler threw again: the state and the waiters still record the failure.
            _state = (int)RtcPeerConnectionState.Failed;
            SettleWaiters(_faulted);
        }
    }

    private static InvalidOperationException Became(RtcConnectionStateChangedEvent changed) =>
        new($"The connection became {changed.State} ({changed.Reason}: {changed.Detail}).");

    // Completes the waiters for the state reached; a failed or closed connection reaches no other.
    private void SettleWaiters(RtcConnectionStateChangedEvent changed)
    {
        for (int i = _stateWaiters.Count - 1; i >= 0; i--)
        {
            (RtcPeerConnectionState wanted, TaskCompletionSource completion) = _stateWaiters[i];
            if (wanted == changed.State)
            {
                completion.TrySetResult();
                _stateWaiters.RemoveAt(i);
            }
            else if (changed.State is RtcPeerConnectionState.Failed or RtcPeerConnectionState.Closed)
            {
                completion.TrySetException(Became(changed));
                _stateWaiters.RemoveAt(i);
            }
        }
    }

    internal void Dispatch(RtcConnectionEvent connectionEvent)
    {
        EventRaised?.Invoke(this, connectionEvent);
        switch (connectionEvent)
        {
            case RtcConnectionStateChangedEvent changed:
                _state = (int)changed.State;
                ConnectionStateChanged?.Invoke(this, changed);
                SettleWaiters(changed);
                break;
            case RtcIceConnectionStateChangedEvent ice:
                _iceState = (int)ice.State;
                IceConnectionStateChanged?.Invoke(this, ice);
                break;
            case RtcIceCandidateEvent candidate:
                IceCandidate?.Invoke(this, candidate);
                break;
            case RtcIceCandidateErrorEvent error:
                IceCandidateError?.Invoke(this, error);
                break;
            case RtcNegotiationNeededEvent negotiation:
                NegotiationNeeded?.Invoke(this, negotiation);
                break;
            case RtcTrackEvent track:
                Track?.Invoke(this, track);
                break;
            case RtcKeyFrameRequestedEvent keyFrame:
                KeyFrameRequested?.Invoke(this, keyFrame);
                break;
        }
    }
}
