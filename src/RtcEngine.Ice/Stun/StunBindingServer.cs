using RtcEngine.Primitives;

namespace RtcEngine.Ice.Stun;

/// <summary>
/// A minimal sans-IO STUN server (RFC 8489 section 7.3 and 9.1.3 without credentials): answers
/// Binding requests with XOR-MAPPED-ADDRESS (and MAPPED-ADDRESS for old clients), SOFTWARE when
/// configured, and FINGERPRINT. For server-reflexive scenarios and reference clients such as
/// <c>turnutils_stunclient</c>; an ICE agent proper authenticates checks instead.
/// </summary>
/// <remarks>
/// Requests with unknown comprehension-required attributes get 420 with UNKNOWN-ATTRIBUTES; any
/// other STUN is dropped and counted. Pending answers are bounded (a flood overflows, counted).
/// Not thread-safe: one host loop owns it.
/// </remarks>
public sealed class StunBindingServer : ISansIoEngine
{
    private const int MaxPending = 256;
    private readonly Queue<Pending> _pending = new();

    /// <summary>A SOFTWARE attribute to send; null for none.</summary>
    public string? Software { get; init; }

    /// <summary>Binding requests answered with success.</summary>
    public long Answered { get; private set; }

    /// <summary>Requests answered 420 (unknown comprehension-required attributes).</summary>
    public long RejectedUnknownAttribute { get; private set; }

    /// <summary>Datagrams dropped: not STUN, not a Binding request, bad FINGERPRINT, or the queue full.</summary>
    public long Dropped { get; private set; }

    /// <inheritdoc />
    public void HandleDatagram(MonoTime now, in ReceivedDatagram datagram)
    {
        if (!StunMessageReader.TryRead(datagram.Data, out StunMessageReader message)
            || message.Method != StunMethod.Binding
            || message.Class != StunClass.Request
            || (message.HasFingerprint && !message.VerifyFingerprint())
            || _pending.Count >= MaxPending)
        {
            Dropped++;
            return;
        }

        var pending = new Pending { TransactionId = message.TransactionId, Local = datagram.Local, Remote = datagram.Remote };
        if (message.HasUnknownComprehensionRequired)
        {
            Span<ushort> unknown = stackalloc ushort[4];
            pending.UnknownCount = message.GetUnknownComprehensionRequired(unknown);
            pending.Unknown0 = unknown[0];
            pending.Unknown1 = unknown[1];
            pending.Unknown2 = unknown[2];
            pending.Unknown3 = unknown[3];
            RejectedUnknownAttribute++;
        }
        else
        {
            Answered++;
        }

        _pending.Enqueue(pending);
    }

    /// <inheritdoc />
    public void HandleTimeout(MonoTime now)
    {
    }

    /// <inheritdoc />
    public bool TryPollTransmit(Span<byte> destination, out TransmitInfo transmit)
    {
        if (!_pending.TryDequeue(out Pending pending))
        {
            transmit = default;
            return false;
        }

        StunMessageWriter writer;
        if (pending.UnknownCount > 0)
        {
            writer = new StunMessageWriter(destination, StunMessageType.BindingError, pending.TransactionId);
            writer.TryAddErrorCode(StunErrorCodes.UnknownAttribute, StunErrorCodes.ReasonPhrase(StunErrorCodes.UnknownAttribute));
            Span<ushort> unknown = [pending.Unknown0, pending.Unknown1, pending.Unknown2, pending.Unknown3];
            writer.TryAddUnknownAttributes(unknown[..pending.UnknownCount]);
        }
        else
        {
            writer = new StunMessageWriter(destination, StunMessageType.BindingSuccess, pending.TransactionId);
            writer.TryAddXorMappedAddress(pending.Remote);
            writer.TryAddAddress(StunAttributeType.MappedAddress, pending.Remote);
        }

        if (Software is not null)
        {
            writer.TryAddString(StunAttributeType.Software, Software);
        }

        writer.TryAddFingerprint();
        transmit = new TransmitInfo(writer.Length, pending.Local, pending.Remote);
        return true;
    }

    /// <inheritdoc />
    public MonoTime PollTimeout() => MonoTime.Never;

    private struct Pending
    {
        public StunTransactionId TransactionId;
        public PeerAddress Local;
        public PeerAddress Remote;
        public int UnknownCount;
        public ushort Unknown0;
        public ushort Unknown1;
        public ushort Unknown2;
        public ushort Unknown3;
    }
}
