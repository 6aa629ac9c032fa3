namespace RtcEngine.Testing;

/// <summary>Finds files the tests keep in the repository (fixtures under <c>tests/fixtures</c>).</summary>
public static class TestFiles
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The repository root (the directory holding RtcEngine.sln).</summary>
    public static string RepositoryRoot => s_root.Value;

    /// <summary>The full path of a fixture, relative to <c>tests/fixtures</c>.</summary>
    public static string Fixture(string relativePath) => Path.Combine(RepositoryRoot, "tests", "fixtures", relativePath);

    /// <summary>The bytes of a fixture.</summary>
    public static byte[] ReadFixtureBytes(string relativePath) => File.ReadAllBytes(Fixture(relativePath));

    /// <summary>The text of a fixture, exactly as stored.</summary>
    public static string ReadFixtureText(string relativePath) => File.ReadAllText(Fixture(relativePath));

    /// <summary>A fresh empty directory under the system's temp folder, for a test's scratch files.</summary>
    public static string CreateTempDirectory(string prefix)
    {
        string path = Path.Combine(Path.GetTempPath(), $"rtcengine-{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRoot()
    {
        for (string? directory = AppContext.BaseDirectory; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "RtcEngine.sln")))
            {
                return directory;
            }
        }

        throw new InvalidOperationException("RtcEngine.sln not found above " + AppContext.BaseDirectory);
    }
}
