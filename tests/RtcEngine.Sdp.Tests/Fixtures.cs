using RtcEngine.Testing;

namespace RtcEngine.Sdp.Tests;

/// <summary>The SDP fixtures under tests/fixtures/sdp, by relative path.</summary>
internal static class Fixtures
{
    public static IEnumerable<string> All()
    {
        string root = TestFiles.Fixture("sdp");
        return Directory.GetFiles(root, "*.sdp", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(TestFiles.Fixture(""), path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
    }

    public static TheoryDataHelper AllData() => new(All());

    public static string Text(string relativePath) => TestFiles.ReadFixtureText(relativePath);

    public static SessionDescription Parse(string relativePath) => SessionDescription.Parse(Text(relativePath));

    public static SessionDescription Chromium(string name) => Parse("sdp/chromium-156/" + name + ".sdp");
}

public sealed class TheoryDataHelper : Xunit.TheoryData<string>
{
    public TheoryDataHelper(IEnumerable<string> items)
    {
        foreach (string item in items)
        {
            Add(item);
        }
    }
}
