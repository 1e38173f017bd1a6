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
    /// <summary>The capacities that bound (used ≥ capacity), by store code then category (ordinal).</summary>
    public static IReadOnlyList<CapacityUse> Binding(AllocationPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var use = new Dictionary<(string Store, string Category), (StoreCapacity Capacity, long Used, int Rows, int Short)>();

        // Capacities are computed once per (store, category), found by the store object within the category (no
        // string hashing per store and row; the same capacity for every profile object of one code).
        var known = new Dictionary<string, Dictionary<StoreProfile, StoreCapacity?>>(StringComparer.Ordinal);
        foreach (var row in plan.Rows)
        {
            if (row.SkipReason is not null || row.Row.DeltaQty <= 0)
            {
                continue;
            }

            if (!known.TryGetValue(row.Row.Category, out var inCategory))
            {
                inCategory = known[row.Row.Category] = new Dictionary<StoreProfile, StoreCapacity?>(ReferenceEqualityComparer.Instance);
            }

            for (var i = 0; i < row.Stores.Length; i++)
            {
                if (!inCategory.TryGetValue(row.Stores[i], out var found))
                {
                    found = inCategory[row.Stores[i]] = StoreCapacity.Of(row.Stores[i], row.Row.Category, plan.Inputs.Sales, plan.Parameters);
                }

                if (row.CapKinds[i] is CapKind.OverCapacity or CapKind.ExcludedByList || found is not { } capacity)
                {
                    continue;
                }

                var u = use.GetValueOrDefault(capacity.Key, (capacity, 0, 0, 0));
                use[capacity.Key] = (capacity, u.Used + row.Quantities[i], u.Rows + 1, u.Short + (row.Unallocatable > 0 ? 1 : 0));
            }
        }

        return use.Values
            .Where(u => u.Used >= u.Capacity.Units)
            .OrderBy(u => u.Capacity.StoreCode, StringComparer.Ordinal)
            .ThenBy(u => u.Capacity.Category, StringComparer.Ordinal)
            .Select(u => new CapacityUse(u.Capacity.StoreCode, u.Capacity.Category, u.Capacity.Kind == CapKind.Shelf ? "shelf" : "store_period", u.Capacity.Units, u.Used, u.Rows, u.Short))
            .ToList();
    }
}
