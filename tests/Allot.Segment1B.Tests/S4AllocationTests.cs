using Allot.Segment1B;
using Allot.Segment1B.Validation;

namespace Allot.Segment1B.Tests;

public sealed class S4AllocationTests
{
    [Fact]
    public void Run_SpecExamples_GiveFourOneAndOneOneOne()
    {
        using var h = HandRoot.SpecExamples();
        var result = S4Runner.Run(h.Layout, workers: 1, skipS0: false);

        var rows = HandRoot.ReadPlan(h.Layout.AllocPlan);
        Assert.Equal(
            [(101L, "GB", 1001UL, 4L), (101L, "GB", 1002UL, 1L), (202L, "FR", 7UL, 1L), (202L, "FR", 8UL, 1L), (202L, "FR", 9UL, 1L)],
            rows);
        Assert.Equal(5, result.Report.RowsEmitted);
        Assert.Equal(3, result.Report.ShortfallTotal); // 1 (GB) + 2 (FR)
        Assert.Equal(1, result.Report.TiesBrokenTotal); // GB: 3500 and 1500 both leave 500
        Assert.Equal("ok", S4Validator.Validate(h.Layout).Status);
    }

    [Fact]
    public void Run_ManyEqualRemaindersAtCutoff_SevenLowestTileIdsGetOne()
    {
        using var h = HandRoot.EqualRemainders();
        var result = S4Runner.Run(h.Layout, workers: 2, skipS0: false);

        var rows = HandRoot.ReadPlan(h.Layout.AllocPlan);
        Assert.Equal([3UL, 5UL, 8UL, 11UL, 12UL, 40UL, 41UL], rows.Select(r => r.Tile));
        Assert.All(rows, r => Assert.Equal(1, r.Count));
        Assert.Equal(7, result.Report.TiesBrokenTotal);
        Assert.Equal("ok", S4Validator.Validate(h.Layout).Status);
    }

    [Fact]
    public void AllocatePair_MaximalSites_IsOverflowSafeAndExact()
    {
        var tiles = new Allot.Segment1B.Allocation.CountryTiles("GB", [1001, 1002, 1003], [6_000_000_000_000_000_000, 3_999_999_999_999_999_999, 1]);
        var (ids, counts, outcome) = Allot.Segment1B.Allocation.PlanAllocator.AllocatePair(tiles, long.MaxValue, 10_000_000_000_000_000_000);
        Assert.Equal([1001UL, 1002UL, 1003UL], ids);
        Assert.Equal(long.MaxValue, counts.Aggregate(0m, (a, c) => a + c));
        Assert.True(outcome.Shortfall <= 3);
    }

    [Fact]
    public void Run_WritesReportWithEveryFieldAndRelativePartitionPath()
    {
        using var h = HandRoot.SpecExamples();
        S4Runner.Run(h.Layout, 1, false);

        var text = File.ReadAllText(h.Layout.RunReport);
        var report = System.Text.Json.Nodes.JsonNode.Parse(text)!.AsObject();
        foreach (var field in Allot.Segment1B.Reporting.S4RunReport.RequiredFields)
        {
            Assert.True(report.ContainsKey(field), field);
        }

        Assert.Equal(h.Layout.AllocPlanRelative, report["determinism_receipt"]!["partition_path"]!.GetValue<string>());
        Assert.DoesNotContain('\\', h.Layout.AllocPlanRelative);
        Assert.StartsWith("{\n  \"alloc_sum_equals_requirements\": true,\n", text, StringComparison.Ordinal);
        Assert.True(report["max_worker_rss_bytes"]!.GetValue<long>() > 1_000_000);
        Assert.True(report["open_files_peak"]!.GetValue<long>() >= 3);
        var summary = report["merchant_summaries"]!.AsArray();
        Assert.Equal(1, summary[0]!["pairs"]!.GetValue<long>());
        Assert.Equal(2, summary[0]!["tiles"]!.GetValue<long>());
    }

    [Theory]
    [InlineData(1, 5000, 10UL, true)]
    [InlineData(2, 5000, 1_000_000_000UL, true)]
    [InlineData(3, 20000, ulong.MaxValue, true)]
    [InlineData(4, 3000, 1000UL, false)]
    [InlineData(5, 1, 7UL, true)]
    [InlineData(6, 2, 0UL, true)]
    public void Presort_IsWeightDescendingThenTileIdAscending_WhateverTheInputOrder(int seed, int n, ulong maxWeight, bool idsAscending)
    {
        var rng = new Random(seed);
        var ids = new ulong[n];
        var weights = new ulong[n];
        var next = 0UL;
        for (var i = 0; i < n; i++)
        {
            next += 1 + (ulong)rng.Next(5);
            ids[i] = next;
            // Many ties (small range) and, for the widest range, values near 2^64.
            weights[i] = maxWeight == 0 ? 0 : maxWeight <= 1000 ? (ulong)rng.NextInt64((long)maxWeight + 1) : maxWeight - (ulong)rng.Next(50) * (maxWeight / 64);
        }

        if (!idsAscending)
        {
            var order = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).ToArray();
            ids = order.Select(i => ids[i]).ToArray();
            weights = order.Select(i => weights[i]).ToArray();
        }

        var expected = ids.Zip(weights).OrderByDescending(t => t.Second).ThenBy(t => t.First).ToArray();
        var (sortedIds, sortedWeights) = Allot.Segment1B.Allocation.S4InputLoader.Presorted(ids, weights);
        Assert.Equal(expected.Select(t => t.First), sortedIds);
        Assert.Equal(expected.Select(t => t.Second), sortedWeights);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(3, 23)]
    [InlineData(4, 24)]
    [InlineData(5, 33)]
    [InlineData(6, 1000)]
    [InlineData(7, 100_000)]
    public void SortByTile_PutsRowsInTileIdOrder_CountsTravellingWithTheirTiles(int seed, int n)
    {
        var random = new Random(seed);
        var ids = Enumerable.Range(0, n).Select(i => ((ulong)random.NextInt64() << 1) | 1).Distinct().ToArray();
        if (seed % 2 == 0)
        {
            Array.Sort(ids);
            Array.Reverse(ids);
        }

        var counts = ids.Select(id => (long)(id % 1000)).ToArray();
        Allot.Segment1B.Allocation.PlanAllocator.SortByTile(ids, counts);
        Assert.Equal(ids.Order(), ids);
        Assert.All(ids.Zip(counts), p => Assert.Equal((long)(p.First % 1000), p.Second));
    }
}
