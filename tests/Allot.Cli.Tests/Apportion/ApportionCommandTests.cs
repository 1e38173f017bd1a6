using System.Text.Json;

namespace Allot.Cli.Tests.Apportion;

public sealed class ApportionCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("allot-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Input(string name, string csv)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, csv);
        return path;
    }

    private string Out => Path.Combine(_dir, "out.csv");

    [Fact]
    public void UsHouseSample_HuntingtonHill_ReproducesOfficialSeats()
    {
        var sample = Path.Combine(CliHarness.RepoRoot, "samples", "apportion", "us-house-2020.csv");
        var (exit, stdout, stderr) = CliHarness.Run(
            "apportion", "--input", sample, "--unit-column", "state", "--weight-column", "population",
            "--min-column", "min_seats", "--total", "435", "--method", "huntington-hill", "--output", Out);
        Assert.True(exit == 0, stderr);
        var rows = File.ReadAllLines(Out).Skip(1).Select(l => l.Split(',')).ToDictionary(c => c[0], c => int.Parse(c[^1]));
        Assert.Equal(52, rows["California"]);
        Assert.Equal(38, rows["Texas"]);
        Assert.Equal(1, rows["Wyoming"]);
        Assert.Equal(435, rows.Values.Sum());
        using var summary = JsonDocument.Parse(stdout);
        Assert.Equal(435, summary.RootElement.GetProperty("allocated").GetInt64());
    }

    [Fact]
    public void RegionsSample_Hamilton_WithAudit_WritesExactNumbers()
    {
        var sample = Path.Combine(CliHarness.RepoRoot, "samples", "apportion", "regions.csv");
        var audit = Path.Combine(_dir, "audit.json");
        var (exit, _, stderr) = CliHarness.Run("apportion", "--input", sample, "--group-column", "region", "--unit-column", "store", "--output", Out, "--audit", audit);
        Assert.True(exit == 0, stderr);
        Assert.Equal(
            [
                "region,store,weight,cap,total,allocation", // every input column passes through (issue #12)
                "North,N-001,0.42,40,100,42",
                "North,N-002,0.33,40,100,33",
                "North,N-003,0.25,40,100,25",
                "South,S-001,1250,,7,3",
                "South,S-002,1250,,7,2",
                "South,S-003,1250,,7,2",
                "South,S-004,0,,7,0",
                "East,E-010,3,5,12,7",
                "East,E-011,1,5,12,3",
                "East,E-012,1,5,12,2",
            ],
            File.ReadAllLines(Out));
        using var doc = JsonDocument.Parse(File.ReadAllText(audit));
        var south = doc.RootElement.GetProperty("groups")[1];
        Assert.Equal("South", south.GetProperty("group").GetString());
        Assert.Equal(3, south.GetProperty("tied_at_cutoff").GetInt32());
        Assert.Equal("7/3", south.GetProperty("units")[0].GetProperty("quota").GetString());
    }

    [Fact]
    public void RegionsSample_SeedCappedWithCaps_RespectsCaps()
    {
        var sample = Path.Combine(CliHarness.RepoRoot, "samples", "apportion", "regions.csv");
        var (exit, _, stderr) = CliHarness.Run("apportion", "--input", sample, "--group-column", "region", "--unit-column", "store", "--max-column", "cap", "--method", "seed-capped", "--output", Out);
        Assert.True(exit == 0, stderr);
        var east = File.ReadAllLines(Out).Where(l => l.StartsWith("East", StringComparison.Ordinal)).Select(l => int.Parse(l.Split(',')[^1])).ToArray();
        Assert.Equal([5, 4, 3], east);
    }

    [Fact]
    public void SameInputShuffled_GivesSameAllocationPerUnit()
    {
        var a = Input("a.csv", "unit,weight,total\nx,1,5\ny,1,5\nz,1,5\n");
        var b = Input("b.csv", "unit,weight,total\nz,1,5\nx,1,5\ny,1,5\n");
        CliHarness.Run("apportion", "--input", a, "--output", Path.Combine(_dir, "a.out.csv"));
        CliHarness.Run("apportion", "--input", b, "--output", Path.Combine(_dir, "b.out.csv"));
        Assert.Equal(
            File.ReadAllLines(Path.Combine(_dir, "a.out.csv")).Skip(1).Order(),
            File.ReadAllLines(Path.Combine(_dir, "b.out.csv")).Skip(1).Order());
    }

    public static TheoryData<string, string, string[], string, int> Errors => new()
    {
        { "negative weight", "unit,weight,total\na,1,5\nb,-2,5\n", [], "E_NEGATIVE_WEIGHT", 3 },
        { "all zero weights", "unit,weight,total\na,0,5\nb,0,5\n", [], "E_ALL_ZERO_WEIGHTS", 3 },
        { "fractional total", "unit,weight,total\na,1,5.5\nb,1,5.5\n", [], "E_TOTAL_NOT_INTEGER", 3 },
        { "inconsistent total", "unit,weight,total\na,1,5\nb,1,6\n", [], "E_TOTAL_INCONSISTENT", 3 },
        { "missing total", "unit,weight,total\na,1,\nb,1,\n", [], "E_TOTAL_MISSING", 3 },
        { "duplicate unit", "unit,weight,total\na,1,5\na,1,5\n", [], "E_DUPLICATE_UNIT", 3 },
        { "weight not a number", "unit,weight,total\na,abc,5\n", [], "E_BAD_NUMBER", 3 },
        { "weight empty", "unit,weight,total\na,1,5\nb,,5\n", [], "E_BAD_NUMBER", 3 },
        { "missing column", "unit,w,total\na,1,5\n", [], "E_MISSING_COLUMN", 3 },
        { "infeasible caps", "unit,weight,cap,total\na,1,1,5\nb,1,1,5\n", ["--method", "proportional", "--max-column", "cap"], "E_INFEASIBLE_BOUNDS", 3 },
        { "bad bound", "unit,weight,cap,total\na,1,x,5\n", ["--method", "proportional", "--max-column", "cap"], "E_BAD_BOUND", 3 },
        { "min above max", "unit,weight,lo,hi,total\na,1,3,2,5\n", ["--method", "proportional", "--min-column", "lo", "--max-column", "hi"], "E_INVALID_BOUNDS", 3 },
        { "bounds with hamilton", "unit,weight,cap,total\na,1,1,5\n", ["--max-column", "cap"], "E_BAD_BOUND", 2 },
        { "two totals sources", "unit,weight\na,1\n", ["--total", "3", "--totals", "t.csv"], "E_BAD_OPTIONS", 2 },
        { "non-numeric unit keys", "unit,weight,total\na,1,5\n", ["--tie-order", "unit-numeric"], "E_BAD_OPTIONS", 3 },
        { "quota method over its limit", "unit,weight,total\na,1,1000000001\nb,2,1000000001\n", ["--method", "quota"], "E_TOTAL_TOO_LARGE", 3 },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void BadInput_GivesCode_NonZeroExit_AndNoOutput(string why, string csv, string[] extra, string code, int exitCode)
    {
        var input = Input("in.csv", csv);
        var audit = Path.Combine(_dir, "audit.json");
        var (exit, _, stderr) = CliHarness.Run(["apportion", "--input", input, "--output", Out, "--audit", audit, .. extra]);
        Assert.True(exit == exitCode, $"{why}: exit {exit}, stderr {stderr}");
        Assert.Contains(code, stderr, StringComparison.Ordinal);
        if (exitCode != 2)
        {
            // Input errors name the file; usage errors are about the command line.
            Assert.Contains("in.csv", stderr, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(Out), why);
        Assert.False(File.Exists(audit), why);
    }

    [Theory]
    [InlineData(5, 3)]
    [InlineData(0, 0)]
    public void TotalsFileGroupAbsentFromInput_IsAnErrorUnlessItsTotalIsZero(int yTotal, int expected)
    {
        // Found by hand: group y's 5 units vanished from a run that reported "ok" with total 3.
        var input = Input("in.csv", "g,unit,weight\nx,a,1\n");
        var totals = Input("t.csv", $"g,total\nx,3\ny,{yTotal}\n");
        var (exit, _, stderr) = CliHarness.Run("apportion", "--input", input, "--group-column", "g", "--totals", totals, "--output", Out);
        Assert.True(exit == expected, stderr);
        if (expected == 0)
        {
            Assert.Equal(["g,unit,weight,allocation", "x,a,1,3"], File.ReadAllLines(Out));
            return;
        }

        Assert.Contains("E_TOTAL_WITHOUT_UNITS", stderr, StringComparison.Ordinal);
        Assert.Contains("t.csv row 2: [y] group 'y' has total 5", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Out));
    }

    [Theory]
    [InlineData("10", 3)]
    [InlineData("0", 0)]
    public void TotalOverAnInputWithoutRows_IsAnErrorUnlessZero(string total, int expected)
    {
        var input = Input("in.csv", "unit,weight\n");
        var (exit, _, stderr) = CliHarness.Run("apportion", "--input", input, "--total", total, "--output", Out);
        Assert.True(exit == expected, stderr);
        Assert.Equal(expected == 0, File.Exists(Out));
        if (expected != 0)
        {
            Assert.Contains("E_TOTAL_WITHOUT_UNITS", stderr, StringComparison.Ordinal);
            Assert.Contains("in.csv", stderr, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--threshold-share", "1.5", "error E_INVALID_THRESHOLD: --threshold-share: the threshold share 1.5 is not between 0 and 1.")]
    [InlineData("--threshold-weight", "-1", "error E_INVALID_THRESHOLD: --threshold-weight: the threshold weight -1 is negative.")]
    public void InvalidThreshold_NamesTheOption_NotARowOfTheInput(string option, string value, string expected)
    {
        // Found by hand: it said "in.csv row 1: [] group '': the threshold share 1.5 …", met in the first group.
        var input = Input("in.csv", "unit,weight\na,1\nb,2\n");
        var (exit, _, stderr) = CliHarness.Run("apportion", "--input", input, "--total", "5", "--method", "dhondt", option, value, "--output", Out);
        Assert.Equal(3, exit);
        Assert.Equal(expected, stderr.Trim());
        Assert.False(File.Exists(Out));
    }

    [Fact]
    public void InfiniteCap_SaysThatAnEmptyCellMeansNoBound()
    {
        var input = Input("in.csv", "unit,weight,hi\na,1,inf\nb,2,5\n");
        var (exit, _, stderr) = CliHarness.Run("apportion", "--input", input, "--total", "5", "--method", "proportional", "--max-column", "hi", "--output", Out);
        Assert.Equal(3, exit);
        Assert.Contains("[a] hi 'inf' is not a non-negative integer (leave the cell empty for no bound).", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyWeight_IsNamedAsEmpty_NotAsANumberThatIsNot()
    {
        // Found by hand on a DuckDB Parquet with a NULL weight: "weight '' is not a decimal number".
        var input = Input("in.csv", "unit,weight,total\na,1,5\nb,,5\n");
        var (_, _, stderr) = CliHarness.Run("apportion", "--input", input, "--output", Out);
        Assert.Contains("in.csv row 2: [b] the weight is empty (a blank cell, or a null in Parquet); write 0", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_NamesRowAndUnit()
    {
        var input = Input("in.csv", "g,unit,weight,total\nA,x,1,5\nB,y,-1,5\n");
        var (_, _, stderr) = CliHarness.Run("apportion", "--input", input, "--group-column", "g", "--output", Out);
        Assert.Contains("row 2", stderr, StringComparison.Ordinal);
        Assert.Contains("B/y", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void UnreadableFile_IsInputError()
    {
        var (exit, _, stderr) = CliHarness.Run("apportion", "--input", Path.Combine(_dir, "nope.csv"), "--output", Out);
        Assert.Equal(3, exit);
        Assert.Contains("E_TABLE_UNREADABLE", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ExistingDifferentOutput_IsConflict_UnlessOverwrite()
    {
        var input = Input("in.csv", "unit,weight,total\na,1,5\n");
        File.WriteAllText(Out, "something else");
        var (exit, _, stderr) = CliHarness.Run("apportion", "--input", input, "--output", Out);
        Assert.Equal(5, exit);
        Assert.Contains("E_OUTPUT_CONFLICT", stderr, StringComparison.Ordinal);
        Assert.Equal("something else", File.ReadAllText(Out));
        Assert.Equal(0, CliHarness.Run("apportion", "--input", input, "--output", Out, "--overwrite").Exit);
        Assert.Equal(0, CliHarness.Run("apportion", "--input", input, "--output", Out).Exit);
    }

    [Fact]
    public void UsageError_ExitsTwo()
    {
        var (exit, _, stderr) = CliHarness.Run("apportion", "--method", "nonsense");
        Assert.Equal(2, exit);
        Assert.Contains("E_USAGE", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ParquetInAndOut_RoundTrip()
    {
        var input = Input("in.csv", "unit,weight,total\na,2,7\nb,1,7\n");
        var pq = Path.Combine(_dir, "out.parquet");
        Assert.Equal(0, CliHarness.Run("apportion", "--input", input, "--output", pq).Exit);
        var back = Path.Combine(_dir, "back.csv");
        Assert.Equal(0, CliHarness.Run("apportion", "--input", pq, "--weight-column", "allocation", "--total", "7", "--output", back).Exit);
        // The Parquet output holds every input column (issue #12: it used to drop weight and bounds); an input
        // column named allocation is replaced by the new allocation.
        Assert.Equal(["unit,weight,total,allocation", "a,2,7,5", "b,1,7,2"], File.ReadAllLines(back));
    }
}
