using System.Buffers.Binary;

namespace RtcEngine.Ice.Stun;

/// <summary>One attribute of a message read by <see cref="StunMessageReader"/>: its type and value (without padding).</summary>
public readonly ref struct StunAttribute
{
    internal StunAttribute(ushort type, ReadOnlySpan<byte> value)
    {
        RawType = type;
        Value = value;
    }

    /// <summary>The type as on the wire (may be a value <see cref="StunAttributeType"/> does not name).</summary>
    public ushort RawType { get; }

    /// <summary>The type.</summary>
    public StunAttributeType Type => (StunAttributeType)RawType;

    /// <summary>The value, without padding.</summary>
    public ReadOnlySpan<byte> Value { get; }
}

/// <summary>
/// Walks the attributes of a message already validated by <see cref="StunMessageReader.TryRead"/>
/// (so every bound holds); attributes after MESSAGE-INTEGRITY are skipped except
/// MESSAGE-INTEGRITY-SHA256 and FINGERPRINT. Allocation-free; use with <c>foreach</c>; not thread-safe.
/// </summary>
public ref struct StunAttributeEnumerator
{
    private readonly ReadOnlySpan<byte> _message;
    private readonly int _ignoredFrom;
    private int _next;
    private StunAttribute _current;

    internal StunAttributeEnumerator(ReadOnlySpan<byte> message, int ignoredFrom)
    {
        _message = message;
        _ignoredFrom = ignoredFrom;
        _next = StunConstants.HeaderLength;
        _current = default;
    }

    /// <summary>The attribute at the current position.</summary>
    public readonly StunAttribute Current => _current;

    /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
    public readonly StunAttributeEnumerator GetEnumerator() => this;

    /// <summary>Moves to the next attribute; false at the end.</summary>
    public bool MoveNext()
    {
        while (_next + StunConstants.AttributeHeaderLength <= _message.Length)
        {
            int offset = _next;
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(_message[offset..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(_message[(offset + 2)..]);
            _next = offset + StunConstants.AttributeHeaderLength + StunConstants.Pad4(length);
            if (offset >= _ignoredFrom
                && type != (ushort)StunAttributeType.MessageIntegritySha256
                && type != (ushort)StunAttributeType.Fingerprint)
            {
                continue;
            }

            _current = new StunAttribute(type, _message.Slice(offset + StunConstants.AttributeHeaderLength, length));
            return true;
        }

        return false;
    }
}
