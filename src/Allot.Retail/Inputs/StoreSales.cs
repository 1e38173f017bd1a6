namespace Allot.Retail.Inputs;

/// <summary>
/// Store sales summed per (store, subcategory), per (store, category) and per store. Amounts are exact decimals
/// (several rows for one key are summed; a negative sum counts as 0).
/// </summary>
public sealed class StoreSales
{
    // Per store, its sums keyed by a small integer per category or subcategory name: the weights look up every
    // (row, store) pair of a run (1 M at 20 k rows × 50 stores), and an integer key hashes no string per pair.
    private readonly Dictionary<string, StoreSalesEntry> byStore = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> keys = new(StringComparer.Ordinal);

    /// <summary>The value column used: <c>sal_amt</c> or <c>estimated_quantity</c>.</summary>
    public string ValueColumn { get; init; } = "sal_amt";

    /// <summary>Rows read.</summary>
    public long Rows { get; private set; }

    /// <summary>Adds one sales row.</summary>
    public void Add(string store, string category, string subcategory, decimal amount)
    {
        Rows++;
        if (!byStore.TryGetValue(store, out var entry))
        {
            entry = byStore[store] = new StoreSalesEntry();
        }

        entry.Add(KeyFor(category), KeyFor(subcategory), amount);
    }

    /// <summary>The store codes with any sales row.</summary>
    public IEnumerable<string> StoreCodes => byStore.Keys;

    /// <summary>True when the store has any sales row.</summary>
    public bool HasStore(string store) => byStore.ContainsKey(store);

    /// <summary>Sales of the store in the subcategory (≥ 0).</summary>
    public decimal Subcategory(string store, string subcategory) => Of(store)?.Subcategory(Key(subcategory)) ?? 0;

    /// <summary>Sales of the store in the category (≥ 0).</summary>
    public decimal Category(string store, string category) => Of(store)?.Category(Key(category)) ?? 0;

    /// <summary>Total sales of the store (≥ 0).</summary>
    public decimal Total(string store) => Of(store)?.Total ?? 0;

    /// <summary>The store's sums, null when it has no sales row.</summary>
    internal StoreSalesEntry? Of(string store) => byStore.GetValueOrDefault(store);

    /// <summary>The key of a category or subcategory name for <see cref="StoreSalesEntry"/>; −1 when no row has it.</summary>
    internal int Key(string name) => keys.TryGetValue(name, out var key) ? key : -1;

    private int KeyFor(string name)
    {
        if (!keys.TryGetValue(name, out var key))
        {
            key = keys[name] = keys.Count;
        }

        return key;
    }
}

/// <summary>One store's sales sums, by <see cref="StoreSales.Key"/> of the category or subcategory name.</summary>
internal sealed class StoreSalesEntry
{
    private readonly Dictionary<int, decimal> bySubcategory = [];
    private readonly Dictionary<int, decimal> byCategory = [];
    private decimal total;

    /// <summary>Total sales (≥ 0).</summary>
    public decimal Total => Math.Max(0, total);

    /// <summary>Sales in the subcategory of key <paramref name="key"/> (≥ 0; 0 for −1).</summary>
    public decimal Subcategory(int key) => Math.Max(0, bySubcategory.GetValueOrDefault(key));

    /// <summary>Sales in the category of key <paramref name="key"/> (≥ 0; 0 for −1).</summary>
    public decimal Category(int key) => Math.Max(0, byCategory.GetValueOrDefault(key));

    internal void Add(int category, int subcategory, decimal amount)
    {
        bySubcategory[subcategory] = bySubcategory.GetValueOrDefault(subcategory) + amount;
        byCategory[category] = byCategory.GetValueOrDefault(category) + amount;
        total += amount;
    }
}
