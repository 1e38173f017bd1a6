using System.Text.Json.Nodes;
using Allot.Core.Errors;
using Allot.Segment1A;
using Allot.Segment1A.Validation;

namespace Allot.Segment1A.Tests;

/// <summary>The validator accepts an untouched run and catches each kind of tampering with the right code.</summary>
public sealed class S7ValidatorTests
{
    private static (S7TestRoot Root, S7RunResult Run) Fresh()
    {
        var root = new S7TestRoot(merchants: 80, domesticShare: 0.3, maxCountries: 6);
        return (root, root.Run());
    }

    private static void AssertDetects(S7TestRoot root, string code)
    {
        var ex = Assert.Throws<AllotException>(() => S7Validator.Validate(new S7ValidationOptions(root.Inputs)));
        Assert.Equal(code, ex.Code);
        Assert.Equal(S7Errors.ClassOf(code), ex.Error.Class);
    }

    private static bool MultiCountry(JsonObject o) => o["country_isos"]!.AsArray().Count > 1;

    [Fact]
    public void ChangedGammaValue_IsReplayMismatch()
    {
        var (root, run) = Fresh();
        using (root)
        {
            S7TestRoot.EditLine(root.EventFile(S7Names.GammaLabel, run.RunId), MultiCountry, o =>
            {
                var g = o["gamma_raw"]!.AsArray();
                g[0] = Math.BitIncrement(g[0]!.GetValue<double>());
            });
            AssertDetects(root, S7Errors.ReplayMismatch);
        }
    }

    [Fact]
    public void ChangedCounter_IsRngEnvelope()
    {
        var (root, run) = Fresh();
        using (root)
        {
            S7TestRoot.EditLine(root.EventFile(S7Names.GammaLabel, run.RunId), _ => true, o => o["rng_counter_after_lo"] = o["rng_counter_after_lo"]!.GetValue<ulong>() + 1);
            AssertDetects(root, S7Errors.RngEnvelope);
        }
    }

    [Fact]
    public void ShiftedCountersThatStillSubtractToBlocks_AreRngEnvelope()
    {
        var (root, run) = Fresh();
        using (root)
        {
            S7TestRoot.EditLine(root.EventFile(S7Names.GammaLabel, run.RunId), _ => true, o =>
            {
                o["rng_counter_before_lo"] = o["rng_counter_before_lo"]!.GetValue<ulong>() + 1;
                o["rng_counter_after_lo"] = o["rng_counter_after_lo"]!.GetValue<ulong>() + 1;
            });
            AssertDetects(root, S7Errors.RngEnvelope);
        }
    }

