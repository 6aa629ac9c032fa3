using System.Buffers.Binary;
using RtcEngine.Primitives;

namespace RtcEngine.Session.Synthetic;

/// <summary>
/// Synthetic media for demonstrations and tests, when no encoder is at hand: VP8 frames whose
/// headers are real (RFC 6386 section 9.1: frame tag, and on key frames the start code and the
/// picture size) around random data, and Opus-shaped packets (a real TOC byte, RFC 6716 section
/// 3.1). Depacketizers and statistics treat them as the real thing; no decoder would.
/// </summary>
/// <remarks>Not thread-safe. Fills caller buffers; allocates nothing per frame.</remarks>
public sealed class SyntheticMedia
{
    // TOC of a 20 ms SILK wideband mono frame: configuration 9, one frame.
    private const byte OpusToc = 9 << 3;

    private readonly IRandomSource _random;
    private long _frameIndex;

    /// <summary>A source of frames <paramref name="width"/> by <paramref name="height"/>.</summary>
    public SyntheticMedia(IRandomSource random, int width = 1280, int height = 720, int framesPerSecond = 30, int keyFrameInterval = 90)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 16383);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, 16383);
        _random = random;
        Width = width;
        Height = height;
        FramesPerSecond = framesPerSecond;
        KeyFrameInterval = keyFrameInterval;
    }

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; }

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; }

    /// <summary>Frames per second (and so the RTP timestamp step: 90000 / this).</summary>
    public int FramesPerSecond { get; }

    /// <summary>A key frame every this many frames (and whenever <see cref="RequestKeyFrame"/> was called).</summary>
    public int KeyFrameInterval { get; }

    /// <summary>The RTP timestamp step of one video frame at 90 kHz.</summary>
    public uint VideoTimestampStep => (uint)(90_000 / FramesPerSecond);

    /// <summary>Audio packets are 20 ms: 960 samples at 48 kHz.</summary>
    public const uint AudioTimestampStep = 960;

    private bool _keyFrameRequested = true;

    /// <summary>Makes the next video frame a key frame (as an encoder does on PLI).</summary>
    public void RequestKeyFrame() => _keyFrameRequested = true;

    /// <summary>
    /// Writes the next VP8 frame into <paramref name="destination"/>: a key frame of
    /// <paramref name="keyFrameSize"/> bytes, or a delta frame of <paramref name="deltaFrameSize"/>.
    /// </summary>
    /// <returns>The frame's length.</returns>
    public int NextVideoFrame(Span<byte> destination, int keyFrameSize = 24_000, int deltaFrameSize = 4_000)
    {
        bool key = _keyFrameRequested || _frameIndex % KeyFrameInterval == 0;
        _keyFrameRequested = false;
        _frameIndex++;
        int length = Math.Min(destination.Length, key ? keyFrameSize : deltaFrameSize);
        Span<byte> frame = destination[..length];
        _random.Fill(frame);

        // Frame tag (RFC 6386 9.1): bit 0 is 0 for a key frame; version 0; show_frame 1; first
        // partition size in the 19 bits above.
        int firstPartition = Math.Min(length - 10, (1 << 19) - 1);
        uint tag = (key ? 0u : 1u) | (1u << 4) | ((uint)firstPartition << 5);
        frame[0] = (byte)tag;
        frame[1] = (byte)(tag >> 8);
        frame[2] = (byte)(tag >> 16);
        if (key)
        {
            frame[3] = 0x9D;
            frame[4] = 0x01;
            frame[5] = 0x2A;
            BinaryPrimitives.WriteUInt16LittleEndian(frame[6..], (ushort)Width);  // scale bits 0
            BinaryPrimitives.WriteUInt16LittleEndian(frame[8..], (ushort)Height);
        }

        return length;
    }

    /// <summary>Writes a 20 ms Opus-shaped packet of <paramref name="size"/> bytes.</summary>
    public int NextAudioPacket(Span<byte> destination, int size = 80)
    {
        Span<byte> packet = destination[..Math.Min(size, destination.Length)];
        _random.Fill(packet);
        packet[0] = OpusToc;
        return packet.Length;
    }
}
