using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;

namespace RtcEngine.Ice.Turn;

/// <summary>The data path: framing payloads for peers in place, and unwrapping what peers sent (RFC 8656 sections 11 and 12).</summary>
public sealed partial class TurnClient
{
    private static readonly ushort SendIndicationType = new StunMessageType(StunMethod.Send, StunClass.Indication).Value;

    /// <summary>
    /// Frames the payload at <paramref name="payloadOffset"/> for <paramref name="peer"/>, in place:
    /// a ChannelData header (padded to four over a stream) when a channel to the peer is bound, else
    /// a Send indication (RFC 8656 section 11.1). Leave <see cref="SendHeadroom"/> bytes before the
    /// payload and <see cref="SendTailroom"/> after it. On success send <paramref name="length"/>
    /// bytes of <paramref name="buffer"/> from <paramref name="start"/> to the server.
    /// Allocation-free once the peer's permission and channel exist.
    /// </summary>
    /// <remarks>
    /// The first data for a peer without a permission asks for one (and is sent anyway: the server
    /// drops it if the permission is not installed by the time it arrives); the first data for a
    /// peer whose permission is installed binds a channel (<see cref="TurnClientOptions.BindChannels"/>).
    /// </remarks>
    /// <returns>False when there is no allocation, or the peer's permission failed or cannot be made.</returns>
    public bool TryWrap(Span<byte> buffer, int payloadOffset, int payloadLength, PeerAddress peer, out int start, out int length)
    {
        if (payloadOffset < 0 || payloadLength < 0 || payloadOffset > buffer.Length - payloadLength || payloadLength > ushort.MaxValue - 64)
        {
            ThrowPayloadOutOfRange();
        }

        start = 0;
        length = 0;
        if (_state != TurnAllocationState.Allocated)
        {
            Counters.SendRefusedNotAllocated++;
            return false;
        }

        peer = peer.UnmapIPv4();
        TurnChannel? channel = FindChannel(peer);
        if (channel is { State: TurnBindingState.Active })
        {
            channel.Used = true;
            channel.Permission.Used = true;
            WriteChannelData(buffer, payloadOffset, payloadLength, channel.Number, out start, out length);
            Counters.ChannelDataSent++;
            return true;
        }

        TurnPermission? permission = channel?.Permission ?? FindPermission(peer) ?? RequestPermission(peer);
        if (permission is null || permission.State == TurnBindingState.Failed)
        {
            Counters.SendRefusedNoPermission++;
            return false;
        }

        permission.Used = true;
        if (channel is null && _options.BindChannels && permission.State == TurnBindingState.Active)
        {
            TryStartChannel(peer, permission);
        }

        WriteSendIndication(buffer, payloadOffset, payloadLength, peer, out start, out length);
        Counters.SendIndicationsSent++;
        return true;
    }

    private void WriteChannelData(Span<byte> buffer, int payloadOffset, int payloadLength, ushort channelNumber, out int start, out int length)
    {
        int padding = IsStream ? ((payloadLength + 3) & ~3) - payloadLength : 0; // RFC 8656 section 12.5
        if (payloadOffset < ChannelDataReader.HeaderLength || buffer.Length - payloadOffset - payloadLength < padding)
        {
            ThrowNoRoom();
        }

        start = payloadOffset - ChannelDataReader.HeaderLength;
        ChannelDataReader.WriteHeader(buffer[start..], channelNumber, payloadLength);
        buffer.Slice(payloadOffset + payloadLength, padding).Clear();
        length = ChannelDataReader.HeaderLength + payloadLength + padding;
    }

    /// <summary>
    /// A Send indication around the payload, written backwards from it (RFC 8656 section 11.1):
    /// header, XOR-PEER-ADDRESS, the DATA attribute's header, then the payload and its padding.
    /// No FINGERPRINT (it would have to follow the payload; indications need none).
    /// </summary>
    private void WriteSendIndication(Span<byte> buffer, int payloadOffset, int payloadLength, PeerAddress peer, out int start, out int length)
    {
        int addressLength = StunAddressCodec.GetLength(peer);
        int headerLength = StunConstants.HeaderLength + StunConstants.AttributeHeaderLength + addressLength + StunConstants.AttributeHeaderLength;
        int padded = StunConstants.Pad4(payloadLength);
        if (payloadOffset < headerLength || buffer.Length - payloadOffset < padded)
        {
            ThrowNoRoom();
        }

        start = payloadOffset - headerLength;
        Span<byte> message = buffer[start..];
        BinaryPrimitives.WriteUInt16BigEndian(message, SendIndicationType);
        BinaryPrimitives.WriteUInt16BigEndian(message[StunConstants.LengthOffset..], (ushort)(headerLength - StunConstants.HeaderLength + padded));
        BinaryPrimitives.WriteUInt32BigEndian(message[StunConstants.CookieOffset..], StunConstants.MagicCookie);

        // Indications need unique ids, not secret ones: a random prefix and a counter, no draw per packet.
        Span<byte> id = message.Slice(StunConstants.TransactionIdOffset, StunConstants.TransactionIdLength);
        BinaryPrimitives.WriteUInt64BigEndian(id, _indicationIdHigh);
        BinaryPrimitives.WriteUInt32BigEndian(id[8..], ++_indicationIdLow);

        int offset = StunConstants.HeaderLength;
        BinaryPrimitives.WriteUInt16BigEndian(message[offset..], (ushort)StunAttributeType.XorPeerAddress);
        BinaryPrimitives.WriteUInt16BigEndian(message[(offset + 2)..], (ushort)addressLength);
        StunAddressCodec.Write(message.Slice(offset + StunConstants.AttributeHeaderLength, addressLength), peer, xor: true, id);
        offset += StunConstants.AttributeHeaderLength + addressLength;
        BinaryPrimitives.WriteUInt16BigEndian(message[offset..], (ushort)StunAttributeType.Data);
        BinaryPrimitives.WriteUInt16BigEndian(message[(offset + 2)..], (ushort)payloadLength);
        buffer.Slice(payloadOffset + payloadLength, padded - payloadLength).Clear();
        length = headerLength + padded;
    }

