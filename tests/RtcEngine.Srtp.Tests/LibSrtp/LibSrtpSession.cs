using System.Runtime.InteropServices;

namespace RtcEngine.Srtp.Tests.LibSrtp;

/// <summary>
/// libsrtp2 (Debian <c>libsrtp2-1</c>, <c>libsrtp2.so.1</c>) through P/Invoke: an independent SRTP
/// implementation for the cross-checks and, compiled into the benchmark project too, the baseline
/// the benchmarks compare against. One session holds one policy for any SSRC in one direction.
/// </summary>
/// <remarks>
/// <code>
/// srtp_policy_t, x86_64 (128 bytes):
///   0  ssrc.type (int: 2 any inbound, 3 any outbound)   4  ssrc.value
///   8  rtp  srtp_crypto_policy_t (6 ints: cipher_type, cipher_key_len, auth_type, auth_key_len, auth_tag_len, sec_serv)
///  32  rtcp srtp_crypto_policy_t
///  56  key (unsigned char*, master key then salt)   64 keys   72 num_master_keys
///  80  deprecated_ekt   88 window_size (unsigned long)   96 allow_repeat_tx (int)
/// 104  enc_xtn_hdr   112 enc_xtn_hdr_count   120 next
/// </code>
/// libsrtp writes its trailer past the packet: buffers need the tag's room (and 4 more for SRTCP).
/// Not thread-safe: one session, one thread.
/// </remarks>
internal sealed unsafe class LibSrtpSession : IDisposable
{
    public const int StatusOk = 0;
    public const int StatusAuthFail = 7;
    public const int StatusReplayFail = 9;
    public const string LibraryName = "libsrtp2.so.1";

    private const int PolicySize = 128;
    private const int RtcpSecServOffset = 32 + 20;
    private const int SecServAuthOnly = 2;

    private static readonly Lazy<bool> s_initialized = new(() => srtp_init() == StatusOk);
    private IntPtr _session;

    /// <summary>
    /// A session for <paramref name="profile"/> on master key and salt, outbound (protect) or
    /// inbound (unprotect). <paramref name="rtcpEncrypted"/> false makes an outbound session send
    /// authenticated-only SRTCP (E flag clear).
    /// </summary>
    public LibSrtpSession(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, bool outbound,
        int windowSize = 128, bool allowRepeatTransmit = false, bool rtcpEncrypted = true)
    {
        if (!s_initialized.Value)
        {
            throw new InvalidOperationException("srtp_init failed.");
        }

        byte* policy = stackalloc byte[PolicySize];
        new Span<byte>(policy, PolicySize).Clear();
        byte[] key = [.. masterKey, .. masterSalt];
        *(int*)policy = outbound ? 3 : 2;
        if (profile == SrtpProfile.Aes256CmHmacSha1_80)
        {
            srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(policy + 8);
            srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(policy + 32);
        }
        else
        {
            Check(srtp_crypto_policy_set_from_profile_for_rtp(policy + 8, (int)profile), "srtp_crypto_policy_set_from_profile_for_rtp");
            Check(srtp_crypto_policy_set_from_profile_for_rtcp(policy + 32, (int)profile), "srtp_crypto_policy_set_from_profile_for_rtcp");
        }

        if (!rtcpEncrypted)
        {
            *(int*)(policy + RtcpSecServOffset) = SecServAuthOnly;
        }

        *(nuint*)(policy + 88) = (nuint)windowSize;
        *(int*)(policy + 96) = allowRepeatTransmit ? 1 : 0;
        fixed (byte* k = key)
        {
            *(byte**)(policy + 56) = k;
            IntPtr session;
            Check(srtp_create(&session, policy), "srtp_create");
            _session = session;
        }

        Array.Clear(key);
    }

    /// <summary>Whether libsrtp2 loads in this process.</summary>
    public static bool IsAvailable => NativeLibrary.TryLoad(LibraryName, out IntPtr handle) && Free(handle);

    /// <summary>libsrtp's version string, for example "libsrtp2 2.5.0".</summary>
    public static string Version => Marshal.PtrToStringAnsi(srtp_get_version_string()) ?? "?";

    /// <summary>srtp_protect on <c>buffer[..length]</c>; <paramref name="length"/> becomes the SRTP length.</summary>
    public int Protect(Span<byte> buffer, ref int length)
    {
        fixed (byte* p = buffer)
        fixed (int* l = &length)
        {
            return srtp_protect(_session, p, l);
        }
    }

    /// <summary>srtp_unprotect on <c>buffer[..length]</c>; <paramref name="length"/> becomes the RTP length.</summary>
    public int Unprotect(Span<byte> buffer, ref int length)
    {
        fixed (byte* p = buffer)
        fixed (int* l = &length)
        {
            return srtp_unprotect(_session, p, l);
        }
    }

    /// <summary>srtp_protect_rtcp.</summary>
    public int ProtectRtcp(Span<byte> buffer, ref int length)
    {
        fixed (byte* p = buffer)
        fixed (int* l = &length)
        {
            return srtp_protect_rtcp(_session, p, l);
        }
    }

    /// <summary>srtp_unprotect_rtcp.</summary>
    public int UnprotectRtcp(Span<byte> buffer, ref int length)
    {
        fixed (byte* p = buffer)
        fixed (int* l = &length)
        {
            return srtp_unprotect_rtcp(_session, p, l);
        }
    }

    public void Dispose()
    {
        if (_session != IntPtr.Zero)
        {
            _ = srtp_dealloc(_session);
            _session = IntPtr.Zero;
        }
    }

    private static bool Free(IntPtr handle)
    {
        NativeLibrary.Free(handle);
        return true;
    }

    private static void Check(int status, string what)
    {
        if (status != StatusOk)
        {
            throw new InvalidOperationException($"{what} returned {status}.");
        }
    }

    // Blittable signatures: no marshalling stubs. The packet calls skip the GC transition (they are
    // short and never block), which gives libsrtp its cheapest possible call in the benchmarks.
    [DllImport(LibraryName)]
    private static extern int srtp_init();

    [DllImport(LibraryName)]
    private static extern int srtp_create(IntPtr* session, byte* policy);

    [DllImport(LibraryName)]
    private static extern int srtp_dealloc(IntPtr session);

    [DllImport(LibraryName)]
    private static extern int srtp_crypto_policy_set_from_profile_for_rtp(byte* policy, int profile);

    [DllImport(LibraryName)]
    private static extern int srtp_crypto_policy_set_from_profile_for_rtcp(byte* policy, int profile);

    [DllImport(LibraryName)]
    private static extern void srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(byte* policy);

    [DllImport(LibraryName)]
    private static extern IntPtr srtp_get_version_string();

    [DllImport(LibraryName), SuppressGCTransition]
    private static extern int srtp_protect(IntPtr session, byte* packet, int* length);

    [DllImport(LibraryName), SuppressGCTransition]
    private static extern int srtp_unprotect(IntPtr session, byte* packet, int* length);

    [DllImport(LibraryName), SuppressGCTransition]
    private static extern int srtp_protect_rtcp(IntPtr session, byte* packet, int* length);

    [DllImport(LibraryName), SuppressGCTransition]
    private static extern int srtp_unprotect_rtcp(IntPtr session, byte* packet, int* length);
}
