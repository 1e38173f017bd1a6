using System.Text.Json;
using System.Text.Json.Nodes;
using Allot.Data.Diagnostics;
using Allot.Segment1B.Allocation;

namespace Allot.Segment1B.Reporting;

/// <summary>Builds <c>s4_run_report.json</c> (written with sorted keys and a 2-space indent by <see cref="Data.Reports.CanonicalJson"/>).</summary>
public static class S4RunReport
{
    /// <summary>Name of the streamed per-merchant array.</summary>
    public const string SummariesKey = "merchant_summaries";

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
            ["timings_seconds"] = timingNode,
        };
    }

    /// <summary>
    /// Writes the report atomically: <paramref name="head"/>'s fields plus <c>merchant_summaries</c>, streamed
    /// merchant by merchant (a plan with millions of merchants never holds its summaries in memory), all keys sorted.
    /// </summary>
    public static void Write(string path, JsonObject head, RequirementPairs pairs, int[] rowsPerPair)
    {
        Data.Publishing.PartitionPublisher.WriteFileAtomically(path, stream =>
        {
            using var writer = new Utf8JsonWriter(stream, Data.Reports.CanonicalJson.IndentedOptions);
            writer.WriteStartObject();
            var keys = head.Select(p => p.Key).Append(SummariesKey).Order(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                writer.WritePropertyName(key);
                if (key != SummariesKey)
                {
                    Data.Reports.CanonicalJson.WriteNode(writer, head[key]);
                    continue;
                }

                writer.WriteStartArray();
                var written = 0;
                foreach (var m in EnumerateSummaries(pairs, rowsPerPair))
                {
                    // Keys in sorted order: countries, merchant_id, n_sites_total, pairs, tiles.
                    writer.WriteStartObject();
                    writer.WriteNumber("countries", m.Countries);
                    writer.WriteNumber("merchant_id", m.MerchantId);
                    writer.WriteNumber("n_sites_total", m.NSitesTotal);
                    writer.WriteNumber("pairs", m.Pairs);
                    writer.WriteNumber("tiles", m.Tiles);
                    writer.WriteEndObject();
                    if (++written % 8192 == 0)
                    {
                        writer.Flush();
                    }
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.Flush();
            stream.WriteByte((byte)'\n');
        });
    }

    /// <summary>The per-merchant summaries in merchant order (pairs must be sorted by merchant).</summary>
    public static IEnumerable<MerchantSummary> EnumerateSummaries(RequirementPairs pairs, int[] rowsPerPair)
    {
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

            yield return new MerchantSummary(merchant, countries, countries, tiles, sites);
        }
    }
}
