using System.Diagnostics.CodeAnalysis;
using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;

namespace RtcEngine.Ice.Agent;

/// <summary>The send path: queued STUN written at poll time, and application data framed in place.</summary>
public sealed partial class IceAgent
{
    private int _relayCount;

    /// <inheritdoc />
    /// <remarks>
    /// STUN messages are written straight into <paramref name="destination"/> when polled (the queue
    /// holds a few words per message, not bytes); <see cref="TransmitInfo.Source"/> names the local
    /// socket, <see cref="TransmitInfo.Destination"/> the remote (or the TURN server for a relay pair).
    /// </remarks>
    public bool TryPollTransmit(Span<byte> destination, out TransmitInfo transmit)
    {
        if (destination.Length < DatagramLimits.MaxDatagramSize)
        {
            ThrowDestinationTooSmall();
        }

        if (_turn.Count > 0 && TryPollTurnTransmit(destination, out transmit))
        {
            return true;
        }

        while (_outbox.TryDequeue(out PendingTransmit pending))
        {
            if (TryBuild(pending, destination, out transmit))
            {
                Counters.StunSent++;
                return true;
            }
        }

        transmit = default;
        return false;
    }

    /// <summary>
    /// Prepares application data for the selected pair, zero-copy. Write the payload into
    /// <paramref name="buffer"/> at <paramref name="payloadOffset"/> (leave <see cref="SendHeadroom"/>
    /// before it and <see cref="SendTailroom"/> after it, so that a relay pair can frame it in place);
    /// on success send <paramref name="transmit"/>.<see cref="TransmitInfo.Length"/> bytes of
    /// <paramref name="buffer"/> starting at <paramref name="start"/>, from <see cref="TransmitInfo.Source"/>
    /// to <see cref="TransmitInfo.Destination"/>. Pairs on host, server- and peer-reflexive candidates
    /// add no framing (<paramref name="start"/> is <paramref name="payloadOffset"/>). Allocation-free.
    /// </summary>
    /// <returns>False when there is no pair to send on: not connected yet, consent expired, or closed.</returns>
    public bool TryPrepareSend(Span<byte> buffer, int payloadOffset, int payloadLength, out TransmitInfo transmit, out int start)
    {
        if (payloadOffset < 0 || payloadLength < 0 || payloadOffset > buffer.Length - payloadLength)
        {
            ThrowPayloadOutOfRange();
        }

        transmit = default;
        start = 0;
        if (_closed || _failed || SendingPath is not { } path)
        {
            return false;
        }

        LocalCandidate local = path.Local;
        if (local.Relay is { } relay)
        {
            if (payloadOffset < SendHeadroom || buffer.Length - payloadOffset - payloadLength < SendTailroom)
            {
                ThrowNoHeadroom();
            }

            if (!relay.TryWrap(buffer, payloadOffset, payloadLength, path.Remote.Address, out start, out int length))
            {
                return false;
            }

            transmit = new TransmitInfo(length, relay.LocalBase, relay.ServerAddress, relay.Protocol);
        }
        else
        {
            start = payloadOffset;
            transmit = new TransmitInfo(payloadLength, local.Base, path.Remote.Address);
        }

        Counters.ApplicationSent++;
        return true;
    }

    private void Enqueue(in PendingTransmit pending)
    {
        if (_outbox.Count >= MaxQueuedTransmits)
        {
            Counters.TransmitQueueOverflow++;
            return;
        }

        _outbox.Enqueue(pending);
    }

    private void EnqueueCheck(CandidatePair pair, PendingKind kind, StunTransactionId transactionId, bool useCandidate) =>
        Enqueue(new PendingTransmit
        {
            Kind = kind,
            Pair = pair,
            Local = pair.Local,
            Generation = pair.Generation,
            TransactionId = transactionId,
            Destination = pair.Remote.Address,
            UseCandidate = useCandidate,
            Role = _role,
        });

    private void EnqueueResponse(IceGeneration generation, LocalCandidate local, PeerAddress remote, StunTransactionId transactionId) =>
        Enqueue(new PendingTransmit
        {
            Kind = PendingKind.Response,
            Local = local,
            Generation = generation,
            TransactionId = transactionId,
            Destination = remote,
        });

    /// <summary>An error response; signed with our key when <paramref name="generation"/> is given (the request was authenticated).</summary>
    private void EnqueueError(int code, IceGeneration? generation, LocalCandidate local, PeerAddress remote, StunTransactionId transactionId, ReadOnlySpan<ushort> unknown)
    {
        var pending = new PendingTransmit
        {
            Kind = PendingKind.ErrorResponse,
            Local = local,
            Generation = generation,
            Sign = generation is not null,
            TransactionId = transactionId,
            Destination = remote,
            ErrorCode = (ushort)code,
            UnknownCount = (byte)Math.Min(unknown.Length, 4),
        };
        if (unknown.Length > 0)
        {
            pending.Unknown0 = unknown[0];
        }

        if (unknown.Length > 1)
        {
            pending.Unknown1 = unknown[1];
        }

        if (unknown.Length > 2)
        {
            pending.Unknown2 = unknown[2];
        }

        if (unknown.Length > 3)
        {
            pending.Unknown3 = unknown[3];
        }

        Enqueue(pending);
    }

