using System.Text.Json;
using System.Text.Json.Nodes;
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
        JsonObject report;
        try
        {
            report = StreamingReportReader.Read(path, S4RunReport.SummariesKey, item =>
            {
                var a = item ?? throw Fail(path, $"merchant_summaries[{seen}] is not an object.");
                legacy ??= a["tiles"] is null;
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
            throw Fail(path, $"the run report is not valid JSON: {ex.Message}");
        }

        if (report.ContainsKey(S4RunReport.SummariesKey))
        {
            throw Fail(path, "merchant_summaries must be an array.");
        }

        if (seen > 0 && summaries.MoveNext())
        {
            throw Fail(path, $"merchant_summaries lists {seen} merchants; the plan has more.");
        }

        foreach (var field in S4RunReport.RequiredFields)
        {
            if (report[field] is null)
            {
                throw Fail(path, $"the run report has no '{field}'.");
            }
        }

        var id = layout.Identity;
        foreach (var (field, expected) in new[] { ("seed", id.Seed), ("manifest_fingerprint", id.ManifestFingerprint), ("parameter_hash", id.ParameterHash) })
        {
            var value = report[field]!.GetValueKind() == JsonValueKind.String ? report[field]!.GetValue<string>() : report[field]!.ToJsonString();
            if (value != expected)
            {
                throw new AllotException(new AllotError(S4Codes.TokenMismatch, ErrorClass.Validation, $"report {field} '{value}' differs from the path token '{expected}'.", File: path, Key: field));
            }
        }

        Equal(path, report, "rows_emitted", totals.RowsEmitted);
        Equal(path, report, "pairs_total", totals.PairsTotal);
        Equal(path, report, "merchants_total", totals.MerchantsTotal);
        Equal(path, report, "shortfall_total", totals.ShortfallTotal);
        Equal(path, report, "ties_broken_total", totals.TiesBrokenTotal);
        Equal(path, report, "bytes_read_s3", inputs.BytesReadRequirements);
        Equal(path, report, "bytes_read_weights", inputs.BytesReadWeights);
        Equal(path, report, "bytes_read_index", inputs.BytesReadIndex);
        if (report["alloc_sum_equals_requirements"]!.GetValueKind() != JsonValueKind.True)
        {
            throw Fail(path, "alloc_sum_equals_requirements must be true.");
        }

        foreach (var field in new[] { "wall_clock_seconds_total", "cpu_seconds_total", "max_worker_rss_bytes", "open_files_peak", "workers_used" })
        {
            if (report[field]!.GetValueKind() != JsonValueKind.Number || report[field]!.GetValue<double>() < (field == "workers_used" ? 1 : 0))
            {
                throw Fail(path, $"'{field}' must be a number ≥ {(field == "workers_used" ? 1 : 0)}.");
            }
        }

        var iso = report["ingress_versions"]?["iso3166"];
        if (iso?.GetValueKind() != JsonValueKind.String || iso.GetValue<string>() != layout.IsoVersion)
        {
            throw Fail(path, $"ingress_versions.iso3166 is {iso?.ToJsonString() ?? "missing"}; the dictionary declares \"{layout.IsoVersion}\".");
        }

        var receipt = report["determinism_receipt"] as JsonObject;
        var partition = receipt?["partition_path"]?.GetValueKind() == JsonValueKind.String ? receipt["partition_path"]!.GetValue<string>() : null;
        var hash = receipt?["sha256_hex"]?.GetValueKind() == JsonValueKind.String ? receipt["sha256_hex"]!.GetValue<string>() : null;
        var normalised = partition?.Replace('\\', '/').TrimEnd('/');
        if (normalised is null || !(normalised == layout.AllocPlanRelative || normalised.EndsWith("/" + layout.AllocPlanRelative, StringComparison.Ordinal)))
        {
            throw Fail(path, $"determinism_receipt.partition_path '{partition}' does not name {layout.AllocPlanRelative}.");
        }

        if (hash != sha256)
        {
            throw Fail(path, $"determinism_receipt.sha256_hex {hash} differs from the partition's actual hash {sha256}: the partition or the report was changed.");
        }

        return legacy ?? false;
    }

    private static void CheckSummary(string path, JsonObject a, MerchantSummary e, bool legacy, int i)
    {
        var prefix = $"merchant_summaries[{i}].";
        Equal(path, a, "merchant_id", e.MerchantId, prefix);
        Equal(path, a, "countries", e.Countries, prefix);
        Equal(path, a, "n_sites_total", e.NSitesTotal, prefix);
        Equal(path, a, "pairs", legacy ? e.Tiles : e.Pairs, prefix);
        if (!legacy)
        {
            Equal(path, a, "tiles", e.Tiles, prefix);
        }
    }

    private static void Equal(string path, JsonObject node, string field, long expected, string prefix = "")
    {
        var value = node[field];
        if (value is null || value.GetValueKind() != JsonValueKind.Number || !value.AsValue().TryGetValue<long>(out var actual) || actual != expected)
        {
            throw Fail(path, $"{prefix}{field} is {value?.ToJsonString() ?? "missing"}; the recomputed value is {expected}.");
        }
    }

    private static AllotException Fail(string path, string message) =>
        new(new AllotError(S4Codes.Determinism, ErrorClass.Validation, message, File: path));
}
