using System.Buffers.Binary;
using RtcEngine.Primitives;

namespace RtcEngine.Ice.Stun;

/// <summary>
/// A 96-bit STUN transaction id as a value (two words), so that engines keep outstanding
/// transactions without arrays. Immutable; thread-safe.
/// </summary>
public readonly struct StunTransactionId : IEquatable<StunTransactionId>
{
    private readonly ulong _high;
    private readonly uint _low;

    private StunTransactionId(ulong high, uint low)
    {
        _high = high;
        _low = low;
    }

    /// <summary>Whether this is the all-zero id (the default; never drawn in practice).</summary>
    public bool IsEmpty => _high == 0 && _low == 0;

    /// <summary>A fresh random id from <paramref name="random"/> (RFC 8489: uniformly random).</summary>
    public static StunTransactionId Create(IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<byte> bytes = stackalloc byte[StunConstants.TransactionIdLength];
        random.Fill(bytes);
        return FromBytes(bytes);
    }

    /// <summary>The id in twelve bytes (wire order).</summary>
    public static StunTransactionId FromBytes(ReadOnlySpan<byte> bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(bytes.Length, StunConstants.TransactionIdLength);
        return new StunTransactionId(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt32BigEndian(bytes[8..]));
    }

    /// <summary>Writes the twelve bytes into <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], _low);
    }

    /// <summary>Whether <paramref name="bytes"/> (twelve bytes) hold this id.</summary>
    public bool Matches(ReadOnlySpan<byte> bytes) =>
        bytes.Length == StunConstants.TransactionIdLength
        && BinaryPrimitives.ReadUInt64BigEndian(bytes) == _high
        && BinaryPrimitives.ReadUInt32BigEndian(bytes[8..]) == _low;

    /// <inheritdoc />
    public bool Equals(StunTransactionId other) => _high == other._high && _low == other._low;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is StunTransactionId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_high, _low);

    /// <summary>Equality.</summary>
    public static bool operator ==(StunTransactionId left, StunTransactionId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(StunTransactionId left, StunTransactionId right) => !left.Equals(right);

    /// <summary>Hex form, for logs.</summary>
    public override string ToString() => $"{_high:x16}{_low:x8}";
}