    private void EnqueueServerRequest(ServerTransaction transaction) =>
        Enqueue(new PendingTransmit
        {
            Kind = PendingKind.ServerRequest,
            Server = transaction,
            Local = transaction.Host,
            TransactionId = transaction.TransactionId,
            Destination = transaction.Server,
        });

    private bool TryBuild(in PendingTransmit pending, Span<byte> destination, out TransmitInfo transmit)
    {
        transmit = default;
        LocalCandidate local = pending.Local!;
        IIceRelayChannel? relay = local.Relay;
        int offset = relay is null ? 0 : SendHeadroom;
        Span<byte> body = destination[offset..(destination.Length - SendTailroom)];
        StunMessageWriter writer;
        switch (pending.Kind)
        {
            case PendingKind.Check:
            case PendingKind.Consent:
            {
                if (pending.Generation?.RemoteKey is not { } key || (pending.Kind == PendingKind.Check && !pending.Pair!.CheckInFlight))
                {
                    return false; // credentials gone (restart) or the check was settled before it left
                }

                writer = new StunMessageWriter(body, StunMessageType.BindingRequest, pending.TransactionId);
                writer.TryAddAttribute(StunAttributeType.Username, pending.Generation.RequestUsername);
                writer.TryAddUInt32(StunAttributeType.Priority, local.PeerReflexivePriority);
                writer.TryAddUInt64(pending.Role == IceRole.Controlling ? StunAttributeType.IceControlling : StunAttributeType.IceControlled, _tieBreaker);
                if (pending.UseCandidate)
                {
                    writer.TryAddFlag(StunAttributeType.UseCandidate);
                }

                AddSoftware(ref writer);
                writer.TryAddMessageIntegrity(key);
                break;
            }

            case PendingKind.Response:
                writer = new StunMessageWriter(body, StunMessageType.BindingSuccess, pending.TransactionId);
                writer.TryAddXorMappedAddress(pending.Destination);
                AddSoftware(ref writer);
                writer.TryAddMessageIntegrity(pending.Generation!.LocalKey);
                break;
            case PendingKind.ErrorResponse:
            {
                writer = new StunMessageWriter(body, StunMessageType.BindingError, pending.TransactionId);
                writer.TryAddErrorCode(pending.ErrorCode, StunErrorCodes.ReasonPhrase(pending.ErrorCode));
                if (pending.UnknownCount > 0)
                {
                    Span<ushort> unknown = [pending.Unknown0, pending.Unknown1, pending.Unknown2, pending.Unknown3];
                    writer.TryAddUnknownAttributes(unknown[..pending.UnknownCount]);
                }

                AddSoftware(ref writer);
                if (pending.Sign)
                {
                    writer.TryAddMessageIntegrity(pending.Generation!.LocalKey);
                }

                break;
            }

            case PendingKind.ServerRequest:
                if (pending.Server!.Done)
                {
                    return false;
                }

                writer = new StunMessageWriter(body, StunMessageType.BindingRequest, pending.TransactionId);
                AddSoftware(ref writer);
                break;
            default:
                return false;
        }

        writer.TryAddFingerprint();
        int length = writer.Length;
        if (relay is null)
        {
            transmit = new TransmitInfo(length, local.Base, pending.Destination);
            return true;
        }

        if (!relay.TryWrap(destination, offset, length, pending.Destination, out int start, out int wrapped))
        {
            return false;
        }

        // TransmitInfo describes the first bytes of the span: move the framed message to the front.
        destination.Slice(start, wrapped).CopyTo(destination);
        transmit = new TransmitInfo(wrapped, relay.LocalBase, relay.ServerAddress, relay.Protocol);
        return true;
    }

    private void AddSoftware(ref StunMessageWriter writer)
    {
        if (_options.Software is { } software)
        {
            writer.TryAddString(StunAttributeType.Software, software);
        }
    }

    [DoesNotReturn]
    private static void ThrowDestinationTooSmall() =>
        throw new ArgumentException($"The destination span must hold {DatagramLimits.MaxDatagramSize} bytes.", "destination");

    [DoesNotReturn]
    private static void ThrowPayloadOutOfRange() =>
        throw new ArgumentOutOfRangeException("payloadOffset", "The payload does not lie within the buffer.");

    [DoesNotReturn]
    private static void ThrowNoHeadroom() =>
        throw new ArgumentException($"A relay pair needs {SendHeadroom} bytes before the payload and {SendTailroom} after it.", "payloadOffset");
}
