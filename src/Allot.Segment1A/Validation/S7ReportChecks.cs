using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Allot.Data.Json;
using Allot.Segment1A.Events;
using Allot.Segment1A.Inputs;

namespace Allot.Segment1A.Validation;

/// <summary>
/// Checks an S7 run report against the replay: lineage, merchants, domestic-only merchants, rows, events per
/// family, draws and blocks totals, fallback rungs, and the cache receipt and file list, read as the one
/// <see cref="S7RunReport"/> record (a count that does not fit its 64-bit field is a malformed report, never
/// wrapped). Counter mismatches and malformed fields are <c>RNG_ACCOUNTING_FAIL</c>; a missing or unparsable report
/// is <c>E_UPSTREAM_MISSING</c>.
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
            var node = JsonNode.Parse(File.ReadAllBytes(path)) ?? throw new JsonException("the document is null.");
            try
            {
                r = AllotJson.Read<S7RunReport>(node);
            }
            catch (JsonException ex)
            {
                // A field missing or of the wrong type (a count too large for 64 bits included): never wrapped.
                throw S7Errors.Fail(S7Errors.RngAccounting, $"the run report is not a valid S7 run report: {ex.Message}", path, key: ex.Path);
            }
        }
        catch (JsonException ex)
        {
            throw S7Errors.Fail(S7Errors.UpstreamMissing, $"the run report is not valid JSON: {ex.Message}", path);
        }

        var lineage = inputs.Lineage;
        Same(path, "run_id", r.RunId, runId);
        Same(path, "parameter_hash", r.ParameterHash, lineage.ParameterHash);
        Same(path, "manifest_fingerprint", r.ManifestFingerprint, lineage.ManifestFingerprint);
        Same(path, "nb_final_run_id", r.NbFinalRunId, inputs.NbRunId);
        Same(path, "seed", r.Seed, lineage.Seed);
        var countries = inputs.Countries;
        long domestic = 0;
        for (var k = 0; k < countries.MerchantCount; k++)
        {
            domestic += countries.CountryCount(k) == 1 ? 1 : 0;
        }

        Same(path, "merchants", r.Merchants, countries.MerchantCount);
        Same(path, "domestic_only", r.DomesticOnly, domestic);
        Same(path, "rows", r.Rows, countries.RowCount);
        Same(path, "events." + S7Names.GammaLabel, r.Events.DirichletGammaVector, gamma.Events);
        Same(path, "events." + S7Names.ResidualLabel, r.Events.ResidualRank, residual.Events);
        Same(path, "draws_total", r.DrawsTotal, gamma.Draws);
        Same(path, "blocks_total", r.BlocksTotal, gamma.Blocks);
        foreach (var (rung, count) in S7Runner.RungCounts(inputs.Rungs))
        {
            Same(path, "fallback_rungs." + rung, r.FallbackRungs.TryGetValue(rung, out var v) ? v : (Int128?)null, count);
        }

        Same(path, "cache.sha256", r.Cache.Sha256, cacheSha);
        if (!r.Cache.Files.SequenceEqual(cacheFiles))
        {
            throw Fail(path, "cache.files", $"[{string.Join(", ", r.Cache.Files)}]", $"[{string.Join(", ", cacheFiles)}]");
        }
    }

    private static void Same(string path, string field, string? actual, string expected)
    {
        if (actual != expected)
        {
            throw Fail(path, field, actual is null ? null : $"\"{actual}\"", expected);
        }
    }

    // Counts of either signedness compared exactly in 128 bits.
    private static void Same(string path, string field, Int128? actual, Int128 expected)
    {
        if (actual != expected)
        {
            throw Fail(path, field, actual?.ToString(CultureInfo.InvariantCulture), expected.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static Core.Errors.AllotException Fail(string path, string field, string? actual, string expected) =>
        S7Errors.Fail(S7Errors.RngAccounting, $"the run report's {field} is {actual ?? "missing"}; the replay gives {expected}.", path, key: field);
}
