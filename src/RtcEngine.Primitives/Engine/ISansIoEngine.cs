namespace RtcEngine.Primitives;

/// <summary>
/// The contract every protocol engine implements. An engine is a state machine that never reads a
/// clock, never sleeps, never opens a socket and never starts a task: time and bytes come in, bytes
/// and events come out.
/// </summary>
/// <remarks>
/// <para>
/// The host's loop, after every input (<see cref="HandleDatagram"/> or <see cref="HandleTimeout"/>,
/// or an application call on the engine): drain <see cref="TryPollTransmit"/> and the engine's
/// events until both are empty, then read <see cref="PollTimeout"/> and call
/// <see cref="HandleTimeout"/> no later than that instant.
/// </para>
/// <para>
/// Threading: engines are not thread-safe. One host loop owns an engine and makes every call on it.
/// </para>
/// <para>
/// Hostile input never throws: a datagram that is malformed, forged, replayed or unexpected is
/// dropped and counted by the engine. Exceptions are reserved for misuse by the caller.
/// </para>
/// </remarks>
public interface ISansIoEngine
{
    /// <summary>Input: a datagram arrived at <paramref name="now"/>.</summary>
    void HandleDatagram(MonoTime now, in ReceivedDatagram datagram);

    /// <summary>Input: time passed. Calling it early, late or repeatedly is harmless.</summary>
    void HandleTimeout(MonoTime now);

    /// <summary>
    /// Output: writes the next datagram to send into <paramref name="destination"/>.
    /// </summary>
    /// <param name="destination">
    /// Space for one datagram, at least <see cref="DatagramLimits.MaxDatagramSize"/> bytes long (or
    /// as large as the engine's configured MTU); a smaller span is misuse.
    /// </param>
    /// <param name="transmit">Where the datagram goes and how long it is.</param>
    /// <returns>False when nothing is waiting to be sent.</returns>
    bool TryPollTransmit(Span<byte> destination, out TransmitInfo transmit);

    /// <summary>When the engine next wants <see cref="HandleTimeout"/>; <see cref="MonoTime.Never"/> if no timer is pending.</summary>
    MonoTime PollTimeout();
}

/// <summary>An engine that also reports events (state changes, received application data, errors).</summary>
/// <typeparam name="TEvent">The engine's event type.</typeparam>
public interface ISansIoEngine<TEvent> : ISansIoEngine
{
    /// <summary>Output: the next event, in the order they happened.</summary>
    /// <returns>False when no event is waiting.</returns>
    bool TryPollEvent(out TEvent engineEvent);
}

/// <summary>Sizes every layer agrees on.</summary>
public static class DatagramLimits
{
    /// <summary>
    /// The largest datagram an engine writes: the span hosts pass to
    /// <see cref="ISansIoEngine.TryPollTransmit"/> is at least this long. Ethernet MTU minus
    /// IPv6 and UDP headers.
    /// </summary>
    public const int MaxDatagramSize = 1452;

    /// <summary>Default path MTU budget for media and DTLS flights (what browsers use: about 1200 bytes of payload).</summary>
    public const int DefaultMtu = 1200;

    /// <summary>Size of the buffers the drivers receive into: a received datagram longer than this is truncated and dropped.</summary>
    public const int ReceiveBufferSize = 2048;
}
