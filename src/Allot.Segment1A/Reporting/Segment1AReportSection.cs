using System.Globalization;
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
    // The α lookup's order (most to least specific), for the chart; the report stores rungs by name.
    private static readonly string[] RungOrder = ["home_mcc_channel", "home_channel", "home", "symmetric"];

    /// <summary>Reads the S7 run report (<paramref name="runReport"/>) and scans the cache; replays every merchant when asked.</summary>
    public static ReportSection Build(string runReport, S7InputOptions inputs, bool validate)
    {
        var section = new ReportSection("Segment 1A — S7 Dirichlet allocation and integerisation", "Dirichlet country weights from the Philox2x64-10 stream, then largest-remainder integerisation with 8-dp residuals and ISO tie order.");
        var r = S7RunReport.Read(runReport);

        // The validator checks this first; without it a half-published set would be read as a run. The run report
        // names every target of the set (its own folder included).
        var targets = r.Paths.Values.Select(t => Path.GetFullPath(Path.IsPathRooted(t) ? t : Path.Combine(inputs.DataRoot, t))).Append(Path.GetDirectoryName(Path.GetFullPath(runReport))!);
        if (!validate && !section.FailIfThrows("published whole (no interrupted commit)", () => PublishJournal.ThrowIfHalfPublished(Path.GetFullPath(inputs.DataRoot), targets, $"allot gc --data-root {inputs.DataRoot}")).AllPassed)
        {
            return section;
        }

        section.Number("merchants", r.Merchants)
            .Number("domestic-only merchants", r.DomesticOnly)
            .Number("cache rows (merchant × country)", r.Rows)
            .Number("dirichlet_gamma_vector events", r.Events.DirichletGammaVector)
            .Number("residual_rank events", r.Events.ResidualRank)
            .Number("RNG draws / blocks", string.Create(CultureInfo.InvariantCulture, $"{r.DrawsTotal} / {r.BlocksTotal}"))
            .Number("run_id", r.RunId)
            .Number("cache sha256", r.Cache.Sha256);

        var cachePath = r.Paths["ranking_residual_cache_1A"];
        if (!Path.IsPathRooted(cachePath))
        {
            cachePath = Path.Combine(inputs.DataRoot, cachePath);
        }

        var actual = DeterminismReceipt.ComputeSha256Hex(cachePath);
        section.Check("cache determinism receipt matches", r.Cache.Sha256 == actual, $"sha256 {actual}");
        section.Check("one residual_rank event per cache row", r.Events.ResidualRank == r.Rows, "events = rows");
        if (validate)
        {
            try
            {
                var v = S7Validator.Validate(new S7ValidationOptions(inputs, r.RunId));
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
        var rungs = r.FallbackRungs.OrderBy(p => Array.IndexOf(RungOrder, p.Key) is var i && i < 0 ? int.MaxValue : i).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)).ToList();
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
