namespace RtcEngine.Dtls;

/// <summary>One message of a flight: a handshake message (whole body) or a ChangeCipherSpec.</summary>
internal sealed record FlightMessage(DtlsContentType ContentType, HandshakeType Type, ushort MessageSeq, byte[] Body, ushort Epoch);

/// <summary>
/// A flight the endpoint sends and may have to send again (RFC 6347 section 4.2.4): its messages,
/// and a cursor that packs them into datagrams no longer than the MTU, fragmenting handshake
/// messages where they do not fit (RFC 6347 section 4.2.3). Each (re)transmission writes fresh
/// records with new sequence numbers.
/// </summary>
/// <remarks>Not thread-safe; owned by one endpoint.</remarks>
internal sealed class OutgoingFlight
{
    // Do not start a fragment smaller than this when a larger remainder is waiting: close the datagram instead.
    private const int MinUsefulFragment = 64;

    private readonly List<FlightMessage> _messages = [];
    private int _messageIndex;
    private int _offset;

    public IReadOnlyList<FlightMessage> Messages => _messages;

    /// <summary>Whether datagrams of the current (re)transmission remain to be written.</summary>
    public bool Pending => _messageIndex < _messages.Count;

    public void Add(FlightMessage message) => _messages.Add(message);

    /// <summary>Starts a (re)transmission from the first message.</summary>
    public void Rewind()
    {
        _messageIndex = 0;
        _offset = 0;
    }

    /// <summary>Writes the next datagram of the flight; returns its length (0 when nothing is pending).</summary>
    public int WriteDatagram(Span<byte> destination, int mtu, RecordWriter records)
    {
        int used = 0;
        while (_messageIndex < _messages.Count)
        {
            FlightMessage message = _messages[_messageIndex];
            int overhead = DtlsRecordReader.HeaderLength + records.Overhead(message.Epoch);
            int room = mtu - used - overhead;
            if (message.ContentType == DtlsContentType.ChangeCipherSpec)
            {
                if (room < 1)
                {
                    break;
                }

                used += records.Write(DtlsContentType.ChangeCipherSpec, message.Epoch, [1], destination[used..]);
                _messageIndex++;
                continue;
            }

            room -= HandshakeFragmentReader.HeaderLength;
            int remaining = message.Body.Length - _offset;
            if (room <= 0 || (room < remaining && room < MinUsefulFragment && used > 0))
            {
                break;
            }

            int take = Math.Min(room, remaining);
            used += records.WriteHandshakeFragment(message.Epoch, message.Type, message.Body.Length, message.MessageSeq, _offset, message.Body.AsSpan(_offset, take), destination[used..]);
            _offset += take;
            if (_offset >= message.Body.Length)
            {
                _messageIndex++;
                _offset = 0;
            }
        }

        return used;
    }
}
