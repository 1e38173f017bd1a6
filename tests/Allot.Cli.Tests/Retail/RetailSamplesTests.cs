namespace Allot.Cli.Tests.Retail;

/// <summary>The README quick start: the committed samples under samples/retail allocate and validate for A and B.</summary>
public class RetailSamplesTests
{
    private static string Samples()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Allot.slnx")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return Path.Combine(dir ?? throw new InvalidOperationException("repository root not found"), "samples", "retail");
    }

    [Theory]
    [InlineData("A")]
    [InlineData("B")]
    public void CommittedSamples_AllocateAndValidate(string half)
    {
        using var h = new RetailCliHarness();
        var (exit, stdout, stderr) = h.Run("retail", "allocate", "--target-yyyymm", "202509", "--target-period", half, "--input-dir", Samples(), "--output-dir", h.Path("out"));
        var warnings = RetailCliHarness.Status(h.Path("out"), "202509" + half) == "warnings";
        Assert.True(exit == (warnings ? 6 : 0), stderr);
        Assert.Contains(warnings ? "COMPLETED WITH WARNINGS" : "all checks pass", stdout, StringComparison.Ordinal);
        var expected = half == "A" ? "fast_fish_with_trends_business_enriched_202509A.csv (newest *with_trends_business_enriched*202509A*.csv)" : "enhanced_fast_fish_format_202509B.csv (newest *fast_fish_format*202509B*.csv)";
        Assert.Contains("  read group_recommendations: ", stdout, StringComparison.Ordinal);
        Assert.Contains(expected, stdout, StringComparison.Ordinal); // which file, found how
        Assert.Contains(half == "A" ? "complete_category_sales_202409A.csv (the same half-month a year earlier)" : "complete_category_sales_2024Q3_combined.csv (newest quarter", stdout, StringComparison.Ordinal);

        // The samples name stores that store meta lacks (01006, 01034, S99999 in period A): said, with examples.
        Assert.Matches(@"  note: \d+ store\(s\) have no row in store_level_plugin_output\.csv, so their capacity is unknown and they take the default cap: ", stdout);
        var validate = h.Run("retail", "validate", "--target-yyyymm", "202509", "--target-period", half, "--output-dir", h.Path("out"));
        Assert.True(validate.Exit == (warnings ? 6 : 0), validate.Stderr);
        Assert.False(Directory.EnumerateFileSystemEntries(Samples(), "*step32*", SearchOption.AllDirectories).Any(), "samples must stay untouched");
    }

    [Fact]
    public void SampleRow26_NoExcludedStoreGetsAUnit_AtMostOneAboveCap_RestReportedAsWarning()
    {
        // Issue #11: row 26 (ΔQty 303) gave 8 units to each store over CAPACITY_MAX_UTIL and every report said
        // "all checks pass". Now excluded stores get nothing, eligible stores at most ALLOC_MAX_RELAX_PER_STORE (1)
        // above cap, and the rest is the row's unallocatable_units, with exit code 6.
        using var h = new RetailCliHarness();
        var (exit, stdout, stderr) = h.Run("retail", "allocate", "--target-yyyymm", "202509", "--target-period", "A", "--input-dir", Samples(), "--output-dir", h.Path("out"));
        Assert.True(exit == 6, stderr);
        Assert.Contains("COMPLETED WITH WARNINGS", stdout, StringComparison.Ordinal);
        using var recon = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(h.Path("out/allocation_reconciliation_202509A.json")));
        var row = recon.RootElement.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("source_row").GetInt64() == 26);
        Assert.Equal(303, row.GetProperty("delta_qty").GetInt64());
        Assert.Equal("warning", row.GetProperty("status").GetString());
        var allocated = row.GetProperty("allocated").GetInt64();
        var unallocatable = row.GetProperty("unallocatable_units").GetInt64();
        Assert.True(unallocatable > 0);
        Assert.Equal(303, allocated + unallocatable);
        Assert.Equal(unallocatable, row.GetProperty("residual").GetInt64());

        var lines = File.ReadAllLines(h.Path("out/store_level_recommendations_allocated_202509A.csv"));
        var header = Cells(lines[0].TrimStart('\uFEFF'));
        int qtyCol = header.IndexOf("Delta_Qty_Store"), capCol = header.IndexOf("cap_store"), codesCol = header.IndexOf("reason_codes"), rowCol = header.IndexOf("source_row");
        long sum = 0, relaxedLines = 0;
        foreach (var cells in lines.Skip(1).Select(Cells).Where(c => c[rowCol] == "26"))
        {
            var qty = long.Parse(cells[qtyCol], System.Globalization.CultureInfo.InvariantCulture);
            var cap = long.Parse(cells[capCol], System.Globalization.CultureInfo.InvariantCulture);
            Assert.DoesNotContain("OVER_CAPACITY", cells[codesCol], StringComparison.Ordinal);
            Assert.InRange(qty, 1, cap + 1);
            relaxedLines += qty > cap ? 1 : 0;
            sum += qty;
        }

        Assert.Equal(allocated, sum);
        Assert.Equal(row.GetProperty("relaxed_units").GetInt64(), relaxedLines);
    }

    [Fact]
    public void SampleRow26_SpotCheckSaysWhy_FromTheReconciliationsNumbers()
    {
        // "See at a glance which rows could not be placed and why": the review table named the counts, not the cause.
        using var h = new RetailCliHarness();
        h.Run("retail", "allocate", "--target-yyyymm", "202509", "--target-period", "A", "--input-dir", Samples(), "--output-dir", h.Path("out"));
        using var recon = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(h.Path("out/allocation_reconciliation_202509A.json")));
        var row = recon.RootElement.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("source_row").GetInt64() == 26);
        var relaxed = row.GetProperty("relaxed_units").GetInt64();
        var excluded = row.GetProperty("stores_excluded").GetInt64();
        var stores = row.GetProperty("stores_in_group").GetInt64();

        // Relaxation starts once every cap is full, so the caps' room is what was allocated less what went above them.
        var room = row.GetProperty("allocated").GetInt64() - relaxed;
        var why = string.Join("; ", new[]
        {
            excluded > 0 ? $"{excluded} of {stores} stores excluded (over capacity or listed)" : null,
            $"room for {room} of 303 units under the caps",
            $"{relaxed} placed above caps (at most 1 per store)",
        }.Where(p => p is not null));
        var page = File.ReadAllText(h.Path("out/allocation_spot_check_202509A.html"));
        Assert.Contains($"<td class=\"n\">26</td>", page, StringComparison.Ordinal);
        Assert.Contains($"<td class=\"why\">{why}</td>", page, StringComparison.Ordinal);
    }

    /// <summary>The cells of one RFC 4180 line without embedded newlines (enough for the pick list's one-line cells).</summary>
    private static List<string> Cells(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(ch);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }
}
