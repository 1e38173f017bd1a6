using Allot.Retail.Inputs;
using Allot.Retail.Weights;

namespace Allot.Retail.Caps;

/// <summary>
/// What is left of each store's shelf budget in one category while rows of that category are allocated in
/// priority order. Rows of one category share it, which is where business prioritisation matters: an earlier
/// (higher-priority) row uses the shelf first. One ledger per category, used by one thread at a time.
/// </summary>
public sealed class ShelfBudgetLedger
{
    private readonly Dictionary<string, long> remaining = new(StringComparer.Ordinal);
    private readonly string category;
    private readonly StoreSales sales;

    /// <summary>A fresh ledger for <paramref name="category"/>.</summary>
    public ShelfBudgetLedger(string category, StoreSales sales)
    {
        this.category = category;
        this.sales = sales;
    }

    /// <summary>Units of shelf budget the store has left, or null when it has no shelf budget (headroom cap applies).</summary>
    public long? Remaining(StoreProfile store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (remaining.TryGetValue(store.StoreCode, out var left))
        {
            return left;
        }

        var budget = CapCalculator.ShelfBudget(store, category, sales);
        if (budget is { } b)
        {
            remaining[store.StoreCode] = b;
        }

        return budget;
    }

    /// <summary>Records units placed at the store (relaxed units included; the budget never goes below 0).</summary>
    public void Consume(StoreProfile store, long units)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (remaining.TryGetValue(store.StoreCode, out var left))
        {
            remaining[store.StoreCode] = Math.Max(0, left - units);
        }
    }
}
