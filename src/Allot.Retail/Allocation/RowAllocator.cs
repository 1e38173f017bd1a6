using Allot.Retail.Caps;
using Allot.Retail.Configuration;
using Allot.Retail.Inputs;
using Allot.Retail.Weights;

namespace Allot.Retail.Allocation;

/// <summary>Allocates one recommendation row: weights, caps, minimum coverage, then the core kernel.</summary>
public static class RowAllocator
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
        var tieKeys = CoreKernel.TieKeys(row.StoreCodes);
        if (row.DeltaQty < 0)
        {
            var sizes = CoreKernel.Proportional(-row.DeltaQty, weights.Sales, tieKeys);
            return new RowAllocation
            {
                Row = row,
                Stores = stores,
                Weights = weights,
                Caps = new long[n],
                CapKinds = new CapKind[n],
                Quantities = sizes.Select(s => -s).ToArray(),
                CapHit = new bool[n],
                Relaxed = new long[n],
                MinCoverage = new bool[n],
                PriorityScore = priorityScore,
                PriorityRank = priorityRank,
                PriorityPeers = priorityPeers,
            };
        }

        var caps = new long[n];
        var kinds = new CapKind[n];
        for (var i = 0; i < n; i++)
        {
            if (CapCalculator.OverCapacity(stores[i], parameters))
            {
                kinds[i] = CapKind.OverCapacity;
                caps[i] = 0;
            }
            else if (ledger.Remaining(stores[i], row.Category) is { Capacity.Kind: CapKind.Shelf } shelf)
            {
                kinds[i] = CapKind.Shelf;
                caps[i] = Math.Min(parameters.MaxPerStore, shelf.Left);
            }
            else
            {
                var headroom = CapCalculator.HeadroomCap(stores[i].Headroom, parameters);
                var period = ledger.Remaining(stores[i], row.Category)?.Left;
                kinds[i] = period < headroom ? CapKind.StorePeriod : CapKind.Headroom;
                caps[i] = Math.Min(headroom, period ?? long.MaxValue);
            }
        }

        long[]? lower = parameters.MinStores > 0
            ? CoreKernel.MinimumCoverage(weights.Composite, parameters.MinStores, row.DeltaQty, tieKeys, caps)
            : null;
        var outcome = CoreKernel.Bounded(options.Method, row.DeltaQty, weights.Composite, caps, tieKeys, lower);
        var excluded = kinds.Select(k => k == CapKind.OverCapacity).ToArray();
        var (relaxed, stillLeft) = CapRelaxer.Relax(outcome.Quantities, weights.Composite, tieKeys, excluded, options.EffectiveRelaxCaps, parameters.MaxRelaxPerStore, outcome.Unallocatable);
        for (var i = 0; i < n; i++)
        {
            ledger.Consume(stores[i], row.Category, outcome.Quantities[i]);
        }

        return new RowAllocation
        {
            Row = row,
            Stores = stores,
            Weights = weights,
            Caps = caps,
            CapKinds = kinds,
            Quantities = outcome.Quantities,
            CapHit = outcome.CapHit,
            Relaxed = relaxed,
            MinCoverage = lower is null ? new bool[n] : lower.Select(l => l > 0).ToArray(),
            Unallocatable = stillLeft,
            PriorityScore = priorityScore,
            PriorityRank = priorityRank,
            PriorityPeers = priorityPeers,
        };
    }
}
