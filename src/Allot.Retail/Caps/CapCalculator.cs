using Allot.Retail.Configuration;
using Allot.Retail.Inputs;
using Allot.Retail.Weights;

namespace Allot.Retail.Caps;

/// <summary>
/// Per-store caps, computed in exact decimals so the spec's <c>round_half_even</c> sees the values a person
/// computes by hand (utilisation 0.75 → headroom 0.25 → 2.5 units → 2).
/// </summary>
internal static class CapCalculator
{
    /// <summary><c>min(ALLOC_MAX_PER_STORE, round_half_even(headroom · ALLOC_HEADROOM_UNIT_SCALE))</c>.</summary>
    public static long HeadroomCap(decimal headroom, AllocationParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var units = Math.Round(headroom * parameters.HeadroomUnitScale, MidpointRounding.ToEven);
        return units >= parameters.MaxPerStore ? parameters.MaxPerStore : (long)units;
    }

    /// <summary>
    /// The store's whole shelf budget for a category: <c>floor(rack · share · headroom)</c> where share is the
    /// category's share of the store's sales; null when the store has no rack capacity or no sales (the
    /// headroom cap applies instead).
    /// </summary>
    public static long? ShelfBudget(StoreProfile store, string category, StoreSales sales)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(sales);
        if (store.RackCapacity is not { } rack || rack <= 0)
        {
            return null;
        }

        var total = sales.Total(store.StoreCode);
        if (total <= 0)
        {
            return null;
        }

        var categorySales = sales.Category(store.StoreCode, category);
        return (long)decimal.Floor(rack * categorySales * store.Headroom / total);
    }

    /// <summary>
    /// Why the store takes nothing in any row, or null when it may: <see cref="CapKind.ExcludedByList"/> (exclusion
    /// list; wins over the inclusion list), else <see cref="CapKind.OverCapacity"/> unless the inclusion list keeps it.
    /// Excluded stores are never relaxed.
    /// </summary>
    public static CapKind? Exclusion(StoreProfile store, AllocationParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.ListedExcluded ? CapKind.ExcludedByList
            : OverCapacity(store, parameters) && !store.ListedIncluded ? CapKind.OverCapacity
            : null;
    }

    /// <summary>True when the store is over <c>CAPACITY_MAX_UTIL</c> (its cap is 0).</summary>
    public static bool OverCapacity(StoreProfile store, AllocationParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(parameters);
        return store.CapacityUtilization is { } u && u > parameters.CapacityMaxUtil;
    }
}
