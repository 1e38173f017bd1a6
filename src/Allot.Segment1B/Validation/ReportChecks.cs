using System.Text.Json;
using Allot.Core.Errors;
using Allot.Segment1B.Allocation;
using Allot.Segment1B.Reporting;

namespace Allot.Segment1B.Validation;

/// <summary>
/// Checks <c>s4_run_report.json</c> against the recomputed plan: presence and types of every field (E409),
/// lineage tokens (E410), counters, bytes read, the determinism receipt and merchant summaries (E409).
/// Reports written by the original engine are accepted: an absolute (Windows) <c>partition_path</c> is compared
/// by its dictionary-relative tail, and merchant summaries without a <c>tiles</c> key are read with the original
/// meaning of <c>pairs</c> (= tiles).
/// </summary>
internal static class ReportChecks
{
    public static bool Check(Segment1BLayout layout, S4Inputs inputs, PlanTotals totals, string sha256)
    {
        var path = layout.RunReport;
        if (!File.Exists(path))
        {
            throw Fail(path, "the run report is missing; re-run S4 (an identical partition is kept and the report rewritten).");
        }

        // Streamed: merchant summaries are checked one by one against the recomputation as they are read.
        var summaries = S4RunReport.EnumerateSummaries(inputs.Pairs, totals.RowsPerPair).GetEnumerator();
        var seen = 0;
        bool? legacy = null;
        S4RunReport report;
        try
        {
            report = S4RunReport.Read(path, item =>
            {
                var a = item ?? throw Fail(path, $"merchant_summaries[{seen}] is not an object.");
                legacy ??= a.Tiles is null;
                if (!summaries.MoveNext())
                {
                    throw Fail(path, $"merchant_summaries has more than the plan's {seen} merchants.");
                }

                CheckSummary(path, a, summaries.Current, legacy.Value, seen);
                seen++;
            });
        }
        catch (JsonException ex)
        {
            throw Fail(path, $"the run report is not valid: {ex.Message}");
        }

        if (seen > 0 && summaries.MoveNext())
        {
            throw Fail(path, $"merchant_summaries lists {seen} merchants; the plan has more.");
        }

        var id = layout.Identity;
        foreach (var (field, value, expected) in new[]
        {
            ("seed", report.Seed, id.Seed),
            ("manifest_fingerprint", report.ManifestFingerprint, id.ManifestFingerprint),
            ("parameter_hash", report.ParameterHash, id.ParameterHash),
        })
        {
            if (value != expected)
            {
                throw ErrorCatalogue.FailAs(ErrorClass.Validation, S4Codes.TokenMismatch, $"report {field} '{value}' differs from the path token '{expected}'.", new ErrorLocation(File: path, KeyFields: [new(field, value)]));
            }
        }

        Equal(path, "rows_emitted", report.RowsEmitted, totals.RowsEmitted);
        Equal(path, "pairs_total", report.PairsTotal, totals.PairsTotal);
        Equal(path, "merchants_total", report.MerchantsTotal, totals.MerchantsTotal);
        Equal(path, "shortfall_total", report.ShortfallTotal, totals.ShortfallTotal);
        Equal(path, "ties_broken_total", report.TiesBrokenTotal, totals.TiesBrokenTotal);
        Equal(path, "bytes_read_s3", report.BytesReadS3, inputs.BytesReadRequirements);
        Equal(path, "bytes_read_weights", report.BytesReadWeights, inputs.BytesReadWeights);
        Equal(path, "bytes_read_index", report.BytesReadIndex, inputs.BytesReadIndex);
        if (!report.AllocSumEqualsRequirements)
        {
            throw Fail(path, "alloc_sum_equals_requirements must be true.");
        }

        foreach (var (field, value, min) in new[]
        {
            ("wall_clock_seconds_total", report.WallClockSecondsTotal, 0.0),
            ("cpu_seconds_total", report.CpuSecondsTotal, 0.0),
            ("max_worker_rss_bytes", report.MaxWorkerRssBytes, 0.0),
            ("open_files_peak", report.OpenFilesPeak, 0.0),
            ("workers_used", report.WorkersUsed, 1.0),
        })
        {
            if (!(value >= min))
            {
                throw Fail(path, $"'{field}' must be a number ≥ {min}.");
            }
        }

        if (report.IngressVersions.Iso3166 != layout.IsoVersion)
        {
            throw Fail(path, $"ingress_versions.iso3166 is \"{report.IngressVersions.Iso3166}\"; the dictionary declares \"{layout.IsoVersion}\".");
        }

        var partition = report.DeterminismReceipt.PartitionPath;
        var normalised = partition.Replace('\\', '/').TrimEnd('/');
        if (!(normalised == layout.AllocPlanRelative || normalised.EndsWith("/" + layout.AllocPlanRelative, StringComparison.Ordinal)))
        {
            throw Fail(path, $"determinism_receipt.partition_path '{partition}' does not name {layout.AllocPlanRelative}.");
        }

        if (report.DeterminismReceipt.Sha256Hex != sha256)
        {
            throw Fail(path, $"determinism_receipt.sha256_hex {report.DeterminismReceipt.Sha256Hex} differs from the partition's actual hash {sha256}: the partition or the report was changed.");
        }

        return legacy ?? false;
    }

    private static void CheckSummary(string path, MerchantSummary a, MerchantSummary e, bool legacy, int i)
    {
        var prefix = $"merchant_summaries[{i}].";
        Equal(path, prefix + "merchant_id", a.MerchantId, e.MerchantId);
        Equal(path, prefix + "countries", a.Countries, e.Countries);
        Equal(path, prefix + "n_sites_total", a.NSitesTotal, e.NSitesTotal);
        Equal(path, prefix + "pairs", a.Pairs, legacy ? e.Tiles!.Value : e.Pairs);
        if (!legacy)
        {
            Equal(path, prefix + "tiles", a.Tiles ?? -1, e.Tiles!.Value);
        }
    }

    private static void Equal(string path, string field, Int128 actual, Int128 expected)
    {
        if (actual != expected)
        {
            throw Fail(path, $"{field} is {actual}; the recomputed value is {expected}.");
        }
    }

    private static AllotException Fail(string path, string message) =>
        ErrorCatalogue.FailAs(ErrorClass.Validation, S4Codes.Determinism, message, new ErrorLocation(File: path));
}
