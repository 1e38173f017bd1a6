using System.Text.Json;
using Allot.Data.Tables;
using DuckDB.NET.Data;

namespace Allot.Cli.Tests.Apportion;

/// <summary>
/// <c>allot apportion</c> on tables other tools write, at the borders a data engineer reaches: Parquet written by
/// DuckDB (an independent producer) with wide decimals and empty keys, totals at the top of the 64-bit range.
/// </summary>
public sealed class ApportionBorderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("allot-cli-border-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    private string Duck(string name, string select)
    {
        var path = P(name);
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"COPY ({select}) TO '{path}' (FORMAT parquet)";
        cmd.ExecuteNonQuery();
        return path;
    }

    [Fact]
    public void SummaryOfGroupsWhoseTotalsAddUpPast2To63_IsExact_NotAnInternalErrorAfterPublishing()
    {
        // Found at the border: two groups of 5·10^18 each ran, published the output, then summed the totals for the
        // summary in 64 bits and died with E_INTERNAL (exit 70) — an error exit with the output already in place.
        var input = P("in.csv");
        File.WriteAllText(input, "g,unit,weight\nA,a,1\nA,b,2\nB,a,1\n");
        var (exit, stdout, stderr) = CliHarness.Run("apportion", "--input", input, "--group-column", "g", "--total", "5000000000000000000", "--output", P("o.csv"));
        Assert.True(exit == 0, stderr);
        using var summary = JsonDocument.Parse(stdout);
        Assert.Equal("10000000000000000000", summary.RootElement.GetProperty("total").GetRawText());
        Assert.Equal("10000000000000000000", summary.RootElement.GetProperty("allocated").GetRawText());
        Assert.Equal(["g,unit,weight,allocation", "A,a,1,1666666666666666667", "A,b,2,3333333333333333333", "B,a,1,5000000000000000000"], File.ReadAllLines(P("o.csv")));
    }

    [Fact]
    public void ParquetDecimalsWiderThanSystemDecimal_AreReadExactly_NotCalledACorruptFile()
    {
        // DuckDB writes DECIMAL(38, s) for sums of decimals. Values beyond System.Decimal (about 7.9·10^28, or more
        // than 28 fractional digits) were reported as "not a readable Parquet file (corrupt, truncated or empty)".
        var input = Duck("w.parquet", "SELECT * FROM (VALUES ('a', '1000000000000000000000000000000'::DECIMAL(38,0), 0.5::DECIMAL(38,30), 10), ('b', '3000000000000000000000000000000'::DECIMAL(38,0), 1.25::DECIMAL(38,30), 10), ('c', NULL, NULL, 10)) t(unit, big, fine, total)");
        var (exit, _, stderr) = CliHarness.Run("apportion", "--input", input, "--weight-column", "big", "--output", P("o.csv"));
        Assert.Equal(3, exit); // the null weight of c: the file itself was read
        Assert.Contains("E_BAD_NUMBER", stderr, StringComparison.Ordinal);

        var two = Duck("w2.parquet", "SELECT * FROM (VALUES ('a', '1000000000000000000000000000000'::DECIMAL(38,0), 0.5::DECIMAL(38,30), 10), ('b', '3000000000000000000000000000000'::DECIMAL(38,0), 1.25::DECIMAL(38,30), 10), ('c', 0::DECIMAL(38,0), NULL, 10)) t(unit, big, fine, total)");
        (exit, _, stderr) = CliHarness.Run("apportion", "--input", two, "--weight-column", "big", "--output", P("o.parquet"));
        Assert.True(exit == 0, stderr);
        var table = TableReader.Read(P("o.parquet"));
        Assert.Equal(["1000000000000000000000000000000", "3000000000000000000000000000000", "0"], table.Column("big"));
        Assert.Equal(["0.500000000000000000000000000000", "1.250000000000000000000000000000", null], table.Column("fine"));
        Assert.Equal(["3", "7", "0"], table.Column("allocation"));

        File.Delete(P("o.csv"));
        var fine = Duck("w3.parquet", "SELECT * FROM (VALUES ('a', 0.000000000000000000000000000001::DECIMAL(38,30), 10), ('b', 0.000000000000000000000000000003::DECIMAL(38,30), 10), ('c', -0.000000000000000000000000000001::DECIMAL(38,30), 10)) t(unit, w, total)");
        (exit, _, stderr) = CliHarness.Run("apportion", "--input", fine, "--weight-column", "w", "--output", P("o.csv"));
        Assert.Equal(3, exit);
        Assert.Contains("E_NEGATIVE_WEIGHT", stderr, StringComparison.Ordinal);
        Assert.Contains("-0.000000000000000000000000000001", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--output")]
    [InlineData("--audit")]
    public void OutputNamingTheLotsFile_IsRefused_AndTheDrawnOrderIsNotOverwritten(string option)
    {
        // Found at the border: --output (or --audit) naming the --lots file, with --overwrite, replaced the drawn order
        // by the allocation table; only --input and --totals were checked against the outputs.
        var input = P("in.csv");
        File.WriteAllText(input, "unit,weight,total\na,1,3\nb,1,3\n");
        var lots = P("lots.csv");
        File.WriteAllText(lots, "unit\nb\na\n");
        var (exit, _, stderr) = option == "--output"
            ? CliHarness.Run("apportion", "--input", input, "--lots", lots, "--output", lots, "--overwrite")
            : CliHarness.Run("apportion", "--input", input, "--lots", lots, "--output", P("o.csv"), "--audit", lots, "--overwrite");
        Assert.Equal(2, exit);
        Assert.Contains("E_OUTPUT_IS_INPUT", stderr, StringComparison.Ordinal);
        Assert.Contains("--lots", stderr, StringComparison.Ordinal);
        Assert.Equal("unit\nb\na\n", File.ReadAllText(lots));
        Assert.False(File.Exists(P("o.csv")));
    }

    [Fact]
    public void UnitNumericTieOrder_KeysOfEqualValue_DoNotDependOnRowOrder()
    {
        // Found at the border: under --tie-order unit-numeric, "007" and "7" are distinct units with one numeric key,
        // so the tie fell to row order and shuffling the rows moved the unit — against the documented promise.
        var one = P("one.csv");
        var two = P("two.csv");
        File.WriteAllText(one, "unit,weight,total\n007,1,1\n7,1,1\n");
        File.WriteAllText(two, "unit,weight,total\n7,1,1\n007,1,1\n");
        var (exit, _, stderr) = CliHarness.Run("apportion", "--input", one, "--output", P("o1.csv"), "--tie-order", "unit-numeric");
        Assert.True(exit == 0, stderr);
        (exit, _, stderr) = CliHarness.Run("apportion", "--input", two, "--output", P("o2.csv"), "--tie-order", "unit-numeric");
        Assert.True(exit == 0, stderr);
        Assert.Equal(["unit,weight,total,allocation", "007,1,1,1", "7,1,1,0"], File.ReadAllLines(P("o1.csv")));
        Assert.Equal(["unit,weight,total,allocation", "7,1,1,0", "007,1,1,1"], File.ReadAllLines(P("o2.csv")));
    }

    [Fact]
    public void ParquetEmptyStringUnitKey_IsRefusedLikeAnEmptyCsvCell()
    {
        // The docs say an empty unit key is E_BAD_NUMBER; a CSV's empty cell was refused, a Parquet '' was apportioned.
        var input = Duck("k.parquet", "SELECT * FROM (VALUES ('g', 'x', 1, 5), ('g', '', 3, 5)) t(grp, unit, weight, total)");
        var (exit, _, stderr) = CliHarness.Run("apportion", "--input", input, "--group-column", "grp", "--output", P("o.csv"));
        Assert.Equal(3, exit);
        Assert.Contains("E_BAD_NUMBER", stderr, StringComparison.Ordinal);
        Assert.Contains("row 2", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(P("o.csv")));
    }

    [Theory]
    [InlineData("total", "99999999999999999999", "E_TOTAL_NOT_INTEGER", "above the largest total, 9223372036854775807")]
    [InlineData("total", "1e20", "E_TOTAL_NOT_INTEGER", "above the largest total, 9223372036854775807")]
    [InlineData("total", "-3", "E_TOTAL_NOT_INTEGER", "is not a non-negative integer")]
    [InlineData("cap", "99999999999999999999", "E_BAD_BOUND", "above the largest bound, 9223372036854775807")]
    public void TableNumberAbove2To63_IsNamedAsTooLarge_NotAsNotAnInteger(string column, string value, string code, string message)
    {
        // "total '1E+20' is not a non-negative integer" was false: it is one, only too large for a count.
        var input = P("in.csv");
        File.WriteAllText(input, column == "total" ? $"unit,weight,total\na,1,{value}\n" : $"unit,weight,cap\na,1,{value}\n");
        var args = column == "total"
            ? new[] { "apportion", "--input", input, "--output", P("o.csv") }
            : ["apportion", "--input", input, "--output", P("o.csv"), "--total", "5", "--method", "proportional", "--max-column", "cap"];
        var (exit, _, stderr) = CliHarness.Run(args);
        Assert.Equal(3, exit);
        Assert.Contains(code, stderr, StringComparison.Ordinal);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }
}
