using RtcEngine.Primitives;
using RtcEngine.Rtp.Rtcp;

namespace RtcEngine.Rtp;

/// <summary>The fate of one packet we sent, as a transport-wide feedback message reported it.</summary>
/// <param name="TransportSequenceNumber">Its transport-wide sequence number.</param>
/// <param name="SendTime">When we sent it.</param>
/// <param name="Size">Its size in bytes (RTP, before SRTP).</param>
/// <param name="Ssrc">The SSRC it went out on (the RTX SSRC for retransmissions).</param>
/// <param name="SequenceNumber">Its RTP sequence number.</param>
/// <param name="Retransmission">Whether it was a retransmission.</param>
/// <param name="Received">Whether the receiver got it.</param>
/// <param name="ArrivalMicroseconds">Arrival in the receiver's clock (microseconds; compare differences only).</param>
public readonly record struct TransportPacketResult(
    ushort TransportSequenceNumber,
    MonoTime SendTime,
    int Size,
    uint Ssrc,
    ushort SequenceNumber,
    bool Retransmission,
    bool Received,
    long ArrivalMicroseconds);

/// <summary>
/// The send side of transport-wide congestion control: remembers what each transport-wide sequence
/// number carried and when it left, and matches feedback messages against it into
/// <see cref="TransportPacketResult"/>s for a bandwidth estimator. A fixed ring; not thread-safe.
/// </summary>
public sealed class TransportFeedbackHistory
{
    private readonly Entry[] _entries;
    private readonly int _mask;

    /// <summary>A history of <paramref name="capacity"/> packets (rounded up to a power of two).</summary>
    public TransportFeedbackHistory(int capacity = 8192)
    {
        int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(capacity, 64));
        _entries = new Entry[size];
        _mask = size - 1;
    }

    /// <summary>Feedback entries naming a number not in the history (too old, or never sent).</summary>
    public long UnknownPackets { get; private set; }

    /// <summary>Records a packet as it leaves.</summary>
    public void OnSent(ushort transportSequence, MonoTime now, int size, uint ssrc, ushort sequenceNumber, bool retransmission)
    {
        _entries[transportSequence & _mask] = new Entry(transportSequence, true, now.Ticks, size, ssrc, sequenceNumber, retransmission);
    }

    /// <summary>Matches a feedback message against the history; writes at most <paramref name="results"/>.Length results.</summary>
    /// <returns>How many results were written.</returns>
    public int Process(ref RtcpTransportFeedbackReader feedback, Span<TransportPacketResult> results)
    {
        int count = 0;
        while (count < results.Length && feedback.TryReadNext(out TransportPacketStatus status))
        {
            ref Entry e = ref _entries[status.SequenceNumber & _mask];
            if (!e.Used || e.TransportSequence != status.SequenceNumber)
            {
                UnknownPackets++;
                continue;
            }

            results[count++] = new TransportPacketResult(
                status.SequenceNumber,
                MonoTime.FromTicks(e.SendTicks),
                e.Size,
                e.Ssrc,
                e.SequenceNumber,
                e.Retransmission,
                status.Received,
                status.ArrivalMicroseconds);
        }

        return count;
    }

    private readonly record struct Entry(ushort TransportSequence, bool Used, long SendTicks, int Size, uint Ssrc, ushort SequenceNumber, bool Retransmission);
}
