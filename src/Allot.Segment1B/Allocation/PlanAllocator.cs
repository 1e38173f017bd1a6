using Allot.Core.Apportionment;
using Allot.Core.Errors;

namespace Allot.Segment1B.Allocation;

/// <summary>
/// S4's allocation: for every requirement pair, the presorted largest remainder over the country's tiles
/// (<see cref="PresortedLargestRemainder"/>), rows sorted by tile_id. Pairs are cut into fixed chunks of
/// <see cref="PairsPerChunk"/>; up to <c>workers</c> chunks are computed in parallel inside a bounded window and
/// handed to the sink strictly in pair order, so the output never depends on the worker count and memory is
/// bounded by the window, not by the plan.
/// </summary>
public static class PlanAllocator
{
    /// <summary>Pairs per work unit (fixed: chunking must not depend on the worker count).</summary>
    public const int PairsPerChunk = 2048;

    /// <summary>Allocates every pair and streams the rows to <paramref name="sink"/> in output order.</summary>
    public static PlanTotals Allocate(S4Inputs inputs, int workers, PlanRowSink sink)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        var pairs = inputs.Pairs;
        var chunkCount = (pairs.Count + PairsPerChunk - 1) / PairsPerChunk;
        var window = Math.Max(1, workers * 4);
        // workers_used = the largest number of chunks seen computing at the same moment.
        var active = 0;
        var peakActive = 0;
        var rowsPerPair = new int[pairs.Count];
        long rows = 0, shortfall = 0, ties = 0;
        var sums = true;
        for (var start = 0; start < chunkCount; start += window)
        {
            var end = Math.Min(chunkCount, start + window);
            var results = new PlanChunk[end - start];
            if (workers == 1)
            {
                for (var c = start; c < end; c++)
                {
                    peakActive = 1;
                    results[c - start] = Compute(inputs, c);
                }
            }
            else
            {
                Parallel.For(start, end, new ParallelOptions { MaxDegreeOfParallelism = workers }, c =>
                {
                    var now = Interlocked.Increment(ref active);
                    for (var seen = Volatile.Read(ref peakActive); now > seen; seen = Volatile.Read(ref peakActive))
                    {
                        Interlocked.CompareExchange(ref peakActive, now, seen);
                    }

                    results[c - start] = Compute(inputs, c);
                    Interlocked.Decrement(ref active);
                });
            }

            foreach (var chunk in results)
            {
                var row = 0;
                for (var p = 0; p < chunk.RowsPerPair.Length; p++)
                {
                    var pair = chunk.FirstPair + p;
                    var count = chunk.RowsPerPair[p];
                    rowsPerPair[pair] = count;
                    for (var r = 0; r < count; r++, row++)
                    {
                        sink.Add(pairs.MerchantIds[pair], pairs.CountryIsos[pair], chunk.TileIds[row], chunk.Counts[row]);
                    }
                }

                rows = checked(rows + row);
                shortfall = checked(shortfall + chunk.Shortfall);
                ties = checked(ties + chunk.TiesBroken);
                sums &= chunk.SumsMatch;
            }
        }

        long merchants = 0;
        for (var i = 0; i < pairs.Count; i++)
        {
            if (i == 0 || pairs.MerchantIds[i] != pairs.MerchantIds[i - 1])
            {
                merchants++;
            }
        }

        if (!sums)
        {
            throw new AllotException(new AllotError(S4Codes.ShortfallMismatch, ErrorClass.Internal, "an allocation did not sum to its n_sites; this is a bug — please report it with the inputs."));
        }

        return new PlanTotals(rows, pairs.Count, merchants, shortfall, ties, sums, Math.Max(1, peakActive), rowsPerPair);
    }

    /// <summary>The rows of one pair, sorted by tile id: (tile ids, counts) and the kernel's outcome.</summary>
    public static (ulong[] TileIds, long[] Counts, PresortedOutcome Outcome) AllocatePair(CountryTiles tiles, long nSites, ulong denominator)
    {
        // Every emitted tile gets ≥ 1, so at most min(tiles, n) are emitted (n + 1 would overflow at long.MaxValue).
        var alloc = new long[(int)Math.Min(tiles.TileIds.Length, nSites)];
        var outcome = PresortedLargestRemainder.Apportion(nSites, tiles.Weights, tiles.TileIds, denominator, alloc);
        var ids = tiles.TileIds.AsSpan(0, outcome.Emitted).ToArray();
        var counts = alloc.AsSpan(0, outcome.Emitted).ToArray();
        Array.Sort(ids, counts);
        return (ids, counts, outcome);
    }

    private static PlanChunk Compute(S4Inputs inputs, int chunkIndex)
    {
        var pairs = inputs.Pairs;
        var first = chunkIndex * PairsPerChunk;
        var count = Math.Min(PairsPerChunk, pairs.Count - first);
        var chunk = new PlanChunk(first, count);
        for (var p = 0; p < count; p++)
        {
            var pair = first + p;
            var tiles = inputs.Countries[pairs.CountryIsos[pair]];
            var (ids, counts, outcome) = AllocatePair(tiles, pairs.NSites[pair], inputs.Denominator);
            long sum = 0;
            for (var i = 0; i < ids.Length; i++)
            {
                chunk.TileIds.Add(ids[i]);
                chunk.Counts.Add(counts[i]);
                sum += counts[i];
            }

            chunk.RowsPerPair[p] = ids.Length;
            chunk.Shortfall += outcome.Shortfall;
            chunk.TiesBroken += outcome.TiesBroken;
            chunk.SumsMatch &= sum == pairs.NSites[pair];
        }

        return chunk;
    }
}
