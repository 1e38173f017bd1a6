using System.Text.Json.Nodes;
using Allot.Data.Diagnostics;
using Allot.Engine.Segment1B.Allocation;

namespace Allot.Engine.Segment1B.Reporting;

/// <summary>Builds <c>s4_run_report.json</c> (written with sorted keys and a 2-space indent by <see cref="Data.Reports.CanonicalJson"/>).</summary>
public static class S4RunReport
{
    /// <summary>Every field the validator requires (merchant_summaries and timings are optional).</summary>
    public static readonly IReadOnlyList<string> RequiredFields =
    [
        "seed", "manifest_fingerprint", "parameter_hash", "rows_emitted", "merchants_total", "pairs_total",
        "shortfall_total", "ties_broken_total", "alloc_sum_equals_requirements", "ingress_versions",
        "determinism_receipt", "bytes_read_s3", "bytes_read_weights", "bytes_read_index", "wall_clock_seconds_total",
        "cpu_seconds_total", "workers_used", "max_worker_rss_bytes", "open_files_peak",
    ];

    /// <summary>The report of one run.</summary>
    public static JsonObject Build(Segment1BLayout layout, S4Inputs inputs, PlanTotals totals, string sha256Hex, RunMeasurement meter, IReadOnlyDictionary<string, double> timings)
    {
        var id = layout.Identity;
        var timingNode = new JsonObject();
        foreach (var (k, v) in timings)
        {
            timingNode[k] = Math.Round(v, 6);
        }

        return new JsonObject
        {
            ["seed"] = id.Seed,
            ["manifest_fingerprint"] = id.ManifestFingerprint,
            ["parameter_hash"] = id.ParameterHash,
            ["rows_emitted"] = totals.RowsEmitted,
            ["merchants_total"] = totals.MerchantsTotal,
            ["pairs_total"] = totals.PairsTotal,
            ["shortfall_total"] = totals.ShortfallTotal,
            ["ties_broken_total"] = totals.TiesBrokenTotal,
            ["alloc_sum_equals_requirements"] = totals.AllocSumEqualsRequirements,
            ["ingress_versions"] = new JsonObject { ["iso3166"] = layout.IsoVersion },
            ["determinism_receipt"] = new JsonObject { ["partition_path"] = layout.AllocPlanRelative, ["sha256_hex"] = sha256Hex },
            ["bytes_read_s3"] = inputs.BytesReadRequirements,
            ["bytes_read_weights"] = inputs.BytesReadWeights,
            ["bytes_read_index"] = inputs.BytesReadIndex,
            ["wall_clock_seconds_total"] = Math.Round(meter.WallClockSeconds, 6),
            ["cpu_seconds_total"] = Math.Round(meter.CpuSeconds, 6),
            ["workers_used"] = totals.WorkersUsed,
            ["max_worker_rss_bytes"] = meter.PeakResidentBytes,
            ["open_files_peak"] = meter.OpenFilesPeak,
            ["merchant_summaries"] = MerchantSummaries(inputs.Pairs, totals.RowsPerPair),
            ["timings_seconds"] = timingNode,
        };
    }

    /// <summary>
    /// Per merchant: <c>countries</c> (distinct legal countries), <c>pairs</c> ((merchant, country) pairs — the
    /// original engine put the tile count here), <c>tiles</c> (plan rows), <c>n_sites_total</c>.
    /// </summary>
    public static JsonArray MerchantSummaries(RequirementPairs pairs, int[] rowsPerPair)
    {
        var list = new JsonArray();
        var i = 0;
        while (i < pairs.Count)
        {
            var merchant = pairs.MerchantIds[i];
            long countries = 0, tiles = 0, sites = 0;
            for (; i < pairs.Count && pairs.MerchantIds[i] == merchant; i++)
            {
                countries++;
                tiles += rowsPerPair[i];
                sites += pairs.NSites[i];
            }

            list.Add(new JsonObject
            {
                ["merchant_id"] = merchant,
                ["countries"] = countries,
                ["pairs"] = countries,
                ["tiles"] = tiles,
                ["n_sites_total"] = sites,
            });
        }

        return list;
    }
}
