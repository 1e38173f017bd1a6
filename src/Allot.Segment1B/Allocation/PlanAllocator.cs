using Allot.Core.Apportionment;
using Allot.Core.Errors;
using Allot.Data.Diagnostics;

namespace Allot.Segment1B.Allocation;

/// <summary>
/// S4's allocation: for every requirement pair, the presorted largest remainder over the country's tiles
/// (<see cref="PresortedLargestRemainder"/>), rows sorted by tile_id. Pairs are cut into fixed chunks of
/// <see cref="PairsPerChunk"/>; up to <c>workers</c> chunks are computed in parallel inside a bounded window and
/// handed to the sink strictly in pair order, so the output never depends on the worker count and memory is
/// bounded by the window, not by the plan.
/// </summary>
internal static class PlanAllocator
{
    /// <summary>Pairs per work unit (fixed: chunking must not depend on the worker count).</summary>
    public const int PairsPerChunk = 2048;

    /// <summary>Allocates every pair and streams the rows to <paramref name="sink"/> in output order.</summary>
    public static PlanTotals Allocate(S4Inputs inputs, int workers, PlanRowSink sink)
    {
        var pairs = inputs.Pairs;
        var rowsPerPair = new int[pairs.Count];
        var range = AllocateRange(inputs, 0, pairs.Count, workers, sink, rowsPerPair);
        if (!range.SumsMatch)
        {
            throw SumMismatch();
        }

        return new PlanTotals(range.Rows, pairs.Count, CountMerchants(pairs, 0, pairs.Count), range.Shortfall, range.TiesBroken, true, range.WorkersUsed, rowsPerPair);
    }

    /// <summary>Distinct merchants among pairs [first, first + count) (pairs are sorted by merchant).</summary>
    internal static long CountMerchants(RequirementPairs pairs, int first, int count)
    {
        long merchants = 0;
        for (var i = first; i < first + count; i++)
        {
            if (i == first || pairs.MerchantIds[i] != pairs.MerchantIds[i - 1])
            {
                merchants++;
            }
        }

        return merchants;
    }

    /// <summary>The error raised when an allocation does not sum to its requirement (a kernel bug, never an input problem).</summary>
    internal static AllotException SumMismatch() =>
        new(new AllotError(S4Codes.ShortfallMismatch, ErrorClass.Internal, "an allocation did not sum to its n_sites; this is a bug — please report it with the inputs."));

