using Allot.Retail.Caps;
using Allot.Retail.Configuration;
using Allot.Retail.Inputs;
using Allot.Retail.Weights;

namespace Allot.Retail.Allocation;

/// <summary>Allocates one recommendation row: weights, caps, minimum coverage, then the core kernel.</summary>
internal static class RowAllocator
{
    /// <summary>Allocates <paramref name="row"/> over <paramref name="stores"/>, consuming the stores' period capacities from <paramref name="ledger"/>.</summary>
    public static RowAllocation Allocate(
        GroupRecommendation row,
        StoreProfile[] stores,
        StoreSales sales,
        StoreCapacityLedger ledger,
        AllocationParameters parameters,
        RunOptions options,
        TemperatureSuitabilityTable table,
        double priorityScore,
        int priorityRank,
        int priorityPeers)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(options);
        var skip = row.DeltaQty == 0 ? SkipReason.ZeroDelta
            : row.DeltaQty < 0 && !options.IncludeReductions ? SkipReason.ReductionNotAllocated
            : stores.Length == 0 ? SkipReason.NoStores
            : null;
        if (skip is not null)
        {
            return new RowAllocation
            {
                Row = row,
                SkipReason = skip,
                Unallocatable = skip == SkipReason.NoStores ? row.DeltaQty : 0,
                PriorityScore = priorityScore,
                PriorityRank = priorityRank,
                PriorityPeers = priorityPeers,
            };
        }

        var n = stores.Length;
        var weights = WeightCalculator.Compute(row, stores, sales, parameters, table);
        var tieKeys = RankedTieKeys(stores) ?? CoreKernel.TieKeys(row.StoreCodes);
        if (row.DeltaQty < 0)
        {
            return Reduction(row, stores, weights, tieKeys, parameters, priorityScore, priorityRank, priorityPeers);
        }

        var caps = new long[n];
        var kinds = new CapKind[n];
        var slots = new StoreCapacityLedger.Slot[n];
        for (var i = 0; i < n; i++)
        {
            // The slot is looked up once per store and row: for the cap here and to consume what the row took below.
            var slot = slots[i] = ledger.SlotOf(stores[i], row.Category);
            var left = slot.Left?.Units;
            if (CapCalculator.Exclusion(stores[i], parameters) is { } exclusion)
            {
                kinds[i] = exclusion;
                caps[i] = 0;
            }
            else if (slot.Capacity is { Kind: CapKind.Shelf })
            {
                kinds[i] = CapKind.Shelf;
                caps[i] = Math.Min(parameters.MaxPerStore, left!.Value);
            }
            else
            {
                var headroom = CapCalculator.HeadroomCap(stores[i].Headroom, parameters);
                var period = parameters.MaxPerStorePeriod is null || slot.Capacity is null ? null : left;
                kinds[i] = period < headroom ? CapKind.StorePeriod : CapKind.Headroom;
                caps[i] = Math.Min(headroom, period ?? long.MaxValue);
            }
        }

        // Everything below counts in packs (1 unit each when the pack size is 1). A total that is not a whole number
        // of packs leaves its remainder unallocatable; caps round down to whole packs.
        var pack = row.PackSize ?? parameters.PackSize;
        var packs = row.DeltaQty / pack;
        var packRemainder = row.DeltaQty % pack;
        var capPacks = new long[n];
        var excluded = new bool[n];
        for (var i = 0; i < n; i++)
        {
            capPacks[i] = caps[i] / pack;
            excluded[i] = kinds[i] is CapKind.OverCapacity or CapKind.ExcludedByList;
        }

        var presentation = PresentationSet(weights.Composite, tieKeys, capPacks, excluded, packs, MinimumPacks(parameters.PresentationMin, pack));
        long[]? coverage = parameters.MinStores > 0
            ? CoreKernel.MinimumCoverage(weights.Composite, parameters.MinStores, packs, tieKeys, capPacks)
            : null;
        var leftOut = presentation is null ? 0 : Enumerable.Range(0, n).Count(i => !presentation[i] && !excluded[i]);
        var lower = coverage is null ? null : (long[])coverage.Clone();
        if (presentation is not null)
        {
            // Only the chosen stores take part, each with at least the minimum.
            var m = MinimumPacks(parameters.PresentationMin, pack);
            lower ??= new long[n];
            for (var i = 0; i < n; i++)
            {
                capPacks[i] = presentation[i] ? capPacks[i] : 0;
                lower[i] = presentation[i] ? Math.Max(lower[i], m) : 0;
            }
        }

        var outcome = CoreKernel.Bounded(options.Method, packs, weights.Composite, capPacks, tieKeys, lower);
        var relaxBounds = new long[n];
        for (var i = 0; i < n; i++)
        {
            // A store may go at most ALLOC_MAX_RELAX_PER_STORE units above its cap: whole packs only.
            relaxBounds[i] = ((caps[i] + parameters.MaxRelaxPerStore) / pack) - capPacks[i];
            excluded[i] |= presentation is not null && !presentation[i];
        }

