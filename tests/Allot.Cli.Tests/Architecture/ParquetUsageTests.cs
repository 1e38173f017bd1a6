namespace Allot.Cli.Tests.Architecture;

/// <summary>One Parquet reader and one writer: no code outside Allot.Data/Parquet uses a Parquet library directly.</summary>
public sealed class ParquetUsageTests
{
    [Fact]
    public void ParquetLibraries_AreUsedOnlyByTheDataPlane()
    {
        var src = Path.Combine(CliHarness.RepoRoot, "src");
        var users = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Select(f => (Relative: Path.GetRelativePath(src, f).Replace('\\', '/'), Text: File.ReadAllText(f)))
            .Where(f => !f.Relative.Contains("/obj/", StringComparison.Ordinal) && !f.Relative.Contains("/bin/", StringComparison.Ordinal))
            .Where(f => f.Text.Contains("using ParquetSharp", StringComparison.Ordinal) || f.Text.Contains("using Parquet;", StringComparison.Ordinal)
                || f.Text.Contains("using Parquet.", StringComparison.Ordinal) || f.Text.Contains("global::Parquet", StringComparison.Ordinal))
            .Select(f => f.Relative)
            .Where(r => !r.StartsWith("Allot.Data/Parquet/", StringComparison.Ordinal))
            .ToList();
        Assert.True(users.Count == 0, "Parquet must be read and written through Allot.Data.Parquet; a Parquet library is used directly in:\n" + string.Join("\n", users));
    }
}
