using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Interop.Tests;

public class EnvironmentTests
{
    [Fact]
    public void Test_command_runs_inside_a_loopback_only_namespace()
    {
        RealPeers.RequireLoopbackOnlyNamespace();
        Assert.True(RealPeers.IsLoopbackOnlyNamespace());
    }
}
