using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using RtcEngine.Srtp.Crypto;
using Xunit;

namespace RtcEngine.Srtp.Tests.Crypto;

/// <summary>
/// The 512-bit GHASH reads its last group with a masked load. Data that ends right before an
/// inaccessible page proves the masked-off bytes are never touched (a plain load would fault).
/// </summary>
public unsafe class GuardPageTests
{
    private const int PageSize = 4096;
    private const int ProtNone = 0;
    private const int ProtReadWrite = 3;

    [Fact]
    public void Ghash_and_aes_ctr_never_read_or_write_past_the_data()
    {
        if (!OperatingSystem.IsLinux() || Environment.SystemPageSize != PageSize)
        {
            Assert.Skip("The guard page needs Linux with 4 KiB pages (mprotect).");
        }

        GcmCipherTests.RequirePath(0);
        byte* region = (byte*)NativeMemory.AlignedAlloc(2 * PageSize, PageSize);
        try
        {
            Assert.Equal(0, mprotect(region + PageSize, PageSize, ProtNone));
            byte[] key = new byte[16];
            new Random(1).NextBytes(key);
            using var aes = new AesNiCtrEngine(key);
            Vector128<byte> h = aes.EncryptBlock(Vector128<byte>.Zero);
            using var wide = new PclmulGhashEngine(h, allowVector512: true);
            using var narrow = new PclmulGhashEngine(h, allowVector512: false);
            var random = new Random(2);
            for (int length = 0; length <= 300; length++)
            {
                var data = new Span<byte>(region + PageSize - length, length);
                random.NextBytes(data);
                Vector128<ulong> a = Vector128<ulong>.Zero, b = Vector128<ulong>.Zero;
                wide.Update(ref a, data);
                narrow.Update(ref b, data);
                Assert.Equal(b, a);
                aes.XorKeystream(Vector128<byte>.Zero, 0, data);
            }
        }
        finally
        {
            _ = mprotect(region + PageSize, PageSize, ProtReadWrite);
            NativeMemory.AlignedFree(region);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int mprotect(void* address, nuint length, int protection);
}