    /// <summary>
    /// Allocates pairs [first, first + count) and streams their rows to <paramref name="sink"/> in pair order;
    /// <paramref name="rowsPerPair"/> (indexed relative to <paramref name="first"/>) receives the rows
    /// of each pair. Chunks are cut every <see cref="PairsPerChunk"/> pairs from <paramref name="first"/>, so the
    /// output depends on the range only, never on <paramref name="workers"/>. With more than one worker the chunks
    /// are computed ahead on the thread pool (at most <paramref name="workers"/> at a time, through
    /// <paramref name="computeSlots"/> when several ranges share the workers; a window of 4 × workers chunks) while
    /// this thread writes the finished ones in order, so computing overlaps writing.
    /// </summary>
    internal static RangeTotals AllocateRange(S4Inputs inputs, int first, int count, int workers, PlanRowSink sink, int[] rowsPerPair, SemaphoreSlim? computeSlots = null, ProgressCounter? pairsWritten = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        var pairs = inputs.Pairs;
        var chunkCount = (count + PairsPerChunk - 1) / PairsPerChunk;
        var window = Math.Max(1, workers * 4);
        // workers_used = the largest number of chunks seen computing at the same moment.
        var active = 0;
        var peakActive = 0;
        long rows = 0, shortfall = 0, ties = 0;
        var sums = true;
        var ownSlots = workers > 1 && computeSlots is null ? new SemaphoreSlim(workers, workers) : null;
        var slots = computeSlots ?? ownSlots;
        var pending = new Queue<Task<PlanChunk>>();
        var next = 0;

        PlanChunk Run(int c)
        {
            var now = Interlocked.Increment(ref active);
            for (var seen = Volatile.Read(ref peakActive); now > seen; seen = Volatile.Read(ref peakActive))
            {
                Interlocked.CompareExchange(ref peakActive, now, seen);
            }

            try
            {
                return Compute(inputs, first, count, c);
            }
            finally
            {
                Interlocked.Decrement(ref active);
            }
        }

        Task<PlanChunk> Start(int c) => slots is null
            ? Task.FromResult(Run(c))
            : Task.Run(async () =>
            {
                await slots.WaitAsync().ConfigureAwait(false);
                try
                {
                    return Run(c);
                }
                finally
                {
                    slots.Release();
                }
            });

        try
        {
            while (next < chunkCount && pending.Count < window)
            {
                pending.Enqueue(Start(next++));
            }

            while (pending.Count > 0)
            {
                var chunk = pending.Dequeue().GetAwaiter().GetResult();
                if (next < chunkCount)
                {
                    pending.Enqueue(Start(next++));
                }

                var row = 0;
                for (var p = 0; p < chunk.RowsPerPair.Length; p++)
                {
                    var pair = chunk.FirstPair + p;
                    var n = chunk.RowsPerPair[p];
                    rowsPerPair[pair - first] = n;
                    sink.AddPairRows(pairs.MerchantIds[pair], pairs.CountryIsos[pair], chunk.TileIds.AsSpan(row, n), chunk.Counts.AsSpan(row, n));
                    row += n;
                }

                chunk.Release();
                pairsWritten?.Add(chunk.RowsPerPair.Length);
                rows = checked(rows + row);
                shortfall = checked(shortfall + chunk.Shortfall);
                ties = checked(ties + chunk.TiesBroken);
                sums &= chunk.SumsMatch;
            }
        }
        finally
        {
            // A failure leaves no computation running behind the caller's back.
            foreach (var t in pending)
            {
                try
                {
                    t.Wait();
                }
                catch (AggregateException)
                {
                    // the first failure is the one reported
                }
            }

            ownSlots?.Dispose();
        }

        return new RangeTotals(rows, shortfall, ties, sums, Math.Max(1, peakActive));
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

    // The rows of one chunk, written straight into the chunk's arrays (what AllocatePair returns, pair by pair).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static PlanChunk Compute(S4Inputs inputs, int rangeFirst, int rangeCount, int chunkIndex)
    {
        var pairs = inputs.Pairs;
        var first = rangeFirst + (chunkIndex * PairsPerChunk);
        var count = Math.Min(PairsPerChunk, rangeFirst + rangeCount - first);
        var chunk = new PlanChunk(first, count);
        CountryTiles? tiles = null;
        for (var p = 0; p < count; p++)
        {
            var pair = first + p;
            var iso = pairs.CountryIsos[pair];
            if (tiles is null || !string.Equals(tiles.CountryIso, iso, StringComparison.Ordinal))
            {
                tiles = inputs.Countries[iso];
            }

            var nSites = pairs.NSites[pair];
            var most = (int)Math.Min(tiles.TileIds.Length, nSites);
            chunk.Ensure(most);
            var at = chunk.Rows;
            var counts = chunk.Counts.AsSpan(at, most);
            var outcome = PresortedLargestRemainder.Apportion(nSites, tiles.Weights, tiles.TileIds, inputs.Denominator, counts);
            var emitted = outcome.Emitted;
            var ids = chunk.TileIds.AsSpan(at, emitted);
            tiles.TileIds.AsSpan(0, emitted).CopyTo(ids);
            counts = counts[..emitted];
            SortByTile(ids, counts);
            long sum = 0;
            foreach (var c in counts)
            {
                sum += c;
            }

            chunk.Rows = at + emitted;
            chunk.RowsPerPair[p] = emitted;
            chunk.Shortfall += outcome.Shortfall;
            chunk.TiesBroken += outcome.TiesBroken;
            chunk.SumsMatch &= sum == nSites;
        }

        return chunk;
    }

    // Rows of a pair in tile_id order (ids are distinct): an insertion sort for the usual handful of rows, a
    // quicksort (median of three, smaller side first, insertion sort below 24) beyond — here rather than the
    // library's generic key/item sort, which a sub-second process runs unoptimised (tier 0) at every call.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static void SortByTile(Span<ulong> ids, Span<long> counts)
    {
        Span<int> stack = stackalloc int[128];
        var top = 0;
        int lo = 0, hi = ids.Length - 1;
        while (true)
        {
            while (hi - lo >= 24)
            {
                var mid = lo + ((hi - lo) >> 1);
                if (ids[mid] < ids[lo])
                {
                    Swap(ids, counts, mid, lo);
                }

                if (ids[hi] < ids[lo])
                {
                    Swap(ids, counts, hi, lo);
                }

                if (ids[hi] < ids[mid])
                {
                    Swap(ids, counts, hi, mid);
                }

                var pivot = ids[mid];
                int i = lo, j = hi;
                while (i <= j)
                {
                    while (ids[i] < pivot)
                    {
                        i++;
                    }

                    while (ids[j] > pivot)
                    {
                        j--;
                    }

                    if (i <= j)
                    {
                        Swap(ids, counts, i, j);
                        i++;
                        j--;
                    }
                }

                // [lo, j] ≤ pivot ≤ [i, hi]: the larger side waits on the stack (depth ≤ log2 n), the smaller goes on.
                if (j - lo < hi - i)
                {
                    stack[top++] = i;
                    stack[top++] = hi;
                    hi = j;
                }
                else
                {
                    stack[top++] = lo;
                    stack[top++] = j;
                    lo = i;
                }
            }

            for (var a = lo + 1; a <= hi; a++)
            {
                var id = ids[a];
                var count = counts[a];
                var b = a - 1;
                while (b >= lo && ids[b] > id)
                {
                    ids[b + 1] = ids[b];
                    counts[b + 1] = counts[b];
                    b--;
                }

                ids[b + 1] = id;
                counts[b + 1] = count;
            }

            if (top == 0)
            {
                return;
            }

            hi = stack[--top];
            lo = stack[--top];
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void Swap(Span<ulong> ids, Span<long> counts, int a, int b)
    {
        (ids[a], ids[b]) = (ids[b], ids[a]);
        (counts[a], counts[b]) = (counts[b], counts[a]);
    }

    /// <summary>Counters of one allocated pair range.</summary>
    internal readonly record struct RangeTotals(long Rows, long Shortfall, long TiesBroken, bool SumsMatch, int WorkersUsed);
}
