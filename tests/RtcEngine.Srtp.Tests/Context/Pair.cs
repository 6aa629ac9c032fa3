using Xunit;

namespace RtcEngine.Srtp.Tests.Context;

/// <summary>An outbound and an inbound context on the same master key: a sender and its receiver.</summary>
internal sealed class Pair : IDisposable
{
    public Pair(SrtpProfile profile, bool portable = false, int maxSsrcs = 8, int window = 128, bool allowRepeat = false, int seed = 1)
    {
        SrtpProfileInfo info = SrtpProfileInfo.Get(profile);
        var random = new Random(seed);
        MasterKey = new byte[info.MasterKeyLength];
        MasterSalt = new byte[info.MasterSaltLength];
        random.NextBytes(MasterKey);
        random.NextBytes(MasterSalt);
        var options = new SrtpContextOptions { ForcePortable = portable, MaxSsrcs = maxSsrcs, ReplayWindowSize = window, AllowRepeatTransmit = allowRepeat };
        Sender = new SrtpContext(profile, MasterKey, MasterSalt, SrtpDirection.Outbound, options);
        Receiver = new SrtpContext(profile, MasterKey, MasterSalt, SrtpDirection.Inbound, options);
    }

    public byte[] MasterKey { get; }

    public byte[] MasterSalt { get; }

    public SrtpContext Sender { get; }

    public SrtpContext Receiver { get; }

    public static TheoryData<SrtpProfile> Profiles => new()
    {
        SrtpProfile.Aes128CmHmacSha1_80,
        SrtpProfile.Aes128CmHmacSha1_32,
        SrtpProfile.AeadAes128Gcm,
        SrtpProfile.AeadAes256Gcm,
        SrtpProfile.Aes256CmHmacSha1_80,
    };

    public static TheoryData<SrtpProfile, bool> ProfilesAndPaths
    {
        get
        {
            var data = new TheoryData<SrtpProfile, bool>();
            foreach (SrtpProfile profile in Profiles)
            {
                data.Add(profile, false);
                data.Add(profile, true);
            }

            return data;
        }
    }

    /// <summary>Protects an RTP packet and returns the SRTP bytes.</summary>
    public byte[] Protect(uint ssrc, ushort sequence, int payloadLength = 100)
    {
        byte[] packet = Packets.Rtp(ssrc, sequence, payloadLength);
        SrtpResult result = Sender.ProtectRtp(packet, Packets.RtpLength(payloadLength), out int length);
        if (result != SrtpResult.Ok)
        {
            throw new InvalidOperationException($"protect failed: {result}");
        }

        return packet[..length];
    }

    /// <summary>Unprotects a copy (so the caller can replay the original).</summary>
    public SrtpResult Unprotect(byte[] srtp) => Receiver.UnprotectRtp((byte[])srtp.Clone(), out _);

    public SrtpResult Unprotect(byte[] srtp, out ulong index) => Receiver.UnprotectRtp((byte[])srtp.Clone(), out _, out index);

    public byte[] ProtectRtcp(uint ssrc)
    {
        byte[] packet = Packets.RtcpCompound(ssrc);
        SrtpResult result = Sender.ProtectRtcp(packet, Packets.RtcpCompoundLength, out int length);
        if (result != SrtpResult.Ok)
        {
            throw new InvalidOperationException($"protect failed: {result}");
        }

        return packet[..length];
    }

    public SrtpResult UnprotectRtcp(byte[] srtcp) => Receiver.UnprotectRtcp((byte[])srtcp.Clone(), out _);

    public void Dispose()
    {
        Sender.Dispose();
        Receiver.Dispose();
    }
}
