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
    public void ParquetDateTimestampTimeUuidJsonColumns_ArePassedThroughAsText_NotARefusedFile()
    {
        // Found at the border: a DuckDB table with a DATE (or TIMESTAMP, TIME, UUID, JSON) column beside the weights was
        // refused whole — "column 'day' has unsupported type INT32 (DATE)" — although apportion only copies that column.
        var input = Duck("t.parquet", """
            SELECT * FROM (VALUES
              ('a', 1, 5, DATE '2024-01-02', TIMESTAMP '2024-01-02 03:04:05.123456', TIMESTAMPTZ '2024-01-02 03:04:05+00', TIMESTAMP_MS '1969-12-31 23:59:59.5', TIME '23:59:59.25', '0b7e2d5c-0000-4abc-8def-0123456789ab'::UUID, '{"k":1}'::JSON),
              ('b', 3, 5, NULL, TIMESTAMP '0001-01-01 00:00:00', NULL, NULL, NULL, NULL, NULL)
            ) t(unit, weight, total, day, stamp, stamp_utc, stamp_ms, clock, id, doc)
            """);
        var (exit, _, stderr) = CliHarness.Run("apportion", "--input", input, "--output", P("o.parquet"));
        Assert.True(exit == 0, stderr);
        var table = TableReader.Read(P("o.parquet"));
        Assert.Equal(["2024-01-02", null], table.Column("day"));
        Assert.Equal(["2024-01-02 03:04:05.123456", "0001-01-01 00:00:00"], table.Column("stamp"));
        Assert.Equal(["2024-01-02 03:04:05Z", null], table.Column("stamp_utc"));
        Assert.Equal(["1969-12-31 23:59:59.5", null], table.Column("stamp_ms"));
        Assert.Equal(["23:59:59.25", null], table.Column("clock"));
        Assert.Equal(["0b7e2d5c-0000-4abc-8def-0123456789ab", null], table.Column("id"));
        Assert.Equal(["{\"k\":1}", null], table.Column("doc"));
        Assert.Equal(["1", "4"], table.Column("allocation"));

        // A date no text can show (DuckDB's 'infinity') is an error at its row, and a list column says it is nested.
        var infinite = Duck("inf.parquet", "SELECT * FROM (VALUES ('a', 1, 5, DATE '2024-01-02'), ('b', 1, 5, 'infinity'::DATE)) t(unit, weight, total, day)");
        (exit, _, stderr) = CliHarness.Run("apportion", "--input", infinite, "--output", P("o2.csv"));
        Assert.Equal(3, exit);
        Assert.Contains("row 2", stderr, StringComparison.Ordinal);
        Assert.Contains("outside years 1–9999", stderr, StringComparison.Ordinal);
        var nested = Duck("list.parquet", "SELECT 'a' AS unit, 1 AS weight, 5 AS total, [1, 2] AS tags");
        (exit, _, stderr) = CliHarness.Run("apportion", "--input", nested, "--output", P("o3.csv"));
        Assert.Equal(3, exit);
        Assert.Contains("column 'tags' is nested", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void LotsListingEveryUnitOfALargeGroup_DecideTheTieInDrawnOrder_AndARepeatIsNamedAtItsRow()
    {
        // The lots reader found each listed unit by scanning its group (O(m) per row): a drawn order of one 10^5-unit
        // group took 34 s against 0.25 s without it (measured, not asserted: tests do not time). It now looks units up
        // by key; this pins the answers of that lookup on a group of 5,000.
        const int n = 5_000;
        var input = P("in.csv");
        var lots = P("lots.csv");
        File.WriteAllText(input, "unit,weight,total\n" + string.Concat(Enumerable.Range(0, n).Select(i => $"u{i:D5},1,{n / 2}\n")));
        File.WriteAllText(lots, "unit\n" + string.Concat(Enumerable.Range(0, n).Reverse().Select(i => $"u{i:D5}\n")));
        var (exit, _, stderr) = CliHarness.Run("apportion", "--input", input, "--lots", lots, "--output", P("o.csv"));
        Assert.True(exit == 0, stderr);
        var allocation = File.ReadAllLines(P("o.csv")).Skip(1).Select(l => l[^1]).ToArray();
        Assert.Equal(Enumerable.Repeat('0', n / 2).Concat(Enumerable.Repeat('1', n / 2)), allocation);

        File.AppendAllText(lots, "u04000\n");
        (exit, _, stderr) = CliHarness.Run("apportion", "--input", input, "--lots", lots, "--output", P("o2.csv"));
        Assert.Equal(3, exit);
        Assert.Contains($"lots.csv row {n + 1}: [u04000] the drawn order names unit 'u04000' of group '' twice.", stderr, StringComparison.Ordinal);
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
    [InlineData("total", "1e5000", "E_TOTAL_NOT_INTEGER", "above the largest total, 9223372036854775807")]
    [InlineData("weight", "1e-5000", "E_BAD_NUMBER", "weight '1e-5000' has an exponent beyond ±4000")]
    [InlineData("weight", "1x5", "E_BAD_NUMBER", "weight '1x5' is not a decimal number")]
    public void TableNumberOutOfRange_IsNamedForWhatItIs_NotAsNotANumber(string column, string value, string code, string message)
    {
        // "total '1E+20' is not a non-negative integer" was false: it is one, only too large for a count; and
        // "weight '1e-5000' is not a decimal number" was false too: it is one, beyond the reader's exponent limit.
        var input = P("in.csv");
        File.WriteAllText(input, column switch
        {
            "total" => $"unit,weight,total\na,1,{value}\n",
            "weight" => $"unit,weight,total\na,{value},5\n",
            _ => $"unit,weight,cap\na,1,{value}\n",
        });
        var args = column is "total" or "weight"
            ? new[] { "apportion", "--input", input, "--output", P("o.csv") }
            : ["apportion", "--input", input, "--output", P("o.csv"), "--total", "5", "--method", "proportional", "--max-column", "cap"];
        var (exit, _, stderr) = CliHarness.Run(args);
        Assert.Equal(3, exit);
        Assert.Contains(code, stderr, StringComparison.Ordinal);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }
}
