using Allot.Retail.Configuration;
using Allot.Retail.Inputs;
using Allot.Retail.Weights;

namespace Allot.Retail.Caps;

/// <summary>
/// A store's period capacity, shared by every row that touches it (spec 40 "Beyond the seed"): with rack capacity and
/// sales, the category shelf budget <c>floor(rack · category share · headroom)</c>, shared by the store's rows of that
/// category; otherwise <c>ALLOC_MAX_PER_STORE_PERIOD</c> when set, shared by all the store's rows; otherwise none (only
/// the per-row caps apply).
/// </summary>
/// <param name="StoreCode">The store.</param>
/// <param name="Category">The category for a shelf budget; empty for a store-wide capacity.</param>
/// <param name="Units">The capacity in units.</param>
/// <param name="Kind"><see cref="CapKind.Shelf"/> or <see cref="CapKind.StorePeriod"/>.</param>
internal sealed record StoreCapacity(string StoreCode, string Category, long Units, CapKind Kind)
{
    /// <summary>The capacity that bounds <paramref name="store"/> in rows of <paramref name="category"/>, or null when none does.</summary>
    public static StoreCapacity? Of(StoreProfile store, string category, StoreSales sales, AllocationParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(parameters);
        if (CapCalculator.ShelfBudget(store, category, sales) is { } shelf)
        {
            return new StoreCapacity(store.StoreCode, category, shelf, CapKind.Shelf);
        }

        return parameters.MaxPerStorePeriod is { } period ? new StoreCapacity(store.StoreCode, string.Empty, period, CapKind.StorePeriod) : null;
    }

    /// <summary>The ledger key: store code, and the category for a shelf budget.</summary>
    public (string Store, string Category) Key => (StoreCode, Category);
}
