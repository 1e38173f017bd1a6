using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Allot.Core.Random;
using Allot.Data.Json;
using Allot.Data.Publishing;
using Allot.Segment1A.Inputs;
using Allot.Segment1A.Integerisation;

namespace Allot.Segment1A.Validation;

/// <summary>
/// Replays one merchant's draws from the RNG and the inputs and sets them beside what its logged
/// <c>dirichlet_gamma_vector</c> and <c>residual_rank</c> events recorded (<c>allot segment1a replay-s7</c>).
/// </summary>
public static class S7MerchantReplay
{
    /// <summary>The replay, with a <see cref="S7MerchantReplayReport.MatchesEvents"/> verdict.</summary>
    public static S7MerchantReplayReport Replay(S7InputOptions options, long merchantId, string? runId = null)
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
        var result = new S7MerchantReplayReport
        {
            MerchantId = merchantId,
            NTotal = replay.Total,
            CountryIsos = [.. inputs.Countries.Countries(k).ToArray().Select(IsoCode.Name)],
            AlphaRung = inputs.Rungs[k].ToString(),
            Alpha = inputs.Alpha.Of(k).ToArray(),
            Substream = new S7Substream(S7Names.GammaLabel, stream.Key, stream.Counter.Hi, stream.Counter.Lo),
            Draws = replay.Draw.Draws,
            Blocks = replay.Draw.Blocks,
            GammaRaw = m > 1 ? replay.Gamma.AsSpan(0, m).ToArray() : [],
            Weights = replay.Weights.AsSpan(0, m).ToArray(),
            Residuals = [.. Enumerable.Range(0, m).Select(replay.Residual)],
            ResidualRanks = replay.Ranks.AsSpan(0, m).ToArray(),
            Counts = replay.Counts.AsSpan(0, m).ToArray(),
        };

        var dictionary = inputs.Dictionary;
        var probe = dictionary.Resolve(options.DataRoot, "rng_event_dirichlet_gamma_vector", lineage.Tokens("probe"), S7Errors.SchemaInvalid).TrimEnd('/', '\\');
        var parent = Path.GetDirectoryName(probe)!;
        var runs = Directory.Exists(parent)
            ? Directory.EnumerateDirectories(parent, "run_id=*").OrderBy(Directory.GetLastWriteTimeUtc).Select(d => Path.GetFileName(d)["run_id=".Length..]).ToList()
            : [];
        if (runId is not null)
        {
            // A run asked for by name must be there, as validate-s7 requires: a typo must not print an
            // uncompared replay and exit 0.
            PathToken.Require("run_id", runId, S7Errors.SchemaInvalid);
            if (!runs.Contains(runId))
            {
                throw S7Errors.Fail(S7Errors.UpstreamMissing, $"no S7 logs for run '{runId}'" + (runs.Count == 0 ? "." : $" (runs: {string.Join(", ", runs)})."), parent);
            }
        }

        runId ??= runs.Count > 0 ? runs[^1] : null; // default: the most recently written run
        if (runId is null)
        {
            return result;
        }

        var tokens = lineage.Tokens(runId);
        var gammaFolder = dictionary.Resolve(options.DataRoot, "rng_event_dirichlet_gamma_vector", tokens, S7Errors.SchemaInvalid);
        var residualFolder = dictionary.Resolve(options.DataRoot, "rng_event_residual_rank", tokens, S7Errors.SchemaInvalid);
        var gammaEvent = FindEvent(Path.Combine(gammaFolder, S7LogCompressionFormat.Existing(gammaFolder, S7Names.EventPart)), merchantId).FirstOrDefault();
        var residualEvents = FindEvent(Path.Combine(residualFolder, S7LogCompressionFormat.Existing(residualFolder, S7Names.EventPart)), merchantId).ToList();
        var matches = residualEvents.Count == m && (m == 1 ? gammaEvent is null : gammaEvent is not null);
        if (gammaEvent is not null && matches)
        {
            matches = Text(gammaEvent, "draws") == result.Draws.ToString(CultureInfo.InvariantCulture)
                && SameBits(gammaEvent["gamma_raw"], result.GammaRaw)
                && SameBits(gammaEvent["weights"], result.Weights);
        }

        for (var i = 0; matches && i < m; i++)
        {
            matches = Field<int>(residualEvents[i], "residual_rank") == replay.Ranks[i]
                && Field<double>(residualEvents[i], "residual") is { } residual
                && BitConverter.DoubleToInt64Bits(residual) == BitConverter.DoubleToInt64Bits(replay.Residual(i));
        }

        return result with { RunId = runId, MatchesEvents = matches };
    }

    // A field that is missing or of another type is null, so it does not match (validate-s7 names such a field;
    // this command only compares): it used to crash the command as an internal error.
    private static T? Field<T>(JsonObject logged, string name)
        where T : struct =>
        logged[name] is JsonValue v && v.TryGetValue<T>(out var value) ? value : null;

    private static string? Text(JsonObject logged, string name) =>
        logged[name] is JsonValue v && v.TryGetValue<string>(out var value) ? value : null;

    // Event lines are the logged input being compared: read by their schema's field names, compared bit for bit.
    private static bool SameBits(JsonNode? logged, IReadOnlyList<double> replayed)
    {
        if (logged is not JsonArray array || array.Count != replayed.Count)
        {
            return false;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonValue v || !v.TryGetValue<double>(out var d) || BitConverter.DoubleToInt64Bits(d) != BitConverter.DoubleToInt64Bits(replayed[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<JsonObject> FindEvent(string file, long merchantId)
    {
        if (!File.Exists(file))
        {
            yield break;
        }

        // The id's digits are a cheap filter (most lines do not contain them anywhere); the parsed field decides, so
        // another producer's spacing or key order does not hide an event (validate-s7 accepts such logs).
        var digits = merchantId.ToString(CultureInfo.InvariantCulture);
        using var reader = new StreamReader(S7LogCompressionFormat.OpenRead(file));
        for (var number = 1L; ; number++)
        {
            string? line;
            try
            {
                line = reader.ReadLine();
            }
            catch (InvalidDataException ex)
            {
                throw S7Errors.Fail(S7Errors.RngEnvelope, ex.Message, file, number);
            }

            if (line is null)
            {
                yield break;
            }

            if (!line.Contains(digits, StringComparison.Ordinal))
            {
                continue;
            }

            JsonObject? logged;
            try
            {
                logged = AllotJson.ParseStrict(line) as JsonObject;
            }
            catch (JsonException ex)
            {
                throw S7Errors.Fail(S7Errors.RngEnvelope, $"the line is not valid JSON: {ex.Message}", file, number);
            }

            if (logged is null)
            {
                throw S7Errors.Fail(S7Errors.RngEnvelope, "the line is not a JSON object.", file, number);
            }

            if (Field<long>(logged, "merchant_id") == merchantId)
            {
                yield return logged;
            }
        }
    }
}
