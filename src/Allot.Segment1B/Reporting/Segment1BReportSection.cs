using Allot.Core.Errors;
using Allot.Data.Parquet;
using Allot.Data.Publishing;
using Allot.Reporting;
using Allot.Segment1B;
using Allot.Segment1B.Validation;

namespace Allot.Segment1B.Reporting;

/// <summary>The run-report section of Segment 1B S4, built from its run report and plan partition.</summary>
public static class Segment1BReportSection
{
    /// <summary>Reads the run report and scans the plan; runs <c>validate-s4</c> when asked.</summary>
    public static ReportSection Build(Segment1BLayout layout, bool validate)
    {
        var section = new ReportSection("Segment 1B — S4 tile allocation plan", "Each merchant×country n_sites split over the country's tiles by fixed-decimal weights (largest remainder, ties by tile_id).");
        if (!validate && !section.FailIfThrows("published whole (no interrupted commit)", () => S4Validator.ThrowIfHalfPublished(layout)).AllPassed)
        {
            // The validator checks this first; without it a half-published set would be read as a run.
            return section;
        }

        if (!File.Exists(layout.RunReport))
        {
            // Tokens of a run that never happened here (it was E_IO, 74, "Could not find a part of the path").
            throw ErrorCatalogue.FailAs(ErrorClass.Validation, S4Codes.Determinism, "no S4 run report for these seed/fingerprint/parameter_hash tokens under this data root; run allot segment1b run with them first, or check the tokens.", new ErrorLocation(File: layout.RunReport));
        }

        S4RunReport r;
        try
        {
            r = S4RunReport.Read(layout.RunReport, _ => { });
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw ErrorCatalogue.FailAs(ErrorClass.Validation, S4Codes.Determinism, $"the S4 run report is not valid: {ex.Message}", new ErrorLocation(File: layout.RunReport));
        }

        section.Number("merchants", r.MerchantsTotal)
            .Number("merchant×country pairs", r.PairsTotal)
            .Number("plan rows (tiles with ≥ 1 site)", r.RowsEmitted)
            .Number("+1 increments (shortfall total)", r.ShortfallTotal)
            .Number("increments decided by the tile_id rule", r.TiesBrokenTotal)
            .Number("workers", r.WorkersUsed)
            .Number("wall clock (s)", r.WallClockSecondsTotal.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture))
            .Number("peak RSS (MiB)", (r.MaxWorkerRssBytes / (1024.0 * 1024)).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));

        section.Check("allocations sum to requirements", r.AllocSumEqualsRequirements, "alloc_sum_equals_requirements in the run report");
        var receipt = r.DeterminismReceipt.Sha256Hex;
        var actual = DeterminismReceipt.ComputeSha256Hex(layout.AllocPlan);
        section.Check("determinism receipt matches the partition", receipt == actual, $"sha256 {actual}");
        if (validate)
        {
            try
            {
                S4Validator.Validate(layout);
                section.Check("allot segment1b validate-s4", true, "plan recomputed from the inputs: exact equality, schema, sort, PK, tie rule, coverage, report");
            }
            catch (AllotException ex)
            {
                section.Check("allot segment1b validate-s4", false, ex.Error.ToString());
            }
        }

        var (tilesPerPair, sitesPerTile) = ScanPlan(layout.AllocPlan);
        section.Figure(SvgBarChart.Render("Tiles per merchant×country pair", SvgBarChart.Histogram(tilesPerPair), "tiles receiving sites", "pairs", "s4-tiles-per-pair"), "How many tiles each pair's sites were spread over.");
        section.Figure(SvgBarChart.Render("Sites per tile", SvgBarChart.Histogram(sitesPerTile), "n_sites_tile", "plan rows", "s4-sites-per-tile"), "Distribution of n_sites_tile over the plan's rows.");
        return section;
    }

    /// <summary>One streaming pass over the plan (sorted by merchant, country, tile): pair run lengths and site counts.</summary>
    private static (List<long> TilesPerPair, List<long> SitesPerTile) ScanPlan(string partition)
    {
        var tilesPerPair = new List<long>();
        var sitesPerTile = new List<long>();
        var data = ParquetDataset.TryOpen(partition);
        if (data is null)
        {
            return (tilesPerPair, sitesPerTile);
        }

        var cols = new[]
        {
            new ParquetColumnSpec("merchant_id", ParquetColumnKind.Int64),
            new ParquetColumnSpec("legal_country_iso", ParquetColumnKind.String),
            new ParquetColumnSpec("n_sites_tile", ParquetColumnKind.Int64),
        };
        long lastMerchant = long.MinValue;
        string? lastIso = null;
        long run = 0;
        foreach (var batch in data.ReadBatches(cols, "E405_SCHEMA_INVALID"))
        {
            var m = batch.Int64("merchant_id");
            var iso = batch.String("legal_country_iso");
            var n = batch.Int64("n_sites_tile");
            for (var i = 0; i < batch.RowCount; i++)
            {
                if (m[i] != lastMerchant || !string.Equals(iso[i], lastIso, StringComparison.Ordinal))
                {
                    if (run > 0)
                    {
                        tilesPerPair.Add(run);
                    }

                    (lastMerchant, lastIso, run) = (m[i], iso[i], 0);
                }

                run++;
                sitesPerTile.Add(n[i]);
            }
        }

        if (run > 0)
        {
            tilesPerPair.Add(run);
        }

        return (tilesPerPair, sitesPerTile);
    }
}
