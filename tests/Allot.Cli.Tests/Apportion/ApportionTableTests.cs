using System.Globalization;
using System.Numerics;
using System.Text;
using Allot.Core.Apportionment;
using Allot.Data.Tables;
using CsCheck;
using DuckDB.NET.Data;

namespace Allot.Cli.Tests.Apportion;

/// <summary>
/// The table path of <c>allot apportion</c> after its rewrite for a million rows (columns as character buffers,
/// 64-bit weights, one ordinal sort per group, groups in parallel): same answers as the kernel on exact rationals,
/// errors in input-row order, bytes independent of the worker count, Parquet cells echoed as a reader shows them.
/// </summary>
public sealed class ApportionTableTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("allot-cli-table-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File_(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static readonly Gen<string> Weight = Gen.Frequency(
        (6, Gen.ULong[0, 1_000_000].Select(v => v.ToString(CultureInfo.InvariantCulture))),
        (4, from v in Gen.ULong[0, 99_999_999] from s in Gen.Int[1, 8] select Scaled(v, s)),
        (1, from v in Gen.ULong[0, 999] from e in Gen.Int[-3, 3] select $"{v}e{e}"),
        (1, Gen.ULong[0, ulong.MaxValue].Select(v => v.ToString(CultureInfo.InvariantCulture) + "123")));

    private static string Scaled(ulong v, int scale)
    {
        var digits = v.ToString(CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
        return digits[..^scale] + "." + digits[^scale..];
    }

    [Fact]
    public void EveryGroup_EqualsTheKernelOnExactRationals()
    {
        var gen = from groups in Gen.Int[1, 4]
                  from rows in Gen.Select(Gen.Int[0, groups - 1], Gen.String[Gen.Char["abcé"], 1, 3], Weight).Array[1, 25]
                  from totals in Gen.Long[0, 1000].Array[groups]
                  select (rows, totals);
        var n = 0;
        gen.Sample(x =>
        {
            // Unique unit keys per group (a repeated key is an error, tested elsewhere).
            var rows = x.rows.DistinctBy(r => (r.Item1, r.Item2)).ToArray();
            var csv = new StringBuilder("g,unit,weight,total\n");
            foreach (var (g, u, w) in rows)
            {
                csv.Append(CultureInfo.InvariantCulture, $"g{g},{u},{w},{x.totals[g]}\n");
            }

            var input = File_($"in{n}.csv", csv.ToString());
            var output = Path.Combine(_dir, $"out{n++}.csv");
            var (exit, _, stderr) = CliHarness.Run("apportion", "--input", input, "--group-column", "g", "--output", output);
            var expected = new Dictionary<(int, string), long>();
            foreach (var group in rows.GroupBy(r => r.Item1))
            {
                var units = group.ToArray();
                var weights = ExactWeights.FromRationals(units.Select(r => { ExactNumber.TryParse(r.Item3, out var e); return (e.Numerator, e.Denominator); }).ToArray());
                if (weights.NumeratorSum.IsZero && x.totals[group.Key] > 0)
                {
                    Assert.Equal(3, exit);
                    return;
                }

                var outcome = Core.Apportionment.Apportion.Units(x.totals[group.Key], weights, ApportionmentMethod.Hamilton, new ApportionmentOptions { TieKeys = TieKeys.FromOrdinalStrings(units.Select(r => r.Item2).ToArray()) });
                for (var i = 0; i < units.Length; i++)
                {
                    expected[(group.Key, units[i].Item2)] = outcome.Allocation[i];
                }
            }

            Assert.True(exit == 0, stderr);
            var lines = File.ReadAllLines(output).Skip(1).ToArray();
            Assert.Equal(rows.Length, lines.Length);
            for (var i = 0; i < rows.Length; i++)
            {
                var cells = lines[i].Split(',');
                Assert.Equal(expected[(rows[i].Item1, rows[i].Item2)], long.Parse(cells[^1], CultureInfo.InvariantCulture));
                Assert.Equal(rows[i].Item3, cells[2]); // the weight as written
            }
        }, iter: 60, threads: 1);
    }

    [Fact]
    public void Output_IsByteIdentical_AtOneAndTwoWorkers()
    {
        var csv = new StringBuilder("g,unit,weight,total\n");
        var rng = new Random(5);
        for (var g = 0; g < 300; g++)
        {
            var total = rng.Next(0, 5000);
            for (var u = 0; u < 20; u++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"g{g},u{u},{rng.Next(0, 1000)}.{rng.Next(0, 100)},{total}\n");
            }
        }

        var input = File_("in.csv", csv.ToString());
        var one = Path.Combine(_dir, "one.csv");
        var two = Path.Combine(_dir, "two.csv");
        Assert.Equal(0, CliHarness.Run("apportion", "--input", input, "--group-column", "g", "--workers", "1", "--output", one, "--audit", one + ".json").Exit);
        Assert.Equal(0, CliHarness.Run("apportion", "--input", input, "--group-column", "g", "--workers", "2", "--output", two, "--audit", two + ".json").Exit);
        Assert.Equal(File.ReadAllBytes(one), File.ReadAllBytes(two));
        Assert.Equal(File.ReadAllText(one + ".json").Replace("one.csv", "x", StringComparison.Ordinal), File.ReadAllText(two + ".json").Replace("two.csv", "x", StringComparison.Ordinal));
    }

    [Fact]
    public void RepeatedKey_AboveABadRow_IsTheErrorReported_AtItsSecondRow()
    {
        // Row 3 repeats row 1's key; row 4 has a bad weight: input order makes row 3 the error.
        var input = File_("dup.csv", "unit,weight,total\na,1,5\nb,2,5\na,3,5\nc,x,5\n");
        var (exit, _, stderr) = CliHarness.Run("apportion", "--input", input, "--output", Path.Combine(_dir, "o.csv"));
        Assert.Equal(3, exit);
        Assert.Contains("E_DUPLICATE_UNIT", stderr, StringComparison.Ordinal);
        Assert.Contains("row 3", stderr, StringComparison.Ordinal);

        // Without the bad row, the repeat is still found (by the per-group sort), at its second row, in any group.
        var input2 = File_("dup2.csv", "g,unit,weight,total\nx,a,1,5\ny,b,2,5\ny,c,2,5\nx,d,1,5\ny,b,3,5\nx,a,3,5\n");
        (exit, _, stderr) = CliHarness.Run("apportion", "--input", input2, "--group-column", "g", "--output", Path.Combine(_dir, "o2.csv"));
        Assert.Equal(3, exit);
        Assert.Contains("unit 'b' appears twice in group 'y'", stderr, StringComparison.Ordinal);
        Assert.Contains("row 5", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "o2.csv")));
    }

    [Fact]
    public void ParquetDoubles_AreEchoedAsReadersShowThem_AndApportionedByTheirExactBinaryValue()
    {
        var input = Path.Combine(_dir, "d.parquet");
        using (var connection = new DuckDBConnection("Data Source=:memory:"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = $"COPY (SELECT * FROM (VALUES ('a', 0.1::DOUBLE, NULL::VARCHAR, 10), ('b', 0.2::DOUBLE, '', 10), ('c', 0.7::DOUBLE, 'x', 10)) t(unit, weight, note, total)) TO '{input}' (FORMAT parquet)";
            cmd.ExecuteNonQuery();
        }

        var output = Path.Combine(_dir, "o.parquet");
        var audit = Path.Combine(_dir, "a.json");
        var (exit, _, stderr) = CliHarness.Run("apportion", "--input", input, "--output", output, "--audit", audit);
        Assert.True(exit == 0, stderr);
        var table = TableReader.Read(output);
        Assert.Equal(["0.1", "0.2", "0.7"], table.Column("weight"));
        Assert.Equal([null, string.Empty, "x"], table.Column("note")); // a null stays null, an empty string stays empty
        Assert.Equal(["1", "2", "7"], table.Column("allocation"));

        // The quota of 0.7 is the exact binary value: 0.7 is 3152519739159347/2^52, not 7/10.
        var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(audit));
        var unit = json.RootElement.GetProperty("groups")[0].GetProperty("units")[2];
        Assert.Equal("0.7", unit.GetProperty("weight").GetString());
        var den = BigInteger.Parse(unit.GetProperty("quota_exact").GetProperty("denominator").GetString()!, CultureInfo.InvariantCulture);
        Assert.True(den > 1_000_000, $"quota denominator {den} is not the binary one");
    }
}
