namespace RtcEngine.Srtp;

/// <summary>
/// The packet index estimate of RFC 3711 section 3.3.1 and appendix A: from the highest index
/// accepted so far (rollover counter ROC and sequence number s_l) and a new 16-bit sequence number,
/// the index the sender most likely used, so sequence wraps work in both directions and packets
/// reordered around a wrap land on the right ROC.
/// </summary>
internal static class RolloverCounter
{
    /// <summary>
    /// The estimated 48-bit index <c>v * 65536 + sequence</c>, where v is ROC - 1, ROC or ROC + 1.
    /// Negative when v would be -1 (a packet from before the stream's first rollover period).
    /// </summary>
    public static long EstimateIndex(ulong highest, ushort sequence)
    {
        long roc = (long)(highest >> 16);
        int last = (int)(highest & 0xFFFF);
        long v = roc;
        if (last < 0x8000)
        {
            if (sequence - last > 0x8000)
            {
                v = roc - 1;
            }
        }
        else if (last - 0x8000 > sequence)
        {
            v = roc + 1;
        }

        return (v << 16) | sequence;
    }
}