        var (_, stillLeft) = CapRelaxer.Relax(outcome.Quantities, weights.Composite, tieKeys, excluded, options.EffectiveRelaxCaps, relaxBounds, outcome.Unallocatable);
        var quantities = new long[n];
        var relaxed = new long[n];
        for (var i = 0; i < n; i++)
        {
            quantities[i] = outcome.Quantities[i] * pack;
            relaxed[i] = Math.Max(0, quantities[i] - caps[i]);
        }

        for (var i = 0; i < n; i++)
        {
            slots[i].Consume(quantities[i]);
        }

        return new RowAllocation
        {
            Row = row,
            Stores = stores,
            Weights = weights,
            Caps = caps,
            CapKinds = kinds,
            Quantities = quantities,
            CapHit = outcome.CapHit,
            Relaxed = relaxed,
            MinCoverage = coverage is null ? new bool[n] : Enumerable.Range(0, n).Select(i => coverage[i] > 0 && quantities[i] > 0).ToArray(),
            Unallocatable = (stillLeft * pack) + packRemainder,
            PackSize = pack,
            PackRemainder = packRemainder,
            PresentationMin = parameters.PresentationMin,
            PresentationExcluded = leftOut,
            PriorityScore = priorityScore,
            PriorityRank = priorityRank,
            PriorityPeers = priorityPeers,
        };
    }

    /// <summary>
    /// A reduction (<c>--include-reductions</c>): whole packs taken back by sales weight, no caps (a store over capacity
    /// may well give units back). A store on the exclusion list is never considered, for a reduction as for an add:
    /// its weight is 0. The part of ΔQty that is not whole packs, or that no store may give back, is the row's
    /// unallocatable units, signed like ΔQty (so <c>residual</c> = <c>unallocatable_units</c> holds for every row).
    /// </summary>
    private static RowAllocation Reduction(GroupRecommendation row, StoreProfile[] stores, RowWeights weights, ulong[] tieKeys, AllocationParameters parameters, double priorityScore, int priorityRank, int priorityPeers)
    {
        var n = stores.Length;
        var pack = row.PackSize ?? parameters.PackSize;
        var packs = -row.DeltaQty / pack;
        var kinds = new CapKind[n];
        var eligible = (double[])weights.Sales.Clone();
        var anyEligible = false;
        for (var i = 0; i < n; i++)
        {
            if (stores[i].ListedExcluded)
            {
                kinds[i] = CapKind.ExcludedByList;
                eligible[i] = 0;
            }

            anyEligible |= eligible[i] > 0;
        }

        var sizes = anyEligible ? CoreKernel.Proportional(packs, eligible, tieKeys) : new long[n];
        var quantities = new long[n];
        for (var i = 0; i < n; i++)
        {
            quantities[i] = -sizes[i] * pack;
        }

        return new RowAllocation
        {
            Row = row,
            Stores = stores,
            Weights = weights,
            Caps = new long[n],
            CapKinds = kinds,
            Quantities = quantities,
            CapHit = new bool[n],
            Relaxed = new long[n],
            MinCoverage = new bool[n],
            Unallocatable = row.DeltaQty + (anyEligible ? packs * pack : 0),
            PackSize = pack,
            PackRemainder = row.DeltaQty % pack,
            PriorityScore = priorityScore,
            PriorityRank = priorityRank,
            PriorityPeers = priorityPeers,
        };
    }

    /// <summary>
    /// The stores' run-wide ordinal ranks as tie keys: the same order as ranking the row's own codes (the kernel only
    /// compares keys), without sorting strings per row. Null when a store was not ranked by the allocator.
    /// </summary>
    private static ulong[]? RankedTieKeys(StoreProfile[] stores)
    {
        var keys = new ulong[stores.Length];
        for (var i = 0; i < stores.Length; i++)
        {
            if (stores[i].OrdinalRank == ulong.MaxValue)
            {
                return null;
            }

            keys[i] = stores[i].OrdinalRank;
        }

        return keys;
    }

    /// <summary>Packs a receiving store must get to reach <paramref name="minimumUnits"/> (at least 1).</summary>
    private static long MinimumPacks(long minimumUnits, long pack) => Math.Max(1, (minimumUnits + pack - 1) / pack);

    /// <summary>
    /// The stores that take part when a receiving store needs more than one pack (presentation minimum): as many as
    /// the row can give the minimum to, by composite weight descending (ties: store code), among stores that are not
    /// excluded, have a positive weight and room for the minimum. Null when the minimum is at most one pack.
    /// </summary>
    private static bool[]? PresentationSet(double[] weights, ulong[] tieKeys, long[] capPacks, bool[] excluded, long packs, long minimumPacks)
    {
        if (minimumPacks <= 1)
        {
            return null;
        }

        var chosen = new bool[weights.Length];
        var candidates = Enumerable.Range(0, weights.Length)
            .Where(i => !excluded[i] && weights[i] > 0 && capPacks[i] >= minimumPacks)
            .OrderByDescending(i => weights[i])
            .ThenBy(i => tieKeys[i])
            .Take((int)Math.Min(int.MaxValue, packs / minimumPacks));
        foreach (var i in candidates)
        {
            chosen[i] = true;
        }

        return chosen;
    }
}
