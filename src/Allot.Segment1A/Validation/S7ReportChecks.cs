using System.Globalization;
using System.Text.Json;
using Allot.Data.Json;
using Allot.Segment1A.Events;
using Allot.Segment1A.Inputs;

namespace Allot.Segment1A.Validation;

/// <summary>
/// Checks an S7 run report against the replay: status, state, lineage (with the SHA-256 of the hyperparameters the
/// replay used), merchants, domestic-only merchants, rows, events per family, draws and blocks totals, fallback
/// rungs, and the cache receipt and file list. The report is read into
/// its record (<see cref="S7RunReport"/>): a count that does not fit its field is a read error, never a wrapped
/// number, and every comparison is exact. Counter mismatches are <c>RNG_ACCOUNTING_FAIL</c>; a missing or
/// unreadable report is <c>E_UPSTREAM_MISSING</c>.
/// </summary>
internal static class S7ReportChecks
{
    public static void Check(string path, S7Inputs inputs, string runId, S7TraceTotals gamma, S7TraceTotals residual, string cacheSha, IReadOnlyList<string> cacheFiles)
    {
        if (!File.Exists(path))
        {
            throw S7Errors.Fail(S7Errors.UpstreamMissing, $"the run report of run {runId} is missing.", path);
        }

        var r = S7RunReport.Read(path);

        var lineage = inputs.Lineage;
        Same(path, "status", r.Status, RunStatus.Ok);
        Same(path, "state", r.State, S7Names.State);
        Same(path, "run_id", r.RunId, runId);
        Same(path, "parameter_hash", r.ParameterHash, lineage.ParameterHash);
        Same(path, "manifest_fingerprint", r.ManifestFingerprint, lineage.ManifestFingerprint);
        Same(path, "nb_final_run_id", r.NbFinalRunId, inputs.NbRunId);
        Same(path, "hyperparameters_sha256", r.HyperparametersSha256, inputs.Hyperparameters.Sha256Hex);
        Same(path, "seed", r.Seed, lineage.Seed);
        var countries = inputs.Countries;
        long domestic = 0;
        for (var k = 0; k < countries.MerchantCount; k++)
        {
            domestic += countries.CountryCount(k) == 1 ? 1 : 0;
        }

        Same(path, "merchants", r.Merchants, (long)countries.MerchantCount);
        Same(path, "domestic_only", r.DomesticOnly, domestic);
        Same(path, "rows", r.Rows, (long)countries.RowCount);
        Same(path, "events." + S7Names.GammaLabel, (ulong)r.Events.DirichletGammaVector, gamma.Events);
        Same(path, "events." + S7Names.ResidualLabel, (ulong)r.Events.ResidualRank, residual.Events);
        Same(path, "draws_total", r.DrawsTotal, gamma.Draws);
        Same(path, "blocks_total", r.BlocksTotal, gamma.Blocks);
        var rungs = S7Runner.RungCounts(inputs.Rungs);
        foreach (var (rung, count) in rungs)
        {
            Same(path, "fallback_rungs." + rung, r.FallbackRungs.TryGetValue(rung, out var n) ? n : (long?)null, count);
        }

        foreach (var rung in r.FallbackRungs.Keys.Where(k => !rungs.ContainsKey(k)))
        {
            Same(path, "fallback_rungs." + rung, r.FallbackRungs[rung], 0L);
        }

        Same(path, "cache.sha256", r.Cache.Sha256, cacheSha);
        if (!r.Cache.Files.SequenceEqual(cacheFiles, StringComparer.Ordinal))
        {
            throw Fail(path, "cache.files", $"[{string.Join(", ", r.Cache.Files)}]", $"[{string.Join(", ", cacheFiles)}]");
        }
    }

    private static void Same<T>(string path, string field, T? actual, T expected)
        where T : struct, IEquatable<T>
    {
        if (actual is not { } a || !a.Equals(expected))
        {
            throw Fail(path, field, actual is { } v ? Convert.ToString(v, CultureInfo.InvariantCulture) : null, Convert.ToString(expected, CultureInfo.InvariantCulture)!);
        }
    }

    private static void Same(string path, string field, string? actual, string expected)
    {
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            throw Fail(path, field, actual is null ? null : $"\"{actual}\"", expected);
        }
    }

    private static Core.Errors.AllotException Fail(string path, string field, string? actual, string expected) =>
        S7Errors.Fail(S7Errors.RngAccounting, $"the run report's {field} is {actual ?? "missing"}; the replay gives {expected}.", path, key: field);
}
