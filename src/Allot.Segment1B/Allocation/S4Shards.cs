using Allot.Data.Diagnostics;
using Allot.Data.Publishing;

namespace Allot.Segment1B.Allocation;

/// <summary>One shard of S4: a contiguous range of requirement pairs, whole merchants only.</summary>
/// <param name="Index">Position in the plan (0-based); names the shard's part file.</param>
/// <param name="FirstPair">First pair (index into the sorted requirements).</param>
/// <param name="PairCount">Pairs in the shard (0 only for the single shard of an empty plan).</param>
internal sealed record S4Shard(int Index, int FirstPair, int PairCount)
{
    /// <summary>The shard's part file name: a function of the shard index alone.</summary>
    public string PartFileName => S4Shards.PartFileName(Index);
}

/// <summary>The counters of one computed shard (what a shard worker returns to the coordinator).</summary>
/// <param name="Index">Shard index.</param>
/// <param name="FirstPair">First pair.</param>
/// <param name="RowsEmitted">Plan rows written.</param>
/// <param name="ShortfallTotal">Σ S over the shard's pairs.</param>
/// <param name="TiesBrokenTotal">Ties broken by the tile_id rule.</param>
/// <param name="AllocSumEqualsRequirements">Every pair sums to its n_sites.</param>
/// <param name="WorkersUsed">Peak chunks computed concurrently inside the shard.</param>
/// <param name="RowsPerPair">Rows per pair of the shard, in pair order (for merchant summaries).</param>
internal sealed record S4ShardResult(
    int Index,
    int FirstPair,
    long RowsEmitted,
    long ShortfallTotal,
    long TiesBrokenTotal,
    bool AllocSumEqualsRequirements,
    int WorkersUsed,
    int[] RowsPerPair);

/// <summary>Runs the shards of an S4 plan into a staging folder and returns their results in shard order.</summary>
internal interface IS4ShardExecutor
{
    /// <summary>
    /// Whether the processes that compute the shards cut the plan from their own load (a cluster's silos): this
    /// process then passes the gate, takes the plan from <see cref="PlanAhead"/> and reads its own inputs while the
    /// shards run, instead of before them.
    /// </summary>
    bool PlansAhead => false;

    /// <summary>The plan cut where the shards run, before this process has read anything; null when it is not to be had (this process cuts it).</summary>
    IReadOnlyList<S4Shard>? PlanAhead(int pairsPerShard) => null;

    /// <summary>
    /// Checks a plan taken from <see cref="PlanAhead"/> against this process's own cut of its inputs (read while the
    /// shards ran); throws if they differ.
    /// </summary>
    void ConfirmPlan(IReadOnlyList<S4Shard> ahead, IReadOnlyList<S4Shard> own)
    {
    }

    /// <summary>Computes and writes every shard into <paramref name="staging"/>; results in shard order.</summary>
    /// <param name="inputs">This process's inputs; null when the shards run elsewhere on a plan taken ahead.</param>
    /// <param name="shards">The plan.</param>
    /// <param name="staging">The publication's staging folder.</param>
    /// <param name="rowGroupRows">Rows per Parquet row group.</param>
    IReadOnlyList<S4ShardResult> Run(S4Inputs? inputs, IReadOnlyList<S4Shard> shards, string staging, int rowGroupRows);
}

/// <summary>
/// S4's shards as a function of the data: each shard takes <see cref="DefaultPairsPerShard"/> pairs from where the
/// previous one ended and runs on to the end of its last merchant, so a merchant's rows are never split across part files and
/// the cut points depend on the requirements only — never on worker count, silo count or which process ran a
/// shard. Each shard writes exactly one part file, <c>part-{index:D5}.parquet</c>, with row groups of a fixed
/// size counted from the shard's first row: the partition's bytes are identical however the shards were run.
/// </summary>
internal static class S4Shards
{
    /// <summary>Nominal pairs per shard (a data-only constant; tests pass smaller values to get many shards).</summary>
    public const int DefaultPairsPerShard = 1 << 18;

    /// <summary>Part file name of shard <paramref name="index"/>.</summary>
    public static string PartFileName(int index) => $"part-{index:D5}.parquet";

