using RtcEngine.Primitives;

namespace RtcEngine.Rtp;

/// <summary>
/// The abs-send-time extension value: the send time in 24-bit 6.18 fixed-point seconds (the NTP
/// timestamp's bits 14..37), wrapping every 64 seconds.
/// </summary>
/// <remarks><c>| 24-bit NTP 6.18 send time |</c> (3 bytes). Stateless; thread-safe.</remarks>
public static class AbsSendTime
{
    /// <summary>Size of the value on the wire.</summary>
    public const int Length = 3;

    /// <summary>The 6.18 value of an NTP timestamp.</summary>
    public static uint FromNtp(NtpTime ntp) => (uint)(ntp.Value >> 14) & 0xFFFFFF;

    /// <summary>The difference <paramref name="later"/> - <paramref name="earlier"/> of two values, unwrapped over the 64 s period.</summary>
    public static TimeSpan Difference(uint later, uint earlier)
    {
        int diff = (int)((later - earlier) << 8) >> 8; // sign-extend 24 bits
        return TimeSpan.FromTicks(diff * TimeSpan.TicksPerSecond >> 18);
    }

    /// <summary>Reads a value; false when shorter than 3 bytes.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out uint absSendTime)
    {
        if (value.Length < Length)
        {
            absSendTime = 0;
            return false;
        }

        absSendTime = (uint)(value[0] << 16 | value[1] << 8 | value[2]);
        return true;
    }

    /// <summary>Writes a value (the low 24 bits of <paramref name="absSendTime"/>).</summary>
    public static void Write(Span<byte> destination, uint absSendTime)
    {
        destination[0] = (byte)(absSendTime >> 16);
        destination[1] = (byte)(absSendTime >> 8);
        destination[2] = (byte)absSendTime;
    }
}

/// <summary>The client-to-mixer audio level (RFC 6464 section 3): a voice-activity flag and the level in -dBov.</summary>
/// <remarks>
/// <code>
///  0 1 2 3 4 5 6 7
/// +-+-+-+-+-+-+-+-+
/// |V|    level    |    level: 0 (loudest, 0 dBov) .. 127 (silence, -127 dBov)
/// +-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public readonly record struct AudioLevel(bool VoiceActivity, byte Level)
{
    /// <summary>Size of the value on the wire (one-byte form; extra bytes are padding).</summary>
    public const int Length = 1;

    /// <summary>The level as the W3C <c>audioLevel</c> (0..1 linear, 1 = 0 dBov): 10^(-level/20).</summary>
    public double LinearLevel => Level >= 127 ? 0 : Math.Pow(10, -Level / 20.0);

    /// <summary>Reads a value; false when empty.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out AudioLevel level)
    {
        if (value.IsEmpty)
        {
            level = default;
            return false;
        }

        level = new AudioLevel((value[0] & 0x80) != 0, (byte)(value[0] & 0x7F));
        return true;
    }

    /// <summary>The wire byte.</summary>
    public byte ToByte() => (byte)((VoiceActivity ? 0x80 : 0) | (Level & 0x7F));
}

/// <summary>Coordination of video orientation (3GPP TS 26.114 section 7.4.5): camera, flip and rotation.</summary>
/// <remarks>
/// <code>
///  0 1 2 3 4 5 6 7
/// +-+-+-+-+-+-+-+-+
/// |0 0 0 0 C F R R|   C: back-facing camera, F: horizontal flip, R: rotation in 90-degree steps
/// +-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public readonly record struct VideoOrientation(bool BackCamera, bool Flip, int RotationDegrees)
{
    /// <summary>Size of the value on the wire.</summary>
    public const int Length = 1;

    /// <summary>Reads a value; false when empty.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out VideoOrientation orientation)
    {
        if (value.IsEmpty)
        {
            orientation = default;
            return false;
        }

        byte b = value[0];
        orientation = new VideoOrientation((b & 0x08) != 0, (b & 0x04) != 0, (b & 0x03) * 90);
        return true;
    }

    /// <summary>The wire byte (rotation rounded down to a multiple of 90 degrees).</summary>
    public byte ToByte() => (byte)((BackCamera ? 0x08 : 0) | (Flip ? 0x04 : 0) | ((RotationDegrees / 90) & 0x03));
}

/// <summary>The playout-delay extension: minimum and maximum playout delay in 10 ms units (12 bits each).</summary>
/// <remarks>
/// <code>
///  0                   1                   2
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |       MIN delay       |       MAX delay       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public readonly record struct PlayoutDelay(int MinimumTenMilliseconds, int MaximumTenMilliseconds)
{
    /// <summary>Size of the value on the wire.</summary>
    public const int Length = 3;

    /// <summary>The minimum delay.</summary>
    public TimeSpan Minimum => TimeSpan.FromMilliseconds(MinimumTenMilliseconds * 10);

    /// <summary>The maximum delay.</summary>
    public TimeSpan Maximum => TimeSpan.FromMilliseconds(MaximumTenMilliseconds * 10);

    /// <summary>Reads a value; false when shorter than 3 bytes.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out PlayoutDelay delay)
    {
        if (value.Length < Length)
        {
            delay = default;
            return false;
        }

        delay = new PlayoutDelay(value[0] << 4 | value[1] >> 4, (value[1] & 0x0F) << 8 | value[2]);
        return true;
    }

    /// <summary>Writes the value (each field clamped to 12 bits).</summary>
    public void Write(Span<byte> destination)
    {
        int min = Math.Clamp(MinimumTenMilliseconds, 0, 0xFFF);
        int max = Math.Clamp(MaximumTenMilliseconds, 0, 0xFFF);
        destination[0] = (byte)(min >> 4);
        destination[1] = (byte)((min << 4) | (max >> 8));
        destination[2] = (byte)max;
    }
}
