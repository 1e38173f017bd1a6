using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Allot.Core.Random;
using Allot.Segment1A.Inputs;
using Allot.Segment1A.Integerisation;

namespace Allot.Segment1A.Validation;

/// <summary>
/// Replays one merchant's draws from the RNG and the inputs and sets them beside what its logged
/// <c>dirichlet_gamma_vector</c> and <c>residual_rank</c> events recorded (<c>allot segment1a replay-s7</c>).
/// </summary>
public static class S7MerchantReplay
{
    /// <summary>The replay as a JSON object with a <c>matches_events</c> verdict.</summary>
    public static JsonObject Replay(S7InputOptions options, long merchantId, string? runId = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var inputs = S7InputLoader.Load(options);
        var k = Array.BinarySearch(inputs.Countries.MerchantIds, merchantId);
        if (k < 0)
        {
            throw S7Errors.Fail(S7Errors.UpstreamMissing, "no such merchant in country_set.", key: $"merchant_id={merchantId}");
        }

        var lineage = inputs.Lineage;
        var master = MasterMaterial.Derive(lineage.Seed, lineage.ManifestFingerprint);
        var replay = new MerchantReplay(inputs.Countries.CountryCount(k));
        replay.Replay(inputs, master, k);
        var m = replay.M;
        var stream = SubstreamDerivation.Derive(master, S7Names.GammaLabel, (ulong)merchantId);
        var result = new JsonObject
        {
            ["merchant_id"] = merchantId,
            ["n_total"] = replay.Total,
            ["country_isos"] = new JsonArray(inputs.Countries.Countries(k).ToArray().Select(i => (JsonNode)IsoCode.Name(i)).ToArray()),
            ["alpha_rung"] = inputs.Rungs[k].ToString(),
            ["alpha"] = Doubles(inputs.Alpha.AsSpan(replay.Start, m)),
            ["substream"] = new JsonObject
            {
                ["label"] = S7Names.GammaLabel,
                ["key"] = stream.Key,
                ["counter_hi"] = stream.Counter.Hi,
                ["counter_lo"] = stream.Counter.Lo,
            },
            ["draws"] = replay.Draw.Draws.ToString(CultureInfo.InvariantCulture),
            ["blocks"] = replay.Draw.Blocks,
            ["gamma_raw"] = m > 1 ? Doubles(replay.Gamma.AsSpan(0, m)) : new JsonArray(),
            ["weights"] = Doubles(replay.Weights.AsSpan(0, m)),
            ["residuals"] = Doubles(Enumerable.Range(0, m).Select(replay.Residual).ToArray()),
            ["residual_ranks"] = new JsonArray(replay.Ranks.Take(m).Select(r => (JsonNode)r).ToArray()),
            ["counts"] = new JsonArray(replay.Counts.Take(m).Select(c => (JsonNode)c).ToArray()),
        };

        var dictionary = inputs.Dictionary;
        var probe = dictionary.Resolve(options.DataRoot, "rng_event_dirichlet_gamma_vector", lineage.Tokens("probe"), S7Errors.SchemaInvalid).TrimEnd('/', '\\');
        var parent = Path.GetDirectoryName(probe)!;
        var runs = Directory.Exists(parent)
            ? Directory.EnumerateDirectories(parent, "run_id=*").OrderBy(Directory.GetLastWriteTimeUtc).Select(d => Path.GetFileName(d)["run_id=".Length..]).ToList()
            : [];
        runId ??= runs.Count > 0 ? runs[^1] : null; // default: the most recently written run
        if (runId is null || !runs.Contains(runId))
        {
            result["matches_events"] = null;
            return result;
        }

        var tokens = lineage.Tokens(runId);
        var gammaEvent = FindEvent(Path.Combine(dictionary.Resolve(options.DataRoot, "rng_event_dirichlet_gamma_vector", tokens, S7Errors.SchemaInvalid), S7Names.EventPart), merchantId).FirstOrDefault();
        var residualEvents = FindEvent(Path.Combine(dictionary.Resolve(options.DataRoot, "rng_event_residual_rank", tokens, S7Errors.SchemaInvalid), S7Names.EventPart), merchantId).ToList();
        var matches = residualEvents.Count == m && (m == 1 ? gammaEvent is null : gammaEvent is not null);
        if (gammaEvent is not null && matches)
        {
            matches = gammaEvent["draws"]!.GetValue<string>() == result["draws"]!.GetValue<string>()
                && JsonNode.DeepEquals(gammaEvent["gamma_raw"], result["gamma_raw"])
                && JsonNode.DeepEquals(gammaEvent["weights"], result["weights"]);
        }

        for (var i = 0; matches && i < m; i++)
        {
            matches = residualEvents[i]["residual_rank"]!.GetValue<int>() == replay.Ranks[i]
                && BitConverter.DoubleToInt64Bits(residualEvents[i]["residual"]!.GetValue<double>()) == BitConverter.DoubleToInt64Bits(replay.Residual(i));
        }

        result["run_id"] = runId;
        result["matches_events"] = matches;
        return result;
    }

    private static JsonArray Doubles(ReadOnlySpan<double> values)
    {
        var array = new JsonArray();
        foreach (var v in values)
        {
            array.Add(v);
        }

        return array;
    }

    private static IEnumerable<JsonObject> FindEvent(string file, long merchantId)
    {
        if (!File.Exists(file))
        {
            yield break;
        }

        var needle = $"\"merchant_id\":{merchantId.ToString(CultureInfo.InvariantCulture)},";
        foreach (var line in File.ReadLines(file))
        {
            if (line.Contains(needle, StringComparison.Ordinal))
            {
                yield return JsonNode.Parse(line)!.AsObject();
            }
        }
    }

    /// <summary>Serializer options for the CLI output.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
}