    /// <summary>Cuts the sorted pairs into shards; an empty plan has one empty shard (its part file holds the schema).</summary>
    public static IReadOnlyList<S4Shard> Plan(RequirementPairs pairs, int pairsPerShard = DefaultPairsPerShard)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pairsPerShard, 1);
        var shards = new List<S4Shard>();
        var first = 0;
        while (first < pairs.Count)
        {
            var end = (int)Math.Min(pairs.Count, (long)first + pairsPerShard);
            while (end < pairs.Count && pairs.MerchantIds[end] == pairs.MerchantIds[end - 1])
            {
                end++;
            }

            shards.Add(new S4Shard(shards.Count, first, end - first));
            first = end;
        }

        if (shards.Count == 0)
        {
            shards.Add(new S4Shard(0, 0, 0));
        }

        return shards;
    }

    /// <summary>The plan whose shards have these pair counts, back to back from pair 0 (as a silo reports its cut).</summary>
    public static IReadOnlyList<S4Shard> FromSizes(IReadOnlyList<int> pairCounts)
    {
        var shards = new List<S4Shard>(pairCounts.Count);
        var first = 0;
        foreach (var count in pairCounts)
        {
            shards.Add(new S4Shard(shards.Count, first, count));
            first += count;
        }

        return shards;
    }

    /// <summary>
    /// Computes one shard and writes its part file into <paramref name="staging"/>. Idempotent: the file is written
    /// in a hidden scratch folder and renamed over <c>part-{index:D5}.parquet</c>, so a retried shard replaces its
    /// own file (same inputs ⇒ same bytes) and a crashed attempt leaves only a hidden folder, which readers skip
    /// and the coordinator removes before the partition is hashed.
    /// </summary>
    /// <param name="inputs">The loaded inputs.</param>
    /// <param name="shard">The shard.</param>
    /// <param name="staging">The publication's staging folder.</param>
    /// <param name="workers">Chunks computed at once for this shard.</param>
    /// <param name="rowGroupRows">Rows per row group.</param>
    /// <param name="computeSlots">Shared limit on chunks computed at once when several shards run together (null: <paramref name="workers"/> for this shard alone).</param>
    /// <param name="pairsWritten">Counts the pairs written (progress), or null.</param>
    public static S4ShardResult RunShard(S4Inputs inputs, S4Shard shard, string staging, int workers, int rowGroupRows, SemaphoreSlim? computeSlots = null, ProgressCounter? pairsWritten = null)
    {
        var scratch = Path.Combine(staging, $".shard-{shard.Index:D5}-{Guid.NewGuid():N}");
        Folders.Create(scratch);
        try
        {
            var rowsPerPair = new int[shard.PairCount];
            PlanAllocator.RangeTotals totals;
            using (var sink = new PlanRowSink(scratch, rowGroupRows, int.MaxValue, overlapWrites: workers > 1))
            {
                totals = PlanAllocator.AllocateRange(inputs, shard.FirstPair, shard.PairCount, workers, sink, rowsPerPair, computeSlots, pairsWritten);
                sink.Complete();
            }

            File.Move(Path.Combine(scratch, "part-00000.parquet"), Path.Combine(staging, shard.PartFileName), overwrite: true);
            return new S4ShardResult(shard.Index, shard.FirstPair, totals.Rows, totals.Shortfall, totals.TiesBroken, totals.SumsMatch, totals.WorkersUsed, rowsPerPair);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>Folds shard results (in shard order) into the totals of the whole plan; throws if a sum did not match.</summary>
    public static PlanTotals Combine(RequirementPairs pairs, IReadOnlyList<S4ShardResult> results, int workersUsed)
    {
        var rowsPerPair = new int[pairs.Count];
        long rows = 0, shortfall = 0, ties = 0;
        var sums = true;
        foreach (var r in results)
        {
            r.RowsPerPair.CopyTo(rowsPerPair, r.FirstPair);
            rows += r.RowsEmitted;
            shortfall += r.ShortfallTotal;
            ties += r.TiesBrokenTotal;
            sums &= r.AllocSumEqualsRequirements;
        }

        if (!sums)
        {
            throw PlanAllocator.SumMismatch();
        }

        return new PlanTotals(rows, pairs.Count, PlanAllocator.CountMerchants(pairs, 0, pairs.Count), shortfall, ties, true, Math.Max(1, workersUsed), rowsPerPair);
    }

    /// <summary>Removes hidden leftovers (scratch folders of attempts that died) so only part files are hashed and published.</summary>
    public static void RemoveHiddenEntries(string staging)
    {
        foreach (var dir in Directory.EnumerateDirectories(staging, ".*"))
        {
            Directory.Delete(dir, recursive: true);
        }

        foreach (var file in Directory.EnumerateFiles(staging, ".*"))
        {
            File.Delete(file);
        }
    }
}

/// <summary>
/// Runs the shards in this process: up to <c>workers</c> shards at a time, each writing its part file on its own
/// thread while the chunks of every running shard are computed on the thread pool, at most <c>workers</c> at a
/// time in all (so a large shard next to a small one still gets every worker once the small one is done). The
/// bytes do not depend on either number.
/// </summary>
/// <param name="workers">Threads (≥ 1).</param>
/// <param name="progress">Receives the pairs allocated and written so far (phase <c>allocate</c>), or null.</param>
internal sealed class LocalS4ShardExecutor(int workers, IProgress<Data.Diagnostics.PhaseProgress>? progress = null) : IS4ShardExecutor
{
    /// <summary>Peak chunks computed at once (≤ workers).</summary>
    public int WorkersUsed { get; private set; } = 1;

    /// <inheritdoc />
    public IReadOnlyList<S4ShardResult> Run(S4Inputs? inputs, IReadOnlyList<S4Shard> shards, string staging, int rowGroupRows)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var outer = Math.Max(1, Math.Min(workers, shards.Count));
        var results = new S4ShardResult[shards.Count];
        using var slots = workers > 1 ? new SemaphoreSlim(workers, workers) : null;
        var pairs = new ProgressCounter(progress, "allocate", inputs.Pairs.Count, "pairs");
        Parallel.For(0, shards.Count, new ParallelOptions { MaxDegreeOfParallelism = outer }, i =>
            results[i] = S4Shards.RunShard(inputs, shards[i], staging, workers, rowGroupRows, slots, pairs));
        pairs.Complete();
        WorkersUsed = Math.Min(workers, Math.Max(outer, results.Max(r => r.WorkersUsed)));
        return results;
    }
}
