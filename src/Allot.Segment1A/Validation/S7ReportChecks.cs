using System.Globalization;
using System.Text.Json;
using Allot.Segment1A.Events;
using Allot.Segment1A.Inputs;

namespace Allot.Segment1A.Validation;

/// <summary>
/// Checks an S7 run report against the replay: lineage, merchants, domestic-only merchants, rows, events per
/// family, draws and blocks totals, fallback rungs, and the cache receipt and file list. Numbers are compared
/// from their JSON text in 128 bits, so no total can pass by wrapping. Counter mismatches are
/// <c>RNG_ACCOUNTING_FAIL</c>; a missing or unreadable report is <c>E_UPSTREAM_MISSING</c>.
/// </summary>
internal static class S7ReportChecks
{
    public static void Check(string path, S7Inputs inputs, string runId, S7TraceTotals gamma, S7TraceTotals residual, string cacheSha, IReadOnlyList<string> cacheFiles)
    {
        if (!File.Exists(path))
        {
            throw S7Errors.Fail(S7Errors.UpstreamMissing, $"the run report of run {runId} is missing.", path);
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException ex)
        {
            throw S7Errors.Fail(S7Errors.UpstreamMissing, $"the run report is not valid JSON: {ex.Message}", path);
        }

        using (doc)
        {
            var r = doc.RootElement;
            var lineage = inputs.Lineage;
            Text(path, r, "run_id", runId);
            Text(path, r, "parameter_hash", lineage.ParameterHash);
            Text(path, r, "manifest_fingerprint", lineage.ManifestFingerprint);
            Text(path, r, "nb_final_run_id", inputs.NbRunId);
            Number(path, r, "seed", lineage.Seed);
            var countries = inputs.Countries;
            long domestic = 0;
            for (var k = 0; k < countries.MerchantCount; k++)
            {
                domestic += countries.CountryCount(k) == 1 ? 1 : 0;
            }

            Number(path, r, "merchants", countries.MerchantCount);
            Number(path, r, "domestic_only", domestic);
            Number(path, r, "rows", countries.RowCount);
            Number(path, r, "events." + S7Names.GammaLabel, gamma.Events);
            Number(path, r, "events." + S7Names.ResidualLabel, residual.Events);
            Number(path, r, "draws_total", gamma.Draws);
            Number(path, r, "blocks_total", gamma.Blocks);
            foreach (var (rung, count) in S7Runner.RungCounts(inputs.Rungs))
            {
                Number(path, r, "fallback_rungs." + rung, count);
            }

            Text(path, r, "cache.sha256", cacheSha);
            var files = Get(r, "cache.files");
            if (files is not { ValueKind: JsonValueKind.Array } || !files.Value.EnumerateArray().Select(f => f.ValueKind == JsonValueKind.String ? f.GetString() : null).SequenceEqual(cacheFiles))
            {
                throw Fail(path, "cache.files", files?.GetRawText(), $"[{string.Join(", ", cacheFiles)}]");
            }
        }
    }

    private static JsonElement? Get(JsonElement root, string dotted)
    {
        var e = root;
        foreach (var part in dotted.Split('.'))
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(part, out e))
            {
                return null;
            }
        }

        return e;
    }

    private static void Text(string path, JsonElement root, string field, string expected)
    {
        var e = Get(root, field);
        if (e is not { ValueKind: JsonValueKind.String } || e.Value.GetString() != expected)
        {
            throw Fail(path, field, e?.GetRawText(), expected);
        }
    }

    /// <summary>A count, written as a JSON number or (draws_total) a decimal string, compared exactly.</summary>
    private static void Number(string path, JsonElement root, string field, Int128 expected)
    {
        var e = Get(root, field);
        var text = e switch
        {
            { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
            { ValueKind: JsonValueKind.String } s => s.GetString(),
            _ => null,
        };
        if (text is null || !Int128.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var actual) || actual != expected)
        {
            throw Fail(path, field, e?.GetRawText(), expected.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static Core.Errors.AllotException Fail(string path, string field, string? actual, string expected) =>
        S7Errors.Fail(S7Errors.RngAccounting, $"the run report's {field} is {actual ?? "missing"}; the replay gives {expected}.", path, key: field);
}
