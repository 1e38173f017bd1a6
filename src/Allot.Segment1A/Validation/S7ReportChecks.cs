using System.Globalization;
using System.Text.Json;
using Allot.Segment1A.Events;
using Allot.Segment1A.Inputs;

namespace Allot.Segment1A.Validation;

/// <summary>
/// Checks an S7 run report (read back as the typed <see cref="S7RunReport"/>) against the replay: lineage,
/// merchants, domestic-only merchants, rows, events per family, draws and blocks totals, fallback rungs, and the cache
/// file list (not the cache's SHA-256: the cache is judged by its rows, and another producer may rewrite it). Counters are read exactly (a value that does not fit its type is a malformed report, never
/// wrapped). Counter mismatches are <c>RNG_ACCOUNTING_FAIL</c>; a missing or unreadable report is
/// <c>E_UPSTREAM_MISSING</c>.
/// </summary>
internal static class S7ReportChecks
{
    public static void Check(string path, S7Inputs inputs, string runId, S7TraceTotals gamma, S7TraceTotals residual, string cacheSha, IReadOnlyList<string> cacheFiles)
    {
        if (!File.Exists(path))
        {
            throw S7Errors.Fail(S7Errors.UpstreamMissing, $"the run report of run {runId} is missing.", path);
        }

        S7RunReport r;
        try
        {
            r = S7RunReport.Read(path);
        }
        catch (JsonException ex)
        {
            throw S7Errors.Fail(S7Errors.UpstreamMissing, $"the run report cannot be read: {ex.Message}", path);
        }

        var lineage = inputs.Lineage;
        var countries = inputs.Countries;
        long domestic = 0;
        for (var k = 0; k < countries.MerchantCount; k++)
        {
            domestic += countries.CountryCount(k) == 1 ? 1 : 0;
        }

        Same(path, "run_id", r.RunId, runId);
        Same(path, "seed", r.Seed.ToString(CultureInfo.InvariantCulture), lineage.Seed.ToString(CultureInfo.InvariantCulture));
        Same(path, "parameter_hash", r.ParameterHash, lineage.ParameterHash);
        Same(path, "manifest_fingerprint", r.ManifestFingerprint, lineage.ManifestFingerprint);
        Same(path, "nb_final_run_id", r.NbFinalRunId, inputs.NbRunId);
        Same(path, "merchants", r.Merchants, countries.MerchantCount);
        Same(path, "domestic_only", r.DomesticOnly, domestic);
        Same(path, "rows", r.Rows, countries.RowCount);
        Same(path, "events." + S7Names.GammaLabel, (ulong)r.Events.DirichletGammaVector, gamma.Events);
        Same(path, "events." + S7Names.ResidualLabel, (ulong)r.Events.ResidualRank, residual.Events);
        Same(path, "draws_total", r.DrawsTotal, gamma.Draws);
        Same(path, "blocks_total", r.BlocksTotal, gamma.Blocks);
        foreach (var (rung, count) in S7Runner.RungCounts(inputs.Rungs))
        {
            Same(path, "fallback_rungs." + rung, r.FallbackRungs.TryGetValue(rung, out var v) ? v : -1, count);
        }

        // The cache is judged by its rows (the replay), so a cache rewritten by another Parquet producer with identical
        // rows validates (60-data-plane, producer matrix): its bytes, and so its receipt, may differ from the report's.
        _ = cacheSha;
        Same(path, "cache.files", string.Join(", ", r.Cache.Files), string.Join(", ", cacheFiles));
    }

    private static void Same<T>(string path, string field, T actual, T expected)
        where T : IEquatable<T>
    {
        if (!actual.Equals(expected))
        {
            throw S7Errors.Fail(S7Errors.RngAccounting, $"the run report's {field} is {actual}; the replay gives {expected}.", path, key: field);
        }
    }
}
