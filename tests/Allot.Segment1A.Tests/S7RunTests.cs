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

    [Theory]
    [InlineData("reversed")]
    [InlineData("ranks-descending")]
    public void CountrySetRowsInAnotherOrder_GiveTheSameCache(string order)
    {
        // Found by hand: a country_set whose rows were not in (merchant_id, rank) order was rejected with
        // "rank 2 breaks the sequence ... (expected 0)" as soon as a merchant's first row was not its rank 0,
        // although the rank column, not the row order, is the authority for a merchant's country order.
        using var sorted = new S7TestRoot(merchants: 60, domesticShare: 0.2, maxCountries: 6);
        using var shuffled = new S7TestRoot(merchants: 60, domesticShare: 0.2, maxCountries: 6);
        S7TestRoot.EditParquet(Path.Combine(shuffled.CountrySetFolder, "part-00000.parquet"), columns =>
        {
            var merchants = (long[])columns["merchant_id"];
            var ranks = (int[])columns["rank"];
            var rows = Enumerable.Range(0, merchants.Length).ToArray();
            var permutation = order == "reversed"
                ? rows.Reverse().ToArray()
                : rows.OrderBy(i => merchants[i]).ThenByDescending(i => ranks[i]).ToArray();
            foreach (var name in columns.Keys.ToList())
            {
                var before = (Array)columns[name].Clone();
                for (var i = 0; i < permutation.Length; i++)
                {
                    columns[name].SetValue(before.GetValue(permutation[i]), i);
                }
            }
        });

        sorted.Run();
        shuffled.Run();

        Assert.Equal(File.ReadAllBytes(sorted.CacheFile), File.ReadAllBytes(shuffled.CacheFile));
        Assert.Equal(60, S7Validator.Validate(new S7ValidationOptions(shuffled.Inputs)).Merchants);
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

public sealed partial class S7ShardTests
{
    [GeneratedRegex("\"(ts_utc)\":\"[^\"]*\"")]
    private static partial Regex Timestamps();

    [Fact]
    public void ShardPlan_IsFixedMerchantRanges_AndAnEmptyRunHasOneEmptyShard()
    {
        Assert.Equal([(0, 0, 100), (1, 100, 100), (2, 200, 50)], S7Shards.Plan(250, 100).Select(s => (s.Index, s.FirstMerchant, s.MerchantCount)));
        Assert.Equal([(0, 0, 0)], S7Shards.Plan(0).Select(s => (s.Index, s.FirstMerchant, s.MerchantCount)));
        Assert.Equal(0, S7Shards.DefaultMerchantsPerShard % 16_384);
    }

    [Fact]
    public void ManyShards_GiveTheRowsAndLogsOfOneShard_AndValidate()
    {
        var start = new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        using var one = new S7TestRoot(merchants: 900);
        using var many = new S7TestRoot(merchants: 900);
        var a = one.Run(workers: 2, start: start);
        var b = S7Runner.RunSharded(new S7RunOptions(many.Inputs, 2, start), merchantsPerShard: 128, new LocalS7ShardExecutor(2), execution: null);
        Assert.Equal(a.RunId, b.RunId);
        Assert.Equal(8, Directory.GetFiles(many.CacheFolder, "part-*.parquet").Length);
        Assert.Empty(Directory.GetFileSystemEntries(many.CacheFolder, ".*"));
        Assert.Equal(ReadRows(one.CacheFolder), ReadRows(many.CacheFolder));
        Assert.Equal((a.DrawsTotal, a.BlocksTotal, a.GammaEvents, a.ResidualEvents, a.DomesticOnly), (b.DrawsTotal, b.BlocksTotal, b.GammaEvents, b.ResidualEvents, b.DomesticOnly));
        foreach (var family in new[] { S7Names.GammaLabel, S7Names.ResidualLabel })
        {
            Assert.Equal(Timestamps().Replace(File.ReadAllText(one.EventFile(family, a.RunId)), "*"), Timestamps().Replace(File.ReadAllText(many.EventFile(family, b.RunId)), "*"));
        }

        // The trace's running totals continue across shards as in one serial pass.
        Assert.Equal(Timestamps().Replace(File.ReadAllText(one.TraceFile(a.RunId)), "*"), Timestamps().Replace(File.ReadAllText(many.TraceFile(b.RunId)), "*"));
        Assert.False(Directory.Exists(Path.Combine(Path.GetDirectoryName(many.TraceFile(b.RunId))!, S7Shards.ShardLogFolder)));
        S7Validator.Validate(new S7ValidationOptions(many.Inputs, b.RunId));

        // As a cluster writes them: one log part per shard, assembled afterwards (trace totals offset per shard).
        using var parts = new S7TestRoot(merchants: 900);
        var c = S7Runner.RunSharded(new S7RunOptions(parts.Inputs, 2, start), merchantsPerShard: 128, new PartsExecutor(), execution: null);
        Assert.Equal(b.Cache.Sha256Hex, c.Cache.Sha256Hex);
        foreach (var family in new[] { S7Names.GammaLabel, S7Names.ResidualLabel })
        {
            Assert.Equal(Timestamps().Replace(File.ReadAllText(one.EventFile(family, a.RunId)), "*"), Timestamps().Replace(File.ReadAllText(parts.EventFile(family, c.RunId)), "*"));
        }

        Assert.Equal(Timestamps().Replace(File.ReadAllText(one.TraceFile(a.RunId)), "*"), Timestamps().Replace(File.ReadAllText(parts.TraceFile(c.RunId)), "*"));
        Assert.Empty(Directory.GetFileSystemEntries(Path.GetDirectoryName(parts.TraceFile(c.RunId))!, ".*"));
        S7Validator.Validate(new S7ValidationOptions(parts.Inputs, c.RunId));
    }

    /// <summary>Runs every shard into its own log parts, as a silo does.</summary>
    private sealed class PartsExecutor : IS7ShardExecutor
    {
        public IReadOnlyList<S7ShardResult> Run(Allot.Segment1A.Inputs.S7Inputs inputs, string runId, IReadOnlyList<S7Shard> shards, S7Staging staging) =>
            [.. shards.Reverse().Select(s => S7Shards.RunShard(inputs, runId, s, staging, 1)).Reverse()];
    }

    /// <summary>Every row of every part file, in file order, as text (doubles by their bits: values compared exactly).</summary>
    private static List<string> ReadRows(string folder)
    {
        var rows = new List<string>();
        var files = Directory.GetFiles(folder, "part-*.parquet").Order(StringComparer.Ordinal).ToList();
        using var cursor = new ResidualCacheCursor(files, S7TestRoot.Fingerprint);
        for (var i = cursor.Next(); i >= 0; i = cursor.Next())
        {
            rows.Add(FormattableString.Invariant($"{cursor.MerchantId[i]}|{cursor.CountryIso[i]}|{BitConverter.DoubleToInt64Bits(cursor.Residual[i])}|{cursor.Rank[i]}|{cursor.NTotal[i]}|{BitConverter.DoubleToInt64Bits(cursor.Weight[i])}|{cursor.Floor[i]}|{cursor.Count[i]}"));
        }

        return rows;
    }
}
