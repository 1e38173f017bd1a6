namespace Allot.Cli.Tests.Architecture;

/// <summary>One CSV reader and writer: no code outside the data plane reads CSV with Sylvan or writes it by hand.</summary>
public sealed class DataPlaneUsageTests
{
    private static IEnumerable<(string Relative, string Text)> SourceFiles()
    {
        var src = Path.Combine(CliHarness.RepoRoot, "src");
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(src, file).Replace('\\', '/');
            if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal))
            {
                continue;
            }

            yield return (relative, File.ReadAllText(file));
        }
    }

    [Fact]
    public void Sylvan_IsUsedOnlyByTheDataPlaneCsvReader()
    {
        var users = SourceFiles()
            .Where(f => f.Text.Contains("using Sylvan", StringComparison.Ordinal))
            .Select(f => f.Relative)
            .Where(r => !r.StartsWith("Allot.Data/Csv/", StringComparison.Ordinal))
            .ToList();
        Assert.True(users.Count == 0, "CSV must be read through Allot.Data.Csv; Sylvan used directly in:\n" + string.Join("\n", users));
    }

    [Fact]
    public void CsvRows_AreNotAssembledByHand_OutsideTheDataPlane()
    {
        // A comma appended between cells is a hand-made CSV writer (the retail fixtures had one until they moved
        // onto CsvFileWriter.Verbatim).
        var users = SourceFiles()
            .Where(f => !f.Relative.StartsWith("Allot.Data/Csv/", StringComparison.Ordinal))
            .Where(f => f.Text.Contains("Append(',')", StringComparison.Ordinal) || f.Text.Contains("Write(',')", StringComparison.Ordinal))
            .Select(f => f.Relative)
            .ToList();
        Assert.True(users.Count == 0, "CSV must be written through Allot.Data.Csv.CsvFileWriter; cells joined by hand in:\n" + string.Join("\n", users));
    }
}
