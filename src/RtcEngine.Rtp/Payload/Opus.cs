namespace RtcEngine.Rtp.Payload;

/// <summary>
/// Opus over RTP (RFC 7587): one Opus packet per RTP payload, 48 kHz RTP clock whatever the coded
/// bandwidth. The TOC byte (RFC 6716 section 3.1) gives the packet's duration, which advances the
/// RTP timestamp. Stateless; thread-safe.
/// </summary>
/// <remarks>
/// <code>
///  0 1 2 3 4 5 6 7
/// +-+-+-+-+-+-+-+-+
/// | config  |s| c |   config: mode and frame size; s: stereo; c: frames per packet code
/// +-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public static class Opus
{
    /// <summary>The RTP clock rate of Opus.</summary>
    public const int ClockRate = 48_000;

    /// <summary>Samples (at 48 kHz) one frame of a TOC configuration lasts.</summary>
    public static int SamplesPerFrame(byte toc)
    {
        int config = toc >> 3;
        return config switch
        {
            < 12 => (config & 3) switch { 0 => 480, 1 => 960, 2 => 1920, _ => 2880 }, // SILK 10/20/40/60 ms
            < 16 => (config & 1) == 0 ? 480 : 960,                                    // hybrid 10/20 ms
            _ => 120 << (config & 3),                                                 // CELT 2.5/5/10/20 ms
        };
    }

    /// <summary>Samples (at 48 kHz) an Opus packet carries: its RTP timestamp advance; 0 when malformed.</summary>
    public static int GetSampleCount(ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty)
        {
            return 0;
        }

        int frames = (packet[0] & 0x03) switch
        {
            0 => 1,
            1 or 2 => 2,
            _ => packet.Length >= 2 ? packet[1] & 0x3F : 0,
        };
        int samples = frames * SamplesPerFrame(packet[0]);
        return samples <= 5760 ? samples : 0; // at most 120 ms (RFC 6716 3.2.5)
    }

    /// <summary>Writes the RTP payload for an Opus packet (the packet itself).</summary>
    public static bool TryWritePayload(ReadOnlySpan<byte> opusPacket, Span<byte> destination, out int written)
    {
        if (opusPacket.Length > destination.Length)
        {
            written = 0;
            return false;
        }

        opusPacket.CopyTo(destination);
        written = opusPacket.Length;
        return true;
    }
}