    [Fact]
    public void WrongDrawCount_IsRngAccountingFail()
    {
        var (root, run) = Fresh();
        using (root)
        {
            S7TestRoot.EditLine(root.EventFile(S7Names.GammaLabel, run.RunId), _ => true, o => o["draws"] = (ulong.Parse(o["draws"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            AssertDetects(root, S7Errors.RngAccounting);
        }
    }

    [Fact]
    public void SwappedRanksInResidualEvents_AreReplayMismatch()
    {
        var (root, run) = Fresh();
        using (root)
        {
            var file = root.EventFile(S7Names.ResidualLabel, run.RunId);
            var lines = File.ReadAllLines(file).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
            var i = lines.FindIndex(o => o["residual_rank"]!.GetValue<int>() == 2);
            var first = lines.FindIndex(o => o["merchant_id"]!.GetValue<long>() == lines[i]["merchant_id"]!.GetValue<long>() && o["residual_rank"]!.GetValue<int>() == 1);
            (lines[i]["residual_rank"], lines[first]["residual_rank"]) = (1, 2);
            File.WriteAllLines(file, lines.Select(o => o.ToJsonString()));
            AssertDetects(root, S7Errors.ReplayMismatch);
        }
    }

    [Fact]
    public void SwappedRanksInTheCache_AreReplayMismatch()
    {
        var (root, _) = Fresh();
        using (root)
        {
            S7TestRoot.EditParquet(root.CacheFile, c =>
            {
                var ranks = (int[])c["residual_rank"];
                var merchants = (long[])c["merchant_id"];
                var i = Array.FindIndex(ranks, r => r == 2);
                var j = Array.FindIndex(ranks, r => r == 1);
                j = Enumerable.Range(0, ranks.Length).First(k => merchants[k] == merchants[i] && ranks[k] == 1);
                (ranks[i], ranks[j]) = (ranks[j], ranks[i]);
            });
            AssertDetects(root, S7Errors.ReplayMismatch);
        }
    }

    [Fact]
    public void DroppedResidualEvent_IsRngAccountingFail()
    {
        var (root, run) = Fresh();
        using (root)
        {
            S7TestRoot.RewriteLines(root.EventFile(S7Names.ResidualLabel, run.RunId), l => l.Where((_, i) => i != 3).ToList());
            AssertDetects(root, S7Errors.RngAccounting);
        }
    }

    [Fact]
    public void ChangedTraceTotal_IsRngAccountingFail()
    {
        var (root, run) = Fresh();
        using (root)
        {
            S7TestRoot.EditLine(root.TraceFile(run.RunId), o => o["events_total"]!.GetValue<ulong>() == 5, o => o["events_total"] = 6);
            AssertDetects(root, S7Errors.RngAccounting);
        }
    }

    [Fact]
    public void ResidualWithNineDecimals_IsResidualQuantisation()
    {
        var (root, run) = Fresh();
        using (root)
        {
            S7TestRoot.EditLine(root.EventFile(S7Names.ResidualLabel, run.RunId), _ => true, o => o["residual"] = 0.123456789);
            AssertDetects(root, S7Errors.ResidualQuantisation);
        }
    }

    [Fact]
    public void ShortenedWeightsArray_IsSchemaInvalid()
    {
        var (root, run) = Fresh();
        using (root)
        {
            S7TestRoot.EditLine(root.EventFile(S7Names.GammaLabel, run.RunId), MultiCountry, o => o["weights"]!.AsArray().RemoveAt(0));
            AssertDetects(root, S7Errors.SchemaInvalid);
        }
    }

    [Fact]
    public void MissingEnvelopeField_IsRngEnvelope()
    {
        var (root, run) = Fresh();
        using (root)
        {
            S7TestRoot.EditLine(root.EventFile(S7Names.ResidualLabel, run.RunId), _ => true, o => o.Remove("ts_utc"));
            AssertDetects(root, S7Errors.RngEnvelope);
        }
    }

    [Fact]
    public void CountOffByOneKeepingBounds_IsIntegerSumMismatch()
    {
        var (root, _) = Fresh();
        using (root)
        {
            S7TestRoot.EditParquet(root.CacheFile, c =>
            {
                var counts = (long[])c["count"];
                var floors = (long[])c["floor"];
                var i = Enumerable.Range(0, counts.Length).First(k => counts[k] == floors[k]);
                counts[i]++;
            });
            AssertDetects(root, S7Errors.IntegerSumMismatch);
        }
    }

    [Fact]
    public void CountFarFromNw_IsBoundViolation()
    {
        var (root, _) = Fresh();
        using (root)
        {
            S7TestRoot.EditParquet(root.CacheFile, c => ((long[])c["count"])[0] += 3);
            AssertDetects(root, S7Errors.BoundViolation);
        }
    }

    [Fact]
    public void CacheRowWithAnotherFingerprint_IsPathEmbedMismatch()
    {
        var (root, _) = Fresh();
        using (root)
        {
            S7TestRoot.EditParquet(root.CacheFile, c => ((string[])c["manifest_fingerprint"])[2] = new string('1', 64));
            AssertDetects(root, S7Errors.PathEmbedMismatch);
        }
    }

    [Fact]
    public void TruncatedJsonLine_IsRngEnvelope()
    {
        var (root, run) = Fresh();
        using (root)
        {
            S7TestRoot.RewriteLines(root.EventFile(S7Names.ResidualLabel, run.RunId), l =>
            {
                l[4] = l[4][..20];
                return l;
            });
            AssertDetects(root, S7Errors.RngEnvelope);
        }
    }

    [Theory]
    [InlineData(S7Names.ResidualLabel, "\"residual_rank\":7,")] // the logged value comes last: last-wins read it and passed
    [InlineData(S7Names.GammaLabel, "\"merchant_id\":1,")]
    [InlineData(S7Names.ResidualLabel, "\"note\":1,\"note\":2,")] // a key the validator does not read, twice
    public void EventWithAKeyGivenTwice_IsRngEnvelope_NamingFileAndLine(string family, string repeated)
    {
        // Found by hand: prepending "residual_rank":7 to a line whose own residual_rank is 1 left validate-s7 saying ok,
        // because its parse kept the last value; a reader keeping the first (or refusing) sees another log.
        var (root, run) = Fresh();
        using (root)
        {
            var file = root.EventFile(family, run.RunId);
            S7TestRoot.RewriteLines(file, l =>
            {
                l[3] = "{" + repeated + l[3][1..];
                return l;
            });
            var ex = Assert.Throws<AllotException>(() => S7Validator.Validate(new S7ValidationOptions(root.Inputs)));
            Assert.Equal((S7Errors.RngEnvelope, ErrorClass.Validation), (ex.Code, ex.Error.Class));
            Assert.Equal((file, 4L), (ex.Error.File, ex.Error.Row));
            Assert.Contains("twice", ex.Error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("deadbeef", S7Errors.UpstreamMissing)]
    [InlineData("../../x", S7Errors.SchemaInvalid)]
    public void ReplayOfARunThatIsNotThere_FailsLikeValidate_InsteadOfReplayingWithoutComparing(string runId, string code)
    {
        // Found by hand: `replay-s7 --run-id deadbeef` (a typo, or a path) printed the replay with run_id null and
        // matches_events null and exited 0, as if no run had been asked for.
        var (root, run) = Fresh();
        using (root)
        {
            var merchant = JsonNode.Parse(File.ReadLines(root.EventFile(S7Names.GammaLabel, run.RunId)).First())!["merchant_id"]!.GetValue<long>();
            Assert.True(S7MerchantReplay.Replay(root.Inputs, merchant, run.RunId).MatchesEvents);

            var ex = Assert.Throws<AllotException>(() => S7MerchantReplay.Replay(root.Inputs, merchant, runId));
            Assert.Equal(code, ex.Code);
            Assert.Contains(runId, ex.Message, StringComparison.Ordinal);
            Assert.Equal(code, Assert.Throws<AllotException>(() => S7Validator.Validate(new S7ValidationOptions(root.Inputs, runId))).Code);
        }
    }

    [Theory]
    [InlineData("other-producer", null, true)]
    [InlineData("rank-missing", null, false)]
    [InlineData("rank-text", null, false)]
    [InlineData("broken", S7Errors.RngEnvelope, null)]
    [InlineData("rank-twice", S7Errors.RngEnvelope, null)]
    public void ReplayOfOneMerchant_ReadsAnyProducersLines_AndNeverCrashesOnABadOne(string edit, string? code, bool? matches)
    {
        // Found by hand: replay-s7 crashed (E_INTERNAL, exit 70) on an event line that is not JSON or lacks a field,
        // and said matches_events false for a line another producer wrote ("merchant_id": 1000024 with a space),
        // which validate-s7 accepts.
        var (root, run) = Fresh();
        using (root)
        {
            var file = root.EventFile(S7Names.ResidualLabel, run.RunId);
            var lines = File.ReadAllLines(file);
            var i = Array.FindIndex(lines, l => l.Contains("\"residual_rank\":1,", StringComparison.Ordinal) || l.EndsWith("\"residual_rank\":1}", StringComparison.Ordinal));
            var merchant = JsonNode.Parse(lines[i])!["merchant_id"]!.GetValue<long>();
            var o = JsonNode.Parse(lines[i])!.AsObject();
            lines[i] = edit switch
            {
                "other-producer" => "{" + string.Join(", ", o.Reverse().Select(p => $"\"{p.Key}\": {p.Value!.ToJsonString()}")) + "}",
                "rank-missing" => Without(o, "residual_rank"),
                "rank-text" => lines[i].Replace("\"residual_rank\":1", "\"residual_rank\":\"1\"", StringComparison.Ordinal),
                "rank-twice" => "{\"residual_rank\":7," + lines[i][1..], // crashed with E_INTERNAL (JsonObject's duplicate key)
                _ => lines[i][..^1],
            };
            File.WriteAllLines(file, lines);

            if (code is null)
            {
                Assert.Equal(matches, S7MerchantReplay.Replay(root.Inputs, merchant, run.RunId).MatchesEvents);
            }
            else
            {
                var ex = Assert.Throws<AllotException>(() => S7MerchantReplay.Replay(root.Inputs, merchant, run.RunId));
                Assert.Equal((code, ErrorClass.Validation), (ex.Code, ex.Error.Class));
                Assert.Contains($"{file} row {i + 1}", ex.Message, StringComparison.Ordinal);
            }
        }

        static string Without(JsonObject o, string field)
        {
            o.Remove(field);
            return o.ToJsonString();
        }
    }

    [Fact]
    public void NoRunLogs_IsUpstreamMissing()
    {
        using var root = new S7TestRoot(merchants: 10);
        AssertDetects(root, S7Errors.UpstreamMissing);
    }
}
