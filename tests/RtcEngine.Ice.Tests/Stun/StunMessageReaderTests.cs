using System.Buffers.Binary;
using System.Text;
using RtcEngine.Ice.Stun;
using RtcEngine.Primitives;
using RtcEngine.Primitives.Crypto;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Ice.Tests.Stun;

public class StunMessageReaderTests
{
    private static readonly byte[][] Samples =
    [
        Rfc5769Vectors.Request,
        Rfc5769Vectors.ResponseIPv4,
        Rfc5769Vectors.ResponseIPv6,
        Rfc5769Vectors.LongTermRequest,
    ];

    [Fact]
    public void Every_truncated_length_of_every_sample_is_rejected_without_exception()
    {
        foreach (byte[] sample in Samples)
        {
            for (int length = 0; length < sample.Length; length++)
            {
                Assert.False(StunMessageReader.TryRead(sample.AsSpan(0, length), out _), $"accepted {length} of {sample.Length} bytes");
            }

            Assert.True(StunMessageReader.TryRead(sample, out _));
        }
    }

    [Fact]
    public void Truncations_with_a_patched_length_field_never_throw()
    {
        // Fix the header's length to each truncated size so the walk reaches partial attributes.
        foreach (byte[] sample in Samples)
        {
            for (int length = StunConstants.HeaderLength; length < sample.Length; length += 4)
            {
                byte[] copy = sample.AsSpan(0, length).ToArray();
                BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(2), (ushort)(length - StunConstants.HeaderLength));
                if (StunMessageReader.TryRead(copy, out StunMessageReader message))
                {
                    Exercise(message);
                }
            }
        }
    }

    [Fact]
    public void Random_garbage_never_throws()
    {
        var random = new SeededRandomSource(7);
        var buffer = new byte[600];
        using var key = new HmacSha1("key"u8);
        for (int i = 0; i < 20_000; i++)
        {
            int length = random.NextInt32(buffer.Length);
            Span<byte> data = buffer.AsSpan(0, length);
            random.Fill(data);
            if (length >= 20 && i % 2 == 0)
            {
                // Make half of them pass the header checks so the attribute walk sees garbage.
                data[0] &= 0x3F;
                BinaryPrimitives.WriteUInt32BigEndian(data[4..], StunConstants.MagicCookie);
                length &= ~3;
                data = data[..length];
                BinaryPrimitives.WriteUInt16BigEndian(data[2..], (ushort)(length - 20));
            }

            if (StunMessageReader.TryRead(data, out StunMessageReader message))
            {
                Exercise(message);
                message.VerifyMessageIntegrity(key);
            }
        }
    }

    [Fact]
    public void Mutated_vectors_never_throw()
    {
        var random = new SeededRandomSource(11);
        using var key = new HmacSha1("key"u8);
        foreach (byte[] sample in Samples)
        {
            for (int i = 0; i < 5_000; i++)
            {
                byte[] copy = (byte[])sample.Clone();
                int flips = 1 + random.NextInt32(4);
                for (int f = 0; f < flips; f++)
                {
                    copy[random.NextInt32(copy.Length)] = (byte)random.NextInt32(256);
                }

                if (StunMessageReader.TryRead(copy, out StunMessageReader message))
                {
                    Exercise(message);
                    message.VerifyMessageIntegrity(key);
                }
            }
        }
    }

    [Fact]
    public void A_message_without_the_magic_cookie_is_rejected()
    {
        byte[] copy = (byte[])Rfc5769Vectors.Request.Clone();
        copy[4] = 0;
        Assert.False(StunMessageReader.TryRead(copy, out _));
        Assert.False(StunMessageReader.IsStunMessage(copy));
    }

    [Fact]
    public void Trailing_bytes_beyond_the_length_are_rejected()
    {
        byte[] longer = [.. Rfc5769Vectors.Request, 0, 0, 0, 0];
        Assert.False(StunMessageReader.TryRead(longer, out _));
        Assert.True(StunMessageReader.TryGetMessageLength(longer, out int length));
        Assert.Equal(Rfc5769Vectors.Request.Length, length);
    }

    [Fact]
    public void An_attribute_after_FINGERPRINT_is_rejected()
    {
        var buffer = new byte[100];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, NewId());
        Assert.True(writer.TryAddFingerprint());
        Assert.True(writer.TryAddUInt32(StunAttributeType.Priority, 1));
        Assert.False(StunMessageReader.TryRead(writer.Written, out _));
    }

    [Fact]
    public void Attributes_after_MESSAGE_INTEGRITY_are_ignored_except_fingerprint()
    {
        using var key = new HmacSha1("pwd"u8);
        var buffer = new byte[200];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, NewId());
        Assert.True(writer.TryAddString(StunAttributeType.Username, "a:b"));
        Assert.True(writer.TryAddMessageIntegrity(key));
        Assert.True(writer.TryAddUInt32(StunAttributeType.Priority, 5));
        Assert.True(writer.TryAddFlag(StunAttributeType.UseCandidate));
        Assert.True(writer.TryAddAttribute(0x7777, [1, 2]));
        Assert.True(writer.TryAddFingerprint());

        Assert.True(StunMessageReader.TryRead(writer.Written, out StunMessageReader message));
        Assert.False(message.TryGetPriority(out _));
        Assert.False(message.HasUseCandidate);
        Assert.False(message.HasUnknownComprehensionRequired);
        Assert.False(message.TryGetAttribute(StunAttributeType.Priority, out _));
        Assert.True(message.VerifyMessageIntegrity(key));
        Assert.True(message.VerifyFingerprint());
        int count = 0;
        foreach (StunAttribute attribute in message.GetAttributes())
        {
            count++;
            Assert.Contains(attribute.Type, new[] { StunAttributeType.Username, StunAttributeType.MessageIntegrity, StunAttributeType.Fingerprint });
        }

        Assert.Equal(3, count);
    }

    [Fact]
    public void Unknown_comprehension_required_attributes_are_reported_and_optional_ones_skipped()
    {
        var buffer = new byte[200];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, NewId());
        Assert.True(writer.TryAddAttribute((ushort)StunAttributeType.GoogNetworkInfo, [0, 1, 0, 50]));
        Assert.True(writer.TryAddAttribute(0x8123, [9]));
        Assert.True(writer.TryAddAttribute(0x0033, [1, 2, 3]));
        Assert.True(writer.TryAddAttribute(0x0044, []));
        Assert.True(StunMessageReader.TryRead(writer.Written, out StunMessageReader message));
        Assert.True(message.HasUnknownComprehensionRequired);
        Span<ushort> unknown = stackalloc ushort[4];
        int count = message.GetUnknownComprehensionRequired(unknown);
        Assert.Equal(new ushort[] { 0x0033, 0x0044 }, unknown[..count].ToArray());
    }

    [Fact]
    public void The_first_of_repeated_attributes_counts()
    {
        var buffer = new byte[200];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, NewId());
        Assert.True(writer.TryAddUInt32(StunAttributeType.Priority, 1));
        Assert.True(writer.TryAddUInt32(StunAttributeType.Priority, 2));
        Assert.True(StunMessageReader.TryRead(writer.Written, out StunMessageReader message));
        Assert.True(message.TryGetPriority(out uint priority));
        Assert.Equal(1u, priority);
    }

    [Fact]
    public void Wrong_sized_fixed_attributes_read_as_absent()
    {
        var buffer = new byte[200];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, NewId());
        Assert.True(writer.TryAddAttribute(StunAttributeType.Priority, [1, 2]));
        Assert.True(writer.TryAddAttribute(StunAttributeType.IceControlling, [1, 2, 3, 4]));
        Assert.True(writer.TryAddAttribute(StunAttributeType.XorMappedAddress, [0, 1, 2]));
        Assert.True(StunMessageReader.TryRead(writer.Written, out StunMessageReader message));
        Assert.False(message.TryGetPriority(out _));
        Assert.False(message.TryGetIceControlling(out _));
        Assert.False(message.TryGetXorMappedAddress(out _));
    }

    [Fact]
    public void A_MESSAGE_INTEGRITY_of_the_wrong_length_is_rejected()
    {
        var buffer = new byte[200];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, NewId());
        Assert.True(writer.TryAddAttribute(StunAttributeType.MessageIntegrity, new byte[16]));
        Assert.False(StunMessageReader.TryRead(writer.Written, out _));
    }

    [Theory]
    [InlineData(StunMethod.Binding, StunClass.Request, 0x0001)]
    [InlineData(StunMethod.Binding, StunClass.SuccessResponse, 0x0101)]
    [InlineData(StunMethod.Binding, StunClass.ErrorResponse, 0x0111)]
    [InlineData(StunMethod.Binding, StunClass.Indication, 0x0011)]
    [InlineData(StunMethod.Allocate, StunClass.Request, 0x0003)]
    [InlineData(StunMethod.Allocate, StunClass.ErrorResponse, 0x0113)]
    [InlineData(StunMethod.Send, StunClass.Indication, 0x0016)]
    [InlineData(StunMethod.Data, StunClass.Indication, 0x0017)]
    [InlineData(StunMethod.ChannelBind, StunClass.SuccessResponse, 0x0109)]
    public void Message_types_encode_as_RFC_8489_says(StunMethod method, StunClass messageClass, ushort value)
    {
        var type = new StunMessageType(method, messageClass);
        Assert.Equal(value, type.Value);
        Assert.Equal(type, StunMessageType.FromValue(value));
    }

    [Fact]
    public void Every_method_and_class_round_trips()
    {
        for (int method = 0; method < 0x1000; method++)
        {
            for (int c = 0; c < 4; c++)
            {
                var type = new StunMessageType((StunMethod)method, (StunClass)c);
                Assert.Equal(type, StunMessageType.FromValue(type.Value));
                Assert.Equal(0, type.Value & 0xC000);
            }
        }
    }

    [Fact]
    public void Error_code_round_trips_with_its_reason()
    {
        var buffer = new byte[200];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingError, NewId());
        Assert.True(writer.TryAddErrorCode(StunErrorCodes.RoleConflict, "Role Conflict"));
        Assert.True(writer.TryAddUnknownAttributes([0x0033, 0x0044, 0x0055]));
        Assert.True(StunMessageReader.TryRead(writer.Written, out StunMessageReader message));
        Assert.True(message.TryGetErrorCode(out int code, out ReadOnlySpan<byte> reason));
        Assert.Equal(487, code);
        Assert.Equal("Role Conflict", Encoding.UTF8.GetString(reason));
        Assert.True(message.TryGetAttribute(StunAttributeType.UnknownAttributes, out ReadOnlySpan<byte> unknown));
        Assert.Equal(6, unknown.Length);
    }

    [Fact]
    public void MESSAGE_INTEGRITY_SHA256_round_trips_full_and_truncated()
    {
        byte[] key = Encoding.UTF8.GetBytes("a long-term sha256 key");
        foreach (int length in new[] { 32, 16, 24 })
        {
            var buffer = new byte[200];
            var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, NewId());
            Assert.True(writer.TryAddString(StunAttributeType.Username, "user"));
            Assert.True(writer.TryAddMessageIntegritySha256(key, length));
            Assert.True(writer.TryAddFingerprint());
            Assert.True(StunMessageReader.TryRead(writer.Written, out StunMessageReader message));
            Assert.True(message.VerifyMessageIntegritySha256(key));
            Assert.False(message.VerifyMessageIntegritySha256("other"u8));
            Assert.True(message.VerifyFingerprint());
        }
    }

    [Fact]
    public void Addresses_round_trip_through_every_address_attribute()
    {
        PeerAddress[] addresses =
        [
            PeerAddress.Parse("127.0.0.1:9"),
            PeerAddress.Parse("203.0.113.7:65535"),
            PeerAddress.Parse("[::1]:5000"),
            PeerAddress.Parse("[2001:db8::1]:1"),
        ];
        foreach (PeerAddress address in addresses)
        {
            var buffer = new byte[200];
            var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccess, NewId());
            Assert.True(writer.TryAddXorMappedAddress(address));
            Assert.True(writer.TryAddAddress(StunAttributeType.MappedAddress, address));
            Assert.True(writer.TryAddXorAddress(StunAttributeType.XorPeerAddress, address));
            Assert.True(StunMessageReader.TryRead(writer.Written, out StunMessageReader message));
            Assert.True(message.TryGetXorMappedAddress(out PeerAddress xorMapped));
            Assert.True(message.TryGetMappedAddress(out PeerAddress mapped));
            Assert.True(message.TryGetAddress(StunAttributeType.XorPeerAddress, xor: true, out PeerAddress peer));
            Assert.Equal(address, xorMapped);
            Assert.Equal(address, mapped);
            Assert.Equal(address, peer);
        }
    }

    [Fact]
    public void An_IPv4_mapped_address_is_written_as_IPv4()
    {
        PeerAddress mapped = PeerAddress.Parse("192.0.2.1:32853").MapToIPv6();
        var buffer = new byte[200];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccess, NewId());
        Assert.True(writer.TryAddXorMappedAddress(mapped));
        Assert.True(StunMessageReader.TryRead(writer.Written, out StunMessageReader message));
        Assert.True(message.TryGetXorMappedAddress(out PeerAddress read));
        Assert.Equal(PeerAddress.Parse("192.0.2.1:32853"), read);
    }

    [Fact]
    public void The_writer_refuses_what_does_not_fit_and_keeps_the_message_valid()
    {
        using var key = new HmacSha1("pwd"u8);
        var buffer = new byte[20 + 8 + 24];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, NewId());
        Assert.True(writer.TryAddUInt32(StunAttributeType.Priority, 7));
        Assert.False(writer.TryAddString(StunAttributeType.Username, "a very long username that will not fit"));
        Assert.True(writer.TryAddMessageIntegrity(key));
        Assert.False(writer.TryAddFingerprint());
        Assert.True(StunMessageReader.TryRead(writer.Written, out StunMessageReader message));
        Assert.True(message.VerifyMessageIntegrity(key));
    }

    [Fact]
    public void Misuse_of_the_writer_throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StunMessageWriter(new byte[19], StunMessageType.BindingRequest, NewId()));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            var writer = new StunMessageWriter(new byte[100], StunMessageType.BindingError, NewId());
            writer.TryAddErrorCode(200, "no");
        });
        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new StunMessageWriter(new byte[100], StunMessageType.BindingSuccess, NewId());
            writer.TryAddXorMappedAddress(PeerAddress.None);
        });
    }

    private static StunTransactionId NewId() => StunTransactionId.Create(new SeededRandomSource(3));

    private static void Exercise(StunMessageReader message)
    {
        _ = message.Type;
        _ = message.TransactionId;
        message.TryGetUsername(out _);
        message.TryGetPriority(out _);
        message.TryGetIceControlling(out _);
        message.TryGetIceControlled(out _);
        message.TryGetXorMappedAddress(out _);
        message.TryGetMappedAddress(out _);
        message.TryGetErrorCode(out _, out _);
        message.TryGetAddress(StunAttributeType.XorRelayedAddress, xor: true, out _);
        message.VerifyFingerprint();
        message.VerifyMessageIntegritySha256("k"u8);
        Span<ushort> unknown = stackalloc ushort[8];
        message.GetUnknownComprehensionRequired(unknown);
        foreach (StunAttribute attribute in message.GetAttributes())
        {
            _ = attribute.Value.Length;
        }
    }
}