    private TurnReceiveResult ReceiveChannelData(Span<byte> data, out PeerAddress peer, out int payloadOffset, out int payloadLength)
    {
        peer = default;
        payloadOffset = 0;
        payloadLength = 0;
        if (!ChannelDataReader.TryRead(data, out ChannelDataReader reader))
        {
            Counters.DroppedMalformed++;
            return TurnReceiveResult.Dropped;
        }

        // A channel we are binding counts: the server may relay on it before our response arrives.
        TurnChannel? channel = _state == TurnAllocationState.Allocated ? FindChannel(reader.ChannelNumber) : null;
        if (channel is null || channel.State == TurnBindingState.Failed)
        {
            Counters.DroppedUnknownChannel++;
            return TurnReceiveResult.Dropped;
        }

        channel.Used = true;
        channel.Permission.Used = true;
        peer = channel.Peer;
        payloadOffset = ChannelDataReader.HeaderLength;
        payloadLength = reader.Payload.Length;
        Counters.ChannelDataReceived++;
        return TurnReceiveResult.PeerData;
    }

    /// <summary>A Data indication (RFC 8656 section 11.4): XOR-PEER-ADDRESS and DATA, from a peer we permitted.</summary>
    private TurnReceiveResult ReceiveDataIndication(ReadOnlySpan<byte> data, in StunMessageReader message, out PeerAddress peer, out int payloadOffset, out int payloadLength)
    {
        payloadOffset = 0;
        payloadLength = 0;
        if (!message.TryGetAddress(StunAttributeType.XorPeerAddress, xor: true, out peer)
            || !message.TryGetAttribute(StunAttributeType.Data, out ReadOnlySpan<byte> payload))
        {
            Counters.DroppedMalformed++;
            return TurnReceiveResult.Dropped;
        }

        peer = peer.UnmapIPv4();
        TurnPermission? permission = _state == TurnAllocationState.Allocated ? FindPermission(peer) : null;
        if (permission is null || permission.State == TurnBindingState.Failed)
        {
            Counters.DroppedNoPermission++;
            return TurnReceiveResult.Dropped;
        }

        permission.Used = true;
        payloadOffset = (int)Unsafe.ByteOffset(ref MemoryMarshal.GetReference(data), ref MemoryMarshal.GetReference(payload));
        payloadLength = payload.Length;
        Counters.DataIndicationsReceived++;
        return TurnReceiveResult.PeerData;
    }

    /// <summary>The permission covering the peer's address, creating it when there is room; null at the cap or when closed.</summary>
    private TurnPermission? RequestPermission(PeerAddress peer)
    {
        if (FindPermission(peer) is { } existing)
        {
            return existing;
        }

        if (_state is not (TurnAllocationState.Allocating or TurnAllocationState.Allocated or TurnAllocationState.New))
        {
            return null;
        }

        if (_permissions.Count >= _options.MaxPermissions)
        {
            Counters.PermissionsOverLimit++;
            return null;
        }

        var permission = new TurnPermission(peer);
        _permissions.Add(permission);
        StartIfAllocated(permission.Transaction); // else sent once the allocation exists
        return permission;
    }

    private bool TryStartChannel(PeerAddress peer, TurnPermission permission)
    {
        if (_channels.Count >= _options.MaxChannels || _nextChannel > ChannelDataReader.MaxChannelNumber)
        {
            Counters.ChannelsOverLimit++;
            return false;
        }

        // Numbers are never reused: RFC 8656 section 12 keeps a number from another peer for 5 minutes after expiry.
        var channel = new TurnChannel(_nextChannel++, peer, permission);
        _channels.Add(channel);
        StartIfAllocated(channel.Transaction);
        return true;
    }

    private TurnPermission? FindPermission(PeerAddress peer)
    {
        foreach (TurnPermission permission in _permissions)
        {
            if (permission.Covers(peer))
            {
                return permission;
            }
        }

        return null;
    }

    private TurnChannel? FindChannel(PeerAddress peer)
    {
        if (_lastChannel is { } last && last.Peer == peer)
        {
            return last;
        }

        foreach (TurnChannel channel in _channels)
        {
            if (channel.Peer == peer)
            {
                _lastChannel = channel;
                return channel;
            }
        }

        return null;
    }

    private TurnChannel? FindChannel(ushort number)
    {
        if (_lastChannel is { } last && last.Number == number)
        {
            return last;
        }

        foreach (TurnChannel channel in _channels)
        {
            if (channel.Number == number)
            {
                return channel;
            }
        }

        return null;
    }

    [DoesNotReturn]
    private static void ThrowPayloadOutOfRange() =>
        throw new ArgumentOutOfRangeException("payloadOffset", "The payload does not lie within the buffer (or is longer than a TURN message carries).");

    [DoesNotReturn]
    private static void ThrowNoRoom() =>
        throw new ArgumentException($"TURN framing needs {SendHeadroom} bytes before the payload and {SendTailroom} after it.", "payloadOffset");
}
