using System.Text.RegularExpressions;
using Allot.Data.Publishing;
using Allot.Segment1A;
using Allot.Segment1A.Validation;

namespace Allot.Segment1A.Tests;

public sealed partial class S7RunTests
{
    [GeneratedRegex("\"(ts_utc|run_id)\":\"[^\"]*\"")]
    private static partial Regex RunScopedFields();

    [Fact]
    public void Run_ThenValidate_Passes_AndCountsAddUp()
    {
        using var root = new S7TestRoot();
        var result = root.Run();
        Assert.Equal(300, result.Merchants);
        Assert.Equal(result.Merchants - result.DomesticOnly, result.GammaEvents);
        Assert.Equal(result.Rows, result.ResidualEvents);
        Assert.True(result.DomesticOnly is > 120 and < 240);
        Assert.Equal(PublishOutcome.Published, result.Cache.Outcome);
        Assert.True(File.Exists(result.ReportPath));

        var report = S7Validator.Validate(new S7ValidationOptions(root.Inputs));
        Assert.Equal(result.RunId, report.RunId);
        Assert.Equal(result.DrawsTotal, report.DrawsTotal);
        Assert.Equal(result.BlocksTotal, report.BlocksTotal);
        Assert.Equal(result.Cache.Sha256Hex, report.CacheSha256);
        Assert.Equal(result.GammaEvents + result.ResidualEvents, report.TraceRows);
    }

    [Fact]
    public void Run_AtOneAndSeveralWorkers_GivesByteIdenticalCacheAndEventsExceptRunScopedFields()
    {
        using var one = new S7TestRoot(merchants: 1200);
        using var many = new S7TestRoot(merchants: 1200);
        var a = one.Run(workers: 1);
        var b = many.Run(workers: 4);
        Assert.NotEqual(a.RunId, b.RunId);
        Assert.Equal(File.ReadAllBytes(one.CacheFile), File.ReadAllBytes(many.CacheFile));
        Assert.Equal(a.Cache.Sha256Hex, b.Cache.Sha256Hex);
        foreach (var family in new[] { S7Names.GammaLabel, S7Names.ResidualLabel })
        {
            var left = RunScopedFields().Replace(File.ReadAllText(one.EventFile(family, a.RunId)), "\"$1\":\"*\"");
            var right = RunScopedFields().Replace(File.ReadAllText(many.EventFile(family, b.RunId)), "\"$1\":\"*\"");
            Assert.Equal(left, right);
        }

        Assert.Equal(
            RunScopedFields().Replace(File.ReadAllText(one.TraceFile(a.RunId)), "\"$1\":\"*\""),
            RunScopedFields().Replace(File.ReadAllText(many.TraceFile(b.RunId)), "\"$1\":\"*\""));
    }

    [Fact]
    public void Rerun_ReproducesTheCache_AndWritesNewRunScopedLogs()
    {
        using var root = new S7TestRoot(merchants: 120);
        var first = root.Run(start: new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var second = root.Run(workers: 2, start: new DateTime(2024, 1, 1, 0, 0, 1, DateTimeKind.Utc));
        Assert.Equal(PublishOutcome.IdenticalExisting, second.Cache.Outcome);
        Assert.Equal(first.Cache.Sha256Hex, second.Cache.Sha256Hex);
        Assert.NotEqual(first.RunId, second.RunId);
        Assert.Equal(first.RunId, S7RunId.Create(root.Lineage, new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
        S7Validator.Validate(new S7ValidationOptions(root.Inputs, second.RunId));
    }

    [Fact]
    public void Events_HaveTheFullEnvelopeAndRfc3339Micros()
    {
        using var root = new S7TestRoot(merchants: 50);
        var result = root.Run();
        var line = File.ReadLines(root.EventFile(S7Names.GammaLabel, result.RunId)).First();
        foreach (var field in new[] { "ts_utc", "run_id", "seed", "parameter_hash", "manifest_fingerprint", "module", "substream_label", "rng_counter_before_lo", "rng_counter_before_hi", "rng_counter_after_lo", "rng_counter_after_hi", "blocks", "draws", "merchant_id", "home_country_iso", "country_isos", "alpha", "gamma_raw", "weights" })
        {
            Assert.Contains($"\"{field}\":", line, StringComparison.Ordinal);
        }

        Assert.Matches("\"ts_utc\":\"\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z\"", line);
        Assert.Matches("\"draws\":\"\\d+\"", line);
        Assert.Contains("\"module\":\"1A.dirichlet_allocator\"", line, StringComparison.Ordinal);
    }
}
