using Allot.Retail.Allocation;
using Allot.Retail.Caps;
using Allot.Retail.Weights;

namespace Allot.Retail.Outputs;

/// <summary>
/// One store period capacity (<see cref="StoreCapacity"/>) that bound the plan: the rows touching it used all of it.
/// </summary>
/// <param name="StoreCode">The store.</param>
/// <param name="Category">The category of a shelf budget; empty for <c>ALLOC_MAX_PER_STORE_PERIOD</c>.</param>
/// <param name="Kind"><c>shelf</c> or <c>store_period</c>.</param>
/// <param name="Capacity">The capacity in units.</param>
/// <param name="Used">Units the allocated rows placed at the store against it (relaxed units included).</param>
/// <param name="Rows">Allocated rows touching it.</param>
/// <param name="RowsWithUnallocatable">Of those, rows left with unallocatable units.</param>
internal sealed record CapacityUse(string StoreCode, string Category, string Kind, long Capacity, long Used, int Rows, int RowsWithUnallocatable)
{
    /// <summary>
    /// The capacities that bound — no room left for one more unit, or for one more pack of the smallest pack size among
    /// the rows touching it (a shelf of 5 units holds 4 in packs of 2: it is full) — by store code then category
    /// (ordinal).
    /// </summary>
    public static IReadOnlyList<CapacityUse> Binding(AllocationPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        // One tally per capacity (a store's period capacity is one capacity for all its categories, so tallies are
        // shared through the capacity's key). The tally of a (store, category) is found once, then by the store object
        // within the category: no string hashing per store and row.
        var use = new Dictionary<(string Store, string Category), Tally>();
        var known = new Dictionary<string, Dictionary<StoreProfile, Tally?>>(StringComparer.Ordinal);
        foreach (var row in plan.Rows)
        {
            if (row.SkipReason is not null || row.Row.DeltaQty <= 0)
            {
                continue;
            }

            if (!known.TryGetValue(row.Row.Category, out var inCategory))
            {
                inCategory = known[row.Row.Category] = new Dictionary<StoreProfile, Tally?>(ReferenceEqualityComparer.Instance);
            }

            for (var i = 0; i < row.Stores.Length; i++)
            {
                if (!inCategory.TryGetValue(row.Stores[i], out var tally))
                {
                    if (StoreCapacity.Of(row.Stores[i], row.Row.Category, plan.Inputs.Sales, plan.Parameters) is { } capacity
                        && !use.TryGetValue(capacity.Key, out tally))
                    {
                        tally = use[capacity.Key] = new Tally(capacity);
                    }

                    inCategory[row.Stores[i]] = tally;
                }

                if (row.CapKinds[i] is CapKind.OverCapacity or CapKind.ExcludedByList || tally is null)
                {
                    continue;
                }

                tally.Used += row.Quantities[i];
                tally.MinPack = Math.Min(tally.MinPack, row.PackSize);
                tally.Rows++;
                tally.Short += row.Unallocatable > 0 ? 1 : 0;
            }
        }

        return use.Values
            .Where(u => u.Rows > 0 && u.Used > u.Capacity.Units - u.MinPack) // touched by a row that could place units there
            .OrderBy(u => u.Capacity.StoreCode, StringComparer.Ordinal)
            .ThenBy(u => u.Capacity.Category, StringComparer.Ordinal)
            .Select(u => new CapacityUse(u.Capacity.StoreCode, u.Capacity.Category, u.Capacity.Kind == CapKind.Shelf ? "shelf" : "store_period", u.Capacity.Units, u.Used, u.Rows, u.Short))
            .ToList();
    }

    private sealed class Tally(StoreCapacity capacity)
    {
        public StoreCapacity Capacity { get; } = capacity;

        public long Used { get; set; }

        public long MinPack { get; set; } = long.MaxValue;

        public int Rows { get; set; }

        public int Short { get; set; }
    }
}
