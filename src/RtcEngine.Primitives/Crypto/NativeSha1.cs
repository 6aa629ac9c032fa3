using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RtcEngine.Primitives.Crypto;

/// <summary>OpenSSL's <c>SHA_CTX</c>, kept as opaque bytes (96 on 64-bit builds; room to spare).</summary>
[InlineArray(Size)]
internal struct NativeSha1Context
{
    public const int Size = 128;

    private byte _element0;
}

/// <summary>
/// SHA-1 from the platform's own OpenSSL (<c>libcrypto.so.3</c>, the library .NET's cryptography
/// uses on Linux), reached through its low-level <c>SHA1_Init/Update/Final</c> so that a hash
/// state can be copied: HMAC's inner and outer states are computed once per key and forked for each
/// message. OpenSSL picks SHA-NI or AVX2 code at run time, which .NET exposes no intrinsics for.
/// </summary>
internal static unsafe class NativeSha1
{
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<NativeSha1Context*, int> s_init;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<NativeSha1Context*, byte*, nuint, int> s_update;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<byte*, NativeSha1Context*, int> s_final;

    static NativeSha1()
    {
        if (Environment.GetEnvironmentVariable("RTCENGINE_MANAGED_SHA1") == "1" || !OperatingSystem.IsLinux())
        {
            return;
        }

        if (!NativeLibrary.TryLoad("libcrypto.so.3", out IntPtr library))
        {
            return;
        }

        if (NativeLibrary.TryGetExport(library, "SHA1_Init", out IntPtr init)
            && NativeLibrary.TryGetExport(library, "SHA1_Update", out IntPtr update)
            && NativeLibrary.TryGetExport(library, "SHA1_Final", out IntPtr final))
        {
            s_init = (delegate* unmanaged[Cdecl, SuppressGCTransition]<NativeSha1Context*, int>)init;
            s_update = (delegate* unmanaged[Cdecl, SuppressGCTransition]<NativeSha1Context*, byte*, nuint, int>)update;
            s_final = (delegate* unmanaged[Cdecl, SuppressGCTransition]<byte*, NativeSha1Context*, int>)final;
            IsAvailable = true;
        }
    }

    /// <summary>Whether the native functions were found.</summary>
    public static bool IsAvailable { get; }

    public static void Init(ref NativeSha1Context context)
    {
        fixed (NativeSha1Context* c = &context)
        {
            s_init(c);
        }
    }

    public static void Update(ref NativeSha1Context context, ReadOnlySpan<byte> data)
    {
        fixed (NativeSha1Context* c = &context)
        fixed (byte* p = data)
        {
            s_update(c, p, (nuint)data.Length);
        }
    }

    public static void Final(ref NativeSha1Context context, Span<byte> digest)
    {
        fixed (NativeSha1Context* c = &context)
        fixed (byte* d = digest)
        {
            s_final(d, c);
        }
    }
}
