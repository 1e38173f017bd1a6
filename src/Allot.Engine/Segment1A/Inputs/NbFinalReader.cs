using System.Globalization;
using System.Text.Json;
using Allot.Data.Publishing;

namespace Allot.Engine.Segment1A.Inputs;

/// <summary>
/// Reads the S2 <c>nb_final</c> events of one run: exactly one event per merchant with an integer
/// <c>n_outlets ≥ 1</c>; the embedded <c>seed</c>, <c>parameter_hash</c>, <c>manifest_fingerprint</c> and
/// <c>run_id</c> (when present) must equal the partition's. With several runs, <c>--nb-run-id</c> picks one.
/// </summary>
internal static class NbFinalReader
{
    public static (Dictionary<long, long> Outlets, string RunId) Read(string eventsFolder, string? runId, S7Lineage lineage)
    {
        if (!Directory.Exists(eventsFolder))
        {
            throw S7Errors.Fail(S7Errors.UpstreamMissing, "no nb_final events for this seed and parameter hash.", eventsFolder);
        }

        var runs = Directory.EnumerateDirectories(eventsFolder, "run_id=*")
            .Select(Path.GetFileName)
            .Where(n => n is not null && !n.StartsWith(PartitionPublisher.StagingPrefix, StringComparison.Ordinal))
            .Select(n => n!["run_id=".Length..])
            .Order(StringComparer.Ordinal)
            .ToList();
        if (runId is null)
        {
            runId = runs.Count switch
            {
                0 => throw S7Errors.Fail(S7Errors.UpstreamMissing, "no nb_final run folder (run_id=…).", eventsFolder),
                1 => runs[0],
                _ => throw S7Errors.Fail(S7Errors.UpstreamMissing, $"several nb_final runs ({string.Join(", ", runs)}): choose one with --nb-run-id.", eventsFolder),
            };
        }
        else if (!runs.Contains(runId, StringComparer.Ordinal))
        {
            throw S7Errors.Fail(S7Errors.UpstreamMissing, $"nb_final run '{runId}' not found (runs: {string.Join(", ", runs)}).", eventsFolder);
        }

        var folder = Path.Combine(eventsFolder, $"run_id={runId}");
        var files = Directory.EnumerateFiles(folder, "part-*.jsonl").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw S7Errors.Fail(S7Errors.UpstreamMissing, "the nb_final run has no part-*.jsonl files.", folder);
        }

        var outlets = new Dictionary<long, long>();
        foreach (var file in files)
        {
            long row = 0;
            foreach (var line in File.ReadLines(file))
            {
                row++;
                if (line.Length == 0)
                {
                    continue;
                }

                try
                {
                    using var doc = JsonDocument.Parse(line);
                    var e = doc.RootElement;
                    var merchant = RequireInteger(e, "merchant_id", file, row);
                    var n = RequireInteger(e, "n_outlets", file, row);
                    if (n < 1)
                    {
                        throw S7Errors.Fail(S7Errors.SchemaInvalid, $"n_outlets {n} must be ≥ 1.", file, row, $"merchant_id={merchant}");
                    }

                    CheckEmbedded(e, "seed", lineage.Seed.ToString(CultureInfo.InvariantCulture), file, row);
                    CheckEmbedded(e, "parameter_hash", lineage.ParameterHash, file, row);
                    CheckEmbedded(e, "manifest_fingerprint", lineage.ManifestFingerprint, file, row);
                    CheckEmbedded(e, "run_id", runId, file, row);
                    if (!outlets.TryAdd(merchant, n))
                    {
                        throw S7Errors.Fail(S7Errors.SchemaInvalid, "a second nb_final event for the merchant: exactly one is allowed.", file, row, $"merchant_id={merchant}");
                    }
                }
                catch (JsonException ex)
                {
                    throw S7Errors.Fail(S7Errors.SchemaInvalid, $"not a JSON object: {ex.Message}", file, row);
                }
            }
        }

        return (outlets, runId);
    }

    private static long RequireInteger(JsonElement e, string name, string file, long row)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var value))
        {
            throw S7Errors.Fail(S7Errors.SchemaInvalid, $"field '{name}' is missing or not an integer.", file, row);
        }

        return value;
    }

    private static void CheckEmbedded(JsonElement e, string name, string expected, string file, long row)
    {
        if (!e.TryGetProperty(name, out var v))
        {
            return;
        }

        var text = v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        };
        if (!string.Equals(text, expected, StringComparison.Ordinal))
        {
            throw S7Errors.Fail(S7Errors.PathEmbedMismatch, $"embedded {name} '{text}' differs from the partition's '{expected}'.", file, row);
        }
    }
}
