using Allot.Retail.Configuration;
using Allot.Retail.Inputs;
using Allot.Retail.Weights;

namespace Allot.Retail.Caps;

/// <summary>
/// What is left of each store's period capacity (<see cref="StoreCapacity"/>) while rows are allocated one after the
/// other in priority order, which is where business prioritisation matters: an earlier (higher-priority) row uses the
/// capacity first. Used by one thread at a time: rows that can share a capacity are in one partition.
/// </summary>
public sealed class StoreCapacityLedger
{
    private readonly Dictionary<(string Store, string Category), long> remaining = [];
    private readonly Dictionary<(string Store, string Category), StoreCapacity?> capacities = [];
    private readonly StoreSales sales;
    private readonly AllocationParameters parameters;

    /// <summary>A fresh ledger.</summary>
    public StoreCapacityLedger(StoreSales sales, AllocationParameters parameters)
    {
        this.sales = sales;
        this.parameters = parameters;
    }

    /// <summary>The capacity that bounds the store in a row of <paramref name="category"/> and what is left of it; null when none does.</summary>
    public (StoreCapacity Capacity, long Left)? Remaining(StoreProfile store, string category)
    {
        // The capacity is computed once per (store, category): every row of the store asks for it (hot path).
        if (!capacities.TryGetValue((store.StoreCode, category), out var known))
        {
            known = capacities[(store.StoreCode, category)] = StoreCapacity.Of(store, category, sales, parameters);
        }

        if (known is not { } capacity)
        {
            return null;
        }

        return (capacity, remaining.TryGetValue(capacity.Key, out var left) ? left : capacity.Units);
    }

    /// <summary>Records units placed at the store (relaxed units included; what is left never goes below 0).</summary>
    public void Consume(StoreProfile store, string category, long units)
    {
        if (Remaining(store, category) is { } r)
        {
            remaining[r.Capacity.Key] = Math.Max(0, r.Left - units);
        }
    }
}
