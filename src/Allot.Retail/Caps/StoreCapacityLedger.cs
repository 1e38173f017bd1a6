using Allot.Retail.Configuration;
using Allot.Retail.Inputs;
using Allot.Retail.Weights;

namespace Allot.Retail.Caps;

/// <summary>
/// What is left of each store's period capacity (<see cref="StoreCapacity"/>) while rows are allocated one after the
/// other in priority order, which is where business prioritisation matters: an earlier (higher-priority) row uses the
/// capacity first. Used by one thread at a time: rows that can share a capacity are in one partition.
/// </summary>
internal sealed class StoreCapacityLedger
{
    // A slot per (store, category), found by the store object (reference hash) within the category's table, so the
    // hot path (two look-ups per store of every row) hashes no strings. Slots that share a capacity (a store's period
    // capacity across categories) share one remaining-units cell.
    private readonly Dictionary<string, Dictionary<StoreProfile, Slot>> byCategory = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Store, string Category), Cell> cells = [];
    private readonly StoreSales sales;
    private readonly AllocationParameters parameters;
    private string? lastCategory;
    private Dictionary<StoreProfile, Slot>? lastSlots;

    /// <summary>A fresh ledger.</summary>
    public StoreCapacityLedger(StoreSales sales, AllocationParameters parameters)
    {
        this.sales = sales;
        this.parameters = parameters;
    }

    /// <summary>The store's capacity for <paramref name="category"/> and the units left of it; null when the store has none (headroom cap only).</summary>
    public (StoreCapacity Capacity, long Left)? Remaining(StoreProfile store, string category) =>
        SlotOf(store, category) is { Capacity: { } capacity, Left: { } cell } ? (capacity, cell.Units) : null;

    /// <summary>Records that <paramref name="units"/> of the store's capacity were used (never below 0).</summary>
    public void Consume(StoreProfile store, string category, long units) => SlotOf(store, category).Consume(units);

    /// <summary>The store's slot for <paramref name="category"/> (its capacity computed once, on first use).</summary>
    internal Slot SlotOf(StoreProfile store, string category)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(category);
        if (!ReferenceEquals(category, lastCategory) || lastSlots is null)
        {
            if (!byCategory.TryGetValue(category, out lastSlots))
            {
                lastSlots = byCategory[category] = new Dictionary<StoreProfile, Slot>(ReferenceEqualityComparer.Instance);
            }

            lastCategory = category;
        }

        if (!lastSlots.TryGetValue(store, out var slot))
        {
            var capacity = StoreCapacity.Of(store, category, sales, parameters);
            Cell? cell = null;
            if (capacity is not null && !cells.TryGetValue(capacity.Key, out cell))
            {
                cell = cells[capacity.Key] = new Cell { Units = capacity.Units };
            }

            slot = lastSlots[store] = new Slot(capacity, cell);
        }

        return slot;
    }

    /// <summary>One (store, category): its capacity (null when none) and the cell holding what is left of it.</summary>
    internal sealed class Slot(StoreCapacity? capacity, Cell? left)
    {
        public StoreCapacity? Capacity { get; } = capacity;

        public Cell? Left { get; } = left;

        public void Consume(long units)
        {
            if (Left is not null)
            {
                Left.Units = Math.Max(0, Left.Units - units);
            }
        }
    }

    /// <summary>Units left of one capacity.</summary>
    internal sealed class Cell
    {
        public long Units { get; set; }
    }
}
