using System.Net;
using System.Net.Sockets;
using Xunit;

namespace RtcEngine.Testing;

/// <summary>
/// Helpers for tests against real peers on loopback: finding installed programs (skipping with a
/// visible reason when one is missing), checking that the test runs inside a loopback-only network
/// namespace before anything that enumerates interfaces is started, and free ports.
/// </summary>
/// <remarks>
/// Real-peer tests live in <c>tests/RtcEngine.Interop.Tests</c>, which runs its tests one at a time
/// (they share ports, CPU and a browser). In CI every peer is installed, and <c>.ci/run</c> fails on any skip.
/// </remarks>
public static class RealPeers
{
    /// <summary>The full path of an installed program, or a skip naming the Debian package to install.</summary>
    public static string RequireProgram(string name, string debianPackage)
    {
        string? path = FindProgram(name);
        if (path is null)
        {
            Assert.Skip($"'{name}' is not installed (Debian package '{debianPackage}'; .ci/run installs it).");
        }

        return path;
    }

    /// <summary>The full path of a program on PATH (or an absolute path that exists), else null.</summary>
    public static string? FindProgram(string name)
    {
        if (Path.IsPathRooted(name))
        {
            return File.Exists(name) ? name : null;
        }

        string[] directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries);
        foreach (string directory in directories.Concat(["/usr/sbin", "/sbin", "/usr/bin", "/bin"]))
        {
            string candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Whether a shared library can be loaded (for example "libsrtp2.so.1").</summary>
    public static bool HasLibrary(string name)
    {
        if (!System.Runtime.InteropServices.NativeLibrary.TryLoad(name, out IntPtr handle))
        {
            return false;
        }

        System.Runtime.InteropServices.NativeLibrary.Free(handle);
        return true;
    }

    /// <summary>Skips unless the library loads.</summary>
    public static void RequireLibrary(string name, string debianPackage)
    {
        if (!HasLibrary(name))
        {
            Assert.Skip($"'{name}' cannot be loaded (Debian package '{debianPackage}'; .ci/run installs it).");
        }
    }

    /// <summary>
    /// Whether this process runs in a network namespace whose only interfaces are loopback ones
    /// (<c>lo</c>, plus the optional <c>lo2</c> veth pair some programs need).
    /// </summary>
    public static bool IsLoopbackOnlyNamespace()
    {
        // /proc/self/net/dev lists the interfaces of this process's network namespace (sysfs would
        // show the namespace that mounted it, not ours).
        const string devices = "/proc/self/net/dev";
        if (!File.Exists(devices))
        {
            return false;
        }

        foreach (string line in File.ReadLines(devices).Skip(2))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            string name = colon < 0 ? line.Trim() : line[..colon].Trim();
            if (name is not ("lo" or "lo2" or "lo2p"))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Skips unless inside a loopback-only namespace: a browser (or any peer that enumerates
    /// interfaces) must never be started where it could send traffic off the machine.
    /// </summary>
    public static void RequireLoopbackOnlyNamespace()
    {
        if (!IsLoopbackOnlyNamespace())
        {
            Assert.Skip("Not inside a loopback-only network namespace: run the suite through ./test.sh, which uses 'unshare --net'.");
        }
    }

    /// <summary>A UDP port free at the moment of the call on 127.0.0.1.</summary>
    public static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>A TCP port free at the moment of the call on 127.0.0.1.</summary>
    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>A port free for both UDP and TCP on 127.0.0.1 (TURN listens on both).</summary>
    public static int FreeUdpAndTcpPort()
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            int port = FreeUdpPort();
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                listener.Stop();
                return port;
            }
            catch (SocketException)
            {
                // taken for TCP: try another
            }
        }

        throw new InvalidOperationException("No port free for both UDP and TCP.");
    }
}
