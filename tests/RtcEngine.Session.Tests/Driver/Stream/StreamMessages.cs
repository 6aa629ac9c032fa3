using RtcEngine.Ice.Stun;
using RtcEngine.Session.Driver.Stream;

namespace RtcEngine.Session.Tests.Driver.Stream;

/// <summary>TURN messages to put on a stream, and a bounded polling loop standing in for the host's.</summary>
internal static class StreamMessages
{
    public static byte[] Stun(int attributeLength = 8, byte fill = 0xAB)
    {
        var buffer = new byte[20 + 4 + attributeLength + 8];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, StunTransactionId.FromBytes(Enumerable.Repeat(fill, 12).ToArray()));
        writer.TryAddAttribute(StunAttributeType.Software, Enumerable.Repeat(fill, attributeLength).ToArray());
        writer.TryAddFingerprint();
        return writer.Written.ToArray();
    }

    /// <summary>ChannelData with <paramref name="length"/> bytes of data, padded to four as on a stream.</summary>
    public static byte[] ChannelData(int length, byte fill = 0x5A, ushort channel = 0x4001)
    {
        var message = new byte[(4 + length + 3) & ~3];
        message[0] = (byte)(channel >> 8);
        message[1] = (byte)channel;
        message[2] = (byte)(length >> 8);
        message[3] = (byte)length;
        message.AsSpan(4, length).Fill(fill);
        return message;
    }

    /// <summary>Polls like a host loop until <paramref name="count"/> messages arrived or the wall-clock timeout passed.</summary>
    public static async Task<List<byte[]>> ReceiveAsync(TurnStreamConnection connection, int count, TimeSpan timeout)
    {
        var received = new List<byte[]>();
        var deadline = DateTime.UtcNow + timeout;
        while (received.Count < count && DateTime.UtcNow < deadline)
        {
            while (received.Count < count && connection.TryReceive(out RtcEngine.Primitives.ReceivedDatagram message))
            {
                received.Add(message.Data.ToArray());
            }

            await Task.Delay(2);
        }

        return received;
    }

    public static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(5);
        }

        return true;
    }
}
