using System.Globalization;
using System.Text.Json;
using Allot.Core.Errors;
using Allot.Data.Parquet;
using Allot.Data.Publishing;
using Allot.Reporting;
using Allot.Segment1A.Inputs;
using Allot.Segment1A.Validation;

namespace Allot.Segment1A.Reporting;

/// <summary>The run-report section of Segment 1A S7, built from its run report and residual cache.</summary>
public static class Segment1AReportSection
{
    /// <summary>Reads the S7 run report (<paramref name="runReport"/>) and scans the cache; replays every merchant when asked.</summary>
    public static ReportSection Build(string runReport, S7InputOptions inputs, bool validate)
    {
        var section = new ReportSection("Segment 1A — S7 Dirichlet allocation and integerisation", "Dirichlet country weights from the Philox2x64-10 stream, then largest-remainder integerisation with 8-dp residuals and ISO tie order.");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(runReport));
        var r = doc.RootElement;
        var merchants = r.GetProperty("merchants").GetInt64();
        var domestic = r.GetProperty("domestic_only").GetInt64();
        section.Number("merchants", merchants)
            .Number("domestic-only merchants", domestic)
            .Number("cache rows (merchant × country)", r.GetProperty("rows").GetInt64())
            .Number("dirichlet_gamma_vector events", r.GetProperty("events").GetProperty("dirichlet_gamma_vector").GetInt64())
            .Number("residual_rank events", r.GetProperty("events").GetProperty("residual_rank").GetInt64())
            .Number("RNG draws / blocks", $"{r.GetProperty("draws_total").GetString()} / {r.GetProperty("blocks_total").GetUInt64()}")
            .Number("run_id", r.GetProperty("run_id").GetString() ?? string.Empty)
            .Number("cache sha256", r.GetProperty("cache").GetProperty("sha256").GetString() ?? string.Empty);

        var cachePath = r.GetProperty("paths").GetProperty("ranking_residual_cache_1A").GetString()!;
        if (!Path.IsPathRooted(cachePath))
        {
            cachePath = Path.Combine(inputs.DataRoot, cachePath);
        }

        var receipt = r.GetProperty("cache").GetProperty("sha256").GetString();
        var actual = DeterminismReceipt.ComputeSha256Hex(cachePath);
        section.Check("cache determinism receipt matches", receipt == actual, $"sha256 {actual}");
        section.Check("one residual_rank event per cache row", r.GetProperty("events").GetProperty("residual_rank").GetInt64() == r.GetProperty("rows").GetInt64(), "events = rows");
        if (validate)
        {
            try
            {
                var v = S7Validator.Validate(new S7ValidationOptions(inputs, r.GetProperty("run_id").GetString()));
                section.Check("allot segment1a validate-s7", true, string.Create(CultureInfo.InvariantCulture, $"{v.Merchants} merchants replayed bit for bit: events, counters, draws, ranks, cache"));
            }
            catch (AllotException ex)
            {
                section.Check("allot segment1a validate-s7", false, ex.Error.ToString());
            }
        }

        var (ranks, countryCounts) = ScanCache(cachePath);
        section.Figure(SvgBarChart.Render("Countries per merchant", SvgBarChart.Histogram(countryCounts), "|C| (country-set size)", "merchants", "s7-country-count"), "Domestic-only merchants are the bar at 1.");
        section.Figure(SvgBarChart.Render("Residual rank", SvgBarChart.Histogram(ranks), "residual_rank", "merchant × country rows", "s7-residual-rank"), "Position of each country in its merchant's residual order (1 = largest quantised residual).");
        var rungs = r.GetProperty("fallback_rungs").EnumerateObject().Select(p => (p.Name, p.Value.GetInt64())).ToList();
        section.Figure(SvgBarChart.Render("α lookup: fallback rung used", rungs, "rung", "merchants with |C| > 1", "s7-alpha-rungs"), "Which hyperparameter key supplied α: (home, mcc, channel, m), then (home, channel, m), (home, m), then symmetric τ/m.");
        return section;
    }

    private static (List<long> Ranks, List<long> CountryCounts) ScanCache(string partition)
    {
        var ranks = new List<long>();
        var counts = new List<long>();
        var data = ParquetDataset.TryOpen(partition);
        if (data is null)
        {
            return (ranks, counts);
        }

        var cols = new[]
        {
            new ParquetColumnSpec("merchant_id", ParquetColumnKind.Int64),
            new ParquetColumnSpec("residual_rank", ParquetColumnKind.Int64),
        };
        long last = long.MinValue, run = 0;
        foreach (var batch in data.ReadBatches(cols, "E_SCHEMA_INVALID"))
        {
            var m = batch.Int64("merchant_id");
            var rk = batch.Int64("residual_rank");
            for (var i = 0; i < batch.RowCount; i++)
            {
                if (m[i] != last)
                {
                    if (run > 0)
                    {
                        counts.Add(run);
                    }

                    (last, run) = (m[i], 0);
                }

                run++;
                ranks.Add(rk[i]);
            }
        }

        if (run > 0)
        {
            counts.Add(run);
        }

        return (ranks, counts);
    }
}
